import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runTrendsCli } from '../../../scripts/trends';
import { writeDemoSeed } from '../../../seeds/build/demo-seed';
import { TRENDS_RESOLVER_KEYS, type TrendsView } from '../../../src/contracts/incident-trends';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { trendsPageResolver } from '../../../src/entry/resolvers/trends-page-resolver';
import { startLocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const MARCUS = '5f1a2b3c4d5e6f7a8b9c0d02';

async function cliTrends(seed: string, project: string, from: string, to: string): Promise<unknown> {
  let out = '';
  let err = '';
  const code = await runTrendsCli(['--seed', seed, '--from', from, '--to', to, '--project', project, '--as', MARCUS, '--format', 'json'], {
    out: (text) => (out += text),
    err: (text) => (err += text),
  });
  expect({ code, err }).toEqual({ code: 0, err: '' });
  return JSON.parse(out);
}

async function pageTrends(seed: string, project: string, from: string, to: string): Promise<TrendsView> {
  const forge = await startLocalForge({ seedDir: seed });
  try {
    const result = (await forge.invoke(
      trendsPageResolver,
      TRENDS_RESOLVER_KEYS.load,
      { from, to },
      { accountId: MARCUS, moduleKey: 'incident-trends', extension: { type: 'jira:projectPage', project: { key: project } } },
    )) as ResolverResult<TrendsView>;
    if (!result.success) throw new Error(result.error.message);
    return result.data;
  } finally {
    await forge.dispose();
  }
}

describe('npm run trends and the Incident trends page agree', () => {
  it('on the demo seed: November of INC, as Marcus', async () => {
    // One after the other: each installs the Forge runtime globals for its own local site.
    const cli = await cliTrends(DEMO_SEED, 'INC', '2026-11-01', '2026-11-30');
    const page = await pageTrends(DEMO_SEED, 'INC', '2026-11-01', '2026-11-30');
    expect(page.trends.incidents).toBeGreaterThan(0);
    expect(page.trends).toEqual(cli);
  });

  it("on npm start's history: the PLAT project's past year, as Marcus", async () => {
    const seed = mkdtempSync(path.join(tmpdir(), 'trends-history-'));
    try {
      writeDemoSeed(seed, { now: new Date('2026-11-26T14:00:00Z'), history: true });
      const cli = await cliTrends(seed, 'PLAT', '2025-11-27', '2026-11-26');
      const page = await pageTrends(seed, 'PLAT', '2025-11-27', '2026-11-26');
      expect(page.trends.incidents).toBeGreaterThan(200);
      expect(page.trends.problemCandidates).toHaveLength(1);
      expect(page.trends).toEqual(cli);
    } finally {
      rmSync(seed, { recursive: true, force: true });
    }
  }, 120_000);
});
