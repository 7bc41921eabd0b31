import { z } from 'zod';
import { PRIORITY_LEVELS, type PriorityLevel } from '../priority/priority-level';
import { slaDurationText } from '../priority/sla-clock';

/**
 * How often stakeholders hear about an incident: a next-update target in minutes per priority
 * level, null for levels that have no cadence (no reminders, no overdue line).
 */
const TargetMinutes = z
  .number()
  .int('expected whole minutes')
  .min(5, 'expected at least 5 minutes (the reminder job runs every 5 minutes)')
  .max(7 * 24 * 60, 'expected at most 7 days')
  .nullable();
export const CadenceTargets = z.object(
  Object.fromEntries(PRIORITY_LEVELS.map((level) => [level, TargetMinutes])) as Record<PriorityLevel, typeof TargetMinutes>,
);
export type CadenceTargets = z.infer<typeof CadenceTargets>;

export function defaultCadenceTargets(): CadenceTargets {
  return { P1: 30, P2: 60, P3: 240, P4: null, P5: null };
}

/** The levels the reminder job watches (the "overdue P1/P2"); lower levels only show the cadence line. */
export const REMINDED_LEVELS: readonly PriorityLevel[] = ['P1', 'P2'];

const MINUTE_MS = 60_000;

/**
 * When the next update is due: the time the last update promised, else last update (or, before
 * any update, impact start) plus the level's target. Null when the level has no target.
 */
export function nextUpdateDue(
  input: { level: PriorityLevel | null; lastUpdateAt: string | null; promisedNextAt: string | null; startedAt: string },
  targets: CadenceTargets,
): string | null {
  if (input.level === null) return null;
  const target = targets[input.level];
  if (target === null) return null;
  const fromTarget = Date.parse(input.lastUpdateAt ?? input.startedAt) + target * MINUTE_MS;
  // A promise sooner than the target counts; a later one cannot stretch the priority's cadence.
  const promised = input.promisedNextAt === null ? Number.NaN : Date.parse(input.promisedNextAt);
  const due = Number.isNaN(promised) ? fromTarget : Math.min(promised, fromTarget);
  return new Date(due).toISOString();
}

export type CadenceLine = { state: 'none'; text: string } | { state: 'due' | 'overdue'; minutes: number; dueAt: string; text: string };

/** "next update due in 12 min" / "update overdue by 7 min" / "no update cadence for P4". */
export function cadenceLine(dueAt: string | null, now: string, level: PriorityLevel | null): CadenceLine {
  if (dueAt === null)
    return {
      state: 'none',
      text: level === null ? 'no update cadence until the incident is prioritized' : `no update cadence for ${level}`,
    };
  const minutes = Math.ceil((Date.parse(dueAt) - Date.parse(now)) / MINUTE_MS);
  if (minutes > 0) return { state: 'due', minutes, dueAt, text: `next update due in ${slaDurationText(minutes)}` };
  const late = Math.max(0, -minutes);
  return { state: 'overdue', minutes: late, dueAt, text: late === 0 ? 'update due now' : `update overdue by ${slaDurationText(late)}` };
}

/**
 * Whether the reminder job should remind now. One reminder per overdue period: a period is named
 * by the due time it missed, so the job (every 5 minutes) reminds once, and again only after an
 * update (or a priority change) sets a new due time that is missed in turn.
 */
export function reminderDecision(input: {
  level: PriorityLevel | null;
  dueAt: string | null;
  remindedForDueAt: string | null;
  now: string;
}): { remind: false; reason: string } | { remind: true; periodDueAt: string } {
  if (input.level === null || !REMINDED_LEVELS.includes(input.level)) return { remind: false, reason: 'not a reminded priority' };
  if (input.dueAt === null) return { remind: false, reason: 'no cadence target' };
  if (Date.parse(input.dueAt) > Date.parse(input.now)) return { remind: false, reason: 'not overdue' };
  if (input.remindedForDueAt !== null && Date.parse(input.remindedForDueAt) === Date.parse(input.dueAt))
    return { remind: false, reason: 'already reminded for this overdue period' };
  return { remind: true, periodDueAt: input.dueAt };
}
