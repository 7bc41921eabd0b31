import type { Incident } from '../incident/incident';
import { normaliseJiraOffset } from '../incident/incident';

/**
 * What a workflow rule answers. A denial carries the one message Jira shows on the transition,
 * so it says what is missing and how to fix it.
 */
export type RuleVerdict = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

export const ALLOWED: RuleVerdict = Object.freeze({ allowed: true });

export function denied(message: string): RuleVerdict {
  return { allowed: false, message };
}

export type StatusCategoryKey = Incident['status']['categoryKey'];

/** A workflow status as Jira's status endpoint describes it. */
export interface StatusRef {
  readonly id: string;
  readonly name: string;
  readonly categoryKey: StatusCategoryKey;
}

/** Rules gate incidents only: other work types in the same project must never be blocked. */
export function isIncident(incident: Incident): boolean {
  return incident.workType === 'incident';
}

/** A text value counts as set only if it has non-blank content. */
export function hasText(value: string | null): boolean {
  return value !== null && value.trim() !== '';
}

/** `A`, `A and B`, `A, B and C`. */
export function listOf(names: readonly string[], conjunction = 'and'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

export function quotedList(names: readonly string[], conjunction = 'or'): string {
  return listOf(
    names.map((name) => `"${name}"`),
    conjunction,
  );
}

/** Status names are matched without regard to case or surrounding blanks, as admins type them. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

export function statusNamed(status: { name: string }, names: readonly string[]): boolean {
  return names.some((name) => sameName(name, status.name));
}

/**
 * True when `priorityName` ranks at or above `threshold` in `order` (most urgent first).
 * A priority missing from the order ranks below every threshold: an unknown priority never
 * triggers the stricter requirements, and the settings schema keeps thresholds inside the order.
 */
export function priorityAtOrAbove(priorityName: string | null, threshold: string, order: readonly string[]): boolean {
  if (priorityName === null) return false;
  const rank = order.findIndex((name) => sameName(name, priorityName));
  const limit = order.findIndex((name) => sameName(name, threshold));
  return rank !== -1 && limit !== -1 && rank <= limit;
}

/** Epoch milliseconds of a Jira timestamp (`+0000` offsets included); NaN when unreadable. */
export function epochMs(timestamp: string): number {
  return Date.parse(normaliseJiraOffset(timestamp));
}
