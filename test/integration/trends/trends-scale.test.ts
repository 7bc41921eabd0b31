import { addIncidentHistory } from '../../../bench/support/trends-history-site';
import { BENCH_USERS, startBenchForge, type BenchForge } from '../../../bench/support/bench-site';
import { incidentHistoryPlan } from '../../../seeds/build/incident-history';
import { TRENDS_RESOLVER_KEYS, type TrendsView } from '../../../src/contracts/incident-trends';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { median } from '../../../src/domain/trends/incident-trends';
import { trendsPageResolver } from '../../../src/entry/resolvers/trends-page-resolver';
import { TRENDS_BULK_CONCURRENCY } from '../../../src/usecases/trends/load-incident-trends';

const INCIDENTS = 2_500;
const DAY_MS = 86_400_000;

describe('Incident trends page over thousands of incidents', () => {
  let forge: BenchForge;
  const nowMs = Date.now();
  beforeAll(async () => {
    forge = await startBenchForge();
    addIncidentHistory(forge.site, INCIDENTS, { nowMs });
  }, 60_000);
  afterAll(() => forge?.dispose());

  it('reads them in bulk (ids 5,000 a page, fields 100 a call, status changes 1,000 issues a call, at most 10 calls at once) and gets the plan\'s numbers', async () => {
    const inFlight = new Map<string, number>();
    const maxInFlight = new Map<string, number>();
    const handle = forge.site.handle.bind(forge.site);
    Object.assign(forge.site, {
      handle: async (req: Parameters<BenchForge['site']['handle']>[0]) => {
        const endpoint = `${req.method} ${req.path}`;
        inFlight.set(endpoint, (inFlight.get(endpoint) ?? 0) + 1);
        maxInFlight.set(endpoint, Math.max(maxInFlight.get(endpoint) ?? 0, inFlight.get(endpoint)!));
        try {
          return await handle(req);
        } finally {
          inFlight.set(endpoint, inFlight.get(endpoint)! - 1);
        }
      },
    });
    const before = forge.site.stats.log.length;
    const from = new Date(nowMs - 365 * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(nowMs).toISOString().slice(0, 10);
    const result = (await forge.invoke(trendsPageResolver, TRENDS_RESOLVER_KEYS.load, { from, to }, { accountId: BENCH_USERS.responder.accountId, extension: { type: 'jira:projectPage', project: { key: 'INC' } } })) as ResolverResult<TrendsView>;
    if (!result.success) throw new Error(result.error.message);
    const requests = forge.site.stats.log.slice(before).filter((entry) => entry.product === 'jira');
    const count = (path: string) => requests.filter((entry) => entry.path === path).length;
    expect(count('/rest/api/3/search/jql')).toBe(1);
    expect(count('/rest/api/3/issue/bulkfetch')).toBe(Math.ceil(INCIDENTS / 100));
    expect(count('/rest/api/3/changelog/bulkfetch')).toBe(Math.ceil(INCIDENTS / 1000));
    expect(requests.filter((entry) => /\/issue\/[A-Z]+-\d+/.test(entry.path))).toEqual([]);
    expect(maxInFlight.get('POST /rest/api/3/issue/bulkfetch')).toBe(TRENDS_BULK_CONCURRENCY);

    const trends = result.data.trends;
    const plans = incidentHistoryPlan(INCIDENTS, { nowMs });
    expect(trends.incidents).toBe(INCIDENTS);
    for (const row of trends.byPriority) {
      const ofPriority = plans.filter((plan) => plan.priority === row.priority);
      expect(row.count).toBe(ofPriority.length);
      // Time to acknowledge comes from the status changes alone: the changelog bulk read is what makes it right.
      expect(row.timeToAcknowledgeMinutes.median).toBe(median(ofPriority.map((plan) => plan.acknowledgedAfter)));
      expect(row.timeToResolveMinutes.median).toBe(median(ofPriority.map((plan) => plan.reopen?.resolvedAgainAfter ?? plan.resolvedAfter)));
    }
    expect(trends.reopened.count).toBe(plans.filter((plan) => plan.reopen !== null).length);
    expect(trends.problemCandidates.map((row) => `${row.category} / ${row.subcategory}`)).toContain('Application / Error');
  }, 120_000);
});
