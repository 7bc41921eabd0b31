import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { z } from 'zod';
import { startSandbox } from '../../../sandbox/start-sandbox';
import { writeLiveDemoSeed } from '../../../sandbox/live-demo-seed';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO_SEED = path.join(ROOT, 'seeds/demo');
const quiet = () => undefined;

function startScript(args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/start.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PORT: '0' } },
  );
  return { status: result.status, stderr: result.stderr };
}

describe('npm start exits 2 with a clear message on bad input', () => {
  it('for an unknown flag', () => {
    const run = startScript(['--seeds', 'x']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown flag "--seeds"');
  }, 60_000);

  it('for a seed directory that does not exist', () => {
    const run = startScript(['--no-build', '--seed', '/nonexistent/seed']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('seed directory /nonexistent/seed does not exist');
  }, 60_000);

  it('for a seed whose files do not validate', () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-seed-'));
    fs.writeFileSync(path.join(bad, 'users.json'), JSON.stringify({ users: [{ accountId: 42 }] }));
    const run = startScript(['--no-build', '--seed', bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/npm start: Seed file \S+\.json: /);
  }, 60_000);
});

describe('--state keeps the site across restarts', () => {
  it("replays every accepted change, including what the app's trigger wrote", async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'site-state-')), 'site.jsonl');
    const first = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, stateFile, log: quiet });
    const created = await fetch(`${first.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'Kept across restarts' } }),
    });
    expect(created.status).toBe(201);
    const { key } = z.object({ key: z.string() }).parse(await created.json());
    await first.runtime.settled();
    const before = await (await fetch(`${first.url}/rest/api/3/issue/${key}`)).json();
    await first.close();

    const second = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, stateFile, log: quiet });
    try {
      expect(second.restored).toBeGreaterThan(0);
      const after = await fetch(`${second.url}/rest/api/3/issue/${key}`);
      expect(after.status).toBe(200);
      // The same issue, with its links on the restarted site's address (a free port each time).
      expect(await after.json()).toEqual(JSON.parse(JSON.stringify(before).split(first.url).join(second.url)));
      // The next issue continues the numbering rather than reusing the restored key.
      const next = await fetch(`${second.url}/rest/api/3/issue`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'After restart' } }),
      });
      expect(z.object({ key: z.string() }).parse(await next.json()).key).not.toBe(key);
      await second.runtime.settled();
    } finally {
      await second.close();
    }
  }, 60_000);

  it('refuses a state file it did not write', async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'site-state-')), 'site.jsonl');
    fs.writeFileSync(stateFile, 'not json\n{"also": "not an entry"}\nmore\n');
    await expect(startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, stateFile, log: quiet })).rejects.toThrow(/line 1 is not JSON/);
  }, 60_000);
});

describe('the default seed is the demo data as of now', () => {
  const Search = z.object({ issues: z.array(z.object({ key: z.string(), fields: z.object({ created: z.string() }).loose() })) });
  const openIncidentsCreated = async (url: string): Promise<Map<string, number>> => {
    const response = await fetch(`${url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jql: 'issuetype = Incident AND statusCategory != Done', fields: ['created'], maxResults: 100 }),
    });
    const { issues } = Search.parse(await response.json());
    return new Map(issues.map((issue) => [issue.key, Date.parse(issue.fields.created.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))]));
  };

  it('dates open incidents relative to the given time, so two starts a day apart differ by a day', async () => {
    const day = 24 * 60 * 60_000;
    const earlier = writeLiveDemoSeed(new Date('2026-01-10T12:00:00Z'), null);
    const later = writeLiveDemoSeed(new Date(Date.parse('2026-01-10T12:00:00Z') + day), null);
    expect(earlier.dir).not.toBe(later.dir);
    expect(later.datedByState).toBe(false);
    const first = await startSandbox({ rootDir: ROOT, seedDir: earlier.dir, port: 0, log: quiet });
    const second = await startSandbox({ rootDir: ROOT, seedDir: later.dir, port: 0, log: quiet });
    try {
      const before = await openIncidentsCreated(first.url);
      const after = await openIncidentsCreated(second.url);
      expect(before.size).toBeGreaterThan(0);
      for (const [key, created] of before) {
        expect(created).toBeLessThan(Date.parse('2026-01-10T12:00:00Z'));
        expect(after.get(key)).toBe(created + day);
      }
    } finally {
      await first.close();
      await second.close();
    }
  }, 60_000);

  it('with --state, is dated by the first recorded change, so the journal still restores onto it', async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'site-state-')), 'site.jsonl');
    const fresh = writeLiveDemoSeed(new Date(), stateFile);
    expect(fresh.datedByState).toBe(false);
    const first = await startSandbox({ rootDir: ROOT, seedDir: fresh.dir, port: 0, stateFile, log: quiet });
    const edited = await fetch(`${first.url}/rest/api/3/issue/INC-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { summary: 'Edited before the restart' } }),
    });
    expect(edited.status).toBe(204);
    await first.runtime.settled();
    const before = await (await fetch(`${first.url}/rest/api/3/issue/INC-1`)).json();
    await first.close();

    const firstChange = z.object({ t: z.string() }).parse(JSON.parse(fs.readFileSync(stateFile, 'utf8').split('\n')[0] ?? ''));
    const restarted = writeLiveDemoSeed(new Date(Date.now() + 60 * 60_000), stateFile);
    expect(restarted).toMatchObject({ datedByState: true, asOf: new Date(firstChange.t) });
    const second = await startSandbox({ rootDir: ROOT, seedDir: restarted.dir, port: 0, stateFile, log: quiet });
    try {
      expect(second.restored).toBeGreaterThan(0);
      const after = z
        .object({ fields: z.object({ summary: z.string() }).loose() })
        .parse(await (await fetch(`${second.url}/rest/api/3/issue/INC-1`)).json());
      expect(after.fields.summary).toBe(z.object({ fields: z.object({ summary: z.string() }).loose() }).parse(before).fields.summary);
      expect(after.fields.summary).toBe('Edited before the restart');
      for (const created of (await openIncidentsCreated(second.url)).values())
        expect(created).toBeLessThanOrEqual(Date.parse(firstChange.t));
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('scheduled triggers', () => {
  it("runs the manifest's scheduledTrigger modules as the app, as Forge does on their interval", async () => {
    const sandbox = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, log: quiet });
    try {
      expect(sandbox.runtime.manifest.scheduledTriggers).toEqual([
        expect.objectContaining({ key: 'ranking-maintenance', function: 'ranking-maintenance-fn', interval: 'fiveMinute' }),
        expect.objectContaining({ key: 'stakeholder-update-cadence', function: 'cadence-reminder-fn', interval: 'fiveMinute' }),
      ]);
      expect(sandbox.site.storage.peek('priority:ranking')).toBeUndefined();
      await sandbox.runtime.runScheduled('ranking-maintenance');
      // The maintenance run built the ranking index from Jira, with no user and no panel view.
      expect(sandbox.site.storage.peek('priority:ranking')).toMatchObject({ version: 2, outdatedSince: null, total: expect.any(Number) });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
