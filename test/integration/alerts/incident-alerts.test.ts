import { parseAlertPayload } from '../../../src/domain/alerts/alert-group';
import { handleAlertIncidentEvent } from '../../../src/entry/triggers/incident-alerts-consumer';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { fixture, startAlertSite, type AlertSite } from './alert-site';

const resolvedOf = (body: Record<string, unknown>, endsAt: string) => ({
  ...body,
  status: 'resolved',
  alerts: (body.alerts as Record<string, unknown>[]).map((alert) => ({ ...alert, status: 'resolved', endsAt })),
});
const MINUTE = 60_000;
/** The alert comments (the priority rule adds its own comment on creation). */
const alertComments = (comments: unknown[]) => comments.filter((comment) => JSON.stringify(comment).includes('The alert'));

describe('incident-alerts web trigger on the local site', () => {
  let site: AlertSite;
  beforeEach(async () => {
    site = await startAlertSite();
  });
  afterEach(async () => {
    await site.forge.dispose();
  });

  /** Delivers, expects the 202 of a queued group, then lets the queue's consumer run. */
  const deliverNew = async (body: unknown) => {
    const response = await site.deliver(body);
    expect(response.statusCode).toBe(202);
    expect(response.json).toMatchObject({ outcome: 'queued' });
    await site.drain();
    return response;
  };

  it('answers 202 before any Jira work, then the queue’s consumer creates one Incident, as the app, with the mapped fields', async () => {
    const response = await site.deliver(fixture('alertmanager-v4.json'));
    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ outcome: 'queued', source: 'prometheus' });
    // The incident is made after the answer, in the consumer's own invocation.
    expect(site.incidents()).toEqual([]);
    await site.drain();
    expect(site.consumerResults).toEqual([undefined]);
    const [incident, ...others] = site.incidents();
    expect(others).toEqual([]);
    expect(incident!.key).toMatch(/^INC-\d+$/);
    expect(incident!.fields).toMatchObject({
      summary: 'BlackBox Probe Failure: https://server.example.org',
      issuetype: { name: 'Incident' },
      reporter: { accountId: site.forge.site.appAccountId },
      customfield_10100: { value: 'High' },
      customfield_10101: { value: 'High' },
      customfield_10105: { value: 'Monitoring alert' },
    });
    const description = JSON.stringify(incident!.fields.description);
    expect(description).toContain('"type":"doc"');
    expect(description).toContain('http_checks');
    expect(description).toContain('{"type":"link","attrs":{"href":"http://prometheus.example.org:9093"}}');
    expect(incident!.properties.get('incident-alerts')).toMatchObject({ sourceId: 'prometheus', count: 1 });
    // The priority trigger ignores the app's own writes (ignoreSelf), so the delivery applies the rule itself.
    const assessment = incident!.properties.get('incident-priority-assessment') as {
      source: string;
      jiraPriorityName: string;
      assessment: { impact: string; urgency: string };
    };
    expect(assessment).toMatchObject({ source: 'trigger', assessment: { impact: 'High', urgency: 'High' } });
    expect(incident!.fields.priority).toMatchObject({ name: assessment.jiraPriorityName });
    expect(incident!.fields.priority).not.toMatchObject({ name: 'Medium' });
  });

  it('creates from Grafana’s example payload and from the generic format', async () => {
    await deliverNew(fixture('grafana-webhook.json'));
    await deliverNew({
      title: 'Checkout error rate above 5%',
      dedupKey: 'checkout-errors',
      severity: 'warning',
      labels: { service: 'checkout' },
    });
    const incidents = site.incidents();
    expect(incidents.map((incident) => incident.fields.summary)).toEqual([
      'This alert was triggered for zone us-1',
      'Checkout error rate above 5%',
    ]);
    expect(incidents[1]!.fields).toMatchObject({ customfield_10100: { value: 'Medium' }, customfield_10101: { value: 'Medium' } });
  });

  it('gives ONE incident for 50 concurrent deliveries of the same group', async () => {
    const body = fixture('alertmanager-v4.json');
    const responses = await Promise.all(Array.from({ length: 50 }, () => site.deliver(body)));
    expect(responses.every((response) => response.statusCode >= 200 && response.statusCode < 300)).toBe(true);
    // One delivery wins the storage claim and queues the group; the others answer pending.
    expect(responses.filter((response) => response.json.outcome === 'queued')).toHaveLength(1);
    expect(responses.filter((response) => response.json.outcome === 'pending')).toHaveLength(49);
    await site.drain();
    expect(site.incidents()).toHaveLength(1);
  });

  it('gives ONE incident when Forge delivers the same event several times, even at once', async () => {
    const parsed = parseAlertPayload(fixture('alertmanager-v4.json'));
    if (!parsed.ok) throw new Error(parsed.problem);
    const event = {
      body: { sourceId: 'prometheus', group: parsed.group, generation: 'first' },
      queueName: 'incident-alerts',
      jobId: 'job-1',
      eventId: 'event-1',
    };
    const deps = { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => site.clock.now.toISOString() };
    const run = () => site.forge.asInvocation({ accountId: site.forge.site.appAccountId }, () => handleAlertIncidentEvent(event, deps));
    await Promise.all([run(), run(), run()]);
    site.clock.advance(5 * 60_000); // the work lock has expired: a late redelivery must still not create
    await run();
    expect(site.incidents()).toHaveLength(1);
    expect((await site.deliver(fixture('alertmanager-v4.json'))).json).toMatchObject({
      outcome: 'counted',
      issueKey: site.incidents()[0]!.key,
    });
  });

  it('when the consumer’s create fails, asks Forge to retry and releases the claim, so the next delivery queues the group again', async () => {
    site.forge.site.faults.inject({ match: (req) => req.method === 'POST' && req.path === '/rest/api/3/issue', kind: '500', times: 10 });
    expect((await site.deliver(fixture('alertmanager-v4.json'))).json.outcome).toBe('queued');
    await site.drain();
    expect(site.consumerResults).toEqual([expect.objectContaining({ retryOptions: expect.objectContaining({ retryAfter: 60 }) })]);
    expect(site.incidents()).toEqual([]);
    site.forge.site.faults.clear();
    expect((await site.deliver(fixture('alertmanager-v4.json'))).json.outcome).toBe('queued');
    await site.drain();
    expect(site.incidents()).toHaveLength(1);
  });

  it('keeps the queued event under Forge’s 200 KB for a 900 KB alert description', async () => {
    const body = fixture('alertmanager-v4.json');
    const alerts = body.alerts as { annotations: Record<string, string> }[];
    alerts[0]!.annotations = { ...alerts[0]!.annotations, description: 'd'.repeat(900 * 1024) };
    const response = await site.deliver(body);
    expect(response.statusCode).toBe(202);
    await site.drain();
    expect(site.incidents()).toHaveLength(1);
  });

  it('refuses an event whose body is not a job, without asking Forge to retry', async () => {
    const answer = await site.forge.asInvocation({ accountId: site.forge.site.appAccountId }, () =>
      handleAlertIncidentEvent(
        { body: { sourceId: 'prometheus', group: { groupKey: 'x' } } },
        { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => site.clock.now.toISOString() },
      ),
    );
    expect(answer).toBeUndefined();
    expect(site.incidents()).toEqual([]);
  });

  it('counts repeats in storage, comments at most every 10 minutes, and writes the count to a property', async () => {
    const body = fixture('alertmanager-v4.json');
    await deliverNew(body);
    const issueKey = site.incidents()[0]!.key;
    for (let i = 0; i < 5; i++) {
      site.clock.advance(MINUTE);
      expect((await site.deliver(body)).json.outcome).toBe('counted');
    }
    expect(alertComments(site.incidents()[0]!.comments)).toHaveLength(0);
    site.clock.advance(5 * MINUTE);
    expect((await site.deliver(body)).json).toMatchObject({ outcome: 'commented', issueKey });
    site.clock.advance(MINUTE);
    expect((await site.deliver(body)).json.outcome).toBe('counted');
    const incident = site.incidents()[0]!;
    expect(alertComments(incident.comments)).toHaveLength(1);
    expect(JSON.stringify(alertComments(incident.comments)[0])).toContain('7 deliveries');
    expect(incident.properties.get('incident-alerts')).toMatchObject({ count: 7 });
    expect(site.incidents()).toHaveLength(1);
  });

  it('notes a resolved group on the incident and records the Service restored candidate, without resolving it', async () => {
    const body = fixture('alertmanager-v4.json');
    await deliverNew(body);
    site.clock.advance(MINUTE);
    const resolved = await site.deliver(resolvedOf(body, '2026-11-30T10:01:00Z'));
    expect(resolved.json).toMatchObject({ outcome: 'resolvedNoted', issueKey: site.incidents()[0]!.key });
    const incident = site.incidents()[0]!;
    expect(JSON.stringify(alertComments(incident.comments))).toContain('resolved at 2026-11-30T10:01:00.000Z');
    expect(incident.properties.get('incident-alerts')).toMatchObject({ serviceRestoredCandidate: '2026-11-30T10:01:00.000Z' });
    expect((incident.fields.status as { name: string }).name).toBe('Open');
    // Alertmanager resends a resolution on its repeat interval: noted once.
    site.clock.advance(MINUTE);
    expect((await site.deliver(resolvedOf(body, '2026-11-30T10:01:00Z'))).json.outcome).toBe('ignored');
    expect(alertComments(site.incidents()[0]!.comments)).toHaveLength(1);
  });

  it('opens a new incident linked "relates to" when the group fires for a closed one', async () => {
    const body = fixture('alertmanager-v4.json');
    await deliverNew(body);
    const first = site.incidents()[0]!.key;
    site.close(first);
    site.clock.advance(2 * MINUTE);
    const again = await Promise.all(Array.from({ length: 10 }, () => site.deliver(body)));
    expect(again.filter((response) => response.json.outcome === 'queued')).toHaveLength(1);
    await site.drain();
    const second = site.incidents()[1]!.key;
    expect(second).not.toBe(first);
    const links = site.forge.site.jira.issue(second)!.fields.issuelinks as { type: { name: string }; inwardIssue?: { key: string } }[];
    expect(links).toEqual([
      expect.objectContaining({ type: expect.objectContaining({ name: 'Relates' }), inwardIssue: expect.objectContaining({ key: first }) }),
    ]);
    expect(site.incidents()).toHaveLength(2);
  });

  describe('bad input: nothing is created', () => {
    it('401 without a token or with a wrong one', async () => {
      const body = fixture('alertmanager-v4.json');
      const missing = await site.deliver(body, { token: null });
      expect(missing.statusCode).toBe(401);
      expect(missing.json.error).toMatch(/Authorization: Bearer/);
      expect((await site.deliver(body, { token: 'test-alert-token-0123456788' })).statusCode).toBe(401);
      expect((await site.deliver(body, { token: '' })).statusCode).toBe(401);
      expect(site.incidents()).toEqual([]);
    });

    it('400 for malformed JSON and unknown formats, naming what was wrong', async () => {
      const malformed = await site.deliver(undefined, { rawBody: '{"status": "firing",' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json.error).toMatch(/^body: not valid JSON/);
      const unknown = await site.deliver({ event: 'something' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json.error).toMatch(/unknown format/);
      const badField = await site.deliver({ ...fixture('alertmanager-v4.json'), alerts: 'none' });
      expect(badField.statusCode).toBe(400);
      expect(badField.json.error).toMatch(/^Alertmanager payload: alerts: /);
      expect(site.incidents()).toEqual([]);
    });

    it('413 over 1 MB, before the token is even checked', async () => {
      const huge = JSON.stringify({ title: 'x', dedupKey: 'k', description: 'y'.repeat(1024 * 1024) });
      expect((await site.deliver(undefined, { rawBody: huge })).statusCode).toBe(413);
      expect((await site.deliver(undefined, { rawBody: huge, token: null })).statusCode).toBe(413);
      expect(site.incidents()).toEqual([]);
    });

    it('405 for anything but POST', async () => {
      expect((await site.deliver(undefined, { method: 'GET', rawBody: '' })).statusCode).toBe(405);
    });
  });
});

describe('a source mapped to a project that no longer exists', () => {
  it('keeps the alert (parked) and lists it for the admin page', async () => {
    const site = await startAlertSite({ projectKey: 'GONE' });
    try {
      const body = fixture('alertmanager-v4.json');
      expect((await site.deliver(body)).json).toMatchObject({ outcome: 'queued' });
      await site.drain();
      // The consumer found the project gone and parked the group; the next delivery only counts it.
      const parked = await site.deliver(body);
      expect(parked.statusCode).toBe(202);
      expect(parked.json).toMatchObject({ outcome: 'parked', reason: expect.stringContaining('GONE') });
      expect(site.incidents()).toEqual([]);
      const { listParkedAlerts } = await import('../../../src/usecases/alerts/manage-alert-sources');
      const { AppStorage } = await import('../../../src/adapters/storage/app-storage');
      const listed = await listParkedAlerts(new AppStorage());
      expect(listed).toEqual([
        expect.objectContaining({
          sourceId: 'prometheus',
          projectKey: 'GONE',
          count: 2,
          title: 'BlackBox Probe Failure: https://server.example.org',
        }),
      ]);
    } finally {
      await site.forge.dispose();
    }
  });
});

describe('parked alerts after the admin maps the source again', () => {
  it('creates the incident on the next delivery and no longer lists the alert', async () => {
    const site = await startAlertSite({ projectKey: 'GONE' });
    try {
      const { listParkedAlerts, updateAlertSource } = await import('../../../src/usecases/alerts/manage-alert-sources');
      const { AppStorage } = await import('../../../src/adapters/storage/app-storage');
      const body = fixture('alertmanager-v4.json');
      await site.deliver(body);
      await site.drain();
      expect((await site.deliver(body)).json.outcome).toBe('parked');
      await updateAlertSource(new AppStorage(), 'prometheus', { projectKey: 'INC' });
      expect((await site.deliver(body)).json).toMatchObject({ outcome: 'queued' });
      await site.drain();
      expect(site.incidents()).toHaveLength(1);
      expect(await listParkedAlerts(new AppStorage())).toEqual([]);
    } finally {
      await site.forge.dispose();
    }
  });
});

describe('a mapped value the Jira field does not offer', () => {
  it('creates the incident without that field rather than failing the delivery', async () => {
    const site = await startAlertSite();
    try {
      const { updateAlertSource } = await import('../../../src/usecases/alerts/manage-alert-sources');
      const { AppStorage } = await import('../../../src/adapters/storage/app-storage');
      await updateAlertSource(new AppStorage(), 'prometheus', {
        mapping: { severities: { critical: { impact: 'Catastrophic', urgency: 'High' } }, categories: [] },
      });
      expect((await site.deliver(fixture('alertmanager-v4.json'))).statusCode).toBe(202);
      await site.drain();
      const [incident] = site.incidents();
      expect(incident!.fields.customfield_10100 ?? null).toBeNull();
      expect(incident!.fields).toMatchObject({ customfield_10101: { value: 'High' }, customfield_10105: { value: 'Monitoring alert' } });
    } finally {
      await site.forge.dispose();
    }
  });
});
