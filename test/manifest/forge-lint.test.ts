import { ensureUiBuilt } from '../../scripts/build-ui';
import { readManifest, runForgeLint } from './forge-lint-runner';
import { findProductCalls } from './product-calls';

/**
 * The client-side half of `forge lint` (ORACLES.md §2): manifest, handler and permission
 * checks, with every product call in src/ checked against the scopes in Atlassian's specs.
 */
describe('forge lint (client-side, offline)', () => {
  beforeAll(async () => {
    await ensureUiBuilt();
  }, 180_000);

  it('reports no problems for manifest.yml and src/', async () => {
    const { count, report, liftedCalls } = await runForgeLint();
    expect(liftedCalls).toBeGreaterThan(0);
    // The report is part of the expectation so a failure prints which call needs which scope.
    expect({ ...count, report }).toEqual({ errors: 0, warnings: 0, approvals: 0, report: expect.stringMatching(/No issues found/) });
  }, 180_000);

  it('declares no scope it does not need (minimal scopes)', async () => {
    const manifest = await readManifest();
    const scopes = manifest.permissions?.scopes;
    const declared = Array.isArray(scopes) ? scopes : Object.keys(scopes ?? {});
    const unneeded: string[] = [];
    for (const scope of declared) {
      // The linter has no rule for @forge/kvs; storage:app is what the App storage API requires,
      // and the wiring test checks that src/ uses @forge/kvs.
      if (scope === 'storage:app') continue;
      const { count } = await runForgeLint({
        ...manifest,
        permissions: { ...manifest.permissions, scopes: declared.filter((other) => other !== scope) },
      });
      if (count.errors === 0) unneeded.push(scope);
    }
    expect(unneeded).toEqual([]);
  }, 300_000);

  it('fails when the manifest lacks a scope a call needs', async () => {
    const manifest = await readManifest();
    const scopes = manifest.permissions?.scopes;
    const withoutWriteJira = (Array.isArray(scopes) ? scopes : Object.keys(scopes ?? {})).filter((scope) => scope !== 'write:jira-work');
    const { count, report } = await runForgeLint({ ...manifest, permissions: { ...manifest.permissions, scopes: withoutWriteJira } });
    expect(count.errors).toBeGreaterThan(0);
    expect(report).toMatch(/requires "write:jira-work"/);
  }, 180_000);
});

describe('product calls lifted for the linter', () => {
  it('finds the adapters’ calls with their HTTP methods', () => {
    const calls = findProductCalls(process.cwd());
    const described = calls.map((call) => `${call.method} ${call.template}`);
    // One known call of each kind, from the Jira and Confluence adapters.
    expect(described).toEqual(expect.arrayContaining(['POST /rest/api/3/search/jql', 'POST /wiki/api/v2/pages']));
    expect(calls.every((call) => ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(call.method))).toBe(true);
  });
});
