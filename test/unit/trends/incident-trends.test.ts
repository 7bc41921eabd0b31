import fc from 'fast-check';
import type { Incident } from '../../../src/domain/incident/incident';
import type { StatusMove } from '../../../src/domain/incident/incident-metrics';
import { defaultPrioritySettings, type PrioritySettings } from '../../../src/domain/priority/priority-settings';
import { type IncidentFacts, incidentTrends, median, nearestRank } from '../../../src/domain/trends/incident-trends';
import { aBareIncident } from '../../support/incident-factory';

type Category = StatusMove['to']['categoryKey'];
const move = (at: string, from: Category, to: Category): StatusMove => ({ at, from: { categoryKey: from }, to: { categoryKey: to } });
const DONE = { id: '5', name: 'Resolved', categoryKey: 'done' } as const;
const OPEN = { id: '1', name: 'Open', categoryKey: 'new' } as const;
const IN_PROGRESS = { id: '3', name: 'In Progress', categoryKey: 'indeterminate' } as const;
const HIGHEST = { id: '1', name: 'Highest' };
const NOW = '2026-12-01T00:00:00.000Z';
const PERIOD = { from: '2026-11-02', to: '2026-11-15', now: NOW };

function settingsWithTargets(minutes: number | null): PrioritySettings {
  const settings = defaultPrioritySettings();
  return { ...settings, slaTargets: { P1: minutes, P2: minutes, P3: minutes, P4: minutes, P5: minutes } };
}

/**
 * An incident created at `created`, acknowledged `ack` minutes later and resolved `resolve`
 * minutes after creation (null: never), prioritized by its assessment.
 */
function facts(
  n: number,
  created: string,
  ack: number | null,
  resolve: number | null,
  overrides: Partial<Incident> = {},
  linkedToProblem = false,
): IncidentFacts {
  const createdMs = Date.parse(created);
  const at = (minutes: number): string => new Date(createdMs + minutes * 60_000).toISOString();
  const moves: StatusMove[] = [];
  if (ack !== null) moves.push(move(at(ack), 'new', 'indeterminate'));
  if (resolve !== null) moves.push(move(at(resolve), ack === null ? 'new' : 'indeterminate', 'done'));
  const incident = aBareIncident({
    id: String(10_000 + n),
    key: `INC-${n}`,
    reportedAt: created,
    impact: 'High',
    urgency: 'High',
    priority: HIGHEST,
    status: resolve !== null ? DONE : ack !== null ? IN_PROGRESS : OPEN,
    resolvedAt: resolve !== null ? at(resolve) : null,
    statusCategoryChangedAt: resolve !== null ? at(resolve) : ack !== null ? at(ack) : null,
    ...overrides,
  });
  return { incident, moves, linkedToProblem };
}

describe('median and nearest-rank p90', () => {
  it('takes the middle value of an odd count and the mean of the two middle values of an even count', () => {
    expect(median([7, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('p90 is the value at rank ceil(0.9 n): of 1 the only one, of 9 the 9th, of 10 the 9th, of 11 the 10th', () => {
    const upTo = (n: number): number[] => Array.from({ length: n }, (_, i) => (n - i) * 10); // unsorted on purpose
    expect(nearestRank([42], 90)).toBe(42);
    expect(nearestRank(upTo(9), 90)).toBe(90);
    expect(nearestRank(upTo(10), 90)).toBe(90);
    expect(nearestRank(upTo(11), 90)).toBe(100);
    expect(nearestRank([], 90)).toBeNull();
  });
});

describe('incident trends', () => {
  const settings = settingsWithTargets(60);

  it('an empty period has no incidents, no statistics and a zero for every week it touches', () => {
    expect(incidentTrends([], PERIOD, settings)).toEqual({
      from: '2026-11-02',
      to: '2026-11-15',
      incidents: 0,
      bucket: 'week',
      byPriority: [],
      byCategory: [],
      byPeriod: [
        {
          start: '2026-11-02',
          count: 0,
          byPriority: [],
          timeToAcknowledgeMinutes: { median: null, p90: null },
          timeToResolveMinutes: { median: null, p90: null },
          byCategory: [],
        },
        {
          start: '2026-11-09',
          count: 0,
          byPriority: [],
          timeToAcknowledgeMinutes: { median: null, p90: null },
          timeToResolveMinutes: { median: null, p90: null },
          byCategory: [],
        },
      ],
      openByAge: [
        { label: '< 1 day', minDays: 0, maxDays: 1, count: 0, incidentKeys: [] },
        { label: '1-7 days', minDays: 1, maxDays: 7, count: 0, incidentKeys: [] },
        { label: '7-30 days', minDays: 7, maxDays: 30, count: 0, incidentKeys: [] },
        { label: '> 30 days', minDays: 30, maxDays: null, count: 0, incidentKeys: [] },
      ],
      reopened: { count: 0, incidentKeys: [] },
      problemCandidates: [],
    });
  });

  it('counts an incident when it was created in the period, the last day included', () => {
    const result = incidentTrends(
      [
        facts(1, '2026-11-01T23:59:00.000Z', 1, 10),
        facts(2, '2026-11-02T00:00:00.000Z', 1, 10),
        facts(3, '2026-11-15T23:59:00.000+0000', 1, 10),
        facts(4, '2026-11-16T00:00:00.000Z', 1, 10),
      ],
      PERIOD,
      settings,
    );
    expect(result.incidents).toBe(2);
    expect(result.byPeriod).toEqual([
      {
        start: '2026-11-02',
        count: 1,
        byPriority: [{ priority: 'Highest', count: 1 }],
        timeToAcknowledgeMinutes: { median: 1, p90: 1 },
        timeToResolveMinutes: { median: 10, p90: 10 },
        byCategory: [{ category: null, subcategory: null, count: 1 }],
      },
      {
        start: '2026-11-09',
        count: 1,
        byPriority: [{ priority: 'Highest', count: 1 }],
        timeToAcknowledgeMinutes: { median: 1, p90: 1 },
        timeToResolveMinutes: { median: 10, p90: 10 },
        byCategory: [{ category: null, subcategory: null, count: 1 }],
      },
    ]);
  });

  it('medians and p90s per priority on hand-computed values; SLA met within 60 minutes, missed after', () => {
    // Acknowledged after 2, 4, 6, 100 minutes: median (4+6)/2 = 5, p90 rank ceil(3.6) = 4 → 100.
    // Resolved after 30, 50, 70, 90: median 60, p90 → 90; SLA (60 min) met twice, missed twice.
    const result = incidentTrends(
      [
        facts(1, '2026-11-03T10:00:00.000Z', 2, 30),
        facts(2, '2026-11-03T11:00:00.000Z', 4, 50),
        facts(3, '2026-11-04T10:00:00.000Z', 6, 70),
        facts(4, '2026-11-10T10:00:00.000Z', 100, 90),
      ],
      PERIOD,
      settings,
    );
    expect(result.byPriority).toEqual([
      {
        priority: 'Highest',
        count: 4,
        timeToAcknowledgeMinutes: { median: 5, p90: 100 },
        timeToResolveMinutes: { median: 60, p90: 90 },
        slaMet: 2,
        slaMissed: 2,
      },
    ]);
    // Over time (all priorities): the week of 11-02 has acks 2, 4, 6 (median 4, p90 rank ceil(2.7) = 3 → 6)
    // and resolves 30, 50, 70 (median 50, p90 70); the week of 11-09 has the one incident of 100 / 90.
    expect(
      result.byPeriod.map(({ start, timeToAcknowledgeMinutes, timeToResolveMinutes }) => ({
        start,
        timeToAcknowledgeMinutes,
        timeToResolveMinutes,
      })),
    ).toEqual([
      { start: '2026-11-02', timeToAcknowledgeMinutes: { median: 4, p90: 6 }, timeToResolveMinutes: { median: 50, p90: 70 } },
      { start: '2026-11-09', timeToAcknowledgeMinutes: { median: 100, p90: 100 }, timeToResolveMinutes: { median: 90, p90: 90 } },
    ]);
  });

  it('leaves an unacknowledged incident out of time to acknowledge and an open one out of time to resolve and of the SLA counts', () => {
    const result = incidentTrends(
      [
        facts(1, '2026-11-03T10:00:00.000Z', null, null),
        facts(2, '2026-11-03T11:00:00.000Z', 10, null),
        facts(3, '2026-11-03T12:00:00.000Z', 20, 40),
      ],
      PERIOD,
      settings,
    );
    expect(result.byPriority[0]).toMatchObject({
      count: 3,
      timeToAcknowledgeMinutes: { median: 15, p90: 20 },
      timeToResolveMinutes: { median: 40, p90: 40 },
      slaMet: 1,
      slaMissed: 0,
    });
  });

  it('a reopened incident that is open again keeps its first acknowledgement and has no resolution', () => {
    const created = '2026-11-03T10:00:00.000Z';
    const reopened: IncidentFacts = {
      incident: aBareIncident({
        key: 'INC-9',
        reportedAt: created,
        impact: 'High',
        urgency: 'High',
        priority: HIGHEST,
        status: IN_PROGRESS,
        resolvedAt: '2026-11-03T10:30:00.000Z',
        statusCategoryChangedAt: '2026-11-03T11:00:00.000Z',
      }),
      moves: [
        move('2026-11-03T10:05:00.000Z', 'new', 'indeterminate'),
        move('2026-11-03T10:30:00.000Z', 'indeterminate', 'done'),
        move('2026-11-03T11:00:00.000Z', 'done', 'new'),
        move('2026-11-03T11:10:00.000Z', 'new', 'indeterminate'),
      ],
      linkedToProblem: false,
    };
    expect(incidentTrends([reopened], PERIOD, settings).byPriority[0]).toMatchObject({
      timeToAcknowledgeMinutes: { median: 5, p90: 5 },
      timeToResolveMinutes: { median: null, p90: null },
      slaMet: 0,
      slaMissed: 0,
    });
  });

  it('an incident whose level has no SLA target counts as neither met nor missed', () => {
    const result = incidentTrends(
      [facts(1, '2026-11-03T10:00:00.000Z', 2, 30), facts(2, '2026-11-03T11:00:00.000Z', 4, 500)],
      PERIOD,
      settingsWithTargets(null),
    );
    expect(result.byPriority[0]).toMatchObject({ count: 2, slaMet: 0, slaMissed: 0 });
  });

  it('orders priorities by the site order, unknown names after, no priority last', () => {
    const result = incidentTrends(
      [
        facts(1, '2026-11-03T10:00:00.000Z', 1, 2, { priority: null }),
        facts(2, '2026-11-03T10:00:00.000Z', 1, 2, { priority: { id: '3', name: 'Medium' } }),
        facts(3, '2026-11-03T10:00:00.000Z', 1, 2),
      ],
      PERIOD,
      settings,
      ['Highest', 'High', 'Medium'],
    );
    expect(result.byPriority.map((row) => row.priority)).toEqual(['Highest', 'Medium', 'None']);
  });

  it('a category / subcategory with N incidents and no linked Problem is a candidate; one linked incident or fewer than N is not', () => {
    const at = '2026-11-03T10:00:00.000Z';
    const app = { category: 'Application', subcategory: 'Error' };
    const net = { category: 'Network', subcategory: 'Outage' };
    const db = { category: 'Database', subcategory: 'Slow' };
    const all = [
      facts(10, at, 1, 2, app),
      facts(2, at, 1, 2, app),
      facts(3, at, 1, 2, app),
      facts(4, at, 1, 2, net),
      facts(5, at, 1, 2, net),
      facts(6, at, 1, 2, net, true),
      facts(7, at, 1, 2, db),
      facts(8, at, 1, 2, db),
      facts(9, at, 1, 2),
    ];
    const result = incidentTrends(all, PERIOD, settings);
    expect(result.problemCandidates).toEqual([
      { category: 'Application', subcategory: 'Error', incidentKeys: ['INC-2', 'INC-3', 'INC-10'] },
    ]);
    expect(result.byCategory).toEqual([
      { category: 'Application', subcategory: 'Error', count: 3 },
      { category: 'Network', subcategory: 'Outage', count: 3 },
      { category: 'Database', subcategory: 'Slow', count: 2 },
      { category: null, subcategory: null, count: 1 },
    ]);
    expect(incidentTrends(all, { ...PERIOD, minIncidents: 2 }, settings).problemCandidates.map((row) => row.category)).toEqual([
      'Application',
      'Database',
    ]);
  });

  it('buckets by month, labelled by the first day, when the period is longer than 180 days', () => {
    const result = incidentTrends(
      [facts(1, '2026-01-20T10:00:00.000Z', 1, 2), facts(2, '2026-03-01T00:00:00.000Z', 1, 2)],
      { from: '2026-01-15', to: '2026-07-14', now: NOW },
      settings,
    );
    expect(result.bucket).toBe('month');
    expect(result.byPeriod.map(({ start, count }) => ({ start, count }))).toEqual([
      { start: '2026-01-01', count: 1 },
      { start: '2026-02-01', count: 0 },
      { start: '2026-03-01', count: 1 },
      { start: '2026-04-01', count: 0 },
      { start: '2026-05-01', count: 0 },
      { start: '2026-06-01', count: 0 },
      { start: '2026-07-01', count: 0 },
    ]);
    // 180 days exactly stays weekly.
    const weekly = incidentTrends([], { from: '2026-01-15', to: '2026-07-13', now: NOW }, settings);
    expect(weekly.bucket).toBe('week');
    expect(weekly.byPeriod[0]).toEqual({
      start: '2026-01-12',
      count: 0,
      byPriority: [],
      timeToAcknowledgeMinutes: { median: null, p90: null },
      timeToResolveMinutes: { median: null, p90: null },
      byCategory: [],
    });
  });

  it('refuses a period whose end is before its start, naming the field', () => {
    expect(() => incidentTrends([], { from: '2026-11-10', to: '2026-11-01', now: NOW }, settings)).toThrow(/to/);
    expect(() => incidentTrends([], { from: '2026-02-30', to: '2026-03-01', now: NOW }, settings)).toThrow(/calendar date/);
  });

  it('per-priority counts, per-category counts and per-period counts each sum to the incidents in the period', () => {
    const priorityNames = ['Highest', 'High', 'Medium', null] as const;
    const arbitraryFacts = fc.record({
      day: fc.integer({ min: 0, max: 40 }),
      minute: fc.integer({ min: 0, max: 1439 }),
      priority: fc.constantFrom(...priorityNames),
      ack: fc.option(fc.integer({ min: 0, max: 600 })),
      resolve: fc.option(fc.integer({ min: 601, max: 6000 })),
      category: fc.constantFrom(null, 'Application', 'Network'),
      linked: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 40 }), (rows) => {
        const all = rows.map((row, index) =>
          facts(
            index + 1,
            new Date(Date.UTC(2026, 9, 20 + row.day, 0, row.minute)).toISOString(),
            row.ack,
            row.resolve,
            {
              priority: row.priority === null ? null : { id: row.priority, name: row.priority },
              category: row.category,
              subcategory: row.category && 'Error',
            },
            row.linked,
          ),
        );
        const result = incidentTrends(all, PERIOD, settings);
        const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
        expect(sum(result.byPriority.map((row) => row.count))).toBe(result.incidents);
        expect(sum(result.byCategory.map((row) => row.count))).toBe(result.incidents);
        expect(sum(result.byPeriod.map((row) => row.count))).toBe(result.incidents);
        for (const row of result.byPeriod) expect(sum(row.byPriority.map((cell) => cell.count))).toBe(row.count);
        // Open ones (never resolved here) fall in exactly one age bucket; none of these is reopened.
        expect(sum(result.openByAge.map((bucket) => bucket.count))).toBe(
          all.filter(
            (fact, index) =>
              rows[index]!.resolve === null && fact.incident.reportedAt >= '2026-11-02' && fact.incident.reportedAt < '2026-11-16',
          ).length,
        );
        expect(result.reopened.count).toBe(0);
        for (const row of result.byPriority) expect(row.slaMet + row.slaMissed).toBeLessThanOrEqual(row.count);
      }),
    );
  });

  it("per-period counts by priority follow byPriority's order and leave out priorities with none that week", () => {
    const medium = { priority: { id: '3', name: 'Medium' } };
    const result = incidentTrends(
      [
        facts(1, '2026-11-03T10:00:00.000Z', 1, 2, medium),
        facts(2, '2026-11-04T10:00:00.000Z', 1, 2),
        facts(3, '2026-11-05T10:00:00.000Z', 1, 2, medium),
        facts(4, '2026-11-10T10:00:00.000Z', 1, 2, medium),
      ],
      PERIOD,
      settings,
      ['Highest', 'High', 'Medium'],
    );
    expect(result.byPeriod).toEqual([
      {
        start: '2026-11-02',
        count: 3,
        byPriority: [
          { priority: 'Highest', count: 1 },
          { priority: 'Medium', count: 2 },
        ],
        timeToAcknowledgeMinutes: { median: 1, p90: 1 },
        timeToResolveMinutes: { median: 2, p90: 2 },
        byCategory: [{ category: null, subcategory: null, count: 3 }],
      },
      {
        start: '2026-11-09',
        count: 1,
        byPriority: [{ priority: 'Medium', count: 1 }],
        timeToAcknowledgeMinutes: { median: 1, p90: 1 },
        timeToResolveMinutes: { median: 2, p90: 2 },
        byCategory: [{ category: null, subcategory: null, count: 1 }],
      },
    ]);
  });

  it("per-period counts by category follow byCategory's order and leave out categories with none that week", () => {
    const error = { category: 'Application', subcategory: 'Error' };
    const dns = { category: 'Network', subcategory: 'DNS' };
    const result = incidentTrends(
      [
        facts(1, '2026-11-03T10:00:00.000Z', 1, 2, dns),
        facts(2, '2026-11-04T10:00:00.000Z', 1, 2, error),
        facts(3, '2026-11-10T10:00:00.000Z', 1, 2, error),
        facts(4, '2026-11-11T10:00:00.000Z', 1, 2, error),
        facts(5, '2026-11-12T10:00:00.000Z', 1, 2),
      ],
      PERIOD,
      settings,
    );
    // byCategory: Application / Error 3, then Network / DNS 1 and the uncategorized 1 (names before none).
    expect(result.byCategory.map((row) => [row.category, row.count])).toEqual([
      ['Application', 3],
      ['Network', 1],
      [null, 1],
    ]);
    expect(result.byPeriod.map((row) => row.byCategory)).toEqual([
      [
        { category: 'Application', subcategory: 'Error', count: 1 },
        { category: 'Network', subcategory: 'DNS', count: 1 },
      ],
      [
        { category: 'Application', subcategory: 'Error', count: 2 },
        { category: null, subcategory: null, count: 1 },
      ],
    ]);
  });

  it('open incidents by age at now: never resolved, or reopened and open again; resolved ones and those only service-restored are placed by resolution', () => {
    // now = 2026-12-01T00:00Z. Ages: INC-1 created 11-30 12:00 → 0.5 day; INC-2 11-30 00:00 → exactly 1 day (1-7);
    // INC-3 11-24 00:00 → 7 days (7-30); INC-4 11-01 00:00 → 30 days (> 30); INC-5 resolved → not open;
    // INC-6 reopened and in progress again → open, 11-20 → 11 days; INC-7 service restored but still open → open, 11-29 → 2 days.
    const period = { from: '2026-11-01', to: '2026-11-30', now: NOW };
    const reopenedAgain: IncidentFacts = {
      incident: aBareIncident({
        key: 'INC-6',
        reportedAt: '2026-11-20T00:00:00.000Z',
        status: IN_PROGRESS,
        resolvedAt: '2026-11-20T02:00:00.000Z',
        statusCategoryChangedAt: '2026-11-21T00:00:00.000Z',
      }),
      moves: [
        move('2026-11-20T01:00:00.000Z', 'new', 'indeterminate'),
        move('2026-11-20T02:00:00.000Z', 'indeterminate', 'done'),
        move('2026-11-21T00:00:00.000Z', 'done', 'indeterminate'),
      ],
      linkedToProblem: false,
    };
    const result = incidentTrends(
      [
        facts(1, '2026-11-30T12:00:00.000Z', 5, null),
        facts(2, '2026-11-30T00:00:00.000Z', null, null),
        facts(3, '2026-11-24T00:00:00.000Z', 5, null),
        facts(4, '2026-11-01T00:00:00.000Z', 5, null),
        facts(5, '2026-11-02T00:00:00.000Z', 5, 60),
        reopenedAgain,
        facts(7, '2026-11-29T00:00:00.000Z', 5, null, { serviceRestoredAt: '2026-11-29T01:00:00.000Z' }),
      ],
      period,
      settings,
    );
    expect(result.openByAge.map((bucket) => [bucket.label, bucket.incidentKeys])).toEqual([
      ['< 1 day', ['INC-1']],
      ['1-7 days', ['INC-2', 'INC-7']],
      ['7-30 days', ['INC-3', 'INC-6']],
      ['> 30 days', ['INC-4']],
    ]);
    expect(result.openByAge.map((bucket) => bucket.count)).toEqual([1, 2, 2, 1]);
  });

  it('reopened: a move from a done status to a not-done one, also when the incident is done again now; done → done (Resolved → Closed) is not', () => {
    const closed: IncidentFacts = {
      incident: aBareIncident({
        key: 'INC-2',
        reportedAt: '2026-11-03T10:00:00.000Z',
        status: DONE,
        resolvedAt: '2026-11-03T11:00:00.000Z',
        statusCategoryChangedAt: '2026-11-03T11:00:00.000Z',
      }),
      moves: [
        move('2026-11-03T10:10:00.000Z', 'new', 'indeterminate'),
        move('2026-11-03T11:00:00.000Z', 'indeterminate', 'done'),
        move('2026-11-04T11:00:00.000Z', 'done', 'done'),
      ],
      linkedToProblem: false,
    };
    const reopenedAndDoneAgain: IncidentFacts = {
      incident: aBareIncident({
        key: 'INC-1',
        reportedAt: '2026-11-03T10:00:00.000Z',
        status: DONE,
        resolvedAt: '2026-11-05T11:00:00.000Z',
        statusCategoryChangedAt: '2026-11-05T11:00:00.000Z',
      }),
      moves: [
        move('2026-11-03T11:00:00.000Z', 'new', 'done'),
        move('2026-11-04T11:00:00.000Z', 'done', 'new'),
        move('2026-11-05T11:00:00.000Z', 'new', 'done'),
      ],
      linkedToProblem: false,
    };
    const result = incidentTrends([closed, reopenedAndDoneAgain], PERIOD, settings);
    expect(result.reopened).toEqual({ count: 1, incidentKeys: ['INC-1'] });
    expect(result.openByAge.every((bucket) => bucket.count === 0)).toBe(true);
  });
});
