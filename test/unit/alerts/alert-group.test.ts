import * as fs from 'node:fs';
import * as path from 'node:path';
import { incidentSummaryOf, parseAlertPayload, type AlertGroup } from '../../../src/domain/alerts/alert-group';
import { alertDescriptionAdf } from '../../../src/domain/alerts/alert-description';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/alerts', name), 'utf8'));

function parsed(body: unknown): AlertGroup {
  const result = parseAlertPayload(body);
  if (!result.ok) throw new Error(result.problem);
  return result.group;
}

describe('parseAlertPayload: Alertmanager webhook v4 (documented example)', () => {
  it('normalises the group: key, status, title from the summary, labels, severity, times and links', () => {
    const group = parsed(fixture('alertmanager-v4.json'));
    expect(group).toMatchObject({
      format: 'alertmanager',
      groupKey: '{}/{severity="critical"}:{alertname="ProbeFailure"}',
      status: 'firing',
      title: 'BlackBox Probe Failure: https://server.example.org',
      severity: 'critical',
      startsAt: '2023-02-06T13:08:45.828Z',
      endsAt: null,
      alertCount: 1,
    });
    expect(group.description).toContain('has been down for over 5m');
    expect(group.labels).toMatchObject({ job: 'http_checks', instance: 'https://server.example.org' });
    expect(group.links.map((link) => link.url)).toEqual([
      'http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1',
      'http://prometheus.example.org:9093',
    ]);
  });

  it('reads a resolved group with its end time', () => {
    const body = fixture('alertmanager-v4.json');
    const alerts = (body.alerts as Record<string, unknown>[]).map((alert) => ({
      ...alert,
      status: 'resolved',
      endsAt: '2023-02-06T13:20:00Z',
    }));
    const group = parsed({ ...body, status: 'resolved', alerts });
    expect(group.status).toBe('resolved');
    expect(group.endsAt).toBe('2023-02-06T13:20:00.000Z');
  });

  it('names the field at fault', () => {
    const body = fixture('alertmanager-v4.json');
    expect(parseAlertPayload({ ...body, status: 'pending' })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^Alertmanager payload: status: /),
    });
    expect(parseAlertPayload({ ...body, alerts: [] })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^Alertmanager payload: alerts: /),
    });
    expect(parseAlertPayload({ ...body, version: '3' })).toEqual({ ok: false, problem: expect.stringMatching(/^version: expected "4"/) });
  });
});

describe('parseAlertPayload: Grafana alerting webhook (documented example)', () => {
  it('normalises both alerts into one group', () => {
    const group = parsed(fixture('grafana-webhook.json'));
    expect(group).toMatchObject({
      format: 'grafana',
      groupKey: '{}:{}',
      status: 'firing',
      severity: null,
      alertCount: 2,
      startsAt: '2021-10-12T07:51:03.157Z',
    });
    expect(group.title).toBe('This alert was triggered for zone us-1');
    expect(group.description.split('\n')).toEqual(['The system has high memory usage', 'The system has high CPU usage']);
    expect(group.labels).toEqual({ team: 'blue' });
    // Empty dashboard URLs are no links; a runbook shared by both alerts is listed once.
    expect(group.links.map((link) => link.title)).toEqual([
      'Source of High memory usage',
      'Runbook for High memory usage',
      'Source of High CPU usage',
      'Grafana',
    ]);
  });
});

describe('parseAlertPayload: generic format', () => {
  it('reads title, severity, status, dedup key, labels and links', () => {
    const group = parsed({
      title: 'Checkout errors above 5%',
      dedupKey: 'checkout-errors',
      severity: 'Warning',
      labels: { service: 'checkout' },
      links: [{ title: 'Dashboard', url: 'https://grafana.example.com/d/1' }],
    });
    expect(group).toMatchObject({
      format: 'generic',
      groupKey: 'checkout-errors',
      status: 'firing',
      severity: 'warning',
      labels: { service: 'checkout' },
      alertCount: 1,
    });
    expect(group.links).toEqual([{ title: 'Dashboard', url: 'https://grafana.example.com/d/1' }]);
  });

  it('refuses unknown fields and bad values by name', () => {
    expect(parseAlertPayload({ title: 'x', dedupKey: 'k', colour: 'red' })).toEqual({
      ok: false,
      problem: expect.stringContaining('generic payload: '),
    });
    expect(parseAlertPayload({ title: 'x', dedupKey: 'k', links: [{ title: 'a', url: 'not a url' }] })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^generic payload: links\.0\.url: /),
    });
    expect(parseAlertPayload({ title: 'x' })).toEqual({ ok: false, problem: expect.stringMatching(/^generic payload: dedupKey: /) });
  });

  it('says which formats it knows for anything else', () => {
    expect(parseAlertPayload({ hello: 1 })).toEqual({
      ok: false,
      problem: expect.stringMatching(/^body: unknown format: expected an Alertmanager webhook/),
    });
    expect(parseAlertPayload([1])).toEqual({ ok: false, problem: expect.stringContaining('got an array') });
  });
});

describe('incident text', () => {
  it('keeps the summary within Jira’s 255 characters on one line', () => {
    const group = parsed({ title: `a\nb ${'x'.repeat(400)}`, dedupKey: 'k' });
    const summary = incidentSummaryOf(group);
    expect(summary.length).toBe(255);
    expect(summary.startsWith('a b x')).toBe(true);
  });

  it('describes labels and links in ADF, never HTML', () => {
    const group = parsed({
      title: 't',
      dedupKey: 'k',
      labels: { service: '<b>checkout</b>' },
      links: [{ title: 'Runbook', url: 'https://runbooks.example.com/1' }],
    });
    const adf = JSON.stringify(alertDescriptionAdf(group, 'Prometheus'));
    expect(adf).toContain('"text":"<b>checkout</b>"');
    expect(adf).toContain('{"type":"link","attrs":{"href":"https://runbooks.example.com/1"}}');
    expect(adf).toContain('Prometheus');
  });
});
