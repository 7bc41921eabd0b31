import { escalationReadyValidator, resolutionReadyValidator, triageCompleteValidator } from '../../../src/entry/validators';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { ValidatorSettingsStore } from '../../../src/usecases/workflow/validator-settings-store';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import {
  ensureOptions,
  fieldIdsByName,
  type FieldIds,
  PEOPLE,
  payloadFor,
  SEED_DIR,
  STATUS_ID,
  unexpectedViolations,
} from './validator-site';

/**
 * The validators keep the site's statuses and time zone in app storage (with the field ids setup
 * stored), so a transition costs the issue's GET alone; an admin's change to the statuses must
 * still be seen.
 */
describe('workflow validators and the stored site statuses', () => {
  let forge: LocalForge;
  let field: FieldIds;

  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_DIR });
    field = await fieldIdsByName(forge);
    await ensureOptions(forge, field['Escalation tier']!, ['Tier 1', 'Tier 2', 'Tier 3']);
  });
  afterEach(async () => {
    expect(unexpectedViolations(forge)).toEqual([]);
    await forge.dispose();
  });

  type Validator = (payload: unknown, context?: unknown) => Promise<{ result: boolean; errorMessage?: string }>;
  const run = (validator: Validator, payload: unknown) =>
    forge.asInvocation({ accountId: PEOPLE.marcus }, () =>
      validator(payload, { installContext: 'ari:cloud:jira::site/local', principal: { accountId: PEOPLE.marcus } }),
    );
  const jiraSince = (from: number) =>
    forge.site.stats.log
      .slice(from)
      .filter((entry) => entry.product === 'jira')
      .map((entry) => `${entry.method} ${entry.path}`);
  const anIncident = (status: string) =>
    forge.site.jira.addIssue({
      project: 'INC',
      issueType: 'Incident',
      summary: 'Checkout payments failing',
      status,
      fields: { reporter: { accountId: PEOPLE.elena } },
    });
  const status = (id: string) => forge.site.jira.state.statuses.find((candidate) => String(candidate.id) === id)!;

  /** As an admin renames a status: Jira shows the new name everywhere, on the issues in it too. */
  function renameStatus(id: string, name: string): void {
    status(id).name = name;
    for (const issue of forge.site.jira.state.issues.values()) {
      const current = issue.fields.status as { id?: unknown } | undefined;
      if (String(current?.id) === id) issue.fields.status = status(id);
    }
  }

  it('reads only the issue once the statuses and time zone are stored', async () => {
    const issue = anIncident('In Progress');
    await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved));
    for (const validator of [resolutionReadyValidator, triageCompleteValidator]) {
      const from = forge.site.stats.log.length;
      await run(validator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved));
      expect(jiraSince(from)).toEqual([`GET /rest/api/3/issue/${issue.key}`]);
    }
    expect((await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved))).errorMessage).toContain(
      'before moving to "Resolved"',
    );
  });

  it('sees a status created after the statuses were stored', async () => {
    const issue = anIncident('In Progress');
    await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved));
    forge.site.jira.state.statuses.push({
      ...status(STATUS_ID.resolved),
      id: '10900',
      name: 'Mitigated',
      self: 'https://local-site.atlassian.net/rest/api/3/status/10900',
    });
    expect(await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, '10900'))).toMatchObject({
      result: false,
      errorMessage: expect.stringContaining('before moving to "Mitigated"'),
    });
  });

  it('sees a renamed status at once when the issue shows its own status differently from the stored copy', async () => {
    const issue = anIncident('In Progress');
    await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved));
    renameStatus(STATUS_ID.inProgress, 'Working on it');
    renameStatus(STATUS_ID.resolved, 'Fixed');
    expect(await run(resolutionReadyValidator, payloadFor(issue.key, STATUS_ID.inProgress, STATUS_ID.resolved))).toMatchObject({
      result: false,
      errorMessage: expect.stringContaining('before moving to "Fixed"'),
    });
  });

  it('reads the statuses afresh after an admin saves the validator settings', async () => {
    const issue = anIncident('Triaged');
    const payload = payloadFor(issue.key, STATUS_ID.triaged, STATUS_ID.escalated);
    expect((await run(escalationReadyValidator, payload)).errorMessage).toContain('before moving to "Escalated"');
    // The admin renames the status, then names it in the escalation settings.
    renameStatus(STATUS_ID.escalated, 'Handed over');
    const settings = defaultWorkflowRuleSettings();
    await forge.asInvocation({ accountId: PEOPLE.priya }, () =>
      new ValidatorSettingsStore(new AppStorage()).save({
        ...settings,
        escalation: { ...settings.escalation, escalationStatusNames: ['Handed over'] },
      }),
    );
    expect((await run(escalationReadyValidator, payload)).errorMessage).toContain('before moving to "Handed over"');
  });
});
