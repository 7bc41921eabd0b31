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

export interface SlaStatus {
  targetMinutes: number | null;
  /** ISO-8601 UTC; null when the level has no target. */
  dueAt: string | null;
  /** Whole minutes until due, rounded down; negative once overdue; null without a target. */
  minutesLeft: number | null;
  overdue: boolean;
}

export interface SlaClockInput {
  level: PriorityLevel;
  /** When impact began if known, else when the issue was created: the clock runs from the start of harm. */
  startedAt: string;
  /** The moment to evaluate at. Pass the resolution time for a resolved incident so its clock stops. */
  at: string;
}

const MINUTE_MS = 60_000;

export function toEpochMs(timestamp: string, field: string): number {
  const ms = Date.parse(normaliseJiraOffset(timestamp));
  if (Number.isNaN(ms)) throw new RangeError(`${field}: expected an ISO-8601 date-time, got "${timestamp}"`);
  return ms;
}

export function slaStatus(input: SlaClockInput, targets: SlaTargets): SlaStatus {
  const targetMinutes = targets[input.level];
  if (targetMinutes === null) return { targetMinutes: null, dueAt: null, minutesLeft: null, overdue: false };
  const dueMs = toEpochMs(input.startedAt, 'startedAt') + targetMinutes * MINUTE_MS;
  const atMs = toEpochMs(input.at, 'at');
  return {
    targetMinutes,
    dueAt: new Date(dueMs).toISOString(),
    minutesLeft: Math.floor((dueMs - atMs) / MINUTE_MS),
    overdue: atMs > dueMs,
  };
}

/** "3 h 20 min left", "45 min overdue", "no SLA target". */
export function describeSla(status: SlaStatus): string {
  if (status.minutesLeft === null) return 'no SLA target';
  const minutes = Math.abs(status.minutesLeft);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const span = hours > 0 ? (rest > 0 ? `${hours} h ${rest} min` : `${hours} h`) : `${rest} min`;
  return status.overdue ? `${span} overdue` : `${span} left`;
}
