/**
 * Jest setupFilesAfterEnv: fails the test that made the local site see a request or response
 * outside the Jira v3 / Confluence v2 OpenAPI contract, and writes this worker's running count of
 * checks for test/support/contract-reporter.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// Light imports only: this file runs before every test file of the repository.
import { contractCounts } from '../../local-site/contract/contract-counts';
import { describeViolation } from '../../local-site/contract/describe-violation';
import { takeViolations } from '../../local-site/contract/violation-registry';

afterEach(() => {
  const violations = takeViolations();
  if (violations.length > 0) {
    contractCounts().violations += violations.length;
    throw new Error(
      `Contract violation(s) against the official OpenAPI documents:\n${violations.map((v) => `  - ${describeViolation(v)}`).join('\n')}`,
    );
  }
});

afterAll(() => {
  const dir = process.env.CONTRACT_COUNTS_DIR;
  if (!dir || !fs.existsSync(dir)) return;
  // Counts are cumulative per worker process, so each worker overwrites its own file.
  fs.writeFileSync(path.join(dir, `worker-${process.pid}.json`), JSON.stringify(contractCounts()));
});
