import { PRIORITY_RESOLVER_KEYS, type PriorityPanelView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { maintainRankingIndex } from '../../../src/usecases/priority/maintain-ranking-index';
import { productionPriorityDeps } from '../../../src/usecases/priority/priority-deps';
import { rankNeighbourHintKey } from '../../../src/usecases/priority/view-priority-panel';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { recordExchanges } from '../../../bench/support/exchange-recorder';
import { sequentialDepth } from '../../../bench/request-log';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { DEMO_SEED, addCatalogOptions, FIELD, PEOPLE, jiraRequestsSince, panelCall } from './priority-site';

const LEVELS = ['High', 'Medium', 'Low'] as const;

/** Adds open incidents directly (no events), with varied assessments and ages. */
function addOpenIncidents(forge: LocalForge, count: number): void {
  for (let i = 0; i < count; i += 1) {
    forge.site.jira.addIssue({
      project: i % 4 === 0 ? 'OPS' : 'INC',
      issueType: 'Incident',
      summary: `Generated incident ${i}`,
      status: i % 4 === 0 ? 'To Do' : 'Open',
      created: new Date(Date.parse('2026-11-20T00:00:00Z') + i * 3_600_000).toISOString().replace('Z', '+0000'),
      fields: {
        [FIELD.impact]: { value: LEVELS[i % 3] },
        [FIELD.urgency]: { value: LEVELS[(i >> 1) % 3] },
        [FIELD.affectedUsers]: (i * 37) % 500,
      },
    });
  }
}

/** Runs the scheduled maintenance (as Forge would every five minutes) until the index is rebuilt. */
async function maintain(forge: LocalForge): Promise<void> {
  const progress = await forge.asInvocation({ accountId: forge.site.appAccountId, moduleKey: 'ranking-maintenance' }, () =>
    maintainRankingIndex(productionPriorityDeps(), () => true),
  );
  if (progress.state !== 'done' && progress.state !== 'idle') throw new Error(`maintenance ended ${JSON.stringify(progress)}`);
}

const appSearches = (forge: LocalForge, from: number) =>
  jiraRequestsSince(forge, from).filter((entry) => entry.actor === forge.site.appAccountId && entry.path.endsWith('/search/jql'));

describe('panel view cost', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const view = async (accountId: string, issueKey: string) => {
    const result = (await panelCall(forge, accountId, PRIORITY_RESOLVER_KEYS.view, { issueKey })) as ResolverResult<PriorityPanelView>;
    if (!result.success) throw new Error(`view failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  it("builds a small site's index on the first view, in one bounded step", async () => {
    addOpenIncidents(forge, 10);
    const first = forge.site.stats.log.length;
    expect((await view(PEOPLE.priya, 'INC-3')).rank?.total).toBe(15);
    expect(appSearches(forge, first)).toHaveLength(1);
  });

  it('answers "being built" on a larger site\'s first view instead of rebuilding on the viewer\'s path', async () => {
    addOpenIncidents(forge, 200);
    const first = forge.site.stats.log.length;
    const data = await view(PEOPLE.priya, 'INC-3');
    expect(data).toMatchObject({ rank: null, rankPending: true });
    // One bounded step at most: a single page of the search.
    expect(appSearches(forge, first)).toHaveLength(1);
  });

  it.each([10, 200])('costs at most 2 Jira calls, as the viewer, with %i more open incidents', async (extra) => {
    addOpenIncidents(forge, extra);
    await maintain(forge);
    for (const [viewer, key] of [
      [PEOPLE.priya, 'INC-3'],
      [PEOPLE.marcus, 'INC-5'],
      [PEOPLE.jonas, 'OPS-4'],
    ] as const) {
      const from = forge.site.stats.log.length;
      const data = await view(viewer, key);
      const calls = jiraRequestsSince(forge, from);
      expect(data.rank?.total).toBe(5 + extra);
      expect(calls.length).toBeLessThanOrEqual(2);
      expect(calls.every((entry) => entry.actor === viewer)).toBe(true);
    }
  });
});

describe('panel round trips', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
    addOpenIncidents(forge, 150);
    await maintain(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  /** Jira calls and the requests made one after another (Jira and storage; requests sent together count once), with a delay on each as a real network has. */
  async function trips<T>(action: () => Promise<T>): Promise<{ result: T; jira: string[]; sequential: number }> {
    const recorder = recordExchanges(forge.site, { latencyMs: 15 });
    try {
      const result = await action();
      return {
        result,
        jira: recorder.exchanges.filter((exchange) => exchange.product === 'jira').map((exchange) => `${exchange.method} ${exchange.path}`),
        sequential: sequentialDepth(recorder.exchanges),
      };
    } finally {
      recorder.stop();
    }
  }

  it('views in 3 round trips the first time: the GET with the storage reads, the index reads, the neighbours', async () => {
    const { result, jira, sequential } = await trips(() =>
      panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' }),
    );
    expect(result).toMatchObject({ success: true, data: { rank: { total: 155 } } });
    expect(jira).toEqual(['GET /rest/api/3/issue/INC-3', 'POST /rest/api/3/issue/bulkfetch']);
    expect(sequential).toBe(3);
  });

  it('views in 2 round trips once a view found the neighbours: their fetch goes beside the index reads', async () => {
    const first = await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' });
    const { result, jira, sequential } = await trips(() =>
      panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' }),
    );
    expect(jira).toEqual(['GET /rest/api/3/issue/INC-3', 'POST /rest/api/3/issue/bulkfetch']);
    expect(sequential).toBe(2);
    expect(result as ResolverResult<PriorityPanelView>).toMatchObject({
      success: true,
      data: { rank: (first as { data: PriorityPanelView }).data.rank },
    });
  });

  it("shows the index's neighbours, not remembered ones, when the ranking moved since the last view, and remembers the new ones", async () => {
    const truth = (
      (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' })) as { data: PriorityPanelView }
    ).data.rank;
    expect(truth?.above ?? truth?.below).toBeDefined();
    // As if the ranking had moved: the remembered neighbours are two other incidents.
    await forge.asInvocation({ accountId: forge.site.appAccountId, moduleKey: 'incident-priority-panel' }, () =>
      new AppStorage().set(rankNeighbourHintKey('INC-3'), { above: 'INC-1', below: 'INC-2' }),
    );
    const moved = await trips(() => panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' }));
    expect((moved.result as { data: PriorityPanelView }).data.rank).toEqual(truth);
    expect(moved.jira).toEqual(['GET /rest/api/3/issue/INC-3', 'POST /rest/api/3/issue/bulkfetch', 'POST /rest/api/3/issue/bulkfetch']);
    expect(moved.sequential).toBe(3);
    const again = await trips(() => panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-3' }));
    expect((again.result as { data: PriorityPanelView }).data.rank).toEqual(truth);
    expect(again.sequential).toBe(2);
  });

  it('applies in 3 Jira calls and 4 round trips, answering the panel of what it wrote', async () => {
    const assessment = { impact: 'High', urgency: 'High', affectedUsers: 999_999, businessImplications: ['Financial'] };
    const { result, jira, sequential } = await trips(() =>
      panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.apply, { issueKey: 'INC-2', assessment }),
    );
    expect(jira).toEqual(['GET /rest/api/3/issue/INC-2', 'PUT /rest/api/3/issue/INC-2', 'POST /rest/api/3/issue/bulkfetch']);
    expect(sequential).toBeLessThanOrEqual(4);
    // The answer is what a view now shows (the SLA clock aside: it runs on between the two).
    const viewed = await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: 'INC-2' });
    const withoutClock = (answer: unknown) => {
      const { sla, ...rest } = (answer as { data: PriorityPanelView }).data;
      return { ...rest, slaDueAt: sla.dueAt, slaLevel: sla.level };
    };
    expect(withoutClock(result)).toEqual(withoutClock(viewed));
    expect(result).toMatchObject({
      success: true,
      data: { incident: { priorityName: 'Highest' }, lastApplied: { appliedByAccountId: PEOPLE.priya }, rank: { total: 155 } },
    });
  });
});

describe('maintenance run round trips', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
    addOpenIncidents(forge, 150);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  it("builds the index with each page's storage writes overlapping the lock, saved with its release, and switches with the last scan page", async () => {
    const recorder = recordExchanges(forge.site, { latencyMs: 15 });
    try {
      await maintain(forge);
    } finally {
      recorder.stop();
    }
    const view = (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, {
      issueKey: 'INC-3',
    })) as ResolverResult<PriorityPanelView>;
    expect(view).toMatchObject({ success: true, data: { rank: { total: 155 } } });
    // Two search pages and two scan pages, the last one saving the switch: 23 trips on this site (a little slack for timer jitter).
    // Taking the lock after each page's writes, releasing it apart from the saved progress and replaying an empty journal made it 45.
    expect(sequentialDepth(recorder.exchanges)).toBeLessThanOrEqual(25);
  });
});

describe('panel view at 2,000 and 10,000 open incidents', () => {
  jest.setTimeout(300_000);
  let forge: LocalForge;
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  /** KVS calls and response bytes while `action` runs (the wire protocol @forge/kvs speaks). */
  async function kvsTraffic<T>(action: () => Promise<T>): Promise<{ result: T; calls: number; bytes: number }> {
    const g = globalThis as { __forge_fetch__?: (meta: { type: string }, path: string, init: unknown) => Promise<Response> };
    const inner = g.__forge_fetch__!;
    let calls = 0;
    let bytes = 0;
    g.__forge_fetch__ = async (meta, path, init) => {
      const response = await inner(meta, path, init);
      if (meta.type === 'kvs') {
        calls += 1;
        bytes += (await response.clone().text()).length;
      }
      return response;
    };
    try {
      return { result: await action(), calls, bytes };
    } finally {
      g.__forge_fetch__ = inner;
    }
  }

  it.each([2_000, 10_000])(
    'ranks every incident exactly with 2 Jira calls and a bounded storage read, with %i open incidents',
    async (count) => {
      forge = await startLocalForge({ seedDir: DEMO_SEED });
      await addCatalogOptions(forge);
      addOpenIncidents(forge, count - 5);
      await maintain(forge);

      // The exact order, from every open incident's current values (what the index must agree with).
      const { rankEntryOf, isOpenIncident } = await import('../../../src/domain/priority/rank-entry');
      const { sortIncidents } = await import('../../../src/domain/priority/incident-ranking');
      const { defaultPrioritySettings } = await import('../../../src/domain/priority/priority-settings');
      const { incidentFromJiraIssue } = await import('../../../src/adapters/jira/incident-mapper');
      const { INCIDENT_FIELD_MAP } = await import('../../../src/adapters/storage/setup-storage-keys');
      const fieldMap = forge.site.storage.peek(INCIDENT_FIELD_MAP.key) as Parameters<typeof incidentFromJiraIssue>[1];
      const all: ReturnType<typeof rankEntryOf>[] = [];
      for (let n = 1; ; n += 1) {
        const page = (
          await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/search/jql', {
            jql: 'issuetype = Incident AND statusCategory != Done',
            fields: ['*all'],
            maxResults: 100,
            ...(n > 1 ? { nextPageToken: (all as unknown as { token?: string }).token } : {}),
          })
        ).body as { issues: unknown[]; nextPageToken?: string; isLast?: boolean };
        for (const issue of page.issues) {
          const incident = incidentFromJiraIssue(issue as never, fieldMap);
          if (isOpenIncident(incident)) all.push(rankEntryOf(incident, defaultPrioritySettings()));
        }
        if (page.isLast !== false || page.nextPageToken === undefined) break;
        (all as unknown as { token?: string }).token = page.nextPageToken;
      }
      expect(all).toHaveLength(count);
      const ordered = sortIncidents(all);

      const visibleToPriya = ordered.filter((entry) => entry.projectKey === 'INC' || entry.projectKey === 'OPS');
      const probes = [ordered[0]!, ordered[Math.floor(count / 3)]!, ordered[Math.floor(count / 2)]!, ordered[count - 1]!].filter((entry) =>
        visibleToPriya.includes(entry),
      );
      for (const probe of probes) {
        const from = forge.site.stats.log.length;
        const { result, calls, bytes } = await kvsTraffic(
          () =>
            panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey: probe.key }) as Promise<
              ResolverResult<PriorityPanelView>
            >,
        );
        if (!result.success) throw new Error(`view of ${probe.key} failed: ${JSON.stringify(result.error)}`);
        const position = ordered.indexOf(probe) + 1;
        expect({ key: probe.key, position: result.data.rank?.position, total: result.data.rank?.total }).toEqual({
          key: probe.key,
          position,
          total: count,
        });
        const above = ordered[position - 2];
        expect(result.data.rank?.above).toEqual(above === undefined ? undefined : expect.objectContaining({ key: above.key }));
        const jira = jiraRequestsSince(forge, from);
        expect(jira.length).toBeLessThanOrEqual(2);
        expect(jira.every((entry) => entry.actor === PEOPLE.priya)).toBe(true);
        // Independent of the count: the summary (~12 KB at 10,000), one bucket and a few entries, not the whole index.
        expect(calls).toBeLessThanOrEqual(10);
        expect(bytes).toBeLessThan(60_000);
      }

      // Apply at this size: the index update is a small transaction, not a rewrite of one huge value.
      const target = probes[1]!;
      const applied = (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.apply, {
        issueKey: target.key,
        assessment: { impact: 'High', urgency: 'High', affectedUsers: 999_999, businessImplications: [] },
      })) as ResolverResult<PriorityPanelView>;
      expect(applied).toMatchObject({ success: true, data: { rank: { total: count } } });
    },
  );
});

describe('ranking index freshness', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const LIVE_KEY = 'priority:ranking';
  const viewAs = async (accountId: string, issueKey: string) =>
    (await panelCall(forge, accountId, PRIORITY_RESOLVER_KEYS.view, { issueKey })) as ResolverResult<PriorityPanelView>;
  const viewRank = async (issueKey: string) => {
    const result = await viewAs(PEOPLE.priya, issueKey);
    if (!result.success) throw new Error(`view failed: ${JSON.stringify(result.error)}`);
    return result.data.rank;
  };
  const appSearchesDuring = async (action: () => Promise<unknown>) => {
    const from = forge.site.stats.log.length;
    await action();
    return appSearches(forge, from).length;
  };
  const setLive = (change: (live: Record<string, unknown>) => Record<string, unknown>) =>
    forge.asInvocation({ accountId: PEOPLE.priya }, async () =>
      (await import('@forge/kvs')).kvs.set(LIVE_KEY, change(forge.site.storage.peek(LIVE_KEY) as Record<string, unknown>)),
    );

  it('serves an index older than a day with its age, never rebuilding on the view; the maintenance run repairs its drift', async () => {
    expect((await viewRank('INC-3'))?.total).toBe(5);
    // Drift: an incident Jira has but no event reported.
    forge.site.jira.addIssue({ project: 'INC', issueType: 'Incident', summary: 'Filed while the app was disabled', status: 'Open' });
    await setLive((live) => ({ ...live, builtAt: new Date(Date.now() - 60 * 60_000).toISOString() }));
    expect(
      await appSearchesDuring(async () =>
        expect(await viewRank('INC-3')).toEqual(expect.not.objectContaining({ asOf: expect.anything() })),
      ),
    ).toBe(0);
    const oldBuild = new Date(Date.now() - 25 * 60 * 60_000).toISOString();
    await setLive((live) => ({ ...live, builtAt: oldBuild }));
    expect(await appSearchesDuring(async () => expect(await viewRank('INC-3')).toMatchObject({ total: 5, asOf: oldBuild }))).toBe(0);
    expect(await appSearchesDuring(() => maintain(forge))).toBe(1);
    expect(await viewRank('INC-3')).toEqual(expect.objectContaining({ total: 6 }));
    expect(await viewRank('INC-3')).not.toHaveProperty('asOf');
  });

  it('rebuilds an index it cannot read (an older shape) instead of failing the panel, without counting entries left from before', async () => {
    expect((await viewRank('INC-3'))?.total).toBe(5);
    // The summary becomes unreadable while the old entries stay; then INC-5 is closed (no event reaches the app).
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => (await import('@forge/kvs')).kvs.set(LIVE_KEY, { entries: 'old' }));
    const transitions = (await forge.site.request(PEOPLE.priya, 'GET', '/rest/api/3/issue/INC-5/transitions')).body as {
      transitions: Array<{ id: string; to: { statusCategory?: { key: string } } }>;
    };
    const toDone = transitions.transitions.find((t) => t.to.statusCategory?.key === 'done');
    expect(
      (await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/issue/INC-5/transitions', { transition: { id: toDone!.id } })).status,
    ).toBe(204);
    expect((await viewRank('INC-3'))?.total).toBe(4);
  });

  it('stops ranking against the index when the priority settings change, and rebuilds it', async () => {
    expect((await viewRank('INC-3'))?.total).toBe(5);
    const { adminPageResolver } = await import('../../../src/entry/resolvers/admin-page-resolver');
    const { defaultPrioritySettings } = await import('../../../src/domain/priority/priority-settings');
    const saved = await forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      forge.invoke(
        adminPageResolver,
        PRIORITY_RESOLVER_KEYS.settingsSave,
        { settings: { ...defaultPrioritySettings(), slaTargets: { P1: 30, P2: 240, P3: 720, P4: 1440, P5: null } } },
        { accountId: PEOPLE.priya },
      ),
    );
    expect(saved).toMatchObject({ success: true });
    expect(forge.site.storage.peek(LIVE_KEY)).toMatchObject({ outdatedSince: expect.any(String) });
    expect(forge.site.storage.peek('priority:ranking-rebuild')).toMatchObject({ reason: 'settings changed' });
    expect(await appSearchesDuring(() => viewRank('INC-3'))).toBe(1);
    expect(forge.site.storage.peek(LIVE_KEY)).toMatchObject({ outdatedSince: null });
  });

  it('never starts a rebuild for a viewer who cannot see the issue', async () => {
    // Jonas browses OPS only.
    const from = forge.site.stats.log.length;
    const answer = await viewAs(PEOPLE.jonas, 'INC-3');
    expect(answer.success).toBe(false);
    expect(appSearches(forge, from)).toEqual([]);
    expect(forge.site.storage.peek('priority:ranking-rebuild')).toBeUndefined();
    expect(forge.site.storage.peek(LIVE_KEY)).toBeUndefined();
  });

  it('runs one rebuild at a time: a view that finds a rebuild running does not start another', async () => {
    addOpenIncidents(forge, 300);
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () =>
      (await import('@forge/kvs')).kvs
        .entity('open-incident-rank-lock')
        .set('rebuild', { token: 'another runner', takenAt: new Date().toISOString() }, { ttl: { value: 60, unit: 'SECONDS' } }),
    );
    const views = await Promise.all([viewAs(PEOPLE.priya, 'INC-3'), viewAs(PEOPLE.marcus, 'INC-5'), viewAs(PEOPLE.priya, 'INC-2')]);
    expect(views.map((answer) => answer.success && answer.data.rankPending)).toEqual([true, true, true]);
    expect(appSearches(forge, 0)).toEqual([]);
  });
});
