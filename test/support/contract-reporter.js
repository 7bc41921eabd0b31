/* eslint-disable @typescript-eslint/no-require-imports -- jest loads reporters as CommonJS */
/**
 * Jest reporter: sums the contract-check counts every worker wrote (test/support/contract-guard.ts)
 * and prints one line at the end of the run.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

class ContractReporter {
  constructor() {
    // Set before jest starts its workers, which inherit the environment.
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'contract-checks-'));
    process.env.CONTRACT_COUNTS_DIR = this.dir;
  }

  onRunComplete() {
    const total = { requests: 0, responses: 0, violations: 0, acknowledged: 0 };
    const byProduct = {};
    if (process.env.CONTRACT_DEBUG) console.log(fs.readdirSync(this.dir));
    for (const file of fs.readdirSync(this.dir)) {
      const counts = JSON.parse(fs.readFileSync(path.join(this.dir, file), 'utf8'));
      total.requests += counts.requests;
      total.responses += counts.responses;
      total.violations += counts.violations;
      total.acknowledged += counts.acknowledged ?? 0;
      for (const [product, checked] of Object.entries(counts.byProduct ?? {})) {
        const sum = (byProduct[product] ??= { requests: 0, responses: 0 });
        sum.requests += checked.requests;
        sum.responses += checked.responses;
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    const names = { jira: 'Jira v3', confluence: 'Confluence v2', statuspage: 'Statuspage v1' };
    const perDocument = Object.entries(names)
      .map(([product, name]) => `${name} ${byProduct[product]?.requests ?? 0}/${byProduct[product]?.responses ?? 0}`)
      .join(', ');
    console.log(
      `Contract checks: ${total.requests} requests and ${total.responses} responses validated against the Jira v3, Confluence v2 and Statuspage v1 OpenAPI documents (requests/responses: ${perDocument}), ${total.violations} violations` +
        (total.acknowledged > 0 ? ` (plus ${total.acknowledged} provoked on purpose by tests and acknowledged)` : ''),
    );
  }
}

module.exports = ContractReporter;
