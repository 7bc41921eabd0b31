/**
 * The Incident trends page (`trends.load`) over a project's past year: N resolved incidents of the
 * trends history (seeds/build/incident-history.ts), read as a responder.
 */
import { BENCH_USERS } from './support/bench-site';
import { addIncidentHistory } from './support/trends-history-site';
import type { LowerBound, Scenario } from './scenarios';

const DAY_MS = 86_400_000;
/** src/usecases/trends/load-incident-trends.ts TRENDS_BULK_CONCURRENCY (a constant here so the bound is stated, not read from the code it bounds). */
const BULK_AT_ONCE = 10;

/**
 * Fewest calls: the id search pages (5,000 ids each), one issue bulk read per 100 incidents, one
 * changelog bulk read per 1,000, the statuses and the viewer's Create issues permission. Sequential
 * round trips: the search pages one after another (each page's token comes from the one before;
 * the configuration reads travel with the first), then the bulk reads in waves of 10 (Jira's burst
 * limit of 100 requests a second per endpoint, at 100 ms a call).
 */
export function trendsPageBound(incidents: number): LowerBound {
  const searchPages = Math.max(1, Math.ceil(incidents / 5000));
  const issueReads = Math.ceil(incidents / 100);
  const changelogReads = Math.ceil(incidents / 1000);
  const waves = Math.max(Math.ceil(issueReads / BULK_AT_ONCE), Math.ceil(changelogReads / BULK_AT_ONCE));
  return {
    jiraCalls: searchPages + issueReads + changelogReads + 2,
    confluenceCalls: 0,
    sequentialRoundTrips: searchPages + waves,
    explanation: 'ceil(n/5000) id search pages (one after another), then ceil(n/100) issue and ceil(n/1000) changelog bulk reads in waves of 10 side by side; statuses and mypermissions alongside the search',
  };
}

export function trendsPageScenario(incidents: number): Scenario {
  return {
    name: `incident trends page, ${incidents} incidents`,
    group: 'incident trends',
    size: incidents,
    async prepare(forge) {
      const nowMs = Date.now();
      addIncidentHistory(forge.site, incidents, { nowMs });
      const { trendsPageResolver } = await import('../src/entry/resolvers/trends-page-resolver');
      const { TRENDS_RESOLVER_KEYS } = await import('../src/contracts/incident-trends');
      const payload = { from: new Date(nowMs - 365 * DAY_MS).toISOString().slice(0, 10), to: new Date(nowMs).toISOString().slice(0, 10) };
      const load = () => forge.invoke(trendsPageResolver, TRENDS_RESOLVER_KEYS.load, payload, { accountId: BENCH_USERS.responder.accountId, extension: { type: 'jira:projectPage', project: { key: 'INC' } } });
      // Warm-up: the field map and settings land in app storage, as after the first view on a site.
      await load();
      return async () => {
        const result = (await load()) as { success?: boolean; error?: { code?: string; message?: string }; data?: { trends?: { incidents?: number } } };
        return result.success ? `ok (${result.data?.trends?.incidents ?? '?'} incidents)` : `failed: ${result.error?.code ?? '?'} ${result.error?.message ?? ''}`;
      };
    },
    lowerBound: () => trendsPageBound(incidents),
    notes: 'read as the viewer: Jira leaves out what they may not browse; no per-incident request',
  };
}
