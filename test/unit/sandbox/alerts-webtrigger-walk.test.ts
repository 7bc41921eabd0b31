import fs from 'node:fs';
import path from 'node:path';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';

/**
 * A monitoring sender's walk against `npm start`, with plain fetch to the printed web trigger URL:
 * Alertmanager's documented example creates one incident however many times it arrives at once,
 * resolved notes it, a firing after closure opens a related incident, a storm of 1,000 alerts in
 * 20 groups gives 20 incidents at a bounded number of Jira calls, and bad input is refused.
 */
const ROOT = path.resolve(__dirname, '../../..');
const DEMO_SEED = path.join(ROOT, 'seeds/demo');
const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/alerts/alertmanager-v4.json'), 'utf8')) as Record<
  string,
  unknown
>;

describe('alerts in, against npm start', () => {
  let started: StartedSandbox;
  let url: string;
  const post = (body: unknown, token: string | null = 'demo-alert-token', raw?: string) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: raw ?? JSON.stringify(body),
    });
  const incidentsNow = () =>
    [...started.site.jira.state.issues.values()].filter(
      (issue) => issue.fields.issuetype && (issue.fields.issuetype as { name: string }).name === 'Incident',
    ).length;

  beforeAll(async () => {
    started = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, log: () => undefined, demoAlertProject: 'INC' });
    url = started.webTriggers.find((trigger) => trigger.key === 'incident-alerts')!.url;
  }, 60_000);
  afterAll(async () => {
    await started?.runtime.settled();
    await started?.close();
  });

  it('lists the web trigger at a local URL', () => {
    expect(started.webTriggers).toEqual([{ key: 'incident-alerts', url: `${started.url}/x1/incident-alerts` }]);
  });

  it('refuses bad input and creates nothing', async () => {
    const before = incidentsNow();
    expect((await post(example, null)).status).toBe(401);
    expect((await post(example, 'wrong-token')).status).toBe(401);
    const malformed = await post(undefined, 'demo-alert-token', '{"version": "4",');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toMatch(/not valid JSON/);
    const unknown = await post({ foo: 'bar' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toMatch(/unknown format/);
    expect(
      (await post(undefined, 'demo-alert-token', JSON.stringify({ title: 't', dedupKey: 'k', description: 'x'.repeat(1_100_000) }))).status,
    ).toBe(413);
    expect(incidentsNow()).toBe(before);
  });

  it('creates ONE incident for 50 concurrent deliveries, notes the resolution, and opens a related incident after closure', async () => {
    const before = incidentsNow();
    const answers = await Promise.all(Array.from({ length: 50 }, () => post(example)));
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as { outcome: string; issueKey?: string }[];
    expect(answers.every((answer) => answer.status < 300)).toBe(true);
    // One delivery claims the group and queues it (202); the others answer pending, or counted once the consumer made the incident.
    expect(bodies.filter((body) => body.outcome === 'queued')).toHaveLength(1);
    expect(bodies.filter((body) => body.outcome === 'pending' || body.outcome === 'counted')).toHaveLength(49);
    await started.runtime.settled();
    expect(incidentsNow()).toBe(before + 1);
    const repeat = (await (await post(example)).json()) as { outcome: string; issueKey: string };
    expect(repeat.outcome).toBe('counted');
    const issueKey = repeat.issueKey;

    const resolved = {
      ...example,
      status: 'resolved',
      alerts: (example.alerts as object[]).map((alert) => ({ ...alert, status: 'resolved', endsAt: '2026-11-30T12:00:00Z' })),
    };
    const note = (await (await post(resolved)).json()) as { outcome: string };
    expect(note.outcome).toBe('resolvedNoted');
    expect(JSON.stringify(started.site.jira.issue(issueKey)!.comments)).toContain('resolved at 2026-11-30T12:00:00.000Z');

    const done = [...started.site.jira.state.statuses].find(
      (status) => (status as { statusCategory: { key: string } }).statusCategory.key === 'done',
    );
    started.site.jira.issue(issueKey)!.fields.status = done as never;
    // A resend of the resolution adds nothing; the group firing again after it reads the incident's status at once.
    expect(((await (await post(resolved)).json()) as { outcome: string }).outcome).toBe('ignored');
    const again = (await (await post(example)).json()) as { outcome: string };
    expect(again.outcome).toBe('queued');
    await started.runtime.settled();
    expect(incidentsNow()).toBe(before + 2);
    const related = (await (await post(example)).json()) as { outcome: string; issueKey: string };
    expect(related.issueKey).not.toBe(issueKey);
    expect(JSON.stringify(started.site.jira.issue(related.issueKey)!.fields.issuelinks)).toContain(issueKey);
  });

  it('turns a storm of 1,000 alerts in 20 groups into 20 incidents at a bounded number of Jira calls', async () => {
    const before = incidentsNow();
    const jiraBefore = started.site.stats.jira;
    const deliveries = Array.from({ length: 1000 }, (_, i) => ({
      title: `Storm group ${i % 20}`,
      dedupKey: `storm-${i % 20}`,
      severity: 'warning',
      labels: { group: String(i % 20) },
    }));
    const statuses: number[] = [];
    // 25 senders at a time, as Alertmanager instances retrying would.
    for (let start = 0; start < deliveries.length; start += 25) {
      const batch = await Promise.all(deliveries.slice(start, start + 25).map((body) => post(body)));
      statuses.push(...batch.map((answer) => answer.status));
    }
    expect(statuses.every((status) => status < 300)).toBe(true);
    await started.runtime.settled();
    expect(incidentsNow()).toBe(before + 20);
    const jiraCalls = started.site.stats.jira - jiraBefore;
    // Bound: per new group the create and the priority rule (GET the issue; PUT and comment when the
    // priority changes), site configuration (the field list) read at most twice, and no Jira call for
    // a repeat within the minute: whatever the number of alerts.
    expect(jiraCalls).toBeLessThanOrEqual(20 * 4 + 2);
  }, 120_000);
});
