import { normaliseJiraOffset } from '../incident/incident';

/** Epoch milliseconds of a Jira or ISO timestamp, or null when it does not parse. */
export function epochMillis(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const millis = Date.parse(normaliseJiraOffset(value));
  return Number.isNaN(millis) ? null : millis;
}

export function toUtcIso(value: string | null | undefined): string | null {
  const millis = epochMillis(value);
  return millis === null ? null : new Date(millis).toISOString();
}

export function minutesBetween(startIso: string | null, endIso: string | null): number | null {
  const start = epochMillis(startIso);
  const end = epochMillis(endIso);
  if (start === null || end === null) return null;
  return Math.max(0, Math.round((end - start) / 60_000));
}

/** A zone Intl does not know (a typo, a deprecated alias on an old ICU) falls back to UTC rather than failing the page. */
const zoneChecks = new Map<string, string>();

export function usableTimeZone(timeZone: string): string {
  const known = zoneChecks.get(timeZone);
  if (known !== undefined) return known;
  let usable = 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone }).format(0);
    usable = timeZone;
  } catch {
    usable = 'UTC';
  }
  zoneChecks.set(timeZone, usable);
  return usable;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `2026-11-26 10:15 UTC` / `2026-11-26 11:15 Europe/Berlin`: unambiguous, locale-independent. */
export function formatInZone(iso: string, timeZone: string): string {
  const millis = epochMillis(iso);
  if (millis === null) return iso;
  const zone = usableTimeZone(timeZone);
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(millis).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${zone}`;
}

/**
 * An instant as people on the site read it: in the site's default zone, with UTC beside it. The
 * same for every reader, whoever generates the page. `text` is the one-line form
 * ("2026-11-26 11:15 Europe/Berlin, 10:15 UTC": the UTC date is repeated only when it differs, and
 * a site on UTC gets the time once); `site` and `utc` are the columns of a table.
 */
export interface SiteTime {
  zone: string;
  /** `2026-11-26 11:15` in the site's zone. */
  site: string;
  /** `2026-11-26 10:15` in UTC. */
  utc: string;
  text: string;
}

export function siteTimeOf(iso: string, timeZone: string): SiteTime {
  const zone = usableTimeZone(timeZone);
  const utcText = formatInZone(iso, 'UTC');
  const siteText = formatInZone(iso, zone);
  const utc = utcText.replace(/ UTC$/, '');
  const site = siteText.slice(0, siteText.length - zone.length - 1);
  if (zone === 'UTC') return { zone, site, utc, text: utcText };
  const sameDate = site.slice(0, 10) === utc.slice(0, 10);
  return { zone, site, utc, text: `${siteText}, ${sameDate ? utcText.slice(11) : utcText}` };
}

/** `1 d 2 h 5 min`, for durations shown to people; the model keeps plain minutes. */
export function formatMinutes(minutes: number): string {
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts = [days > 0 ? `${days} d` : '', hours > 0 ? `${hours} h` : '', rest > 0 || minutes === 0 ? `${rest} min` : ''];
  return parts.filter((part) => part.length > 0).join(' ');
}
