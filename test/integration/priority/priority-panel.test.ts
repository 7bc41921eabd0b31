import { PRIORITY_ASSESSMENT_PROPERTY, PRIORITY_RESOLVER_KEYS, type PriorityPanelView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { DEMO_SEED, addCatalogOptions, FIELD, PEOPLE, jiraRequestsSince, panelCall } from './priority-site';

describe('priority panel on the local site', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
    await addCatalogOptions(forge);
  });
  afterEach(async () => {
    expect(forge.site.contract.violations).toEqual([]);
    await forge.dispose();
  });

  const view = (accountId: string, issueKey: string) =>
    panelCall(forge, accountId, PRIORITY_RESOLVER_KEYS.view, {}, issueKey) as Promise<ResolverResult<PriorityPanelView>>;
  const apply = (accountId: string, issueKey: string, payload: Record<string, unknown>) =>
    panelCall(forge, accountId, PRIORITY_RESOLVER_KEYS.apply, { issueKey, ...payload }) as Promise<ResolverResult<PriorityPanelView>>;
  const viewData = async (accountId: string, issueKey: string): Promise<PriorityPanelView> => {
    const result = await view(accountId, issueKey);
    if (!result.success) throw new Error(`view failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const stored = (key: string) => forge.site.jira.issue(key);

  it('shows the computed priority, reasons, SLA and rank of an open incident', async () => {
    const data = await viewData(PEOPLE.priya, 'INC-3');
    expect(data.incident).toMatchObject({
      key: 'INC-3',
      summary: 'SSO login loop for a subset of enterprise tenants',
      open: true,
      priorityName: 'High',
    });
    expect(data.assessment).toEqual({ impact: 'Medium', urgency: 'High', affectedUsers: 450, businessImplications: expect.any(Array) });
    // Medium × High = P2, and 450 users (at least 100) raise it one level.
    expect(data.computed).toMatchObject({
      matrixLevel: 'P2',
      level: 'P1',
      jiraPriorityName: 'Highest',
      summary: expect.stringMatching(/^P2 from matrix; raised to P1: 450 affected users \(at least 100\)/),
    });
    // The SLA follows the priority the incident carries (High = P2 = 8 h).
    expect(data.sla).toMatchObject({ level: 'P2', targetMinutes: 480 });
    expect(data.sla.dueAt).toBe(new Date(Date.parse('2026-11-26T09:00:00.000Z') + 480 * 60_000).toISOString());
    expect(data.canEdit).toBe(true);
    expect(data.override).toBeNull();
    // Open incidents by priority carried: INC-1 Highest, INC-3 High, INC-2 Medium, INC-5 Low, INC-4 none.
    expect(data.rank).toEqual({
      position: 2,
      total: 5,
      above: { key: 'INC-1', summary: 'Checkout payments failing for EU customers' },
      below: { key: 'INC-2', summary: 'Search results slow on the mobile app' },
    });
  });

  it('names the missing assessment field and ranks the unassessed incident last', async () => {
    const data = await viewData(PEOPLE.priya, 'INC-4');
    expect(data.computed).toBeNull();
    expect(data.assessmentProblem).toMatchObject({ field: 'impact' });
    expect(data.rank).toMatchObject({ position: 5, total: 5, above: { key: 'INC-5' } });
    expect(data.rank?.below).toBeUndefined();
  });

  it('has no rank for a closed incident', async () => {
    const data = await viewData(PEOPLE.priya, 'INC-6');
    expect(data.incident.open).toBe(false);
    expect(data.rank).toBeNull();
  });

  it('shows a closed incident its finished clock, judged where it stopped, whatever the time now', async () => {
    // INC-6 (P1, 1 h): harm from 13:57, service restored 14:14 (the postmortem's "SLA met").
    const closed = await viewData(PEOPLE.priya, 'INC-6');
    expect(closed.sla).toMatchObject({
      level: 'P1',
      state: 'met',
      stoppedAt: '2026-11-17T14:14:00.000Z',
      minutesLeft: 43,
      overdue: false,
      text: 'met, with 43 min to spare',
    });
    // INC-8 (High = P2, 8 h from its creation at 11-06 14:00) had service back only at 11-08 15:50.
    const late = await viewData(PEOPLE.priya, 'INC-8');
    expect(late.sla).toMatchObject({
      level: 'P2',
      state: 'missed',
      stoppedAt: '2026-11-08T15:50:00.000Z',
      minutesLeft: -(41 * 60 + 50),
      overdue: true,
      text: 'missed by 1 d 17 h',
    });
  });

  it('shows no running clock for an incident not yet prioritized', async () => {
    // INC-4 has neither Impact and Urgency nor a hand-set priority with a reason.
    const data = await viewData(PEOPLE.priya, 'INC-4');
    expect(data.sla).toMatchObject({
      level: null,
      state: 'unprioritized',
      dueAt: null,
      text: 'no SLA clock until the incident is prioritized',
    });
  });

  it('refuses an issue that is not an Incident', async () => {
    expect(await view(PEOPLE.priya, 'INC-7')).toMatchObject({ success: false, error: { code: 'NOT_INCIDENT' } });
    expect(await view(PEOPLE.priya, 'OPS-1')).toMatchObject({ success: false, error: { code: 'NOT_INCIDENT' } });
  });

  it('answers NOT_FOUND to someone who may not browse the issue', async () => {
    expect(await view(PEOPLE.jonas, 'INC-1')).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
  });

  it('counts neighbours the viewer may not browse without revealing them', async () => {
    const ops = forge.site.jira.addIssue({
      project: 'OPS',
      issueType: 'Incident',
      summary: 'Backup job failing',
      status: 'To Do',
      fields: { [FIELD.impact]: { value: 'Medium' }, [FIELD.urgency]: { value: 'Medium' }, priority: { name: 'Medium' } },
    });
    const data = await viewData(PEOPLE.jonas, ops.key);
    expect(data.rank?.total).toBe(6);
    expect(data.rank?.above).toEqual({ hidden: true });
    expect(JSON.stringify(data)).not.toMatch(/INC-\d/);
    expect(data.canEdit).toBe(false);
  });

  it('shows a neighbour the viewer may browse next to one they may not, in one bulk fetch as the viewer', async () => {
    // Jonas browses OPS only. Two Medium OPS incidents rank right after INC-2 (Medium, older) and before INC-5 (Low).
    const medium = { [FIELD.impact]: { value: 'Medium' }, [FIELD.urgency]: { value: 'Medium' }, priority: { name: 'Medium' } };
    const first = forge.site.jira.addIssue({
      project: 'OPS',
      issueType: 'Incident',
      summary: 'Backup job failing',
      status: 'To Do',
      fields: { ...medium, [FIELD.affectedUsers]: 80 },
    });
    const second = forge.site.jira.addIssue({
      project: 'OPS',
      issueType: 'Incident',
      summary: 'Log shipping delayed',
      status: 'To Do',
      fields: { ...medium, [FIELD.affectedUsers]: 10 },
    });
    await viewData(PEOPLE.priya, first.key); // builds the ranking index, so the views below cost only the viewer's calls
    const ranked = await viewData(PEOPLE.priya, first.key);
    expect(ranked.rank).toMatchObject({ above: { key: 'INC-2' }, below: { key: second.key } });

    const from = forge.site.stats.log.length;
    const upper = await viewData(PEOPLE.jonas, first.key);
    expect(upper.rank).toEqual({
      position: ranked.rank?.position,
      total: 7,
      above: { hidden: true },
      below: { key: second.key, summary: 'Log shipping delayed' },
    });
    const calls = jiraRequestsSince(forge, from);
    expect(calls.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      `GET /rest/api/3/issue/${first.key} 200`,
      'POST /rest/api/3/issue/bulkfetch 200',
    ]);
    expect(calls.every((entry) => entry.actor === PEOPLE.jonas)).toBe(true);

    const lower = await viewData(PEOPLE.jonas, second.key);
    expect(lower.rank).toMatchObject({ above: { key: first.key, summary: 'Backup job failing' }, below: { hidden: true } });
    expect(JSON.stringify([upper, lower])).not.toMatch(/INC-\d/);
  });

  it('applies the assessment and the priority in one PUT with the reasons property', async () => {
    const from = forge.site.stats.log.length;
    const result = await apply(PEOPLE.marcus, 'INC-2', {
      assessment: { impact: 'High', urgency: 'Medium', affectedUsers: 20, businessImplications: ['Security'] },
    });
    expect(result).toMatchObject({
      success: true,
      data: {
        computed: { level: 'P1', jiraPriorityName: 'Highest', summary: 'P2 from matrix; raised to P1: security implication' },
        incident: { priorityName: 'Highest' },
      },
    });
    const writes = jiraRequestsSince(forge, from).filter(
      (entry) => entry.method !== 'GET' && !entry.path.endsWith('/search/jql') && !entry.path.endsWith('/issue/bulkfetch'),
    );
    expect(writes.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['PUT /rest/api/3/issue/INC-2']);
    const issue = stored('INC-2');
    expect(issue?.fields.priority).toMatchObject({ name: 'Highest' });
    expect(issue?.fields[FIELD.impact]).toMatchObject({ value: 'High' });
    expect(issue?.fields[FIELD.affectedUsers]).toBe(20);
    expect(issue?.properties.get(PRIORITY_ASSESSMENT_PROPERTY)).toMatchObject({
      source: 'panel',
      appliedByAccountId: PEOPLE.marcus,
      jiraPriorityName: 'Highest',
      reasons: ['P2 from matrix', 'raised to P1: security implication'],
    });
    if (!result.success) return;
    expect(result.data.lastApplied).toMatchObject({ source: 'panel', summary: 'P2 from matrix; raised to P1: security implication' });
    // INC-2 now carries Highest: it ranks with INC-1 at the top.
    expect(result.data.rank?.position).toBeLessThanOrEqual(2);
  });

  it('refuses a person who may not edit the issue, and writes nothing', async () => {
    const before = JSON.stringify(stored('INC-2')?.fields);
    expect((await viewData(PEOPLE.elena, 'INC-2')).canEdit).toBe(false);
    const result = await apply(PEOPLE.elena, 'INC-2', {
      assessment: { impact: 'High', urgency: 'High', affectedUsers: 1, businessImplications: [] },
    });
    expect(result).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(stored('INC-2')?.fields)).toBe(before);
  });

  it.each([
    [{ impact: 'Severe', urgency: 'High', affectedUsers: 1, businessImplications: [] }, 'assessment.impact'],
    [{ impact: 'High', urgency: 'Critical', affectedUsers: 1, businessImplications: [] }, 'assessment.urgency'],
    [{ impact: 'High', urgency: 'High', affectedUsers: -4, businessImplications: [] }, 'assessment.affectedUsers'],
    [{ impact: 'High', urgency: 'High', affectedUsers: 1, businessImplications: ['Reputation'] }, 'assessment.businessImplications.0'],
  ])('refuses bad input %j naming %s, and writes nothing', async (assessment, field) => {
    const before = JSON.stringify(stored('INC-2')?.fields);
    const from = forge.site.stats.log.length;
    const result = await apply(PEOPLE.priya, 'INC-2', { assessment });
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field } });
    expect(jiraRequestsSince(forge, from).filter((entry) => entry.method === 'PUT')).toEqual([]);
    expect(JSON.stringify(stored('INC-2')?.fields)).toBe(before);
  });

  it('refuses to apply to an issue that is not an Incident', async () => {
    const before = JSON.stringify(stored('INC-7')?.fields);
    expect(
      await apply(PEOPLE.priya, 'INC-7', { assessment: { impact: 'High', urgency: 'High', affectedUsers: 1, businessImplications: [] } }),
    ).toMatchObject({ success: false, error: { code: 'NOT_INCIDENT', field: 'issueKey' } });
    expect(JSON.stringify(stored('INC-7')?.fields)).toBe(before);
  });

  it('says when the Jira priority is out of step with the assessment, and one apply without override brings it back', async () => {
    // INC-3 carries High; its assessment gives Highest, and no override reason explains the difference.
    const before = await viewData(PEOPLE.marcus, 'INC-3');
    expect(before.drift).toEqual({
      currentPriorityName: 'High',
      computedPriorityName: 'Highest',
      message: expect.stringMatching(
        /^The priority is High, but the assessment gives Highest \(P2 from matrix; raised to P1.*\)\. Without a priority override reason, the app sets Highest the next time/,
      ),
    });
    const { impact, urgency, affectedUsers, businessImplications } = before.assessment;
    const fixed = await apply(PEOPLE.marcus, 'INC-3', {
      assessment: { impact, urgency, affectedUsers, businessImplications },
      override: null,
    });
    expect(fixed).toMatchObject({ success: true, data: { incident: { priorityName: 'Highest' }, drift: null } });

    // Someone changes the priority in Jira's edit form, without a reason: the panel says so at once.
    expect(
      (await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-3', { fields: { priority: { name: 'Low' } } })).status,
    ).toBe(204);
    expect((await viewData(PEOPLE.elena, 'INC-3')).drift).toMatchObject({ currentPriorityName: 'Low', computedPriorityName: 'Highest' });
    // With a reason, it is an override, not drift.
    expect(
      (
        await forge.site.request(PEOPLE.marcus, 'PUT', '/rest/api/3/issue/INC-3', {
          fields: { [FIELD.priorityOverrideReason]: 'Customer asked to wait' },
        })
      ).status,
    ).toBe(204);
    const overridden = await viewData(PEOPLE.marcus, 'INC-3');
    expect(overridden.drift).toBeNull();
    expect(overridden.override).toMatchObject({ currentPriorityName: 'Low' });
  });

  it('keeps a hand-set priority with its reason and says so', async () => {
    const result = await apply(PEOPLE.priya, 'INC-5', {
      assessment: { impact: 'Low', urgency: 'Medium', affectedUsers: 40, businessImplications: [] },
      override: { jiraPriorityName: 'Lowest', reason: 'Cosmetic; customer agreed to wait' },
    });
    expect(result).toMatchObject({
      success: true,
      data: {
        incident: { priorityName: 'Lowest' },
        override: { reason: 'Cosmetic; customer agreed to wait', currentPriorityName: 'Lowest', computedPriorityName: 'Low' },
      },
    });
    expect(stored('INC-5')?.fields[FIELD.priorityOverrideReason]).toBe('Cosmetic; customer agreed to wait');
    // Applying without an override clears the reason and returns to the computed priority.
    const cleared = await apply(PEOPLE.priya, 'INC-5', {
      assessment: { impact: 'Low', urgency: 'Medium', affectedUsers: 40, businessImplications: [] },
    });
    expect(cleared).toMatchObject({ success: true, data: { incident: { priorityName: 'Low' }, override: null } });
  });

  it('refuses an override to a priority the site does not have, naming the field', async () => {
    const result = await apply(PEOPLE.priya, 'INC-5', {
      assessment: { impact: 'Low', urgency: 'Medium', affectedUsers: 40, businessImplications: [] },
      override: { jiraPriorityName: 'Blocker', reason: 'Because' },
    });
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'override.jiraPriorityName' } });
    expect(stored('INC-5')?.fields.priority).toMatchObject({ name: 'Low' });
  });

  it('lets the last of two simultaneous applies win whole, and both then see it', async () => {
    const a = { impact: 'High', urgency: 'High', affectedUsers: 5000, businessImplications: ['Financial'] };
    const b = { impact: 'Low', urgency: 'Low', affectedUsers: 3, businessImplications: [] };
    const [resultA, resultB] = await Promise.all([
      apply(PEOPLE.priya, 'INC-2', { assessment: a }),
      apply(PEOPLE.marcus, 'INC-2', { assessment: b }),
    ]);
    expect([resultA, resultB]).toEqual([expect.objectContaining({ success: true }), expect.objectContaining({ success: true })]);
    const issue = stored('INC-2');
    const property = issue?.properties.get(PRIORITY_ASSESSMENT_PROPERTY) as { appliedByAccountId: string; jiraPriorityName: string };
    const winner =
      property.appliedByAccountId === PEOPLE.priya ? { assessment: a, priority: 'Highest' } : { assessment: b, priority: 'Lowest' };
    // Every field and the property come from the same apply: nothing half-applied.
    expect(issue?.fields[FIELD.impact]).toMatchObject({ value: winner.assessment.impact });
    expect(issue?.fields[FIELD.urgency]).toMatchObject({ value: winner.assessment.urgency });
    expect(issue?.fields[FIELD.affectedUsers]).toBe(winner.assessment.affectedUsers);
    expect(issue?.fields.priority).toMatchObject({ name: winner.priority });
    expect(property.jiraPriorityName).toBe(winner.priority);
    for (const person of [PEOPLE.priya, PEOPLE.marcus]) {
      expect((await viewData(person, 'INC-2')).incident.priorityName).toBe(winner.priority);
    }
  });
});
