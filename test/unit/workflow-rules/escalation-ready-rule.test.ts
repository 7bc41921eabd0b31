import {
  checkEscalationReady,
  type EscalationReadyInput,
  isTierSkip,
  tierSkipReasonFromComments,
} from '../../../src/domain/workflow-rules/escalation-ready-rule';
import { type HistoryChange, enteredCurrentStatusAt, tierBeforeTransition } from '../../../src/domain/workflow-rules/incident-history';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { anIncident, aProblemTicket, STATUS } from './factories';

const settings = defaultWorkflowRuleSettings().escalation;
const ready = (tier: string | null, overrides: Partial<EscalationReadyInput> = {}): EscalationReadyInput => ({
  incident: anIncident({ status: STATUS.inProgress, initialDiagnosis: 'DB pool exhausted', escalationTier: tier }),
  to: STATUS.escalated,
  tierBefore: null,
  tierSkipReason: null,
  ...overrides,
});

const skipHow =
  'To skip a tier, first add a comment to the incident that starts with "Tier skip:" followed by the reason, then escalate again (a comment on the transition screen, where the workflow has one, counts too).';

describe('escalation ready', () => {
  const passes: Array<[string, EscalationReadyInput, typeof settings?]> = [
    ['first escalation to Tier 2 (no tier before counts as Tier 1)', ready('Tier 2')],
    ['one step up', ready('Tier 3', { tierBefore: 'Tier 2' })],
    ['staying at the same tier', ready('Tier 2', { tierBefore: 'Tier 2' })],
    ['going down', ready('Tier 1', { tierBefore: 'Tier 3' })],
    ['skipping a tier with a reason', ready('Tier 3', { tierBefore: 'Tier 1', tierSkipReason: 'Database vendor needed now' })],
    ['tier names in another case', ready('tier 2', { tierBefore: 'TIER 1' })],
    ['a tier before that is no longer configured counts as the first tier', ready('Tier 2', { tierBefore: 'Legacy L1' })],
    ['not an escalation status', ready(null, { to: STATUS.resolved })],
    ['not an Incident', { ...ready(null), incident: aProblemTicket({ status: STATUS.inProgress }) }],
    ['the rule switched off', ready(null), { ...settings, enabled: false }],
    [
      'a configured escalation status',
      ready('Tier 2', { to: { id: '77', name: 'With vendor', categoryKey: 'indeterminate' } }),
      { ...settings, escalationStatusNames: ['With vendor'] },
    ],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkEscalationReady(input, ruleSettings)).toEqual({ allowed: true });
  });

  const failures: Array<[string, EscalationReadyInput, string]> = [
    [
      'no diagnosis',
      { ...ready('Tier 2'), incident: anIncident({ status: STATUS.inProgress, escalationTier: 'Tier 2' }) },
      'Escalation needs Initial diagnosis: set it before moving to "Escalated".',
    ],
    ['no tier', ready(null), 'Escalation needs Escalation tier: set it before moving to "Escalated".'],
    [
      'neither',
      { ...ready(null), incident: anIncident({ status: STATUS.inProgress, initialDiagnosis: ' ' }) },
      'Escalation needs Initial diagnosis and Escalation tier: set them before moving to "Escalated".',
    ],
    ['an unknown tier', ready('Tier 9'), 'Escalation tier "Tier 9" is not one of "Tier 1", "Tier 2" or "Tier 3".'],
    [
      'skipping Tier 2',
      ready('Tier 3', { tierBefore: 'Tier 1' }),
      `Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". ${skipHow}`,
    ],
    [
      'skipping from no tier',
      ready('Tier 3'),
      `Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". ${skipHow}`,
    ],
    [
      'a blank reason does not count',
      ready('Tier 3', { tierSkipReason: '   ' }),
      `Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". ${skipHow}`,
    ],
  ];
  it.each(failures)('denies: %s', (_name, input, message) => {
    expect(checkEscalationReady(input, settings)).toEqual({ allowed: false, message });
  });

  it('offers the reason field too when the site has one configured', () => {
    const verdict = checkEscalationReady(ready('Tier 3', { reasonFieldConfigured: true }), settings);
    expect(verdict.allowed === false && verdict.message).toContain(
      "followed by the reason, or put it in the incident's tier-skip reason field, then escalate again",
    );
  });

  it('tells a skip from a one-step move without looking at reasons', () => {
    expect(isTierSkip(ready('Tier 3', { tierBefore: 'Tier 1', tierSkipReason: 'vendor' }), settings)).toBe(true);
    expect(isTierSkip(ready('Tier 3', { tierBefore: 'Tier 2' }), settings)).toBe(false);
    expect(isTierSkip(ready('Tier 3', { to: STATUS.resolved }), settings)).toBe(false);
    expect(isTierSkip(ready(null), settings)).toBe(false);
  });
});

describe('tier-skip reason given without a transition screen', () => {
  const since = '2026-11-26T10:05:00.000+0000';
  const comment = (created: string, text: string) => ({ created, text });

  it('is the text after "Tier skip:" in the latest such comment written since entering the status', () => {
    const comments = [
      comment('2026-11-26T10:06:00.000+0000', 'Tier skip: vendor needed now'),
      comment('2026-11-26T10:08:00.000+0000', '  tier SKIP:  database on fire, Tier 2 is asleep '),
      comment('2026-11-26T10:09:00.000+0000', 'Looking into it'),
    ];
    expect(tierSkipReasonFromComments(comments, since)).toBe('database on fire, Tier 2 is asleep');
  });

  it('ignores reasons written before the incident entered its status, blank reasons and other comments', () => {
    expect(tierSkipReasonFromComments([comment('2026-11-26T10:04:00.000+0000', 'Tier skip: last escalation')], since)).toBeNull();
    expect(tierSkipReasonFromComments([comment('2026-11-26T10:06:00.000+0000', 'Tier skip:   ')], since)).toBeNull();
    expect(tierSkipReasonFromComments([comment('2026-11-26T10:06:00.000+0000', 'We should skip a tier: vendor')], since)).toBeNull();
  });

  it('counts from the latest status move, else from creation', () => {
    const move = (at: string): HistoryChange => ({ at, field: 'status', from: '1', to: '3' });
    expect(
      enteredCurrentStatusAt([move('2026-11-26T10:07:00.000+0000'), move('2026-11-26T10:02:00.000+0000')], '2026-11-26T10:00:00.000+0000'),
    ).toBe('2026-11-26T10:07:00.000+0000');
    expect(enteredCurrentStatusAt([], '2026-11-26T10:00:00.000+0000')).toBe('2026-11-26T10:00:00.000+0000');
  });
});

describe('tier before the transition', () => {
  const status = (at: string, from: string, to: string): HistoryChange => ({ at, field: 'status', from, to });
  const tier = (at: string, from: string | null, to: string | null): HistoryChange => ({ at, field: 'escalationTier', from, to });

  const cases: Array<[string, HistoryChange[], string | null, string | null]> = [
    ['never changed: the stored tier', [status('2026-11-26T10:05:00.000+0000', '10000', '3')], 'Tier 1', 'Tier 1'],
    ['never set', [], null, null],
    [
      'set before entering the current status',
      [tier('2026-11-26T10:01:00.000+0000', null, 'Tier 1'), status('2026-11-26T10:05:00.000+0000', '10000', '3')],
      'Tier 1',
      'Tier 1',
    ],
    [
      'edited twice since entering: the tier at entry',
      [
        tier('2026-11-26T10:01:00.000+0000', null, 'Tier 1'),
        status('2026-11-26T10:05:00.000+0000', '10000', '3'),
        tier('2026-11-26T10:06:00.000+0000', 'Tier 1', 'Tier 2'),
        tier('2026-11-26T10:07:00.000+0000', 'Tier 2', 'Tier 3'),
      ],
      'Tier 3',
      'Tier 1',
    ],
    [
      'set on the screen of the transition into the current status',
      [status('2026-11-26T10:05:00.000+0000', '3', '10002'), tier('2026-11-26T10:05:00.000+0000', 'Tier 1', 'Tier 2')],
      'Tier 2',
      'Tier 2',
    ],
    [
      'changed after creation with no status move: the value at creation',
      [tier('2026-11-26T10:06:00.000+0000', 'Tier 1', 'Tier 2')],
      'Tier 2',
      'Tier 1',
    ],
    [
      'history out of order is sorted',
      [
        tier('2026-11-26T10:07:00.000+0000', 'Tier 2', 'Tier 3'),
        status('2026-11-26T10:05:00.000+0000', '10000', '3'),
        tier('2026-11-26T10:01:00.000+0000', null, 'Tier 2'),
      ],
      'Tier 3',
      'Tier 2',
    ],
  ];
  it.each(cases)('%s', (_name, history, stored, expected) => {
    expect(tierBeforeTransition(history, stored)).toBe(expected);
  });
});
