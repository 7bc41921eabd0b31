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
