import { checkClosure, type ClosureInput, postmortemPageIdOf } from '../../../src/domain/workflow-rules/closure-rule';
import { lastResolvedAt, type HistoryChange } from '../../../src/domain/workflow-rules/incident-history';
import { ClosureSettings, defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
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
    [
      'a High incident linked to the postmortem page the app recorded',
      closing({ priority: { id: '2', name: 'High' } }, { postmortemPageIds: ['111', '98765'], recordedPostmortemPageId: '98765' }),
    ],
    ['group names compared without case', closing({}, { closer: { accountId: 'acc-agent', groups: ['Service-Desk-Team'] } })],
    [
      'a confirmation phrase present',
      closing({}, { comments: [{ ...confirmation, text: 'Confirmed fixed' }] }),
      { ...settings, confirmationPhrases: ['confirmed'] },
    ],
    ['not a closed status', closing({}, { to: STATUS.resolved, closer: null })],
    ['not an Incident', { ...closing(), incident: aProblemTicket({ status: STATUS.resolved }), closer: null }],
    ['the rule switched off', closing({}, { closer: null }), { ...settings, enabled: false }],
    ['no postmortem threshold', closing({ priority: { id: '1', name: 'Highest' } }), { ...settings, postmortemAtOrAbove: null }],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkClosure(input, ruleSettings, all.priorityOrder)).toEqual({ allowed: true });
  });

  const needsConfirmation =
    'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 11:00 UTC).';
  const needsPostmortem =
    'A High priority incident needs a linked postmortem page before it is closed: add the Incident postmortem macro to a Confluence page for INC-1.';
  const failures: Array<[string, ClosureInput, string, typeof settings?]> = [
    [
      'nobody named as the closer',
      closing({}, { closer: null }),
      'Jira did not say who is closing this incident, so membership of "service-desk-team" cannot be checked. Try again, or ask an admin.',
    ],
    [
      'closer outside the group',
      closing({}, { closer: { accountId: 'acc-dev', groups: ['jira-software-users'] } }),
      'Only members of "service-desk-team" can close incidents.',
    ],
    [
      'several groups named',
      closing({}, { closer: { accountId: 'acc-dev', groups: [] } }),
      'Only members of "service-desk-team" or "site-admins" can close incidents.',
      { ...settings, serviceDeskGroups: ['service-desk-team', 'site-admins'] },
    ],
    [
      'never resolved',
      closing({ status: STATUS.inProgress }, { resolvedAt: null }),
      'INC-1 has not been resolved yet: resolve it before closing.',
    ],
    ['no comments', closing({}, { comments: [] }), needsConfirmation],
    [
      'the reporter commented before the resolution',
      closing({}, { comments: [{ ...confirmation, created: '2026-11-26T10:59:00.000+0000' }] }),
      needsConfirmation,
    ],
    ['someone else confirmed', closing({}, { comments: [{ ...confirmation, authorAccountId: 'acc-agent' }] }), needsConfirmation],
    ['no reporter', closing({ reporter: null }), "Closing needs the reporter's confirmation, but the incident has no Reporter."],
    [
      'the comment lacks every phrase',
      closing({}, { comments: [{ ...confirmation, text: 'still broken' }] }),
      'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-26 11:00 UTC) containing "confirmed" or "fixed".',
      { ...settings, confirmationPhrases: ['confirmed', 'fixed'] },
    ],
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
    [
      'both missing, reported together',
      closing({ priority: { id: '2', name: 'High' } }, { comments: [] }),
      `${needsConfirmation} ${needsPostmortem}`,
    ],
  ];
  it.each(failures)('denies: %s', (_name, input, message, ruleSettings = settings) => {
    expect(checkClosure(input, ruleSettings, all.priorityOrder)).toEqual({ allowed: false, message });
  });

  it("gives the resolution time in the site's time zone and in UTC", () => {
    const verdict = checkClosure(
      closing({}, { comments: [], siteTimeZone: 'America/New_York', resolvedAt: '2026-11-26T02:30:00.000+0000' }),
      settings,
      all.priorityOrder,
    );
    expect(verdict).toEqual({
      allowed: false,
      message:
        'Closing needs confirmation from the reporter, Elena Rossi: a comment by them after the incident was resolved (2026-11-25 21:30 America/New_York, 2026-11-26 02:30 UTC).',
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
    [
      'the latest move into Done',
      [
        move('2026-11-26T10:00:00.000+0000', '3', '5'),
        move('2026-11-26T10:30:00.000+0000', '5', '3'),
        move('2026-11-26T11:00:00.000+0000', '3', '5'),
      ],
      null,
      '2026-11-26T11:00:00.000+0000',
    ],
    [
      'the resolution date when the history has no Done move',
      [move('2026-11-26T10:00:00.000+0000', '10000', '3')],
      '2026-11-26T09:00:00.000+0000',
      '2026-11-26T09:00:00.000+0000',
    ],
    ['never resolved', [], null, null],
  ])('%s', (_name, history, resolutionDate, expected) => {
    expect(lastResolvedAt(history, done, resolutionDate)).toBe(expected);
  });
});

describe('closure: owners and due dates on P1/P2 action items', () => {
  const requiring = { ...settings, requireActionItemOwners: true };
  const linkedPostmortem = { postmortemPageIds: ['98765'], recordedPostmortemPageId: '98765' };
  const owned = { key: 'OPS-1', ownerAccountId: 'acc-agent', dueDate: '2026-12-01' };
  const p2 = { priority: { id: '2', name: 'High' } };

  it('is off by default, so closing is not blocked by follow-ups linked before the setting existed', () => {
    expect(all.closure.requireActionItemOwners).toBe(false);
    const input = closing(p2, { ...linkedPostmortem, actionItems: [{ key: 'OPS-2', ownerAccountId: null, dueDate: null }] });
    expect(checkClosure(input, settings, all.priorityOrder)).toEqual({ allowed: true });
  });

  it('allows a P2 incident whose action items all have an owner and a due date, and a P3 whatever its items', () => {
    expect(checkClosure(closing(p2, { ...linkedPostmortem, actionItems: [owned] }), requiring, all.priorityOrder)).toEqual({
      allowed: true,
    });
    expect(
      checkClosure(closing({}, { actionItems: [{ key: 'OPS-2', ownerAccountId: null, dueDate: null }] }), requiring, all.priorityOrder),
    ).toEqual({ allowed: true });
  });

  it('names each P1/P2 action item without an owner or a due date', () => {
    const input = closing(
      { priority: { id: '1', name: 'Highest' } },
      {
        ...linkedPostmortem,
        actionItems: [
          owned,
          { key: 'OPS-2', ownerAccountId: null, dueDate: '2026-12-01' },
          { key: 'OPS-3', ownerAccountId: 'acc-agent', dueDate: null },
          { key: 'OPS-4', ownerAccountId: null, dueDate: null },
        ],
      },
    );
    expect(checkClosure(input, requiring, all.priorityOrder)).toEqual({
      allowed: false,
      message:
        'Every action item of a Highest priority incident needs an owner (assignee) and a due date before the incident is closed: OPS-2 needs an owner; OPS-3 needs a due date; OPS-4 needs an owner and a due date.',
    });
  });

  it("takes P1 and P2 from the site's own priority order", () => {
    const order = ['Sev1', 'Sev2', 'Sev3'];
    const input = (name: string) =>
      closing({ priority: { id: '9', name } }, { actionItems: [{ key: 'OPS-2', ownerAccountId: null, dueDate: '2026-12-01' }] });
    const noPostmortem = { ...requiring, postmortemAtOrAbove: null };
    expect(checkClosure(input('Sev2'), noPostmortem, order).allowed).toBe(false);
    expect(checkClosure(input('Sev3'), noPostmortem, order)).toEqual({ allowed: true });
  });

  it('reads settings saved before the setting existed as off', () => {
    const { requireActionItemOwners: _dropped, ...older } = all.closure;
    expect(ClosureSettings.parse(older).requireActionItemOwners).toBe(false);
  });
});
