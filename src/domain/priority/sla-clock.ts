import { z } from 'zod';
import { normaliseJiraOffset } from '../incident/incident';
import type { PriorityLevel } from './priority-level';

/** Minutes to resolve per level; null means the level has no target (P5 by default). */
const TargetMinutes = z.number().int('expected whole minutes').positive('expected a positive number of minutes').nullable();

export const SlaTargetsSchema = z.object({ P1: TargetMinutes, P2: TargetMinutes, P3: TargetMinutes, P4: TargetMinutes, P5: TargetMinutes });
export type SlaTargets = z.infer<typeof SlaTargetsSchema>;

export function defaultSlaTargets(): SlaTargets {
  return { P1: 60, P2: 8 * 60, P3: 24 * 60, P4: 48 * 60, P5: null };
}

/**
 * - `unprioritized`: no level yet, so no clock at all;
 * - `untargeted`: the level has no resolution target;
 * - `running`: counting towards `dueAt`;
 * - `met` / `missed`: the clock stopped (see `slaStopOf`) before / after `dueAt`;
 * - `stopped`: the incident is done but no time it ended is recorded, so the outcome is unknown.
 */
export type SlaState = 'unprioritized' | 'untargeted' | 'running' | 'met' | 'missed' | 'stopped';

export interface SlaStatus {
  state: SlaState;
  targetMinutes: number | null;
  /** ISO-8601 UTC; null when the level has no target. */
  dueAt: string | null;
  /**
   * Whole minutes until due, rounded down, counted to now while running and to the stop once
   * stopped; negative once overdue; null without a target or a known stop.
   */
  minutesLeft: number | null;
  /** Running past due, or stopped after it. */
  overdue: boolean;
  /** ISO-8601 UTC moment the clock stopped; null while it runs or when that moment is unknown. */
  stoppedAt: string | null;
}

/** What the stop rule reads about an incident; every reader of the SLA passes the same facts. */
export interface SlaStopFacts {
  statusCategoryKey: 'new' | 'indeterminate' | 'done' | 'undefined';
  /** The incident's Service restored field. */
  serviceRestoredAt: string | null;
  /** Jira's resolution date (`resolutiondate`). */
  resolutionDate: string | null;
  /**
   * When the incident moved from a not-done status into the done one it is in: Jira's
   * `statuscategorychangedate` while the status is done (moves between two done statuses,
   * Resolved → Closed, do not change the category, so they do not move it).
   */
  enteredDoneAt: string | null;
}

export type SlaStop = { stopped: false } | { stopped: true; at: string | null };

/**
 * When the SLA clock stops. The demo's definition of resolved is "the service resumes
 * functioning", so: the Service restored time when recorded (whatever the status: an incident
 * kept open for monitoring after the fix has met or missed its SLA already); else, once the
 * incident is in a done status, its resolution date; else the move into that done status.
 * The resolution date and the done move count only while the status is done, because a
 * reopened issue keeps its resolution date on workflows that do not clear it.
 */
export function slaStopOf(facts: SlaStopFacts): SlaStop {
  if (facts.serviceRestoredAt !== null) return { stopped: true, at: facts.serviceRestoredAt };
  if (facts.statusCategoryKey !== 'done') return { stopped: false };
  return { stopped: true, at: facts.resolutionDate ?? facts.enteredDoneAt };
}

export interface SlaClockInput {
  level: PriorityLevel;
  /** When impact began if known, else when the issue was created: the clock runs from the start of harm. */
  startedAt: string;
  /** The moment to evaluate a running clock at (now). */
  at: string;
  /** From `slaStopOf`; omitted for a running clock. */
  stop?: SlaStop;
}

const MINUTE_MS = 60_000;

export function toEpochMs(timestamp: string, field: string): number {
  const ms = Date.parse(normaliseJiraOffset(timestamp));
  if (Number.isNaN(ms)) throw new RangeError(`${field}: expected an ISO-8601 date-time, got "${timestamp}"`);
  return ms;
}

export const UNPRIORITIZED_SLA: SlaStatus = Object.freeze({
  state: 'unprioritized',
  targetMinutes: null,
  dueAt: null,
  minutesLeft: null,
  overdue: false,
  stoppedAt: null,
});

/** The clock for a target in minutes (null: no target), started at `startedAt`, stopped per `stop`, read at `at`. */
export function slaClock(targetMinutes: number | null, startedAt: string, at: string, stop: SlaStop = { stopped: false }): SlaStatus {
  const stoppedAt = stop.stopped && stop.at !== null ? new Date(toEpochMs(stop.at, 'stoppedAt')).toISOString() : null;
  if (targetMinutes === null)
    return { state: 'untargeted', targetMinutes: null, dueAt: null, minutesLeft: null, overdue: false, stoppedAt };
  const dueMs = toEpochMs(startedAt, 'startedAt') + targetMinutes * MINUTE_MS;
  const dueAt = new Date(dueMs).toISOString();
  if (stop.stopped && stoppedAt === null)
    return { state: 'stopped', targetMinutes, dueAt, minutesLeft: null, overdue: false, stoppedAt: null };
  const atMs = stoppedAt === null ? toEpochMs(at, 'at') : Date.parse(stoppedAt);
  const overdue = atMs > dueMs;
  return {
    state: stoppedAt === null ? 'running' : overdue ? 'missed' : 'met',
    targetMinutes,
    dueAt,
    minutesLeft: Math.floor((dueMs - atMs) / MINUTE_MS),
    overdue,
    stoppedAt,
  };
}

export function slaStatus(input: SlaClockInput, targets: SlaTargets): SlaStatus {
  return slaClock(targets[input.level], input.startedAt, input.at, input.stop);
}

/** "45 min", "2 h 5 min", "3 d 4 h": the units of the panel's clock. */
export function slaDurationText(totalMinutes: number): string {
  const minutes = Math.abs(Math.trunc(totalMinutes));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/** "3 h 20 min left", "45 min overdue", "met, with 12 min to spare", "missed by 2 h 5 min", "no SLA target". */
export function describeSla(status: SlaStatus): string {
  switch (status.state) {
    case 'unprioritized':
      return 'no SLA clock until the incident is prioritized';
    case 'untargeted':
      return 'no SLA target';
    case 'stopped':
      return 'clock stopped; no restore or resolution time is recorded';
    case 'met':
      return `met, with ${slaDurationText(status.minutesLeft ?? 0)} to spare`;
    case 'missed':
      return `missed by ${slaDurationText(status.minutesLeft ?? 0)}`;
    case 'running':
      return status.overdue ? `${slaDurationText(status.minutesLeft ?? 0)} overdue` : `${slaDurationText(status.minutesLeft ?? 0)} left`;
  }
}
