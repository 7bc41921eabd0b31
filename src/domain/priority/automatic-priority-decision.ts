import type { Incident } from '../incident/incident';
import { overrideReasonOf } from './priority-override';
import { type ComputedPriority, assessmentOf, computePriority } from './priority-rule';
import type { PrioritySettings } from './priority-settings';

/** What the issue-event trigger should do about an incident's priority, and why. */
export type AutomaticPriorityDecision =
  | { action: 'skip'; why: 'notIncident' | 'closed' }
  | { action: 'skip'; why: 'incompleteAssessment'; field: string; message: string }
  | { action: 'keepOverride'; overrideReason: string }
  | { action: 'none'; computed: ComputedPriority }
  | { action: 'write'; computed: ComputedPriority };

export function decideAutomaticPriority(incident: Incident, settings: PrioritySettings): AutomaticPriorityDecision {
  if (incident.workType !== 'incident') return { action: 'skip', why: 'notIncident' };
  if (incident.status.categoryKey === 'done') return { action: 'skip', why: 'closed' };
  const overrideReason = overrideReasonOf(incident);
  if (overrideReason !== null) return { action: 'keepOverride', overrideReason };
  const computed = computePriority(assessmentOf(incident), settings);
  if (!computed.ok) return { action: 'skip', why: 'incompleteAssessment', ...computed.problem };
  if (incident.priority?.name === computed.value.jiraPriorityName) return { action: 'none', computed: computed.value };
  return { action: 'write', computed: computed.value };
}
