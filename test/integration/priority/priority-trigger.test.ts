import { PRIORITY_ASSESSMENT_PROPERTY, PRIORITY_RESOLVER_KEYS, type PriorityPanelView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { reprioritizeOnIssueEvent } from '../../../src/usecases/priority/reprioritize-on-issue-event';
import { productionPriorityDeps } from '../../../src/usecases/priority/priority-deps';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { DEMO_SEED, addCatalogOptions, FIELD, PEOPLE, TriggerDelivery, jiraRequestsSince, panelCall } from './priority-site';

function adfText(doc: unknown): string {
  if (typeof doc !== 'object' || doc === null) return '';
  const node = doc as { text?: unknown; content?: unknown };
  return (typeof node.text === 'string' ? node.text : '') + (Array.isArray(node.content) ? node.content.map(adfText).join('') : '');
}

describe('priority from issue events on the local site', () => {
  let forge: LocalForge;
  let delivery: TriggerDelivery;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
    delivery = new TriggerDelivery(forge);
  });
  afterEach(async () => {
    delivery.dispose();
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const view = async (accountId: string, issueKey: string): Promise<PriorityPanelView> => {
    const result = (await panelCall(forge, accountId, PRIORITY_RESOLVER_KEYS.view, { issueKey })) as ResolverResult<PriorityPanelView>;
    if (!result.success) throw new Error(`view failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  async function fileIncident(fields: Record<string, unknown>): Promise<string> {
    const response = await forge.site.request(PEOPLE.marcus, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' }, summary: 'Card payments declined', ...fields },
    });
    expect(response.status).toBe(201);
    return (response.body as { key: string }).key;
  }

  it('sets the computed priority on an incident filed with impact and urgency, with the reasons in a comment and the property', async () => {
    const key = await fileIncident({
      [FIELD.impact]: { value: 'High' },
      [FIELD.urgency]: { value: 'Medium' },
      [FIELD.businessImplications]: [{ value: 'Financial' }],
    });
    expect(delivery.recorded.map((event) => event.eventType)).toEqual(['avi:jira:created:issue']);
    expect(await delivery.deliverPending()).toBe(1);

    const issue = forge.site.jira.issue(key);
    expect(issue?.fields.priority).toMatchObject({ name: 'Highest' });
    expect(issue?.properties.get(PRIORITY_ASSESSMENT_PROPERTY)).toMatchObject({
      source: 'trigger',
      level: 'P1',
      summary: 'P2 from matrix; raised to P1: financial implication',
    });
    const comment = issue?.comments.at(-1);
    expect(adfText(comment?.body)).toContain('P2 from matrix; raised to P1: financial implication');
    expect((await view(PEOPLE.priya, key)).lastApplied).toMatchObject({ source: 'trigger' });
  });

  it('never answers its own write: the app update is dropped by ignoreSelf, and even delivered it writes nothing', async () => {
    const key = await fileIncident({ [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } });
    await delivery.deliverPending();
    // The app's PUT raised an update event (priority changed) that Forge's ignoreSelf drops.
    const ownEvents = [...delivery.recorded];
    expect(ownEvents.length).toBeGreaterThan(0);
    expect(ownEvents.every((event) => event.actorIsApp)).toBe(true);
    const commentsBefore = forge.site.jira.issue(key)?.comments.length;
    const from = forge.site.stats.log.length;
    expect(await delivery.deliverPending({ ignoreSelf: false })).toBe(ownEvents.length);
    expect(jiraRequestsSince(forge, from).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(forge.site.jira.issue(key)?.comments.length).toBe(commentsBefore);
    expect(delivery.recorded).toEqual([]);
  });

  it('recomputes when impact or urgency change outside the panel', async () => {
    const response = await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', {
      fields: { [FIELD.impact]: { value: 'High' }, [FIELD.urgency]: { value: 'High' } },
    });
    expect(response.status).toBe(204);
    await delivery.deliverPending();
    expect(forge.site.jira.issue('INC-5')?.fields.priority).toMatchObject({ name: 'Highest' });
  });

  it('ignores updates that touch nothing the priority or the rank depend on, without a Jira call', async () => {
    await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', {
      fields: { summary: 'Status page widget shows stale data (EU only)' },
    });
    const from = forge.site.stats.log.length;
    await delivery.deliverPending();
    expect(jiraRequestsSince(forge, from)).toEqual([]);
    expect(forge.site.jira.issue('INC-5')?.fields.priority).toMatchObject({ name: 'Low' });
  });

  it('leaves a hand-set priority that has an override reason, and the panel says so', async () => {
    await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', {
      fields: { priority: { name: 'Lowest' }, [FIELD.priorityOverrideReason]: 'Cosmetic only' },
    });
    await delivery.deliverPending();
    await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', { fields: { [FIELD.urgency]: { value: 'High' } } });
    await delivery.deliverPending();
    expect(forge.site.jira.issue('INC-5')?.fields.priority).toMatchObject({ name: 'Lowest' });
    const data = await view(PEOPLE.priya, 'INC-5');
    expect(data.override).toMatchObject({ reason: 'Cosmetic only', currentPriorityName: 'Lowest', computedPriorityName: 'Medium' });
    expect(data.override?.message).toContain('set by hand');
  });

  it('does not fight a hand-set priority until the assessment changes', async () => {
    await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', { fields: { priority: { name: 'High' } } });
    await delivery.deliverPending();
    expect(forge.site.jira.issue('INC-5')?.fields.priority).toMatchObject({ name: 'High' });
  });

  it('shows a hand-set priority without reason in the panel at once, and names what it replaced when the assessment changes', async () => {
    const key = await fileIncident({ [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } });
    await delivery.deliverPending();
    expect(forge.site.jira.issue(key)?.fields.priority).toMatchObject({ name: 'Lowest' });
    // Changed in Jira's edit form, with no override reason: the panel says so before any comment.
    await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${key}`, { fields: { priority: { name: 'High' } } });
    await delivery.deliverPending();
    expect((await view(PEOPLE.marcus, key)).drift).toMatchObject({ currentPriorityName: 'High', computedPriorityName: 'Lowest' });
    expect(forge.site.jira.issue(key)?.comments).toHaveLength(1);

    await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [FIELD.urgency]: { value: 'Medium' } } });
    await delivery.deliverPending();
    expect(forge.site.jira.issue(key)?.fields.priority).toMatchObject({ name: 'Low' });
    expect(adfText(forge.site.jira.issue(key)?.comments.at(-1)?.body)).toContain(
      'It replaces High, which was set by hand without a priority override reason.',
    );
    // The first comment, on an incident the app had just set, names no hand-set priority.
    expect(adfText(forge.site.jira.issue(key)?.comments[0]?.body)).not.toContain('replaces');
  });

  it('keeps the ranking current from created and deleted events without rebuilding it', async () => {
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(5);
    const key = await fileIncident({ [FIELD.impact]: { value: 'High' }, [FIELD.urgency]: { value: 'High' } });
    await delivery.deliverPending();
    const from = forge.site.stats.log.length;
    const afterCreate = await view(PEOPLE.priya, 'INC-2');
    expect(afterCreate.rank?.total).toBe(6);
    // No rebuild: the only search is the viewer's neighbour check.
    expect(
      jiraRequestsSince(forge, from).filter((entry) => entry.path.endsWith('/search/jql') && entry.actor === forge.site.appAccountId),
    ).toEqual([]);

    expect((await forge.site.request(PEOPLE.priya, 'DELETE', `/rest/api/3/issue/${key}`)).status).toBe(204);
    await delivery.deliverPending();
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(5);
  });

  it('takes a closed incident out of the ranking', async () => {
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(5);
    const transitions = await forge.site.request(PEOPLE.priya, 'GET', '/rest/api/3/issue/INC-5/transitions');
    const toDone = (transitions.body as { transitions: Array<{ id: string; to: { statusCategory?: { key: string } } }> }).transitions.find(
      (t) => t.to.statusCategory?.key === 'done',
    );
    if (toDone === undefined) throw new Error('the demo workflow has no transition to a done status from INC-5');
    expect(
      (await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/issue/INC-5/transitions', { transition: { id: toDone.id } })).status,
    ).toBe(204);
    await delivery.deliverPending();
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(4);
  });

  it('takes an incident deleted since its event out of the ranking, even from an event without a name', async () => {
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(5);
    await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', { fields: { [FIELD.urgency]: { value: 'High' } } });
    const update = delivery.recorded.splice(0)[0];
    expect((await forge.site.request(PEOPLE.priya, 'DELETE', '/rest/api/3/issue/INC-5')).status).toBe(204);
    delivery.recorded.splice(0);
    const { eventType: _name, ...unnamed } = update as NonNullable<typeof update>;
    const outcome = await forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
      reprioritizeOnIssueEvent(productionPriorityDeps(), unnamed),
    );
    expect(outcome).toEqual({ action: 'removed' });
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(4);
  });

  it('costs nothing (no Jira call, no storage write) for an event about another issue type', async () => {
    const task = forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Rotate certificates', status: 'To Do' });
    expect(
      (
        await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${task.key}`, {
          fields: { summary: 'Rotate TLS certificates', priority: { name: 'High' } },
        })
      ).status,
    ).toBe(204);
    expect(delivery.recorded.map((event) => event.issue.fields)).toEqual([
      expect.objectContaining({ issuetype: expect.objectContaining({ name: 'Task' }) }),
    ]);
    const kvsWrites: string[] = [];
    const fetchBefore = (globalThis as { __forge_fetch__?: (meta: { type: string }, path: string, init: unknown) => Promise<unknown> })
      .__forge_fetch__!;
    (globalThis as { __forge_fetch__?: unknown }).__forge_fetch__ = (meta: { type: string }, path: string, init: unknown) => {
      if (meta.type === 'kvs' && !path.endsWith('/get') && !path.endsWith('/query')) kvsWrites.push(path);
      return fetchBefore(meta, path, init);
    };
    const from = forge.site.stats.log.length;
    try {
      await delivery.deliverPending();
    } finally {
      (globalThis as { __forge_fetch__?: unknown }).__forge_fetch__ = fetchBefore;
    }
    expect(jiraRequestsSince(forge, from)).toEqual([]);
    expect(kvsWrites).toEqual([]);
  });

  it('still takes an issue out of the ranking when its type changes away from Incident', async () => {
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(5);
    expect(
      (await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', { fields: { issuetype: { name: 'Problem' } } })).status,
    ).toBe(204);
    expect(delivery.recorded.at(-1)?.issue.fields).toMatchObject({ issuetype: { name: 'Problem' } });
    await delivery.deliverPending();
    expect((await view(PEOPLE.priya, 'INC-2')).rank?.total).toBe(4);
  });

  it('recognises a changed Impact by its field id after an admin renamed the field', async () => {
    // The app stored the field ids (setup, or here the first view) before the admin renamed the field.
    await view(PEOPLE.priya, 'INC-5');
    const impact = forge.site.jira.state.fields.find((field) => field.id === FIELD.impact) as { name: string };
    impact.name = 'Business impact (renamed)';
    // Only Impact changes (Low to High, urgency stays Medium), so only its item can trigger.
    const response = await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-5', {
      fields: { [FIELD.impact]: { value: 'High' } },
    });
    expect(response.status).toBe(204);
    expect(delivery.recorded.at(-1)?.changelog?.items).toEqual([
      expect.objectContaining({ field: 'Business impact (renamed)', fieldId: FIELD.impact }),
    ]);
    await delivery.deliverPending();
    expect(forge.site.jira.issue('INC-5')?.fields.priority).toMatchObject({ name: 'High' });
  });

  it('ignores events that are not issue events, and comment events', async () => {
    const deps = () => productionPriorityDeps();
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => {
      expect(await reprioritizeOnIssueEvent(deps(), { hello: 'world' })).toMatchObject({ action: 'ignored' });
      expect(
        await reprioritizeOnIssueEvent(deps(), { eventType: 'avi:jira:commented:issue', issue: { id: '1', key: 'INC-1' } }),
      ).toMatchObject({ action: 'ignored' });
    });
  });
});

describe('ranking index under simultaneous events', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  it('loses no entry when many incidents are filed at once', async () => {
    const view = async () => {
      const result = (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, {
        issueKey: 'INC-2',
      })) as ResolverResult<PriorityPanelView>;
      if (!result.success) throw new Error(JSON.stringify(result.error));
      return result.data.rank?.total;
    };
    expect(await view()).toBe(5);
    const filed = Array.from({ length: 12 }, (_, i) =>
      forge.site.jira.addIssue({
        project: 'INC',
        issueType: 'Incident',
        summary: `Burst ${i}`,
        status: 'Open',
        fields: { [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } },
      }),
    );
    await Promise.all(
      filed.map((issue) =>
        forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
          reprioritizeOnIssueEvent(productionPriorityDeps(), {
            eventType: 'avi:jira:created:issue',
            issue: { id: issue.id, key: issue.key },
          }),
        ),
      ),
    );
    expect(await view()).toBe(17);
  });

  it("parks an update when the lock stays taken, never deleting the other holder's lock, and the next writer applies it", async () => {
    const total = async () => {
      const result = (await panelCall(forge, PEOPLE.priya, PRIORITY_RESOLVER_KEYS.view, {
        issueKey: 'INC-2',
      })) as ResolverResult<PriorityPanelView>;
      if (!result.success) throw new Error(JSON.stringify(result.error));
      return result.data.rank?.total;
    };
    expect(await total()).toBe(5);
    const lockEntity = async () => (await import('@forge/kvs')).kvs.entity('open-incident-rank-lock');
    // Another invocation holds the lock (and never lets go within the wait).
    await forge.asInvocation({ accountId: PEOPLE.priya }, async () =>
      (await lockEntity()).set(
        'index',
        { token: 'someone-else', takenAt: new Date().toISOString() },
        { ttl: { value: 60, unit: 'SECONDS' } },
      ),
    );
    const busy = forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Filed while busy',
      status: 'Open',
      fields: { [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } },
    });
    await forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
      reprioritizeOnIssueEvent(productionPriorityDeps(), { eventType: 'avi:jira:created:issue', issue: { id: busy.id, key: busy.key } }),
    );
    // Parked, and the other holder's lock left alone.
    expect(forge.site.storage.dump('open-incident-rank-pending')).toEqual({
      [busy.key]: expect.objectContaining({ issueKey: busy.key, kind: 'entry' }),
    });
    expect(forge.site.storage.peek('index', 'open-incident-rank-lock')).toMatchObject({ token: 'someone-else' });
    expect(await total()).toBe(5);

    await forge.asInvocation({ accountId: PEOPLE.priya }, async () => (await lockEntity()).delete('index'));
    const next = forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Filed later',
      status: 'Open',
      fields: { [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } },
    });
    await forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
      reprioritizeOnIssueEvent(productionPriorityDeps(), { eventType: 'avi:jira:created:issue', issue: { id: next.id, key: next.key } }),
    );
    expect(forge.site.storage.dump('open-incident-rank-pending')).toEqual({});
    expect(forge.site.storage.peek('index', 'open-incident-rank-lock')).toBeUndefined();
    expect(await total()).toBe(7);
  });

  it('loses no event that races a rebuild: changes made while it searches reach the new index', async () => {
    const { maintainRankingIndex } = await import('../../../src/usecases/priority/maintain-ranking-index');
    const { OpenIncidentIndex, RANK_ENTRY } = await import('../../../src/usecases/priority/open-incident-index');
    const { AppStorage } = await import('../../../src/adapters/storage/app-storage');
    const { JiraClient } = await import('../../../src/adapters/jira/jira-client');
    const { loadIncidentFieldMap } = await import('../../../src/adapters/jira/incident-field-map');
    const { defaultPrioritySettings } = await import('../../../src/domain/priority/priority-settings');
    for (let i = 0; i < 250; i += 1) {
      forge.site.jira.addIssue({
        project: 'INC',
        issueType: 'Incident',
        summary: `Open ${i}`,
        status: 'Open',
        fields: { [FIELD.impact]: { value: 'Low' }, [FIELD.urgency]: { value: 'Low' } },
      });
    }
    const asApp = <T>(work: () => Promise<T>) => forge.asInvocation({ accountId: forge.site.appAccountId }, work);
    // A rebuild that has searched one page of three...
    const firstStep = await asApp(async () => {
      const fieldMap = await loadIncidentFieldMap(JiraClient.asApp(), new AppStorage());
      return new OpenIncidentIndex(new AppStorage(), JiraClient.asApp()).rebuildSteps(
        defaultPrioritySettings(),
        fieldMap,
        new Date().toISOString(),
        { units: 1 },
      );
    });
    expect(firstStep).toMatchObject({ state: 'running', phase: 'search', searched: 100 });
    // ...meanwhile incidents are filed, closed and deleted, each with its event.
    const delivery = new TriggerDelivery(forge);
    const filed = await forge.site.request(PEOPLE.marcus, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'INC' },
        issuetype: { name: 'Incident' },
        summary: 'Filed mid-rebuild',
        [FIELD.impact]: { value: 'High' },
        [FIELD.urgency]: { value: 'High' },
      },
    });
    const filedKey = (filed.body as { key: string }).key;
    expect((await forge.site.request(PEOPLE.priya, 'DELETE', '/rest/api/3/issue/INC-5')).status).toBe(204);
    await delivery.deliverPending();
    delivery.dispose();
    await maintain();

    // The new generation holds exactly Jira's open incidents.
    const live = forge.site.storage.peek('priority:ranking') as { gen: number; total: number };
    const indexed = Object.values(forge.site.storage.dump(RANK_ENTRY.name) as Record<string, { gen: number; issueKey: string }>)
      .filter((entry) => entry.gen === live.gen)
      .map((entry) => entry.issueKey)
      .sort();
    const open: string[] = [];
    let nextPageToken: string | undefined;
    do {
      const page = (
        await forge.site.request(PEOPLE.priya, 'POST', '/rest/api/3/search/jql', {
          jql: 'issuetype = Incident AND statusCategory != Done',
          fields: ['summary'],
          maxResults: 100,
          ...(nextPageToken ? { nextPageToken } : {}),
        })
      ).body as { issues: { key: string }[]; nextPageToken?: string };
      open.push(...page.issues.map((issue) => issue.key));
      nextPageToken = page.nextPageToken;
    } while (nextPageToken !== undefined);
    expect(indexed).toEqual(open.sort());
    expect(indexed).toContain(filedKey);
    expect(indexed).not.toContain('INC-5');
    expect(live.total).toBe(indexed.length);

    async function maintain() {
      const progress = await asApp(() => maintainRankingIndex(productionPriorityDeps(), () => true));
      expect(progress).toMatchObject({ state: 'done' });
    }
  });
});
