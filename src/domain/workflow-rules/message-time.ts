import { siteTimeOf } from '../postmortem/time';

/**
 * A time in a validator message, as people on the site read it: in the site's default zone and
 * in UTC, "2026-11-26 11:15 Europe/Berlin, 10:15 UTC" (the UTC date is repeated only when it
 * differs), or once when the site runs on UTC. A raw Jira timestamp
 * ("2026-11-26T10:15:00.000+0000") means little to someone moving an issue.
 */
export function siteTime(timestamp: string, siteTimeZone: string): string {
  return siteTimeOf(timestamp, siteTimeZone).text;
}
