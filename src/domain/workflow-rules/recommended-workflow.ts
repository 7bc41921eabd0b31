import type { StatusCategoryKey } from './rule-verdict';

/**
 * The Incident workflow this app recommends, as data: the docs describe it, and the local site's
 * demo seed can build the same statuses and transitions. `validators` names the
 * `jira:workflowValidator` module keys (manifest.yml) that sit on each transition.
 */
export type ValidatorModuleKey = 'triage-complete' | 'escalation-ready' | 'resolution-ready' | 'closure';

export interface RecommendedStatus {
  readonly name: string;
  readonly categoryKey: Exclude<StatusCategoryKey, 'undefined'>;
  readonly description: string;
}

export interface RecommendedTransition {
  readonly name: string;
  /** Source status names; empty for Jira's initial (create) transition. */
  readonly from: readonly string[];
  readonly to: string;
  readonly validators: readonly ValidatorModuleKey[];
}

export const RECOMMENDED_STATUSES: readonly RecommendedStatus[] = [
  { name: 'Open', categoryKey: 'new', description: 'Reported, not yet triaged.' },
  { name: 'Triaged', categoryKey: 'indeterminate', description: 'Impact, urgency, category and priority agreed.' },
  { name: 'In Progress', categoryKey: 'indeterminate', description: 'Being worked on by the assigned tier.' },
  { name: 'Escalated', categoryKey: 'indeterminate', description: 'Handed to a higher support tier.' },
  { name: 'Resolved', categoryKey: 'done', description: 'Service restored; waiting for the reporter to confirm.' },
  { name: 'Closed', categoryKey: 'done', description: 'Confirmed by the reporter; postmortem linked where required.' },
];

export const RECOMMENDED_TRANSITIONS: readonly RecommendedTransition[] = [
  { name: 'Create', from: [], to: 'Open', validators: [] },
  { name: 'Triage', from: ['Open'], to: 'Triaged', validators: ['triage-complete'] },
  { name: 'Start work', from: ['Open', 'Triaged'], to: 'In Progress', validators: ['triage-complete'] },
  { name: 'Escalate', from: ['Triaged', 'In Progress'], to: 'Escalated', validators: ['escalation-ready'] },
  { name: 'Back to work', from: ['Escalated'], to: 'In Progress', validators: [] },
  { name: 'Resolve', from: ['Triaged', 'In Progress', 'Escalated'], to: 'Resolved', validators: ['resolution-ready'] },
  { name: 'Close', from: ['Resolved'], to: 'Closed', validators: ['closure'] },
  { name: 'Reopen', from: ['Resolved', 'Closed'], to: 'In Progress', validators: [] },
];
