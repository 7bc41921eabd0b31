import { z } from 'zod';
import type { Incident } from '../incident/incident';
import { normaliseJiraOffset } from '../incident/incident';
import { type StatusMove, incidentMetrics, incidentMilestones, milestoneAt } from '../incident/incident-metrics';
import type { PrioritySettings } from '../priority/priority-settings';
import { incidentSla } from '../priority/sla-for-incident';

/*
 * Incident trends over a period: counts, time to acknowledge / resolve per priority, SLA met /
 * missed, counts per category and per week or month, and problem candidates. Pure: the period,
 * "now" and the incidents are inputs; the caller reads only incidents the viewing user can browse.
 *
 * Definitions (each one lives elsewhere; this module only aggregates):
 * - an incident counts in the period when it was created in it: from 00:00 UTC on `from` up to,
 *   not including, 00:00 UTC on the day after `to`;
 * - time to acknowledge and time to resolve: incident-metrics.ts (the postmortem's definitions);
 *   an incident without that moment (never acknowledged, not resolved, reopened and open again)
 *   is left out of that statistic, not counted as zero;
 * - SLA met / missed: the incident's SLA clock (sla-for-incident.ts, stop rule `slaStopOf`) at
 *   `now`; clocks still running, stopped without a known time, without a target or without a level
 *   count in neither;
 * - median: the middle value of the sorted values; of an even count, the mean of the two middle
 *   values (not rounded); null for no values;
 * - p90: nearest-rank 90th percentile, the value at rank ceil(0.9 × n) of the n sorted values
 *   (1-based): of 1 value that value, of 9 the 9th, of 10 the 9th, of 11 the 10th; null for none;
 * - byPeriod: ISO weeks (starting Monday, UTC) labelled by their Monday, or calendar months
 *   (UTC) labelled by their first day when the period is longer than 180 days; every week or
 *   month the period touches is listed, with 0 when nothing was created in it;
 * - problem candidates: a category / subcategory (both set) with at least `minIncidents`
 *   (default 3) incidents in the period, none of which is linked to a Problem;
 * - byPeriod[].byPriority: the week's or month's count per priority, in byPriority's order,
 *   priorities with 0 left out (so each row's byPriority sums to its count); byPeriod[].byCategory
 *   the same per category / subcategory, in byCategory's order; byPeriod[].timeToAcknowledgeMinutes
 *   and timeToResolveMinutes: the median and p90 of the incidents created in that week or month,
 *   all priorities together (MTTA / MTTR over time);
 * - openByAge: the incidents created in the period that are not resolved at `now`, by whole
 *   days since they were created (now − created): "< 1 day" [0, 1), "1-7 days" [1, 7),
 *   "7-30 days" [7, 30), "> 30 days" [30, ∞). Resolved is incident-metrics.ts's `resolved`
 *   milestone, i.e. the SLA stop rule (`slaStopOf`) without its Service restored branch: while
 *   the incident is in a Done-category status, at Jira's resolution date or when it entered that
 *   status. A reopened incident that is open again is open; service restored alone does not close it;
 * - reopened: the incidents created in the period whose changelog has a move from a
 *   Done-category status to a status of another category (whatever they are in now).
 */

export const DEFAULT_MIN_INCIDENTS = 3;
/** Periods longer than this are bucketed by month, shorter ones by ISO week. */
export const WEEKLY_MAX_DAYS = 180;
/** byPriority's label for an incident without a Jira priority. */
export const NO_PRIORITY = 'None';

export interface IncidentFacts {
  incident: Incident;
  /** The incident's status changes (the changelog), in any order. */
  moves: readonly StatusMove[];
  /** Linked to an issue of type Problem (any link type or direction). */
  linkedToProblem: boolean;
}

/** A real calendar day, YYYY-MM-DD (no 2026-02-30). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine(
    (value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'expected a real calendar date',
  );

export const TrendsPeriodSchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    /** ISO-8601 moment the SLA clocks are read at. */
    now: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'expected an ISO-8601 date-time'),
    minIncidents: z.number().int('expected a whole number').min(1, 'expected at least 1').default(DEFAULT_MIN_INCIDENTS),
  })
  .refine((period) => period.from <= period.to, { message: 'expected to on or after from', path: ['to'] });
export type TrendsPeriod = z.input<typeof TrendsPeriodSchema>;

export interface Statistic {
  median: number | null;
  p90: number | null;
}

/** The open-by-age buckets: lower bound included, upper bound excluded, in days. */
export const OPEN_AGE_BUCKETS: readonly { label: string; minDays: number; maxDays: number | null }[] = [
  { label: '< 1 day', minDays: 0, maxDays: 1 },
  { label: '1-7 days', minDays: 1, maxDays: 7 },
  { label: '7-30 days', minDays: 7, maxDays: 30 },
  { label: '> 30 days', minDays: 30, maxDays: null },
];

export interface IncidentTrends {
  from: string;
  to: string;
  incidents: number;
  bucket: 'week' | 'month';
  byPriority: {
    priority: string;
    count: number;
    timeToAcknowledgeMinutes: Statistic;
    timeToResolveMinutes: Statistic;
    slaMet: number;
    slaMissed: number;
  }[];
  byCategory: { category: string | null; subcategory: string | null; count: number }[];
  byPeriod: {
    start: string;
    count: number;
    byPriority: { priority: string; count: number }[];
    timeToAcknowledgeMinutes: Statistic;
    timeToResolveMinutes: Statistic;
    byCategory: { category: string | null; subcategory: string | null; count: number }[];
  }[];
  openByAge: { label: string; minDays: number; maxDays: number | null; count: number; incidentKeys: string[] }[];
  reopened: { count: number; incidentKeys: string[] };
  problemCandidates: { category: string; subcategory: string; incidentKeys: string[] }[];
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The median; of an even count, the mean of the two middle values; null for no values. */
export function median(values: readonly number[]): number | null {
  const ordered = sorted(values);
  const n = ordered.length;
  if (n === 0) return null;
  const middle = Math.floor(n / 2);
  return n % 2 === 1 ? ordered[middle]! : (ordered[middle - 1]! + ordered[middle]!) / 2;
}

/** The nearest-rank percentile: the value at 1-based rank ceil(p/100 × n); null for no values. */
export function nearestRank(values: readonly number[], percentile: number): number | null {
  const ordered = sorted(values);
  if (ordered.length === 0) return null;
  const rank = Math.max(1, Math.ceil((percentile / 100) * ordered.length));
  return ordered[rank - 1]!;
}

function statistic(values: readonly number[]): Statistic {
  return { median: median(values), p90: nearestRank(values, 90) };
}

const DAY_MS = 86_400_000;

function dayMillis(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

function isoDay(millis: number): string {
  return new Date(millis).toISOString().slice(0, 10);
}

/** The Monday (UTC) of the ISO week holding `millis`. */
function weekStart(millis: number): number {
  const day = Math.floor(millis / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return day - weekday * DAY_MS;
}

function monthStart(millis: number): number {
  const date = new Date(millis);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextMonth(millis: number): number {
  const date = new Date(millis);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Whether the period from..to (both days included) is bucketed by month. */
export function bucketsByMonth(from: string, to: string): boolean {
  return (dayMillis(to) - dayMillis(from)) / DAY_MS + 1 > WEEKLY_MAX_DAYS;
}

function compareNullable(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a.localeCompare(b);
}

/**
 * The trends of the incidents created in the period. `priorityOrder` lists the site's priority
 * names from highest to lowest (Jira's order); other names follow alphabetically, then "None".
 */
export function incidentTrends(
  facts: readonly IncidentFacts[],
  periodInput: TrendsPeriod,
  settings: PrioritySettings,
  priorityOrder: readonly string[] = [],
): IncidentTrends {
  const period = TrendsPeriodSchema.parse(periodInput);
  const startMs = dayMillis(period.from);
  const endMs = dayMillis(period.to) + DAY_MS;
  const inPeriod = facts.filter((fact) => {
    const created = Date.parse(normaliseJiraOffset(fact.incident.reportedAt));
    return created >= startMs && created < endMs;
  });

  const priorities = new Map<string, { count: number; ack: number[]; resolve: number[]; met: number; missed: number }>();
  const categories = new Map<string, { category: string | null; subcategory: string | null; keys: string[]; linked: boolean }>();
  const monthly = bucketsByMonth(period.from, period.to);
  const bucketOf = monthly ? monthStart : weekStart;
  const periods = new Map<number, Map<string, number>>();
  /** Per week or month: counts by category key (the JSON of [category, subcategory]). */
  const periodCategories = new Map<number, Map<string, number>>();
  /** Per week or month: the times to acknowledge and to resolve of its incidents (all priorities). */
  const periodTimes = new Map<number, { ack: number[]; resolve: number[] }>();
  for (let bucket = bucketOf(startMs); bucket < endMs; bucket = monthly ? nextMonth(bucket) : bucket + 7 * DAY_MS) {
    periods.set(bucket, new Map());
    periodCategories.set(bucket, new Map());
    periodTimes.set(bucket, { ack: [], resolve: [] });
  }
  const nowMs = Date.parse(normaliseJiraOffset(period.now));
  const openByAge = OPEN_AGE_BUCKETS.map((bucket) => ({ ...bucket, keys: [] as string[] }));
  const reopenedKeys: string[] = [];

  for (const { incident, moves, linkedToProblem } of inPeriod) {
    const name = incident.priority?.name ?? NO_PRIORITY;
    const row = priorities.get(name) ?? { count: 0, ack: [], resolve: [], met: 0, missed: 0 };
    priorities.set(name, row);
    row.count += 1;
    const milestones = incidentMilestones(incident, moves);
    const metrics = incidentMetrics(milestones);
    const ack = metrics.find((metric) => metric.kind === 'timeToAcknowledge')?.minutes ?? null;
    const resolve = metrics.find((metric) => metric.kind === 'timeToResolve')?.minutes ?? null;
    if (ack !== null) row.ack.push(ack);
    if (resolve !== null) row.resolve.push(resolve);
    const { sla } = incidentSla(incident, settings, period.now);
    if (sla.state === 'met') row.met += 1;
    if (sla.state === 'missed') row.missed += 1;

    const categoryKey = JSON.stringify([incident.category, incident.subcategory]);
    const group = categories.get(categoryKey) ?? {
      category: incident.category,
      subcategory: incident.subcategory,
      keys: [],
      linked: false,
    };
    categories.set(categoryKey, group);
    group.keys.push(incident.key);
    group.linked ||= linkedToProblem;

    const createdMs = Date.parse(normaliseJiraOffset(incident.reportedAt));
    const counts = periods.get(bucketOf(createdMs));
    counts?.set(name, (counts.get(name) ?? 0) + 1);
    const categoryCounts = periodCategories.get(bucketOf(createdMs));
    categoryCounts?.set(categoryKey, (categoryCounts.get(categoryKey) ?? 0) + 1);
    const times = periodTimes.get(bucketOf(createdMs));
    if (ack !== null) times?.ack.push(ack);
    if (resolve !== null) times?.resolve.push(resolve);

    const resolvedAt = milestoneAt(milestones, 'resolved');
    if (resolvedAt === null || Date.parse(resolvedAt) > nowMs) {
      const ageDays = Math.max(0, nowMs - createdMs) / DAY_MS;
      openByAge
        .find((bucket) => ageDays >= bucket.minDays && (bucket.maxDays === null || ageDays < bucket.maxDays))
        ?.keys.push(incident.key);
    }
    if (moves.some((change) => change.from.categoryKey === 'done' && change.to.categoryKey !== 'done')) reopenedKeys.push(incident.key);
  }

  const rankOf = (name: string): number => {
    const index = priorityOrder.indexOf(name);
    return index >= 0 ? index : name === NO_PRIORITY ? Number.MAX_SAFE_INTEGER : priorityOrder.length;
  };
  const byPriority = [...priorities.entries()]
    .sort(([a], [b]) => rankOf(a) - rankOf(b) || a.localeCompare(b))
    .map(([priority, row]) => ({
      priority,
      count: row.count,
      timeToAcknowledgeMinutes: statistic(row.ack),
      timeToResolveMinutes: statistic(row.resolve),
      slaMet: row.met,
      slaMissed: row.missed,
    }));
  const groups = [...categories.values()].sort(
    (a, b) => b.keys.length - a.keys.length || compareNullable(a.category, b.category) || compareNullable(a.subcategory, b.subcategory),
  );
  const byKey = (a: string, b: string): number => {
    const [projectA = '', numberA = '0'] = a.split('-');
    const [projectB = '', numberB = '0'] = b.split('-');
    return projectA.localeCompare(projectB) || Number(numberA) - Number(numberB);
  };
  const priorityNames = byPriority.map((row) => row.priority);
  const sum = (values: Iterable<number>): number => [...values].reduce((total, value) => total + value, 0);
  return {
    from: period.from,
    to: period.to,
    incidents: inPeriod.length,
    bucket: monthly ? 'month' : 'week',
    byPriority,
    byCategory: groups.map((group) => ({ category: group.category, subcategory: group.subcategory, count: group.keys.length })),
    byPeriod: [...periods.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, counts]) => ({
        start: isoDay(start),
        count: sum(counts.values()),
        byPriority: priorityNames
          .filter((priority) => counts.has(priority))
          .map((priority) => ({ priority, count: counts.get(priority)! })),
        timeToAcknowledgeMinutes: statistic(periodTimes.get(start)?.ack ?? []),
        timeToResolveMinutes: statistic(periodTimes.get(start)?.resolve ?? []),
        byCategory: groups.flatMap((group) => {
          const count = periodCategories.get(start)?.get(JSON.stringify([group.category, group.subcategory]));
          return count === undefined ? [] : [{ category: group.category, subcategory: group.subcategory, count }];
        }),
      })),
    openByAge: openByAge.map(({ keys, ...bucket }) => ({ ...bucket, count: keys.length, incidentKeys: [...keys].sort(byKey) })),
    reopened: { count: reopenedKeys.length, incidentKeys: [...reopenedKeys].sort(byKey) },
    problemCandidates: groups
      .filter(
        (group): group is typeof group & { category: string; subcategory: string } =>
          group.category !== null && group.subcategory !== null && !group.linked && group.keys.length >= period.minIncidents,
      )
      .map((group) => ({ category: group.category, subcategory: group.subcategory, incidentKeys: [...group.keys].sort(byKey) })),
  };
}
