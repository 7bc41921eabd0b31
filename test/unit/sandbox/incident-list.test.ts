import path from 'node:path';
import { z } from 'zod';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';
import { writeLiveDemoSeed } from '../../../sandbox/live-demo-seed';

const ROOT = path.resolve(__dirname, '../../..');
const IMPACT_STARTED = 'customfield_10054';
const AFFECTED_USERS = 'customfield_10053';
const IMPACT = 'customfield_10050';
const URGENCY = 'customfield_10051';
const SERVICE_RESTORED = 'customfield_10060';

/** The list's rows as [rank, key, priority cell text], in page order. */
async function listedRows(url: string): Promise<[number, string, string][]> {
  const page = await (await fetch(`${url}/jira/incidents`)).text();
  return [...page.matchAll(/<tr data-issue-key="([^"]+)" data-rank="(\d+)">[\s\S]*?<td data-testid="priority">([\s\S]*?)<\/td>/g)].map(
    (match) => [Number(match[2]), match[1] ?? '', (match[3] ?? '').replace(/<[^>]+>/g, '').trim()],
  );
}

async function createIncident(url: string, fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(`${url}/rest/api/3/issue`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, ...fields } }),
  });
  expect(response.status).toBe(201);
  return z.object({ key: z.string() }).parse(await response.json()).key;
}

describe("/jira/incidents lists open incidents in the app's rank order", () => {
  let started: StartedSandbox;
  beforeAll(async () => {
    started = await startSandbox({ rootDir: ROOT, seedDir: writeLiveDemoSeed(new Date(), null).dir, port: 0, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await started.runtime.settled();
    await started.close();
  });

  it('ranks 1..n, by level first, and by SLA due (not creation) within a level; Jira text is escaped', async () => {
    const hourAgo = new Date(Date.now() - 60 * 60_000).toISOString().replace('Z', '+0000');
    // Filed first, but its harm started later: Jira's "created ASC" puts it first, the app's SLA order second.
    const filedFirst = await createIncident(started.url, {
      summary: 'Filed first <b>bold</b> & co',
      priority: { name: 'High' },
      [AFFECTED_USERS]: 5,
    });
    const harmStartedEarlier = await createIncident(started.url, {
      summary: 'Filed second',
      priority: { name: 'High' },
      [IMPACT_STARTED]: hourAgo,
    });
    await started.runtime.settled();

    const rows = await listedRows(started.url);
    expect(rows.map(([rank]) => rank)).toEqual(rows.map((_, index) => index + 1));
    const levels = rows.map(([, , priority]) => Number(/^P(\d)/.exec(priority)?.[1] ?? 9));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    const keys = rows.map(([, key]) => key);
    expect(keys).toContain(filedFirst);
    expect(keys.indexOf(harmStartedEarlier)).toBeLessThan(keys.indexOf(filedFirst));

    const page = await (await fetch(`${started.url}/jira/incidents`)).text();
    expect(page).toContain('Filed first &lt;b&gt;bold&lt;/b&gt; &amp; co');
    expect(page).not.toContain('<b>bold</b>');
  }, 60_000);

  it("shows the panel's SLA clock: stopped once service is restored, none before the incident is prioritized", async () => {
    const jiraTime = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace('Z', '+0000');
    // Medium x Medium = P3 (24 h); harm from 2 h ago, service back 10 min later: met with 23 h 50 min to spare.
    const restored = await createIncident(started.url, {
      summary: 'Restored, still monitored',
      [IMPACT]: { value: 'Medium' },
      [URGENCY]: { value: 'Medium' },
      [IMPACT_STARTED]: jiraTime(120),
      [SERVICE_RESTORED]: jiraTime(110),
    });
    // Jira's default priority only: nobody has assessed it.
    const unassessed = await createIncident(started.url, { summary: 'Just filed' });
    await started.runtime.settled();

    const page = await (await fetch(`${started.url}/jira/incidents`)).text();
    const slaCell = (key: string) =>
      new RegExp(`<tr data-issue-key="${key}"[\\s\\S]*?<td data-testid="sla" data-sla-state="([a-z]+)"[^>]*>([^<]*)</td>`).exec(page);
    expect(slaCell(restored)?.slice(1)).toEqual(['met', 'met, with 23 h 50 min to spare']);
    expect(slaCell(unassessed)?.slice(1)).toEqual(['unprioritized', 'no SLA clock until the incident is prioritized']);
  }, 60_000);
});
