import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';
import { DEMO_STATUSPAGE_KEY, DEMO_STATUSPAGE_PAGE_ID } from '../../../local-site';

const ROOT = path.resolve(__dirname, '../../..');
const DEMO_SEED = path.join(ROOT, 'seeds/demo');
const quiet = () => undefined;
const MARCUS = '5f1a2b3c4d5e6f7a8b9c0d02';

/**
 * `npm start`'s outbox (every email Jira would send) and public status page (what customers see
 * of the local Statuspage), reached over HTTP as a person or a script would.
 */
describe('npm start: outbox and status page', () => {
  let sandbox: StartedSandbox;
  const statuspage = (method: string, rest: string, body?: unknown) =>
    fetch(`${sandbox.url}/statuspage/v1/pages/${DEMO_STATUSPAGE_PAGE_ID}${rest}`, {
      method,
      headers: { authorization: `OAuth ${DEMO_STATUSPAGE_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const page = async (pathname: string) => {
    const response = await fetch(`${sandbox.url}${pathname}`);
    return { status: response.status, text: await response.text() };
  };
  const notify = (body: unknown) =>
    fetch(`${sandbox.url}/rest/api/3/issue/INC-1/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeEach(async () => {
    sandbox = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, log: quiet });
  }, 60_000);
  afterEach(async () => {
    await sandbox.close();
  });

  it('links both pages from the header, and shows an empty outbox and an all-operational page at first', async () => {
    const outbox = await page('/__local/outbox');
    expect(outbox.status).toBe(200);
    expect(outbox.text).toContain('href="/__local/outbox"');
    expect(outbox.text).toContain('href="/statuspage"');
    expect(outbox.text).toContain('data-testid="outbox-empty"');
    const status = await page('/statuspage');
    expect(status.text).toContain('Acme Cloud Status');
    expect(status.text).toContain('All Systems Operational');
    expect(status.text).toContain('data-testid="statuspage-no-past"');
  }, 60_000);

  it('shows each email with its resolved recipients, subject and body as text', async () => {
    const sent = await notify({
      subject: 'INC-1 update <b>bold</b>',
      textBody: 'Line one\n<script>alert(1)</script>',
      to: { watchers: true, groups: [{ name: 'contractors' }] },
    });
    expect(sent.status).toBe(204);
    const outbox = await page('/__local/outbox');
    expect(outbox.text).toContain('INC-1 update &lt;b&gt;bold&lt;/b&gt;');
    expect(outbox.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(outbox.text).not.toContain('<script>alert(1)');
    // Reporter and assignee watch by default; Jonas (contractors) may not browse INC and gets nothing.
    expect(outbox.text).toContain('Elena Rossi &lt;elena@example.com&gt;');
    expect(outbox.text).toContain('Marcus Chen &lt;marcus@example.com&gt;');
    expect(outbox.text).toMatch(/Not sent to: Jonas Weber \(cannot browse the issue\)/);
    expect((await page('/__local/outbox?issue=INC-2')).text).toContain('data-testid="outbox-empty"');
  }, 60_000);

  it('shows what customers see once an incident is posted, and the outage switch makes the API answer 503', async () => {
    const created = await statuspage('POST', '/incidents', {
      incident: {
        name: 'Payments failing',
        status: 'identified',
        body: 'Card payments fail in the EU.',
        components: { dmcmp0pay003: 'partial_outage' },
        metadata: { incident_response_for_jira: { jira_issue_key: 'INC-1' } },
      },
    });
    expect(created.status).toBe(201);
    const status = await page('/statuspage');
    expect(status.text).toContain('Partial System Outage');
    expect(status.text).toContain('Payments failing');
    expect(status.text).toContain('Card payments fail in the EU.');
    expect(status.text).toMatch(/data-component="Payments">[\s\S]*?Partial outage/);
    expect(status.text).not.toContain('INC-1');

    const switched = await fetch(`${sandbox.url}/__local/statuspage/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=120',
      redirect: 'manual',
    });
    expect(switched.status).toBe(303);
    expect((await statuspage('GET', '/components')).status).toBe(503);
    await fetch(`${sandbox.url}/__local/statuspage/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=0',
      redirect: 'manual',
    });
    expect((await statuspage('GET', '/components')).status).toBe(200);
    expect(sandbox.site.contract.violations).toEqual([]);
  }, 60_000);
});

describe('npm start --state keeps the outbox and the demo Statuspage', () => {
  it('replays notify and Statuspage writes, and never writes a real secret to the state file', async () => {
    const stateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'site-state-')), 'site.jsonl');
    const first = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, stateFile, log: quiet });
    let incidentId: string;
    try {
      const headers = { authorization: `OAuth ${DEMO_STATUSPAGE_KEY}`, 'content-type': 'application/json' };
      const created = await fetch(`${first.url}/statuspage/v1/pages/${DEMO_STATUSPAGE_PAGE_ID}/incidents`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ incident: { name: 'Kept', status: 'investigating', body: 'first' } }),
      });
      incidentId = z.object({ id: z.string() }).parse(await created.json()).id;
      await fetch(`${first.url}/statuspage/v1/pages/${DEMO_STATUSPAGE_PAGE_ID}/incidents/${incidentId}`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ incident: { status: 'monitoring', body: 'second' } }),
      });
      await fetch(`${first.url}/rest/api/3/issue/INC-1/notify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-local-user': MARCUS },
        body: JSON.stringify({ subject: 'kept mail', textBody: 'b', to: { reporter: true } }),
      });
      await first.site.handle({
        method: 'POST',
        path: '/api/v1/secret/set',
        headers: {},
        body: { key: 'statuspage:api-key', value: 'real-looking-key-9z' },
      });
    } finally {
      await first.close();
    }
    expect(fs.readFileSync(stateFile, 'utf8')).not.toContain('real-looking-key-9z');
    const second = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, stateFile, log: quiet });
    try {
      expect(second.site.notifications.outbox.map((mail) => mail.subject)).toEqual(['kept mail']);
      const [incident] = second.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID);
      expect(incident).toMatchObject({ id: incidentId, status: 'monitoring' });
      expect(incident!.incident_updates.map((update) => update.body)).toEqual(['second', 'first']);
    } finally {
      await second.close();
    }
  }, 90_000);
});
