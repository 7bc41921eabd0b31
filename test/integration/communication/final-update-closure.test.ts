import { closureValidator } from '../../../src/entry/validators';
import { defaultCommunicationSettings } from '../../../src/domain/communication/communication-settings';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { adf, PEOPLE, payloadFor, SEED_DIR, STATUS_ID, statusMove, storeRaw, unexpectedViolations } from '../validators/validator-site';

/** The closure validator's final-Resolved-update requirement, on the local site with the validators' seed. */
describe('closing a P1/P2 needs a final Resolved stakeholder update', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: SEED_DIR });
  });
  afterAll(async () => forge.dispose());
  beforeEach(async () => {
    forge.site.storage.clear();
    // Only the communication requirement is under test: no postmortem needed at any priority.
    const rules = defaultWorkflowRuleSettings();
    await storeRaw(forge, 'workflow-rules:settings', { ...rules, closure: { ...rules.closure, postmortemAtOrAbove: null } });
  });
  afterEach(() => expect(unexpectedViolations(forge)).toEqual([]));

  const close = (key: string) =>
    forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      closureValidator(payloadFor(key, STATUS_ID.resolved, STATUS_ID.closed), {
        installContext: 'ari:cloud:jira::site/local',
        principal: { accountId: PEOPLE.priya },
      }),
    );

  /** Resolved at 10:00 and confirmed by the reporter, so the closure rule itself lets it close. */
  async function aConfirmedIncident(priority: string): Promise<string> {
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
      (await forge.site.request(PEOPLE.elena, 'POST', `/rest/api/3/issue/${issue.key}/comment`, { body: adf('Works for me now, thanks') }))
        .status,
    ).toBe(201);
    return issue.key;
  }
  const markUpdates = (key: string, states: string[]) =>
    forge.site.request('app', 'PUT', `/rest/api/3/issue/${key}/properties/incident-stakeholder-updates`, {
      updates: states.map((state, index) => ({
        id: `update-${index + 1}`,
        state,
        audience: 'internal',
        at: `2026-11-26T1${index}:30:00.000Z`,
        by: PEOPLE.priya,
        commentId: null,
        nextUpdateDueAt: null,
      })),
    });

  it('refuses a P1 without any update and a P2 whose last update is not Resolved, then closes once it is', async () => {
    const p1 = await aConfirmedIncident('Highest');
    expect(await close(p1)).toEqual({
      result: false,
      errorMessage: `Incident ready to close: A P1 incident needs a final Resolved stakeholder update before it is closed (no stakeholder update was posted): post one from ${p1}'s incident panel.`,
    });
    const p2 = await aConfirmedIncident('High');
    await markUpdates(p2, ['Investigating', 'Monitoring']);
    expect((await close(p2)).errorMessage).toContain('the latest stakeholder update is "Monitoring"');
    await markUpdates(p2, ['Investigating', 'Monitoring', 'Resolved']);
    expect(await close(p2)).toEqual({ result: true });
  });

  it('lets a P3 close without updates, and any incident when the admin turned the requirement off', async () => {
    expect(await close(await aConfirmedIncident('Medium'))).toEqual({ result: true });
    await storeRaw(forge, 'comms:settings', { ...defaultCommunicationSettings(), requireResolvedUpdate: false });
    expect(await close(await aConfirmedIncident('Highest'))).toEqual({ result: true });
  });

  it("leaves the closure rule's own refusal first", async () => {
    const issue = forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Not confirmed',
      status: 'Resolved',
      fields: { priority: { name: 'Highest' }, reporter: { accountId: PEOPLE.elena } },
    });
    issue.changelog.push(
      statusMove(
        forge,
        '2026-11-26T10:00:00.000+0000',
        { id: STATUS_ID.inProgress, name: 'In Progress' },
        { id: STATUS_ID.resolved, name: 'Resolved' },
      ),
    );
    expect((await close(issue.key)).errorMessage).toMatch(/^Closing needs confirmation from the reporter/);
  });
});
