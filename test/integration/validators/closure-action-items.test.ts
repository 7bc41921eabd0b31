import { closureValidator } from '../../../src/entry/validators';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { adf, PEOPLE, payloadFor, SEED_DIR, STATUS_ID, statusMove, storeRaw, unexpectedViolations } from './validator-site';

/**
 * The closure validator's optional rule: every action item of a P1/P2 incident has an owner and a
 * due date. Against the local site, with the links and fields as Jira stores them.
 */
describe('closure validator: owners and due dates on P1/P2 action items', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_DIR });
  });
  afterAll(async () => forge.dispose());
  beforeEach(() => forge.site.storage.clear());
  afterEach(() => {
    expect(unexpectedViolations(forge)).toEqual([]);
  });

  const run = (payload: unknown) =>
    forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      closureValidator(payload, { installContext: 'ari:cloud:jira::site/local', principal: { accountId: PEOPLE.priya } }),
    );

  /** A resolved P2 incident the reporter confirmed, with its recorded and linked postmortem page and its final Resolved update: only action items can stop it closing. */
  async function aClosableIncident(priority: string) {
    const issue = forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Checkout payments failing',
      status: 'Resolved',
      fields: { priority: { name: priority }, reporter: { accountId: PEOPLE.elena } },
    });
    issue.changelog.push(
      statusMove(
        forge,
        '2026-11-26T10:00:00.000+0000',
        { id: STATUS_ID.inProgress, name: 'In Progress' },
        { id: STATUS_ID.resolved, name: 'Resolved' },
      ),
    );
    expect(
      (await forge.site.request(PEOPLE.elena, 'POST', `/rest/api/3/issue/${issue.key}/comment`, { body: adf('Works for me now') })).status,
    ).toBe(201);
    await forge.site.request('app', 'POST', `/rest/api/3/issue/${issue.key}/remotelink`, {
      globalId: 'postmortem-page=98765',
      object: { url: 'https://local-site.atlassian.net/wiki/pages/98765', title: 'Postmortem' },
    });
    await storeRaw(forge, `postmortem-page:${issue.key}`, {
      state: 'created',
      pageId: '98765',
      spaceId: '98305',
      title: 'Postmortem',
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    // The P1/P2 final-update rule (test/integration/communication/final-update-closure.test.ts) is met too.
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
    return issue;
  }

  async function linkTask(incidentKey: string, fields: Record<string, unknown>) {
    const task = forge.site.jira.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Follow-up', fields });
    expect(
      (
        await forge.site.request('app', 'POST', '/rest/api/3/issueLink', {
          type: { name: 'Relates' },
          outwardIssue: { key: incidentKey },
          inwardIssue: { key: task.key },
        })
      ).status,
    ).toBe(201);
    return task;
  }

  async function requireOwners(on: boolean) {
    const defaults = defaultWorkflowRuleSettings();
    await storeRaw(forge, 'workflow-rules:settings', {
      ...defaults,
      closure: { ...defaults.closure, serviceDeskGroups: ['site-admins'], requireActionItemOwners: on },
    });
  }

  it('refuses a High incident whose linked Task lacks an owner or due date, with one extra Jira call, and closes once both are set', async () => {
    await requireOwners(true);
    const incident = await aClosableIncident('High');
    const task = await linkTask(incident.key, {});
    const before = forge.site.stats.log.length;
    expect(await run(payloadFor(incident.key, STATUS_ID.resolved, STATUS_ID.closed))).toEqual({
      result: false,
      errorMessage: `Every action item of a High priority incident needs an owner (assignee) and a due date before the incident is closed: ${task.key} needs an owner and a due date.`,
    });
    expect(forge.site.stats.log.slice(before).filter((entry) => entry.path.includes('/issue/bulkfetch'))).toHaveLength(1);

    expect(
      (
        await forge.site.request('app', 'PUT', `/rest/api/3/issue/${task.key}`, {
          fields: { assignee: { accountId: PEOPLE.marcus }, duedate: '2026-12-20' },
        })
      ).status,
    ).toBe(204);
    expect(await run(payloadFor(incident.key, STATUS_ID.resolved, STATUS_ID.closed))).toEqual({ result: true });
  });

  it('reads no action items when the setting is off or the incident is not P1/P2', async () => {
    await requireOwners(false);
    const high = await aClosableIncident('High');
    await linkTask(high.key, {});
    const before = forge.site.stats.log.length;
    expect(await run(payloadFor(high.key, STATUS_ID.resolved, STATUS_ID.closed))).toEqual({ result: true });
    await requireOwners(true);
    const medium = await aClosableIncident('Medium');
    await linkTask(medium.key, {});
    expect(await run(payloadFor(medium.key, STATUS_ID.resolved, STATUS_ID.closed))).toEqual({ result: true });
    expect(forge.site.stats.log.slice(before).filter((entry) => entry.path.includes('/issue/bulkfetch'))).toHaveLength(0);
  });
});
