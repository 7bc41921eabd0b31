/**
 * The page's period: a preset (the last N days, today included) or a custom from..to. Days are
 * calendar days in UTC, as the resolver reads them (YYYY-MM-DD, both ends included).
 */
export interface Period {
  from: string;
  to: string;
  /** The preset's day count, or 'custom'. */
  choice: number | 'custom';
}

const DAY_MS = 86_400_000;

export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Milliseconds at 00:00 UTC of a valid YYYY-MM-DD day, or null for anything else (e.g. 2026-02-30). */
export function dayMs(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || isoDay(ms) !== day ? null : ms;
}

export function presetPeriod(days: number, todayMs: number): Period {
  const today = Math.floor(todayMs / DAY_MS) * DAY_MS;
  return { from: isoDay(today - (days - 1) * DAY_MS), to: isoDay(today), choice: days };
}

export interface PeriodProblems {
  from?: string;
  to?: string;
}

/** The longest custom period offered; the presets go up to a year. */
export const MAX_CUSTOM_DAYS = 3 * 366;

/** Checks a custom from..to as typed; each message names the field and what is expected. */
export function checkCustomPeriod(
  from: string,
  to: string,
  todayMs: number,
): { ok: true; period: Period } | { ok: false; problems: PeriodProblems } {
  const problems: PeriodProblems = {};
  const fromMs = dayMs(from.trim());
  const toMs = dayMs(to.trim());
  const today = isoDay(todayMs);
  if (from.trim() === '') problems.from = 'Enter the first day of the period (YYYY-MM-DD).';
  else if (fromMs === null) problems.from = `"${from}" is not a date: use YYYY-MM-DD, e.g. ${today}.`;
  if (to.trim() === '') problems.to = 'Enter the last day of the period (YYYY-MM-DD).';
  else if (toMs === null) problems.to = `"${to}" is not a date: use YYYY-MM-DD, e.g. ${today}.`;
  else if (to.trim() > today) problems.to = `The last day cannot be after today (${today}).`;
  if (fromMs !== null && toMs !== null && problems.to === undefined) {
    if (fromMs > toMs) problems.from = 'The first day must be on or before the last day.';
    else if ((toMs - fromMs) / DAY_MS + 1 > MAX_CUSTOM_DAYS) problems.from = `Choose at most ${MAX_CUSTOM_DAYS} days (about three years).`;
  }
  if (problems.from !== undefined || problems.to !== undefined || fromMs === null || toMs === null) return { ok: false, problems };
  return { ok: true, period: { from: from.trim(), to: to.trim(), choice: 'custom' } };
}
