import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The eslint rule in eslint.config.mjs that keeps the Custom UI (static/) out of src/'s domain,
 * use cases, adapters and entry points. Runs the project's real config (through ESLint's Node API,
 * in a child process: ESLint loads its config with a dynamic import, which jest's VM refuses) on
 * source text placed at paths under static/, so a violation is judged exactly as `npm run lint`
 * judges it.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const RULE = 'no-restricted-imports';
const MESSAGE = 'static/ imports resolver keys and types from src/contracts only.';

interface Probe {
  filePath: string;
  source: string;
}

const LINT_SCRIPT = `
const { ESLint } = require('eslint');
const path = require('node:path');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { probes, globs } = JSON.parse(input);
  const eslint = new ESLint({ cwd: process.cwd() });
  const pick = (result) => result.messages.filter((m) => m.ruleId === '${RULE}').map((m) => m.message);
  const probeResults = [];
  for (const probe of probes) {
    const [result] = await eslint.lintText(probe.source, { filePath: path.join(process.cwd(), probe.filePath) });
    probeResults.push(pick(result));
  }
  const files = (await eslint.lintFiles(globs)).map((result) => ({ filePath: result.filePath, errors: pick(result) }));
  process.stdout.write(JSON.stringify({ probeResults, files }));
});
`;

function lint(probes: Probe[], globs: string[]): { probeResults: string[][]; files: { filePath: string; errors: string[] }[] } {
  const run = spawnSync(process.execPath, ['-e', LINT_SCRIPT], {
    cwd: repoRoot,
    input: JSON.stringify({ probes, globs }),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`eslint run failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const PANEL = 'static/priority-panel/src/boundary-probe.tsx';
const VIOLATIONS: Probe[] = [
  {
    filePath: PANEL,
    source:
      "import type { PrioritySettings } from '../../../src/domain/priority/priority-settings';\nexport type Probe = PrioritySettings;\n",
  },
  {
    filePath: PANEL,
    source: "import { computePriority } from '../../../src/domain/priority/priority-rule';\nexport const probe = computePriority;\n",
  },
  {
    filePath: PANEL,
    source:
      "import { viewPriorityPanel } from '../../../src/usecases/priority/view-priority-panel';\nexport const probe = viewPriorityPanel;\n",
  },
  {
    filePath: PANEL,
    source: "import type { JiraClient } from '../../../src/adapters/jira/jira-client';\nexport type Probe = JiraClient;\n",
  },
  { filePath: PANEL, source: "import * as entry from '../../../src/entry/entry-point';\nexport const probe = entry;\n" },
  {
    filePath: 'static/shared/boundary-probe.ts',
    source: "import type { Tone } from '../../src/domain/postmortem/section-content';\nexport type Probe = Tone;\n",
  },
];
const ALLOWED: Probe[] = [
  {
    filePath: PANEL,
    source: [
      "import { PRIORITY_RESOLVER_KEYS } from '../../../src/contracts/priority-panel-types';",
      "import type { ResolverResult } from '../../../src/contracts/resolver-result-types';",
      'export const probe: ResolverResult<string> | string = PRIORITY_RESOLVER_KEYS.view;',
      '',
    ].join('\n'),
  },
  // src/ itself may import its own layers: the rule is scoped to static/.
  {
    filePath: 'src/usecases/boundary-probe.ts',
    source: "import type { Incident } from '../domain/incident/incident';\nexport type Probe = Incident;\n",
  },
];

describe('static/ import boundary (eslint)', () => {
  const outcome = lint([...VIOLATIONS, ...ALLOWED], ['static/*/src/**/*.{ts,tsx}', 'static/shared/**/*.{ts,tsx}']);

  it.each(VIOLATIONS.map((probe, index) => [probe.source.split('\n')[0], index] as const))('rejects %s', (_line, index) => {
    const errors = outcome.probeResults[index] ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(MESSAGE);
  });

  it('accepts the contracts from static/ and any layer from src/', () => {
    expect(outcome.probeResults.slice(VIOLATIONS.length)).toEqual([[], []]);
  });

  it('holds for the UI sources as they are', () => {
    expect(outcome.files.length).toBeGreaterThan(10);
    expect(outcome.files.filter((file) => file.errors.length > 0)).toEqual([]);
  });
});
