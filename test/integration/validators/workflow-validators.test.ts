import {
  closureValidator,
  escalationReadyValidator,
  resolutionReadyValidator,
  triageCompleteValidator,
} from '../../../src/entry/validators';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import {
  adf,
  ensureOptions,
  fieldIdsByName,
  type FieldIds,
  PEOPLE,
  payloadFor,
  SEED_DIR,
  STATUS_ID,
  statusMove,
  storeRaw,
  unexpectedViolations,
} from './validator-site';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';

/**
 * The four function validators against the local site: real @forge/api and @forge/kvs, every
 * request and response checked against Atlassian's OpenAPI documents.
 */
describe('workflow validators on the local site', () => {
  let forge: LocalForge;
  let field: FieldIds;

  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_DIR });
    field = await fieldIdsByName(forge);
    await ensureOptions(forge, field['Escalation tier']!, ['Tier 1', 'Tier 2', 'Tier 3']);
  });
  afterAll(async () => forge.dispose());
  beforeEach(() => {
    forge.site.faults.clear();
    forge.site.storage.clear();
  });
  afterEach(() => {
    expect(unexpectedViolations(forge)).toEqual([]);
  });

  type Validator = (payload: unknown, context?: unknown) => Promise<{ result: boolean; errorMessage?: string }>;
  /** Runs a validator as Forge would: the user who transitions is only in the context's `principal` (null: absent). */
  const run = (validator: Validator, payload: unknown, accountId: string | null = PEOPLE.marcus) =>
    forge.asInvocation({ accountId: accountId ?? PEOPLE.marcus }, () =>
      validator(
        payload,
        accountId === null
          ? { installContext: 'ari:cloud:jira::site/local' }
          : { installContext: 'ari:cloud:jira::site/local', principal: { accountId } },
      ),
    );

  /** An Incident in INC with the given status and incident fields by name ({ Impact: { value: 'High' } }). */
  function anIncident(status: string, fieldsByName: Record<string, unknown>, extra: Record<string, unknown> = {}) {
    const fields = Object.fromEntries(Object.entries(fieldsByName).map(([name, value]) => [field[name]!, value]));
    return forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Checkout payments failing',
      status,
      fields: { ...fields, reporter: { accountId: PEOPLE.elena }, ...extra },
    });
  }

  const triaged = {
    Impact: { value: 'High' },
    Urgency: { value: 'High' },
    'Incident category': { value: 'Application', child: { value: 'Outage' } },
  };

  describe('triage complete', () => {
    it('lets a triaged incident with the matrix priority leave Open', async () => {
      const issue = anIncident('Open', triaged, { priority: { name: 'Highest' } });
      expect(await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged))).toEqual({ result: true });
    });

    it('names the missing fields', async () => {
      const issue = anIncident('Open', { Impact: { value: 'High' } }, { priority: { name: 'Highest' } });
      expect(await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged))).toEqual({
        result: false,
        errorMessage: 'Triage is incomplete: set Urgency and Incident category before leaving "Open".',
      });
    });

    it('counts fields set on the transition screen (modifiedFields)', async () => {
      const issue = anIncident(
        'Open',
        { Impact: { value: 'High' }, 'Incident category': { value: 'Application', child: { value: 'Outage' } } },
        { priority: { name: 'Medium' } },
      );
      const screen = { [field.Urgency!]: { value: 'High', id: '1' }, priority: { name: 'Highest', id: '1' } };
      expect(await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged, screen))).toEqual({
        result: true,
      });
    });

    it('refuses a priority that differs from the matrix without an override reason', async () => {
      const issue = anIncident('Open', triaged, { priority: { name: 'Low' } });
      expect(await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged))).toEqual({
        result: false,
        errorMessage:
          'Priority is "Low" but the priority matrix gives "Highest". Set Priority to "Highest" or give a Priority override reason.',
      });
    });

    it("compares with the admin's stored priority settings", async () => {
      const defaults = defaultPrioritySettings();
      await storeRaw(forge, 'priority:settings', { ...defaults, priorityMapping: { ...defaults.priorityMapping, P1: 'High' } });
      const issue = anIncident('Open', triaged, { priority: { name: 'High' } });
      expect(await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged))).toEqual({ result: true });
    });

    it('fails open on unreadable priority settings, naming the setting', async () => {
      await storeRaw(forge, 'priority:settings', { version: 7 });
      const issue = anIncident('Open', triaged, { priority: { name: 'Highest' } });
      const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const answer = await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged));
      warnings.mockRestore();
      expect(answer).toEqual({
        result: true,
        errorMessage:
          '"Incident triage complete" was not checked and let the transition through: the priority settings are unreadable (version: settings version 7 was written by a newer version of the app (this one reads version 1)); an admin can reset them on the Incident response admin page.',
      });
    });

    it('fails open when Jira is unavailable, saying why', async () => {
      const issue = anIncident('Open', {}, {});
      forge.site.faults.inject({ match: { method: 'GET', pathPrefix: `/rest/api/3/issue/${issue.key}` }, kind: '503', times: 10 });
      const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
      const answer = await run(triageCompleteValidator, payloadFor(issue.key, STATUS_ID.open, STATUS_ID.triaged));
      const warned = [...warnings.mock.calls];
      warnings.mockRestore();
      expect(answer.result).toBe(true);
      // Jira shows no message for a passing validator: the Forge log is where the problem is seen.
      expect(warned).toEqual([[answer.errorMessage]]);
      expect(answer.errorMessage).toMatch(
        /^"Incident triage complete" was not checked and let the transition through: Jira could not be read \(GET \/rest\/api\/3\/issue\/INC-\d+\?fields=\*all answered 503/,
      );
    });
  });

  describe('escalation ready', () => {
    it('refuses a skipped tier, with the tier before the transition read from the changelog', async () => {
      const issue = anIncident('In Progress', { 'Initial diagnosis': adf('DB pool exhausted'), 'Escalation tier': { value: 'Tier 1' } });
      const edit = await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${issue.key}`, {
        fields: { [field['Escalation tier']!]: { value: 'Tier 3' } },
      });
      expect(edit.status).toBe(204);
      expect(await run(escalationReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.escalated))).toEqual({
        result: false,
        errorMessage:
          'Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". To skip a tier, first add a comment to the incident that starts with "Tier skip:" followed by the reason, then escalate again (a comment on the transition screen, where the workflow has one, counts too).',
      });
    });

    it('accepts the skip with a reason given as a comment on the transition screen', async () => {
      const issue = anIncident('In Progress', { 'Initial diagnosis': adf('DB pool exhausted'), 'Escalation tier': { value: 'Tier 1' } });
      const screen = { [field['Escalation tier']!]: { value: 'Tier 3' }, comment: adf('Vendor database team needed now') };
      expect(await run(escalationReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.escalated, screen))).toEqual({
        result: true,
      });
    });

    it('accepts the skip with a reason given the way the message says, as a comment on the incident before escalating (no transition screen)', async () => {
      const issue = anIncident('In Progress', { 'Initial diagnosis': adf('DB pool exhausted'), 'Escalation tier': { value: 'Tier 1' } });
      await forge.site.request(PEOPLE.marcus, 'PUT', `/rest/api/3/issue/${issue.key}`, {
        fields: { [field['Escalation tier']!]: { value: 'Tier 3' } },
      });
      const skip = payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.escalated);
      expect((await run(escalationReadyValidator, skip)).result).toBe(false);
      const unrelated = await forge.site.request(PEOPLE.marcus, 'POST', `/rest/api/3/issue/${issue.key}/comment`, {
        body: adf('Paging the vendor'),
      });
      expect(unrelated.status).toBe(201);
      expect((await run(escalationReadyValidator, skip)).result).toBe(false);
      const reason = await forge.site.request(PEOPLE.marcus, 'POST', `/rest/api/3/issue/${issue.key}/comment`, {
        body: adf('Tier skip: vendor database team needed now'),
      });
      expect(reason.status).toBe(201);
      expect(await run(escalationReadyValidator, skip)).toEqual({ result: true });
    });

    it('needs a diagnosis', async () => {
      const issue = anIncident('In Progress', { 'Escalation tier': { value: 'Tier 2' } });
      expect(await run(escalationReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.escalated))).toEqual({
        result: false,
        errorMessage: 'Escalation needs Initial diagnosis: set it before moving to "Escalated".',
      });
    });
  });

  describe('resolution ready', () => {
    const resolvedFields = { 'Resolution summary': adf('Rolled back release 42'), 'Service restored': '2026-11-26T09:30:00.000+0000' };

    it('asks a High incident for a root cause or a linked Problem, and accepts the link', async () => {
      const issue = anIncident('In Progress', resolvedFields, { priority: { name: 'High' } });
      expect(await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved))).toEqual({
        result: false,
        errorMessage: 'A High priority incident needs a Root cause or a linked Problem before it is resolved.',
      });
      const problem = forge.site.jira.addIssue({ project: 'INC', issueType: 'Problem', summary: 'Connection leak' });
      const link = await forge.site.request(PEOPLE.marcus, 'POST', '/rest/api/3/issueLink', {
        type: { name: 'Relates' },
        inwardIssue: { key: issue.key },
        outwardIssue: { key: problem.key },
      });
      expect(link.status).toBe(201);
      expect(await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved))).toEqual({
        result: true,
      });
    });

    it('fails closed when the stored settings are unreadable, naming the field', async () => {
      const issue = anIncident('In Progress', resolvedFields, { priority: { name: 'Medium' } });
      await storeRaw(forge, 'workflow-rules:settings', { version: 1, priorityOrder: [] });
      expect(await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved))).toEqual({
        result: false,
        errorMessage:
          '"Incident ready to resolve" could not be checked: the validator settings are unreadable (priorityOrder: expected at least one name); an admin can fix or reset them on the Incident response admin page. Try again in a minute; if it keeps failing, ask an admin.',
      });
    });
  });

  describe('closure', () => {
    /** A Resolved incident whose changelog says it was resolved at 10:00 today (the site's clock is later). */
    function aResolvedIncident(priority: string) {
      const issue = anIncident('Resolved', {}, { priority: { name: priority } });
      issue.changelog.push(
        statusMove(
          forge,
          '2026-11-26T10:00:00.000+0000',
          { id: STATUS_ID.inProgress, name: 'In Progress' },
          { id: STATUS_ID.resolved, name: 'Resolved' },
        ),
      );
      return issue;
    }
    const confirm = (key: string) =>
      forge.site.request(PEOPLE.elena, 'POST', `/rest/api/3/issue/${key}/comment`, { body: adf('Works for me now, thanks') });

    it('refuses someone outside the service desk group', async () => {
      const issue = aResolvedIncident('Medium');
      const defaults = defaultWorkflowRuleSettings();
      await storeRaw(forge, 'workflow-rules:settings', {
        ...defaults,
        closure: { ...defaults.closure, serviceDeskGroups: ['service-desk-team'] },
      });
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.jonas)).toEqual({
        result: false,
        errorMessage: 'Only members of "service-desk-team" can close incidents.',
      });
    });

    it('needs the reporter to confirm after the resolution, then closes', async () => {
      const issue = aResolvedIncident('Medium');
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
        result: false,
        errorMessage:
          'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 10:00 UTC).',
      });
      expect((await confirm(issue.key)).status).toBe(201);
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
        result: true,
      });
    });

    it("gives the resolution time in the site's default time zone (serverInfo) and in UTC", async () => {
      const issue = aResolvedIncident('Medium');
      forge.site.jira.state.siteTimeZone = 'America/New_York';
      try {
        expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
          result: false,
          errorMessage:
            'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 05:00 America/New_York, 10:00 UTC).',
        });
      } finally {
        forge.site.jira.state.siteTimeZone = 'UTC';
      }
    });

    it('counts the reporter confirming after the service was restored, where the SLA clock stopped', async () => {
      const issue = anIncident('Resolved', { 'Service restored': '2026-11-26T09:40:00.000+0000' }, { priority: { name: 'Medium' } });
      issue.changelog.push(
        statusMove(
          forge,
          '2026-11-26T10:00:00.000+0000',
          { id: STATUS_ID.inProgress, name: 'In Progress' },
          { id: STATUS_ID.resolved, name: 'Resolved' },
        ),
      );
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toMatchObject({
        result: false,
        errorMessage: expect.stringContaining('after the incident was resolved (2026-11-26 09:40 UTC)'),
      });
    });

    it('needs a postmortem page link for a High incident', async () => {
      const issue = aResolvedIncident('High');
      await confirm(issue.key);
      // A P2 also needs its final Resolved stakeholder update to close (test/integration/communication/final-update-closure.test.ts).
      await forge.site.request('app', 'PUT', `/rest/api/3/issue/${issue.key}/properties/incident-stakeholder-updates`, {
        updates: [
          {
            id: 'final-update-1',
            state: 'Resolved',
            audience: 'both',
            at: '2026-11-26T11:00:00.000Z',
            by: PEOPLE.priya,
            commentId: null,
            nextUpdateDueAt: null,
          },
        ],
      });
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
        result: false,
        errorMessage: `A High priority incident needs a linked postmortem page before it is closed: add the Incident postmortem macro to a Confluence page for ${issue.key}.`,
      });
      const link = await forge.site.request('app', 'POST', `/rest/api/3/issue/${issue.key}/remotelink`, {
        globalId: 'postmortem-page=98765',
        object: { url: 'https://local-site.atlassian.net/wiki/spaces/OPS/pages/98765', title: `Postmortem ${issue.key}` },
      });
      expect(link.status).toBe(201);
      // The link names no page the postmortem macro recorded: a look-alike does not satisfy the rule.
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
        result: false,
        errorMessage: `A High priority incident needs a linked postmortem page before it is closed: the postmortem link on ${issue.key} names a page the Incident postmortem macro did not create; create the postmortem with the macro on a Confluence page.`,
      });
      await storeRaw(forge, `postmortem-page:${issue.key}`, {
        state: 'created',
        pageId: '98765',
        spaceId: '98305',
        title: `Postmortem ${issue.key}`,
        createdAt: '2026-11-26T10:00:00.000Z',
      });
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).toEqual({
        result: true,
      });
      // A recorded page that is no longer linked does not count either; the message says how to link it again.
      await storeRaw(forge, `postmortem-page:${issue.key}`, {
        state: 'created',
        pageId: '4242',
        spaceId: '98305',
        title: `Postmortem ${issue.key}`,
        createdAt: '2026-11-26T10:00:00.000Z',
      });
      expect(
        (await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya)).errorMessage,
      ).toContain('is no longer linked from it');
    });

    it('refuses when Jira does not say who is closing', async () => {
      const issue = aResolvedIncident('Medium');
      await confirm(issue.key);
      expect(await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), null)).toEqual({
        result: false,
        errorMessage:
          'Jira did not say who is closing this incident, so membership of "jira-servicemanagement-users" or "site-admins" cannot be checked. Try again, or ask an admin.',
      });
    });

    it('fails closed when Jira is unavailable', async () => {
      const issue = aResolvedIncident('Medium');
      forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/status' }, kind: '503', times: 10 });
      const answer = await run(closureValidator, payloadFor(issue.key, STATUS_ID.resolved, STATUS_ID.closed), PEOPLE.priya);
      expect(answer.result).toBe(false);
      expect(answer.errorMessage).toMatch(
        /^"Incident ready to close" could not be checked: Jira could not be read \(GET \/rest\/api\/3\/status answered 503.*Try again in a minute; if it keeps failing, ask an admin\.$/,
      );
    });
  });

  describe('work that is not an incident', () => {
    it('passes every validator, even with broken settings and an unreachable status list', async () => {
      const task = forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Rotate certificates', status: 'In Progress' });
      await storeRaw(forge, 'workflow-rules:settings', { version: 99 });
      forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/status' }, kind: '503', times: 100 });
      for (const validator of [triageCompleteValidator, escalationReadyValidator, resolutionReadyValidator, closureValidator]) {
        expect(await run(validator, payloadFor(task.key, STATUS_ID.inProgress, STATUS_ID.closed), PEOPLE.jonas)).toEqual({ result: true });
      }
    });
  });

  it("answers a payload that is not what Jira documents by the rule's failure mode", async () => {
    expect(await run(closureValidator, { issue: {} })).toEqual({
      result: false,
      errorMessage:
        '"Incident ready to close" could not be checked: the validator payload is not what Jira documents (issue.key: Invalid input: expected string, received undefined). Try again in a minute; if it keeps failing, ask an admin.',
    });
  });
});
