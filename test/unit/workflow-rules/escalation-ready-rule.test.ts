import { checkEscalationReady, type EscalationReadyInput } from '../../../src/domain/workflow-rules/escalation-ready-rule';
import { type HistoryChange, tierBeforeTransition } from '../../../src/domain/workflow-rules/incident-history';
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
    ['a configured escalation status', ready('Tier 2', { to: { id: '77', name: 'With vendor', categoryKey: 'indeterminate' } }), { ...settings, escalationStatusNames: ['With vendor'] }],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkEscalationReady(input, ruleSettings)).toEqual({ allowed: true });
  });

  const failures: Array<[string, EscalationReadyInput, string]> = [
    ['no diagnosis', { ...ready('Tier 2'), incident: anIncident({ status: STATUS.inProgress, escalationTier: 'Tier 2' }) }, 'Escalation needs Initial diagnosis: set it before moving to "Escalated".'],
    ['no tier', ready(null), 'Escalation needs Escalation tier: set it before moving to "Escalated".'],
    ['neither', { ...ready(null), incident: anIncident({ status: STATUS.inProgress, initialDiagnosis: ' ' }) }, 'Escalation needs Initial diagnosis and Escalation tier: set them before moving to "Escalated".'],
    ['an unknown tier', ready('Tier 9'), 'Escalation tier "Tier 9" is not one of "Tier 1", "Tier 2" or "Tier 3".'],
    ['skipping Tier 2', ready('Tier 3', { tierBefore: 'Tier 1' }), 'Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". To skip a tier, give the reason in a comment on the transition screen.'],
    ['skipping from no tier', ready('Tier 3'), 'Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". To skip a tier, give the reason in a comment on the transition screen.'],
    ['a blank reason does not count', ready('Tier 3', { tierSkipReason: '   ' }), 'Escalation goes up one tier at a time: from "Tier 1" the next is "Tier 2", not "Tier 3". To skip a tier, give the reason in a comment on the transition screen.'],
  ];
  it.each(failures)('denies: %s', (_name, input, message) => {
    expect(checkEscalationReady(input, settings)).toEqual({ allowed: false, message });
  });
});

describe('tier before the transition', () => {
  const status = (at: string, from: string, to: string): HistoryChange => ({ at, field: 'status', from, to });
  const tier = (at: string, from: string | null, to: string | null): HistoryChange => ({ at, field: 'escalationTier', from, to });

  const cases: Array<[string, HistoryChange[], string | null, string | null]> = [
    ['never changed: the stored tier', [status('2026-11-26T10:05:00.000+0000', '10000', '3')], 'Tier 1', 'Tier 1'],
    ['never set', [], null, null],
    ['set before entering the current status', [tier('2026-11-26T10:01:00.000+0000', null, 'Tier 1'), status('2026-11-26T10:05:00.000+0000', '10000', '3')], 'Tier 1', 'Tier 1'],
    ['edited twice since entering: the tier at entry', [tier('2026-11-26T10:01:00.000+0000', null, 'Tier 1'), status('2026-11-26T10:05:00.000+0000', '10000', '3'), tier('2026-11-26T10:06:00.000+0000', 'Tier 1', 'Tier 2'), tier('2026-11-26T10:07:00.000+0000', 'Tier 2', 'Tier 3')], 'Tier 3', 'Tier 1'],
    ['set on the screen of the transition into the current status', [status('2026-11-26T10:05:00.000+0000', '3', '10002'), tier('2026-11-26T10:05:00.000+0000', 'Tier 1', 'Tier 2')], 'Tier 2', 'Tier 2'],
    ['changed after creation with no status move: the value at creation', [tier('2026-11-26T10:06:00.000+0000', 'Tier 1', 'Tier 2')], 'Tier 2', 'Tier 1'],
    ['history out of order is sorted', [tier('2026-11-26T10:07:00.000+0000', 'Tier 2', 'Tier 3'), status('2026-11-26T10:05:00.000+0000', '10000', '3'), tier('2026-11-26T10:01:00.000+0000', null, 'Tier 2')], 'Tier 3', 'Tier 2'],
  ];
  it.each(cases)('%s', (_name, history, stored, expected) => {
    expect(tierBeforeTransition(history, stored)).toBe(expected);
  });
});
