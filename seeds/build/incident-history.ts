/**
 * A deterministic year of resolved incidents for the Incident trends page (the demo's PLAT
 * project, and the trends benchmark at any size). Pure: times are minutes before "now", so the
 * same plan reads as the past year whenever the seed is written.
 *
 * The patterns a reader should find on the page:
 * - Application / Error recurs all year (about one incident a week, more in the last months) and
 *   no Problem is linked to any of them: the problem candidate;
 * - Database / Slow queries is linked to a Problem from its first incident, and its time to
 *   resolve falls from about 12 hours a year ago to about 1 hour now (the Problem's fix, rolled
 *   out in steps);
 * - the other incidents are spread over a few categories that each have a known Problem;
 * - incidents are filed mostly on weekdays in working hours (UTC), acknowledged within minutes,
 *   and a few are reopened once after being resolved.
 */

export interface HistoryCategory {
  parent: string;
  child: string;
}

export interface HistoryIncidentPlan {
  /** 1-based, in creation order. */
  index: number;
  createdMinutesAgo: number;
  category: HistoryCategory;
  impact: 'High' | 'Medium' | 'Low';
  urgency: 'High' | 'Medium' | 'Low';
  priority: 'Highest' | 'High' | 'Medium' | 'Low';
  /** Minutes after creation. */
  acknowledgedAfter: number;
  inProgressAfter: number;
  resolvedAfter: number;
  /** Reopened this many minutes after the first resolution and resolved again `resolvedAgainAfter` minutes after creation. */
  reopen: { reopenedAfter: number; resolvedAgainAfter: number } | null;
  /** Moved from Resolved to Closed this many minutes after creation; null when that moment is still ahead. */
  closedAfter: number | null;
  /** Which of HISTORY_PROBLEMS it is linked to (index), or null. */
  problem: number | null;
}

export const CANDIDATE_CATEGORY: HistoryCategory = { parent: 'Application', child: 'Error' };
export const IMPROVING_CATEGORY: HistoryCategory = { parent: 'Database', child: 'Slow queries' };

/** The known Problems of the history: the improving category's, then one per other recurring category. */
export const HISTORY_PROBLEMS: readonly { category: HistoryCategory; summary: string }[] = [
  { category: IMPROVING_CATEGORY, summary: 'Reporting queries scan the orders table without an index' },
  { category: { parent: 'Network', child: 'DNS' }, summary: 'Resolver cache expires records of internal services together' },
  { category: { parent: 'Infrastructure', child: 'Capacity' }, summary: 'Batch jobs and peak traffic share one node pool' },
  { category: { parent: 'Third party', child: 'Vendor outage' }, summary: 'Single email delivery vendor without failover' },
  { category: { parent: 'Application', child: 'Degraded performance' }, summary: 'Image resizing runs in the request path' },
];

const DAY = 24 * 60;
const YEAR_DAYS = 365;

/** mulberry32: a small, well-known deterministic PRNG (the plan must be the same on every machine). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRIORITY_OF = { Highest: ['High', 'High'], High: ['High', 'Medium'], Medium: ['Medium', 'Medium'], Low: ['Low', 'Low'] } as const;

/**
 * `count` resolved incidents created over the year before now (the newest two days before now, so
 * each is resolved), oldest first. `nowMinutesOfDay` is now's time of day in minutes (UTC), so
 * incidents land in working hours.
 */
export function incidentHistoryPlan(
  count: number,
  options: { nowMs: number; seed?: number } = { nowMs: Date.UTC(2026, 10, 26, 14) },
): HistoryIncidentPlan[] {
  const next = random(options.seed ?? 20261126);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const plans: HistoryIncidentPlan[] = [];
  const span = (YEAR_DAYS - 2) * DAY;
  const others = HISTORY_PROBLEMS.slice(1);
  for (let i = 0; i < count; i += 1) {
    // Evenly spread with jitter, then moved into working hours on a weekday.
    const base = Math.round(span - ((i + next()) / count) * span) + 2 * DAY;
    const createdMs = options.nowMs - base * 60_000;
    const day = new Date(createdMs);
    const weekday = day.getUTCDay();
    const shiftDays = weekday === 6 ? -1 : weekday === 0 ? 1 : 0; // Saturday → Friday, Sunday → Monday (a few weekend ones stay, below)
    const hour = 7 + Math.floor(next() * 11);
    const minute = Math.floor(next() * 60);
    const keepWeekend = next() < 0.15;
    const dayStart = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()) + (keepWeekend ? 0 : shiftDays) * DAY * 60_000;
    let placedMs = dayStart + (hour * 60 + minute) * 60_000;
    if (placedMs > options.nowMs - 2 * DAY * 60_000) placedMs = options.nowMs - 2 * DAY * 60_000 - (i % 60) * 60_000;
    const createdMinutesAgo = Math.round((options.nowMs - placedMs) / 60_000);
    // Year progress 0 (a year ago) .. 1 (now).
    const progress = 1 - createdMinutesAgo / (YEAR_DAYS * DAY);

    // Fixed shares (not drawn), so every 30-day window holds a few of each: one in six is the
    // candidate, one in three in the last months (a regression nobody has traced yet).
    const slot = i % 6;
    const kind = slot === 0 || (progress > 0.7 && slot === 3) ? 'candidate' : slot === 1 || slot === 4 ? 'improving' : 'other';
    const problem = kind === 'candidate' ? null : kind === 'improving' ? 0 : 1 + Math.floor(next() * others.length);
    const category = kind === 'candidate' ? CANDIDATE_CATEGORY : HISTORY_PROBLEMS[problem!]!.category;
    const priority = pick(['Highest', 'High', 'High', 'Medium', 'Medium', 'Medium', 'Medium', 'Low', 'Low', 'Medium'] as const);
    const [impact, urgency] = PRIORITY_OF[priority];
    const acknowledgedAfter = 2 + Math.round(next() * (priority === 'Highest' ? 8 : 25));
    const inProgressAfter = acknowledgedAfter + 3 + Math.round(next() * 20);
    const typicalHours = kind === 'improving' ? 12 - 11 * progress : kind === 'candidate' ? 3 : 2 + next() * 5;
    // Highest incidents get everyone at once: most are resolved within about an hour (their SLA), some are not.
    const hours = priority === 'Highest' ? Math.min(typicalHours, 0.5 + next()) : typicalHours;
    const resolvedAfter = Math.max(inProgressAfter + 10, Math.round(hours * 60 * (0.6 + next() * 0.8)));
    const reopen = next() < 0.06 ? { reopenedAfter: resolvedAfter + 60 + Math.round(next() * 600), resolvedAgainAfter: 0 } : null;
    if (reopen) reopen.resolvedAgainAfter = reopen.reopenedAfter + 30 + Math.round(next() * 240);
    const lastResolution = reopen ? reopen.resolvedAgainAfter : resolvedAfter;
    const closedCandidate = lastResolution + 2 * DAY + Math.round(next() * DAY);
    const closedAfter = closedCandidate < createdMinutesAgo ? closedCandidate : null;
    plans.push({
      index: i + 1,
      createdMinutesAgo,
      category,
      impact,
      urgency,
      priority,
      acknowledgedAfter,
      inProgressAfter,
      resolvedAfter,
      reopen,
      closedAfter,
      problem,
    });
  }
  return plans.sort((a, b) => b.createdMinutesAgo - a.createdMinutesAgo).map((plan, index) => ({ ...plan, index: index + 1 }));
}

/** The status moves of a planned incident, in order: [minutes after creation, from, to]. */
export function historyStatusMoves(plan: HistoryIncidentPlan): [number, string, string][] {
  const moves: [number, string, string][] = [
    [plan.acknowledgedAfter, 'Open', 'Triaged'],
    [plan.inProgressAfter, 'Triaged', 'In Progress'],
    [plan.resolvedAfter, 'In Progress', 'Resolved'],
  ];
  if (plan.reopen)
    moves.push([plan.reopen.reopenedAfter, 'Resolved', 'In Progress'], [plan.reopen.resolvedAgainAfter, 'In Progress', 'Resolved']);
  if (plan.closedAfter !== null) moves.push([plan.closedAfter, 'Resolved', 'Closed']);
  return moves;
}
