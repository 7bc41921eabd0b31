import { RECOMMENDED_TRANSITIONS } from '../../../src/domain/workflow-rules/recommended-workflow';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { VALIDATOR_MODULES } from '../../../src/domain/workflow-rules/validator-modules';
import * as validatorHandlers from '../../../src/entry/validators';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import {
  adf,
  ensureOptions,
  fieldIdsByName,
  type FieldIds,
  PEOPLE,
  recommendedTransitionId,
  seedWithRecommendedWorkflow,
  storeRaw,
  unexpectedViolations,
} from './validator-site';

type Handler = (payload: unknown, context?: unknown) => Promise<{ result: boolean; errorMessage?: string }>;
const handlers: Record<string, Handler> = { ...validatorHandlers };

/**
 * One incident through the recommended workflow on the local site, with the app's validators on
 * the transitions the workflow data names, called as Jira calls them: before the transition, with
 * the documented payload, the acting user only in the invocation context.
 */
describe('an incident through the recommended workflow', () => {
  let forge: LocalForge;
  let field: FieldIds;
  let unbind: () => void = () => undefined;

  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: seedWithRecommendedWorkflow('INC') });
    field = await fieldIdsByName(forge);
    await ensureOptions(forge, field['Escalation tier']!, ['Tier 1', 'Tier 2', 'Tier 3']);
    await ensureOptions(forge, field.Impact!, ['High', 'Medium', 'Low']);
    await ensureOptions(forge, field.Urgency!, ['High', 'Medium', 'Low']);
    await ensureOptions(forge, field['Incident category']!, ['Outage'], 'Application');
    unbind = forge.site.jira.addTransitionValidator(async (check) => {
      const transition = RECOMMENDED_TRANSITIONS.find((candidate) => recommendedTransitionId(candidate.name) === check.transitionId);
      for (const moduleKey of transition?.validators ?? []) {
        const handler = handlers[VALIDATOR_MODULES.find((module) => module.moduleKey === moduleKey)!.handlerExport]!;
        const payload = {
          issue: { key: check.issueKey },
          transition: { from: { id: String(check.from.id) }, to: { id: String(check.to.id) } },
          configuration: {},
        };
        const verdict = await forge.asInvocation({ accountId: check.actor.accountId }, () =>
          handler(payload, { installContext: 'ari:cloud:jira::site/local', principal: { accountId: check.actor.accountId } }),
        );
        if (!verdict.result) return verdict;
      }
      return { result: true };
    });
  });
  afterAll(async () => {
    unbind();
    await forge.dispose();
  });
  afterEach(() => {
    expect(unexpectedViolations(forge)).toEqual([]);
  });

  const edit = async (key: string, fields: Record<string, unknown>) => {
    const response = await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${key}`, {
      fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [field[name] ?? name, value])),
    });
    expect({ status: response.status, body: response.body }).toEqual({ status: 204, body: undefined });
  };
  const transition = async (actor: string, key: string, name: string) => {
    const response = await forge.site.request(actor, 'POST', `/rest/api/3/issue/${key}/transitions`, {
      transition: { id: recommendedTransitionId(name) },
    });
    return response.status === 204 ? 'done' : (response.body as { errorMessages: string[] }).errorMessages.join(' ');
  };
  const statusOf = (key: string) => (forge.site.jira.issue(key)!.fields.status as { name: string }).name;

  it("is stopped at each gate with the rule's message, and passes once the process is followed", async () => {
    const defaults = defaultWorkflowRuleSettings();
    await storeRaw(forge, 'workflow-rules:settings', {
      ...defaults,
      closure: { ...defaults.closure, serviceDeskGroups: ['service-desk-team'] },
    });
    const issue = forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Checkout payments failing',
      fields: {
        [field.Impact!]: { value: 'High' },
        [field.Urgency!]: { value: 'High' },
        reporter: { accountId: PEOPLE.elena },
        priority: { name: 'Highest' },
      },
    });
    const key = issue.key;
    expect(statusOf(key)).toBe('Open');

    expect(await transition(PEOPLE.marcus, key, 'Triage')).toBe('Triage is incomplete: set Incident category before leaving "Open".');
    await edit(key, { 'Incident category': { value: 'Application', child: { value: 'Outage' } } });
    expect(await transition(PEOPLE.marcus, key, 'Triage')).toBe('done');
    expect(await transition(PEOPLE.marcus, key, 'Start work')).toBe('done');

    expect(await transition(PEOPLE.marcus, key, 'Escalate')).toBe(
      'Escalation needs Initial diagnosis and Escalation tier: set them before moving to "Escalated".',
    );
    await edit(key, { 'Initial diagnosis': adf('Payment provider timeouts'), 'Escalation tier': { value: 'Tier 3' } });
    expect(await transition(PEOPLE.marcus, key, 'Escalate')).toBe(
      'Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". To skip a tier, first add a comment to the incident that starts with "Tier skip:" followed by the reason, then escalate again (a comment on the transition screen, where the workflow has one, counts too).',
    );
    await edit(key, { 'Escalation tier': { value: 'Tier 2' } });
    expect(await transition(PEOPLE.marcus, key, 'Escalate')).toBe('done');
    expect(await transition(PEOPLE.marcus, key, 'Back to work')).toBe('done');

    expect(await transition(PEOPLE.marcus, key, 'Resolve')).toBe(
      'Resolving needs Resolution summary and Service restored: set them before moving to "Resolved".',
    );
    await edit(key, {
      'Resolution summary': adf('Failed over to the secondary provider'),
      'Service restored': '2026-11-26T09:30:00.000+0000',
    });
    expect(await transition(PEOPLE.marcus, key, 'Resolve')).toBe(
      'A Highest priority incident needs a Root cause or a linked Problem before it is resolved.',
    );
    await edit(key, { 'Root cause': adf('Provider certificate expired') });
    expect(await transition(PEOPLE.marcus, key, 'Resolve')).toBe('done');
    // The final Resolved stakeholder update a P1 needs before closing (the communication section posts it).
    await forge.site.request('app', 'PUT', `/rest/api/3/issue/${key}/properties/incident-stakeholder-updates`, {
      updates: [
        {
          id: 'final-update-1',
          state: 'Resolved',
          audience: 'both',
          at: '2026-11-26T09:40:00.000Z',
          by: PEOPLE.marcus,
          commentId: null,
          nextUpdateDueAt: null,
        },
      ],
    });

    expect(await transition(PEOPLE.sam, key, 'Close')).toBe('Only members of "service-desk-team" can close incidents.');
    const closeMessage = await transition(PEOPLE.priya, key, 'Close');
    expect(closeMessage).toMatch(
      /^Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved \(.+\)\. A Highest priority incident needs a linked postmortem page before it is closed: add the Incident postmortem macro to a Confluence page for INC-\d+\.$/,
    );
    expect(
      (await forge.site.request(PEOPLE.elena, 'POST', `/rest/api/3/issue/${key}/comment`, { body: adf('Payments work again, thanks') }))
        .status,
    ).toBe(201);
    const link = await forge.site.request('app', 'POST', `/rest/api/3/issue/${key}/remotelink`, {
      globalId: 'postmortem-page=4242',
      object: { url: 'https://local-site.atlassian.net/wiki/spaces/OPS/pages/4242', title: `Postmortem: ${key}` },
    });
    expect(link.status).toBe(201);
    // A postmortem link alone proves nothing (anyone who may link issues can add one): only the
    // page the macro recorded for the incident in app storage counts.
    expect(await transition(PEOPLE.marcus, key, 'Close')).toBe(
      `A Highest priority incident needs a linked postmortem page before it is closed: the postmortem link on ${key} names a page the Incident postmortem macro did not create; create the postmortem with the macro on a Confluence page.`,
    );
    await storeRaw(forge, `postmortem-page:${key}`, {
      state: 'created',
      pageId: '4242',
      spaceId: '98305',
      title: `Postmortem ${key}`,
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(await transition(PEOPLE.marcus, key, 'Close')).toBe('done');
    expect(statusOf(key)).toBe('Closed');

    expect(await transition(PEOPLE.marcus, key, 'Reopen')).toBe('done');
    expect(statusOf(key)).toBe('In Progress');
  });
});
