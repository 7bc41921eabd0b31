import { z } from 'zod';
import { IssueKey } from '../incident/incident';
import { PriorityLevel, levelRank } from './priority-level';

/**
 * One open incident as the ranking sees it: what the order needs and no more, so the whole index
 * fits in one app-storage entry. Timestamps are ISO-8601 UTC (`toISOString()` form).
 */
export const RankEntry = z.object({
  key: IssueKey,
  projectKey: z.string(),
  /** null when the incident has no usable impact/urgency yet: ranked after every prioritized one. */
  priorityLevel: PriorityLevel.nullable(),
  slaDueAt: z.string().nullable(),
  affectedUsers: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
});
export type RankEntry = z.infer<typeof RankEntry>;

function epoch(timestamp: string | null): number | null {
  if (timestamp === null) return null;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? null : ms;
}

/** Ascending numbers with null last. */
function compareNullableAsc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function keyParts(key: string): [string, number] {
  const dash = key.lastIndexOf('-');
  return [key.slice(0, dash), Number(key.slice(dash + 1))];
}

/**
 * The total order over open incidents, most pressing first:
 * 1. priority level (P1 first; unprioritized last),
 * 2. SLA time left (least first; ordering by due time is the same as by time left at any instant,
 *    so the order does not depend on the clock; no target last),
 * 3. affected users (most first; unknown counts as 0),
 * 4. age (oldest first),
 * 5. issue key (project, then number), which makes the order total: keys are unique.
 */
export function compareIncidents(a: RankEntry, b: RankEntry): number {
  const byLevel = compareNullableAsc(
    a.priorityLevel === null ? null : levelRank(a.priorityLevel),
    b.priorityLevel === null ? null : levelRank(b.priorityLevel),
  );
  if (byLevel !== 0) return byLevel;
  const byDue = compareNullableAsc(epoch(a.slaDueAt), epoch(b.slaDueAt));
  if (byDue !== 0) return byDue;
  const byUsers = (b.affectedUsers ?? 0) - (a.affectedUsers ?? 0);
  if (byUsers !== 0) return byUsers;
  const byAge = compareNullableAsc(epoch(a.createdAt), epoch(b.createdAt));
  if (byAge !== 0) return byAge;
  const [projectA, numberA] = keyParts(a.key);
  const [projectB, numberB] = keyParts(b.key);
  if (projectA !== projectB) return projectA < projectB ? -1 : 1;
  return numberA - numberB;
}

export function sortIncidents(entries: readonly RankEntry[]): RankEntry[] {
  return [...entries].sort(compareIncidents);
}

export interface IncidentRank {
  /** 1-based: 1 is the most pressing open incident. */
  position: number;
  total: number;
  above: RankEntry | null;
  below: RankEntry | null;
}

/**
 * "k of n open incidents" for `subject`, placed by its own (fresh) values even when the index holds
 * an older copy of it. The subject is always counted: pass it only when it is open. One linear pass
 * rather than a sort, since a panel view needs only the position and the two neighbours.
 */
export function rankOf(subject: RankEntry, openIncidents: readonly RankEntry[]): IncidentRank {
  let ahead = 0;
  let total = 1;
  let above: RankEntry | null = null;
  let below: RankEntry | null = null;
  for (const entry of openIncidents) {
    if (entry.key === subject.key) continue;
    total += 1;
    if (compareIncidents(entry, subject) < 0) {
      ahead += 1;
      if (above === null || compareIncidents(entry, above) > 0) above = entry;
    } else if (below === null || compareIncidents(entry, below) < 0) {
      below = entry;
    }
  }
  return { position: ahead + 1, total, above, below };
}
