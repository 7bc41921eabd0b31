import { z } from 'zod';

/**
 * The app's own five priority levels. P1 is the most urgent. They are mapped to the site's Jira
 * priorities by name in the settings (`priorityMapping`), because sites rename and reorder theirs.
 */
export const PRIORITY_LEVELS = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export const PriorityLevel = z.enum(PRIORITY_LEVELS);
export type PriorityLevel = z.infer<typeof PriorityLevel>;

/** 0 for P1 … 4 for P5: lower is more urgent. */
export function levelRank(level: PriorityLevel): number {
  return PRIORITY_LEVELS.indexOf(level);
}

/** Moves `levels` steps towards P1, stopping at P1. */
export function raiseLevel(level: PriorityLevel, levels: number): PriorityLevel {
  const index = Math.max(0, levelRank(level) - Math.max(0, Math.trunc(levels)));
  return PRIORITY_LEVELS[index] ?? level;
}

/** A validation problem in priority input or settings: `field` is a dotted path (`matrix.cells.High.Low`). */
export interface PriorityProblem {
  field: string;
  message: string;
}

export type PriorityOutcome<T> = { ok: true; value: T } | { ok: false; problem: PriorityProblem };

export function problemOf(field: string, message: string): { ok: false; problem: PriorityProblem } {
  return { ok: false, problem: { field, message } };
}

/** zod issue paths → the dotted field names our errors use. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((part) => String(part)).join('.');
}
