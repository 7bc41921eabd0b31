import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm start` itself (scripts/start.ts, demo data): it prints `webtrigger <module-key> <url>` for each
 * web trigger, and the demo source's token `demo-alert-token` opens an incident through that URL.
 */
const ROOT = path.resolve(__dirname, '../../..');
const example = fs.readFileSync(path.join(ROOT, 'test/fixtures/alerts/alertmanager-v4.json'), 'utf8');

describe('npm start serves the incident-alerts web trigger', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
  });

  it('prints one line per web trigger, and the printed URL takes the demo token', async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'scripts/start.ts'), '--no-build'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no webtrigger line within 90 s:\n${output}`)), 90_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
        const found = output.split('\n').find((candidate) => candidate.startsWith('webtrigger '));
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child!.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    const [, moduleKey, url] = line.trim().split(' ');
    expect(moduleKey).toBe('incident-alerts');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/x1\/incident-alerts$/);

    const refused = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer not-the-demo-token' },
      body: example,
    });
    expect(refused.status).toBe(401);
    const created = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-alert-token' },
      body: example,
    });
    expect(created.status).toBe(202);
    expect(await created.json()).toMatchObject({ outcome: 'queued' });
    // The queue's consumer makes the incident after the answer; the site's settle hook waits for it.
    await fetch(`${url!.replace(/\/x1\/.*$/, '')}/__local/settled`, { method: 'POST' });
    const repeat = await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer demo-alert-token' },
      body: example,
    });
    const answer = (await repeat.json()) as { outcome: string; issueKey: string };
    expect(answer).toMatchObject({ outcome: 'counted', issueKey: expect.stringMatching(/^INC-\d+$/) });
    const issue = await fetch(`${url!.replace(/\/x1\/.*$/, '')}/rest/api/3/issue/${answer.issueKey}?fields=summary,reporter`, {
      headers: { accept: 'application/json' },
    });
    expect(((await issue.json()) as { fields: { summary: string } }).fields.summary).toBe(
      'BlackBox Probe Failure: https://server.example.org',
    );
  }, 120_000);
});
