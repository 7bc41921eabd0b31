import { checkTriageComplete, type ExpectedPriorityName } from '../../../src/domain/workflow-rules/triage-complete-rule';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { anIncident, aProblemTicket, STATUS } from './factories';

const settings = defaultWorkflowRuleSettings().triage;
/** Stands in for the matrix: High impact × Medium urgency → High; anything else unknown. */
const matrix: ExpectedPriorityName = (incident) => (incident.impact === 'High' && incident.urgency === 'Medium' ? 'High' : null);

describe('triage complete', () => {
  const passes: Array<[string, Parameters<typeof checkTriageComplete>[0], typeof settings?]> = [
    ['all fields set and the priority equals the matrix', { incident: anIncident(), to: STATUS.triaged }],
    [
      'a different priority with an override reason',
      { incident: anIncident({ priority: { id: '3', name: 'Medium' }, priorityOverrideReason: 'Customer contract' }), to: STATUS.triaged },
    ],
    [
      'an override reason when the matrix has no cell',
      { incident: anIncident({ impact: 'Critical', priorityOverrideReason: 'Board escalation' }), to: STATUS.triaged },
    ],
    [
      'not leaving a To Do status (already in progress)',
      { incident: anIncident({ status: STATUS.inProgress, impact: null }), to: STATUS.escalated },
    ],
    ['moving between To Do statuses', { incident: anIncident({ impact: null }), to: { id: '10003', name: 'To Do', categoryKey: 'new' } }],
    ['an issue that is not an Incident', { incident: aProblemTicket({ impact: null, urgency: null, category: null }), to: STATUS.triaged }],
    ['the rule switched off', { incident: anIncident({ impact: null }), to: STATUS.triaged }, { ...settings, enabled: false }],
    [
      'priority check switched off',
      { incident: anIncident({ priority: null }), to: STATUS.triaged },
      { ...settings, requireMatrixPriority: false },
    ],
    [
      'only the configured fields are required',
      { incident: anIncident({ category: null }), to: STATUS.triaged },
      { ...settings, requiredFields: ['impact', 'urgency'] },
    ],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkTriageComplete(input, ruleSettings, matrix)).toEqual({ allowed: true });
  });

  const failures: Array<[string, Parameters<typeof checkTriageComplete>[0], string]> = [
    [
      'no impact',
      { incident: anIncident({ impact: null }), to: STATUS.triaged },
      'Triage is incomplete: set Impact before leaving "Open".',
    ],
    [
      'nothing set',
      { incident: anIncident({ impact: null, urgency: '  ', category: null }), to: STATUS.triaged },
      'Triage is incomplete: set Impact, Urgency and Incident category before leaving "Open".',
    ],
    [
      'priority differs from the matrix',
      { incident: anIncident({ priority: { id: '3', name: 'Medium' } }), to: STATUS.triaged },
      'Priority is "Medium" but the priority matrix gives "High". Set Priority to "High" or give a Priority override reason.',
    ],
    [
      'no priority',
      { incident: anIncident({ priority: null }), to: STATUS.inProgress },
      'Priority is not set but the priority matrix gives "High". Set Priority to "High" or give a Priority override reason.',
    ],
    [
      'a blank override reason does not count',
      { incident: anIncident({ priority: { id: '3', name: 'Medium' }, priorityOverrideReason: ' ' }), to: STATUS.triaged },
      'Priority is "Medium" but the priority matrix gives "High". Set Priority to "High" or give a Priority override reason.',
    ],
    [
      'the matrix has no cell',
      { incident: anIncident({ impact: 'Critical' }), to: STATUS.triaged },
      'The priority matrix gives no priority for Impact "Critical" and Urgency "Medium". Give a Priority override reason, or ask an admin to complete the matrix.',
    ],
    [
      'leaving To Do straight to Done',
      { incident: anIncident({ urgency: null }), to: STATUS.resolved },
      'Triage is incomplete: set Urgency before leaving "Open".',
    ],
  ];
  it.each(failures)('denies: %s', (_name, input, message) => {
    expect(checkTriageComplete(input, settings, matrix)).toEqual({ allowed: false, message });
  });

  it('asks the matrix about the incident it checks, with the screen edits applied', () => {
    const seen: string[] = [];
    checkTriageComplete({ incident: anIncident({ key: 'INC-7' }), to: STATUS.triaged }, settings, (incident) => {
      seen.push(incident.key);
      return 'High';
    });
    expect(seen).toEqual(['INC-7']);
  });
});
