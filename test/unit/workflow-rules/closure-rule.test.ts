import { checkClosure, type ClosureInput, postmortemPageIdOf } from '../../../src/domain/workflow-rules/closure-rule';
import { lastResolvedAt, type HistoryChange } from '../../../src/domain/workflow-rules/incident-history';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import type { Incident } from '../../../src/domain/incident/incident';
import { anIncident, aProblemTicket, STATUS } from './factories';

const all = defaultWorkflowRuleSettings();
const settings = { ...all.closure, serviceDeskGroups: ['service-desk-team'] };
const RESOLVED_AT = '2026-11-26T11:00:00.000+0000';
const confirmation = { authorAccountId: 'acc-reporter', created: '2026-11-26T11:30:00.000+0000', text: 'Works for me now, thanks' };
const agent = { accountId: 'acc-agent', groups: ['jira-software-users', 'service-desk-team'] };

const closing = (overrides: Partial<Incident> = {}, input: Partial<ClosureInput> = {}): ClosureInput => ({
  incident: anIncident({ status: STATUS.resolved, priority: { id: '3', name: 'Medium' }, ...overrides }),
  to: STATUS.closed,
  closer: agent,
  resolvedAt: RESOLVED_AT,
  siteTimeZone: 'UTC',
  comments: [confirmation],
  postmortemPageIds: [],
  recordedPostmortemPageId: null,
  ...input,
});

describe('closure', () => {
  const passes: Array<[string, ClosureInput, typeof settings?]> = [
    ['a Medium incident confirmed by the reporter, closed by the service desk', closing()],
    ['a High incident linked to the postmortem page the app recorded', closing({ priority: { id: '2', name: 'High' } }, { postmortemPageIds: ['111', '98765'], recordedPostmortemPageId: '98765' })],
    ['group names compared without case', closing({}, { closer: { accountId: 'acc-agent', groups: ['Service-Desk-Team'] } })],
    ['a confirmation phrase present', closing({}, { comments: [{ ...confirmation, text: 'Confirmed fixed' }] }), { ...settings, confirmationPhrases: ['confirmed'] }],
    ['not a closed status', closing({}, { to: STATUS.resolved, closer: null })],
    ['not an Incident', { ...closing(), incident: aProblemTicket({ status: STATUS.resolved }), closer: null }],
    ['the rule switched off', closing({}, { closer: null }), { ...settings, enabled: false }],
    ['no postmortem threshold', closing({ priority: { id: '1', name: 'Highest' } }), { ...settings, postmortemAtOrAbove: null }],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkClosure(input, ruleSettings, all.priorityOrder)).toEqual({ allowed: true });
  });

  const needsConfirmation = 'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 11:00 UTC).';
  const needsPostmortem = 'A High priority incident needs a linked postmortem page before it is closed: add the Incident postmortem macro to a Confluence page for INC-1.';
  const failures: Array<[string, ClosureInput, string, typeof settings?]> = [
    ['nobody named as the closer', closing({}, { closer: null }), 'Jira did not say who is closing this incident, so membership of "service-desk-team" cannot be checked. Try again, or ask an admin.'],
    ['closer outside the group', closing({}, { closer: { accountId: 'acc-dev', groups: ['jira-software-users'] } }), 'Only members of "service-desk-team" can close incidents.'],
    ['several groups named', closing({}, { closer: { accountId: 'acc-dev', groups: [] } }), 'Only members of "service-desk-team" or "site-admins" can close incidents.', { ...settings, serviceDeskGroups: ['service-desk-team', 'site-admins'] }],
    ['never resolved', closing({ status: STATUS.inProgress }, { resolvedAt: null }), 'INC-1 has not been resolved yet: resolve it before closing.'],
    ['no comments', closing({}, { comments: [] }), needsConfirmation],
    ['the reporter commented before the resolution', closing({}, { comments: [{ ...confirmation, created: '2026-11-26T10:59:00.000+0000' }] }), needsConfirmation],
    ['someone else confirmed', closing({}, { comments: [{ ...confirmation, authorAccountId: 'acc-agent' }] }), needsConfirmation],
    ['no reporter', closing({ reporter: null }), "Closing needs the reporter's confirmation, but the incident has no Reporter."],
    ['the comment lacks every phrase', closing({}, { comments: [{ ...confirmation, text: 'still broken' }] }), 'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 11:00 UTC) containing "confirmed" or "fixed".', { ...settings, confirmationPhrases: ['confirmed', 'fixed'] }],
    ['a High incident without postmortem', closing({ priority: { id: '2', name: 'High' } }), needsPostmortem],
    [
      'a High incident whose postmortem link names a page the app did not record (a look-alike)',
      closing({ priority: { id: '2', name: 'High' } }, { postmortemPageIds: ['98765'], recordedPostmortemPageId: null }),
      'A High priority incident needs a linked postmortem page before it is closed: the postmortem link on INC-1 names a page the Incident postmortem macro did not create; create the postmortem with the macro on a Confluence page.',
    ],
    [
      'a High incident linked to another page than the recorded one',
      closing({ priority: { id: '2', name: 'High' } }, { postmortemPageIds: ['98765'], recordedPostmortemPageId: '4242' }),
      'A High priority incident needs a linked postmortem page before it is closed: the postmortem page made for INC-1 is no longer linked from it; click "Refresh from Jira" in the Incident postmortem macro to link it again.',
    ],
    ['both missing, reported together', closing({ priority: { id: '2', name: 'High' } }, { comments: [] }), `${needsConfirmation} ${needsPostmortem}`],
  ];
  it.each(failures)('denies: %s', (_name, input, message, ruleSettings = settings) => {
    expect(checkClosure(input, ruleSettings, all.priorityOrder)).toEqual({ allowed: false, message });
  });

  it("gives the resolution time in the site's time zone and in UTC", () => {
    const verdict = checkClosure(closing({}, { comments: [], siteTimeZone: 'America/New_York', resolvedAt: '2026-11-26T02:30:00.000+0000' }), settings, all.priorityOrder);
    expect(verdict).toEqual({
      allowed: false,
      message: 'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-25 21:30 America/New_York, 2026-11-26 02:30 UTC).',
    });
  });
});

describe('postmortem link ids', () => {
  it.each([
    ['postmortem-page=98765', '98765'],
    ['postmortem-page=', null],
    ['system=https://status.example.com', null],
    [undefined, null],
  ])('%s → %s', (globalId, pageId) => {
    expect(postmortemPageIdOf(globalId)).toBe(pageId);
  });
});

describe('last resolved at', () => {
  const done = new Set(['5', '6']);
  const move = (at: string, from: string, to: string): HistoryChange => ({ at, field: 'status', from, to });
  it.each<[string, HistoryChange[], string | null, string | null]>([
    ['the latest move into Done', [move('2026-11-26T10:00:00.000+0000', '3', '5'), move('2026-11-26T10:30:00.000+0000', '5', '3'), move('2026-11-26T11:00:00.000+0000', '3', '5')], null, '2026-11-26T11:00:00.000+0000'],
    ['the resolution date when the history has no Done move', [move('2026-11-26T10:00:00.000+0000', '10000', '3')], '2026-11-26T09:00:00.000+0000', '2026-11-26T09:00:00.000+0000'],
    ['never resolved', [], null, null],
  ])('%s', (_name, history, resolutionDate, expected) => {
    expect(lastResolvedAt(history, done, resolutionDate)).toBe(expected);
  });
});
