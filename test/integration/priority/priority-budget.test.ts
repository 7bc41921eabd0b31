import { PRIORITY_RESOLVER_KEYS, type PriorityPanelView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
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
      fields: { [FIELD.impact]: { value: LEVELS[i % 3] }, [FIELD.urgency]: { value: LEVELS[(i >> 1) % 3] }, [FIELD.affectedUsers]: (i * 37) % 500 },
    });
  }
}

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

  it.each([10, 200])('costs at most 2 Jira calls, as the viewer, with %i more open incidents', async (extra) => {
    addOpenIncidents(forge, extra);
    // The first view finds no ranking index and builds it (JQL as the app, pages of 100).
    const first = forge.site.stats.log.length;
    expect((await view(PEOPLE.priya, 'INC-3')).rank?.total).toBe(5 + extra);
    const rebuild = jiraRequestsSince(forge, first).filter((entry) => entry.actor === forge.site.appAccountId && entry.path.endsWith('/search/jql'));
    expect(rebuild.length).toBe(Math.ceil((5 + extra) / 100));

    for (const [viewer, key] of [[PEOPLE.priya, 'INC-3'], [PEOPLE.marcus, 'INC-5'], [PEOPLE.jonas, 'OPS-4']] as const) {
      const from = forge.site.stats.log.length;
      const data = await view(viewer, key);
      const calls = jiraRequestsSince(forge, from);
      expect(data.rank?.total).toBe(5 + extra);
      expect(calls.length).toBeLessThanOrEqual(2);
      expect(calls.every((entry) => entry.actor === viewer)).toBe(true);
    }
  });
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

  const INDEX_KEY = 'priority:open-incident-index';
  const viewTotal = async (issueKey: string) => {
    const result = (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, { issueKey })) as ResolverResult<PriorityPanelView>;
    if (!result.success) throw new Error(`view failed: ${JSON.stringify(result.error)}`);
    return result.data.rank?.total;
  };
  const appSearchesDuring = async (action: () => Promise<unknown>) => {
    const from = forge.site.stats.log.length;
    await action();
    return jiraRequestsSince(forge, from).filter((entry) => entry.actor === forge.site.appAccountId && entry.path.endsWith('/search/jql')).length;
  };

  it('rebuilds an index older than a day, and trusts a younger one', async () => {
    expect(await viewTotal('INC-3')).toBe(5);
    const stored = forge.site.storage.peek(INDEX_KEY) as { builtAt: string; entries: unknown[] };
    // A younger index is used as stored, even when it has drifted from Jira.
    const drifted = { ...stored, builtAt: new Date(Date.now() - 60 * 60_000).toISOString(), entries: stored.entries.slice(0, 2) };
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => (await import('@forge/kvs')).kvs.set(INDEX_KEY, drifted));
    expect(await appSearchesDuring(async () => expect(await viewTotal('INC-3')).toBe(3))).toBe(0);
    // Past the bound it is rebuilt from Jira and the drift is repaired.
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => (await import('@forge/kvs')).kvs.set(INDEX_KEY, { ...drifted, builtAt: new Date(Date.now() - 25 * 60 * 60_000).toISOString() }));
    expect(await appSearchesDuring(async () => expect(await viewTotal('INC-3')).toBe(5))).toBe(1);
  });

  it('rebuilds an index it cannot read (an older shape) instead of failing the panel', async () => {
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => (await import('@forge/kvs')).kvs.set(INDEX_KEY, { entries: 'old' }));
    expect(await viewTotal('INC-3')).toBe(5);
  });

  it('drops the index when the priority settings change, since its levels and due times came from them', async () => {
    expect(await viewTotal('INC-3')).toBe(5);
    expect(forge.site.storage.peek(INDEX_KEY)).toBeDefined();
    const { prioritySettingsResolver } = await import('../../../src/entry/resolvers/priority-settings-resolver');
    const { defaultPrioritySettings } = await import('../../../src/domain/priority/priority-settings');
    const saved = await forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      forge.invoke(prioritySettingsResolver, PRIORITY_RESOLVER_KEYS.settingsSave, { settings: { ...defaultPrioritySettings(), slaTargets: { P1: 30, P2: 240, P3: 720, P4: 1440, P5: null } } }, { accountId: PEOPLE.priya }),
    );
    expect(saved).toMatchObject({ success: true });
    expect(forge.site.storage.peek(INDEX_KEY)).toBeUndefined();
    expect(await appSearchesDuring(() => viewTotal('INC-3'))).toBe(1);
  });
});
