import {
  COMMENT_INTERVAL_MS,
  decideAlertAction,
  STATUS_CHECK_INTERVAL_MS,
  type AlertGroupRecord,
} from '../../../src/domain/alerts/alert-decision';
import { categoryForLabels, DEFAULT_ALERT_MAPPING, levelsForSeverity, AlertMapping } from '../../../src/domain/alerts/alert-mapping';

const T0 = '2026-11-30T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const aRecord = (overrides: Partial<AlertGroupRecord> = {}): AlertGroupRecord => ({
  issueKey: 'INC-9',
  count: 1,
  flushedCount: 1,
  openedAt: T0,
  lastFiringAt: T0,
  lastCommentAt: null,
  checkedAt: T0,
  resolvedAt: null,
  resolvedNotedAt: null,
  incidentDone: false,
  ...overrides,
});

describe('decideAlertAction', () => {
  it('creates for a firing group with no incident, and ignores a resolved one', () => {
    expect(decideAlertAction({ status: 'firing', record: undefined, now: T0 })).toEqual({ kind: 'create' });
    expect(decideAlertAction({ status: 'resolved', record: undefined, now: T0 }).kind).toBe('ignore');
  });

  it('only counts repeats inside the status-check and comment intervals', () => {
    expect(decideAlertAction({ status: 'firing', record: aRecord(), now: at(STATUS_CHECK_INTERVAL_MS - 1) })).toEqual({ kind: 'count' });
  });

  it('checks the incident status once a minute, then comments at most every 10 minutes', () => {
    const record = aRecord();
    expect(decideAlertAction({ status: 'firing', record, now: at(STATUS_CHECK_INTERVAL_MS) })).toEqual({ kind: 'checkStatus' });
    expect(decideAlertAction({ status: 'firing', record, incidentDone: false, now: at(STATUS_CHECK_INTERVAL_MS) })).toEqual({
      kind: 'count',
    });
    expect(decideAlertAction({ status: 'firing', record, incidentDone: false, now: at(COMMENT_INTERVAL_MS) })).toEqual({ kind: 'flush' });
    const commented = aRecord({ lastCommentAt: at(COMMENT_INTERVAL_MS), checkedAt: at(COMMENT_INTERVAL_MS) });
    expect(decideAlertAction({ status: 'firing', record: commented, now: at(COMMENT_INTERVAL_MS + 30_000) })).toEqual({ kind: 'count' });
    expect(decideAlertAction({ status: 'firing', record: commented, incidentDone: false, now: at(2 * COMMENT_INTERVAL_MS - 1) })).toEqual({
      kind: 'count',
    });
    expect(decideAlertAction({ status: 'firing', record: commented, incidentDone: false, now: at(2 * COMMENT_INTERVAL_MS) })).toEqual({
      kind: 'flush',
    });
  });

  it('opens a related incident when the group fires for a closed one', () => {
    expect(decideAlertAction({ status: 'firing', record: aRecord(), incidentDone: true, now: at(1000) })).toEqual({
      kind: 'createRelated',
      previousIssueKey: 'INC-9',
    });
    expect(decideAlertAction({ status: 'resolved', record: aRecord(), incidentDone: true, now: at(1000) }).kind).toBe('ignore');
  });

  it('notes a resolution once: a resend is ignored until the group fires again', () => {
    const noted = aRecord({ lastFiringAt: at(1000), resolvedAt: at(2000), resolvedNotedAt: at(2000) });
    expect(decideAlertAction({ status: 'resolved', record: noted, now: at(3000) }).kind).toBe('ignore');
    expect(decideAlertAction({ status: 'resolved', record: { ...noted, lastFiringAt: at(2500) }, now: at(3000) })).toEqual({
      kind: 'checkStatus',
    });
  });

  it('checks the status at once when the group fires again after its resolution was noted', () => {
    const noted = aRecord({ lastFiringAt: at(1000), resolvedAt: at(2000), resolvedNotedAt: at(2000), checkedAt: at(2000) });
    expect(decideAlertAction({ status: 'firing', record: noted, now: at(3000) })).toEqual({ kind: 'checkStatus' });
    expect(decideAlertAction({ status: 'firing', record: noted, incidentDone: false, now: at(3000) })).toEqual({ kind: 'count' });
  });

  it('remembers a closure found by an earlier check: the next firing opens a related incident at once', () => {
    expect(decideAlertAction({ status: 'firing', record: aRecord({ incidentDone: true }), now: at(1000) })).toEqual({
      kind: 'createRelated',
      previousIssueKey: 'INC-9',
    });
  });

  it('notes a resolution on an open incident after checking it is open', () => {
    expect(decideAlertAction({ status: 'resolved', record: aRecord(), now: at(1000) })).toEqual({ kind: 'checkStatus' });
    expect(decideAlertAction({ status: 'resolved', record: aRecord(), incidentDone: false, now: at(1000) })).toEqual({
      kind: 'resolvedNote',
    });
  });
});

describe('alert mapping', () => {
  it('maps severities with the defaults and leaves unknown ones unset', () => {
    expect(levelsForSeverity(DEFAULT_ALERT_MAPPING, 'critical')).toEqual({ impact: 'High', urgency: 'High' });
    expect(levelsForSeverity(DEFAULT_ALERT_MAPPING, 'warning')).toEqual({ impact: 'Medium', urgency: 'Medium' });
    expect(levelsForSeverity(DEFAULT_ALERT_MAPPING, 'info')).toEqual({ impact: 'Low', urgency: 'Low' });
    expect(levelsForSeverity(DEFAULT_ALERT_MAPPING, 'page')).toBeNull();
    expect(levelsForSeverity(DEFAULT_ALERT_MAPPING, null)).toBeNull();
    const withDefault = {
      ...DEFAULT_ALERT_MAPPING,
      severities: { ...DEFAULT_ALERT_MAPPING.severities, default: { impact: 'Low', urgency: 'Medium' } },
    };
    expect(levelsForSeverity(withDefault, 'page')).toEqual({ impact: 'Low', urgency: 'Medium' });
  });

  it('maps labels to a category by the first matching rule, case-insensitively', () => {
    const mapping = AlertMapping.parse({
      severities: {},
      categories: [
        { label: 'team', value: 'DBA', category: 'Database', subcategory: 'Slow queries' },
        { label: 'job', value: 'http_checks', category: 'Application', subcategory: 'Outage' },
      ],
    });
    expect(categoryForLabels(mapping, { job: 'http_checks', team: 'dba' })).toEqual({ category: 'Database', subcategory: 'Slow queries' });
    expect(categoryForLabels(mapping, { job: 'http_checks' })).toEqual({ category: 'Application', subcategory: 'Outage' });
    expect(categoryForLabels(mapping, { job: 'other' })).toBeNull();
  });

  it('refuses a category the incident field does not have, naming it', () => {
    const result = AlertMapping.safeParse({ severities: {}, categories: [{ label: 'a', value: 'b', category: 'Weather' }] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['categories', 0, 'category']);
    expect(
      AlertMapping.safeParse({ severities: {}, categories: [{ label: 'a', value: 'b', category: 'Network', subcategory: 'Outage' }] }).error
        ?.issues[0]?.path,
    ).toEqual(['categories', 0, 'subcategory']);
  });
});
