import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTrendsCli } from '../../scripts/trends';

const DEMO = join(__dirname, '..', '..', 'seeds', 'demo');
// seeds/demo/users.json: Priya is the first site admin; Jonas Weber may browse OPS only, not INC.
const JONAS = '5f1a2b3c4d5e6f7a8b9c0d04';
const NOVEMBER = ['--seed', DEMO, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json'];

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runTrendsCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run trends', () => {
  it('reads the demo incidents of November as the first site admin and prints the trends JSON', async () => {
    const { code, out, err } = await run(...NOVEMBER);
    expect(err).toBe('');
    expect(code).toBe(0);
    const trends = JSON.parse(out);
    expect(Object.keys(trends)).toEqual([
      'from',
      'to',
      'incidents',
      'bucket',
      'byPriority',
      'byCategory',
      'byPeriod',
      'openByAge',
      'reopened',
      'problemCandidates',
    ]);
    // INC-1..6 and INC-8 are Incidents created in November; INC-7 is the Problem.
    expect(trends).toMatchObject({ from: '2026-11-01', to: '2026-11-30', incidents: 7 });
    // Jira's order (the priority mapping), no priority last.
    expect(trends.byPriority.map((row: { priority: string; count: number }) => `${row.priority}:${row.count}`)).toEqual([
      'Highest:2',
      'High:2',
      'Medium:1',
      'Low:1',
      'None:1',
    ]);
    // Highest: INC-6 acknowledged 3 minutes after it was filed, INC-1 after 6 (12:25 → 12:31): median 4.5, p90 rank 2 → 6.
    // Only INC-6 is resolved (52 minutes); its SLA (P1, 60 min from impact at 13:57) stopped at service restored 14:14: met.
    expect(trends.byPriority[0]).toEqual({
      priority: 'Highest',
      count: 2,
      timeToAcknowledgeMinutes: { median: 4.5, p90: 6 },
      timeToResolveMinutes: { median: 52, p90: 52 },
      slaMet: 1,
      slaMissed: 0,
    });
    // ISO weeks from the Monday before 1 November (a Sunday): INC-8 on 6 Nov, INC-6 on 17 Nov, INC-1..5 on 25–26 Nov.
    expect(trends.byPeriod.map(({ start, count }: { start: string; count: number }) => ({ start, count }))).toEqual([
      { start: '2026-10-26', count: 0 },
      { start: '2026-11-02', count: 1 },
      { start: '2026-11-09', count: 0 },
      { start: '2026-11-16', count: 1 },
      { start: '2026-11-23', count: 5 },
      { start: '2026-11-30', count: 0 },
    ]);
    expect(trends.byCategory).toContainEqual({ category: 'Database', subcategory: 'Unavailable', count: 1 });
    expect(trends.problemCandidates).toEqual([]);
  });

  it('with --min-incidents 1 every categorized incident without a linked Problem is a candidate: not INC-6 (linked to the Problem INC-7), not the uncategorized INC-4', async () => {
    const { code, out } = await run(...NOVEMBER, '--min-incidents', '1');
    expect(code).toBe(0);
    const keys = JSON.parse(out).problemCandidates.flatMap((row: { incidentKeys: string[] }) => row.incidentKeys);
    expect(keys.sort()).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-5', 'INC-8']);
  });

  it('a user who cannot browse the incidents gets numbers without them', async () => {
    const { code, out, err } = await run(...NOVEMBER, '--as', JONAS);
    expect(err).toBe('');
    expect(code).toBe(0);
    const trends = JSON.parse(out);
    expect(trends).toMatchObject({ incidents: 0, byPriority: [], byCategory: [], problemCandidates: [] });
    expect(trends.byPeriod.every((row: { count: number }) => row.count === 0)).toBe(true);
  });

  it('a user who may browse one project only gets the numbers of its incidents alone', async () => {
    // A copy of the demo with one more Incident, OPS-4 (a copy of INC-8), in the project Jonas may browse.
    const seed = mkdtempSync(join(tmpdir(), 'trends-seed-'));
    cpSync(DEMO, seed, { recursive: true });
    cpSync(join(seed, 'INC-8'), join(seed, 'OPS-4'), { recursive: true });
    const issue = JSON.parse(readFileSync(join(seed, 'OPS-4', 'issue.json'), 'utf8'));
    const ops = JSON.parse(readFileSync(join(seed, 'OPS-1', 'issue.json'), 'utf8')).fields.project;
    Object.assign(issue, { id: '10199', key: 'OPS-4', self: issue.self.replace('10107', '10199') });
    issue.fields.project = ops;
    issue.fields.issuelinks = [];
    writeFileSync(join(seed, 'OPS-4', 'issue.json'), JSON.stringify(issue));
    for (const file of ['changelog.json', 'comments.json'])
      writeFileSync(join(seed, 'OPS-4', file), readFileSync(join(seed, 'OPS-4', file), 'utf8').replaceAll('INC-8', 'OPS-4'));
    const argv = ['--seed', seed, '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json'];

    const admin = await run(...argv);
    const jonas = await run(...argv, '--as', JONAS);
    // --project keeps one project's incidents, as the project page does.
    const [adminOps, adminInc, jonasInc] = [
      await run(...argv, '--project', 'OPS'),
      await run(...argv, '--project', 'INC'),
      await run(...argv, '--project', 'INC', '--as', JONAS),
    ];
    rmSync(seed, { recursive: true, force: true });
    expect(JSON.parse(adminOps.out).incidents).toBe(1);
    expect(JSON.parse(adminInc.out).incidents).toBe(7);
    // Jira refuses JQL naming a project the user may not browse, as it does a project that does not exist.
    expect(jonasInc).toMatchObject({ code: 1, out: '', err: expect.stringContaining("'INC'") });
    expect(admin.err).toBe('');
    expect(JSON.parse(admin.out).incidents).toBe(8);
    expect(jonas.err).toBe('');
    const trends = JSON.parse(jonas.out);
    expect(trends).toMatchObject({ incidents: 1, byCategory: [{ category: 'Network', subcategory: 'Load balancer', count: 1 }] });
    expect(trends.byPriority.map((row: { priority: string; count: number }) => `${row.priority}:${row.count}`)).toEqual(['High:1']);
    expect(trends.byPeriod.find((row: { start: string }) => row.start === '2026-11-02')).toMatchObject({
      start: '2026-11-02',
      count: 1,
      byPriority: [{ priority: 'High', count: 1 }],
      byCategory: [{ category: 'Network', subcategory: 'Load balancer', count: 1 }],
    });
  });

  it.each([
    [['--seed', DEMO, '--to', '2026-11-30', '--format', 'json'], '--from'],
    [['--seed', DEMO, '--from', '2026-11-31', '--to', '2026-12-01', '--format', 'json'], '--from'],
    [['--seed', DEMO, '--from', '2026-11-10', '--to', '2026-11-01', '--format', 'json'], '--to'],
    [[...NOVEMBER.slice(0, 6), '--format', 'csv'], '--format'],
    [[...NOVEMBER, '--min-incidents', '0'], '--min-incidents'],
    [[...NOVEMBER, '--since', 'x'], '--since'],
    [[...NOVEMBER, '--project', 'inc" OR project = X'], '--project'],
  ])('exits 2 naming the bad flag (%j)', async (argv, flag) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(flag);
  });
});
