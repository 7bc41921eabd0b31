import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPostmortemCli } from '../../scripts/postmortem';
import { USERS } from '../../seeds/build/demo-seed';
import { expectValidAdf } from '../support/adf-validators';

const DEMO = join(__dirname, '..', '..', 'seeds', 'demo');

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runPostmortemCli(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run postmortem', () => {
  it('prints the model of a resolved incident from a seed: header, metrics, a time-ordered timeline, action items and the problem', async () => {
    const { code, out, err } = await run('--seed', DEMO, '--issue', 'INC-6', '--format', 'model');
    expect(err).toBe('');
    expect(code).toBe(0);
    const model = JSON.parse(out);
    expect(model.incident).toMatchObject({
      key: 'INC-6',
      summary: 'Database failover caused a 17-minute API outage',
      priority: 'Highest',
      status: 'Closed',
    });
    expect(model.metrics).toMatchObject({
      createdAt: '2026-11-17T14:00:00.000Z',
      acknowledgedAt: '2026-11-17T14:03:00.000Z',
      resolvedAt: '2026-11-17T14:52:00.000Z',
      timeToAcknowledgeMinutes: 3,
      timeToResolveMinutes: 52,
    });
    const times = model.timeline.map((entry: { at: string }) => entry.at);
    expect([...times].sort()).toEqual(times);
    expect(new Set(model.timeline.map((entry: { kind: string }) => entry.kind))).toEqual(
      new Set(['created', 'status', 'priority', 'assignee', 'field', 'comment', 'link', 'milestone']),
    );
    for (const entry of model.timeline) expect(entry.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(model.actionItems.map((item: { key: string; status: string }) => `${item.key}:${item.status}`)).toEqual([
      'OPS-1:Done',
      'OPS-2:To Do',
      'OPS-3:To Do',
    ]);
    expect(model.problem).toMatchObject({ key: 'INC-7', summary: 'Failover promotes a replica with replication lag' });
  });

  it('carries the key moments and the five metrics, each with its definition, in the model', async () => {
    const { code, out } = await run('--seed', DEMO, '--issue', 'INC-6', '--format', 'model');
    expect(code).toBe(0);
    const model = JSON.parse(out);
    // INC-6: impact from 13:57, filed 14:00, triaged 14:03, service restored 14:14, resolved 14:52, closed the next day.
    expect(model.milestones.map((milestone: { kind: string; at: string }) => [milestone.kind, milestone.at])).toEqual([
      ['impactStarted', '2026-11-17T13:57:00.000Z'],
      ['detected', '2026-11-17T14:00:00.000Z'],
      ['reported', '2026-11-17T14:00:00.000Z'],
      ['acknowledged', '2026-11-17T14:03:00.000Z'],
      ['mitigated', '2026-11-17T14:14:00.000Z'],
      ['resolved', '2026-11-17T14:52:00.000Z'],
      ['closed', '2026-11-18T14:00:00.000Z'],
    ]);
    for (const milestone of model.milestones) expect(milestone.definition).toMatch(/\.$/);
    expect(model.metrics.durations.map((metric: { kind: string; minutes: number | null }) => [metric.kind, metric.minutes])).toEqual([
      ['timeToDetect', 3],
      ['timeToAcknowledge', 3],
      ['timeToMitigate', 17],
      ['timeToResolve', 52],
      ['impactDuration', 17],
    ]);
    for (const metric of model.metrics.durations) expect(metric.definition).toMatch(/^From /);
    expect(model.impact.durationMinutes).toBe(17);
    // The site's default zone (serverInfo), whoever runs the command.
    expect(model.siteTimeZone).toBe('Europe/London');
    const asMarcus = JSON.parse((await run('--seed', DEMO, '--issue', 'INC-6', '--format', 'model', '--as', USERS.marcus.accountId)).out);
    expect(asMarcus.siteTimeZone).toBe('Europe/London');
    expect(asMarcus.timeline.map((entry: { atSiteTime: string }) => entry.atSiteTime)).toEqual(
      model.timeline.map((entry: { atSiteTime: string }) => entry.atSiteTime),
    );
  });

  it('prints ADF that passes the validators, and HTML rendered from it', async () => {
    const adf = await run('--seed', DEMO, '--issue', 'INC-8', '--format', 'adf');
    expect(adf.code).toBe(0);
    expectValidAdf(JSON.parse(adf.out));
    const html = await run('--seed', DEMO, '--issue', 'INC-6', '--format', 'html');
    expect(html.code).toBe(0);
    expect(html.out).toContain('Database failover caused a 17-minute API outage');
    expect(html.out).toMatch(/<table/);
  });

  it('reads Jira as the chosen user: someone who cannot browse the project learns nothing', async () => {
    const { code, out, err } = await run('--seed', DEMO, '--issue', 'INC-6', '--as', USERS.jonas.accountId);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/NOT_FOUND/);
    expect(err).not.toMatch(/failover/i);
  });

  it('names the problem with the arguments or the seed', async () => {
    expect(await run('--issue', 'INC-6')).toMatchObject({ code: 2, err: expect.stringContaining('--seed DIR is required') });
    expect(await run('--seed', DEMO, '--issue', 'INC-6', '--format', 'pdf')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--format must be one of model, adf, html, got "pdf"'),
    });
    expect(await run('--seed', DEMO, '--issue', 'INC-6', '--verbose', 'yes')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown argument "--verbose"'),
    });
    const bad = mkdtempSync(join(tmpdir(), 'bad-seed-'));
    writeFileSync(join(bad, 'statuses.json'), '{ not json');
    expect(await run('--seed', bad, '--issue', 'INC-6')).toMatchObject({ code: 2, err: expect.stringContaining('statuses.json') });
  });

  it('prints the whole document through a pipe, however large (the process waits for stdout to drain)', async () => {
    // A copy of the demo seed whose INC-6 has 800 long comments: its ADF is well over 1 MiB.
    const seed = mkdtempSync(join(tmpdir(), 'large-seed-'));
    cpSync(DEMO, seed, { recursive: true });
    const commentsFile = join(seed, 'INC-6', 'comments.json');
    const page = JSON.parse(readFileSync(commentsFile, 'utf8')) as {
      comments: Array<Record<string, unknown>>;
      total: number;
      maxResults: number;
    };
    const template = page.comments[0]!;
    const comments = Array.from({ length: 800 }, (_, i) => ({
      ...template,
      id: String(90_000 + i),
      self: String(template.self).replace(/\d+$/, String(90_000 + i)),
      created: new Date(Date.UTC(2026, 10, 17, 14, 5) + i * 1000).toISOString().replace('Z', '+0000'),
      updated: new Date(Date.UTC(2026, 10, 17, 14, 5) + i * 1000).toISOString().replace('Z', '+0000'),
      body: {
        type: 'doc',
        version: 1,
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: `Finding ${i}: ${'replica lag observed on the standby; '.repeat(12)}` }] },
        ],
      },
    }));
    writeFileSync(
      commentsFile,
      JSON.stringify({
        ...page,
        comments: [...page.comments, ...comments],
        total: page.comments.length + comments.length,
        maxResults: page.comments.length + comments.length,
      }),
    );

    const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
    const child = spawn(
      tsx,
      [join(__dirname, '..', '..', 'scripts', 'postmortem.ts'), '--seed', seed, '--issue', 'INC-6', '--format', 'adf'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const out = Buffer.concat(chunks).toString('utf8');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(out.length).toBeGreaterThan(1024 * 1024);
    expect(out.endsWith('}\n')).toBe(true);
    const adf = JSON.parse(out) as { type: string };
    expect(adf.type).toBe('doc');
    expect(out).toContain('Finding 799: replica lag');
  }, 60_000);
});
