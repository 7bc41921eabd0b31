import type { Incident } from '../incident/incident';
import { incidentFieldDefinition } from '../incident/incident-fields';
import type { TriageSettings } from './rule-settings';
import { ALLOWED, type RuleVerdict, type StatusRef, denied, hasText, isIncident, listOf } from './rule-verdict';

/**
 * The Jira priority name the priority matrix gives the incident, or null when the matrix cannot
 * place it (a level it does not know). Injected so this rule does not depend on how the matrix
 * and its settings are loaded.
 */
export type ExpectedPriorityName = (incident: Incident) => string | null;

export interface TriageCompleteInput {
  /** The stored incident with the transition screen's edits applied; its status is the one being left. */
  readonly incident: Incident;
  readonly to: StatusRef;
}

function missingTriageFields(incident: Incident, settings: TriageSettings): string[] {
  const present: Record<TriageSettings['requiredFields'][number], boolean> = {
    impact: hasText(incident.impact),
    urgency: hasText(incident.urgency),
    category: hasText(incident.category),
  };
  return settings.requiredFields.filter((key) => !present[key]).map((key) => incidentFieldDefinition(key).name);
}

/**
 * Triage complete: leaving a To Do-category status needs the triage fields, and a Jira priority
 * equal to the matrix's unless someone wrote down why it differs (Priority override reason).
 */
export function checkTriageComplete(
  input: TriageCompleteInput,
  settings: TriageSettings,
  expectedPriorityName: ExpectedPriorityName,
): RuleVerdict {
  const { incident, to } = input;
  if (!isIncident(incident) || !settings.enabled) return ALLOWED;
  const leavingToDo = incident.status.categoryKey === 'new' && to.categoryKey !== 'new';
  if (!leavingToDo) return ALLOWED;

  const missing = missingTriageFields(incident, settings);
  if (missing.length > 0) return denied(`Triage is incomplete: set ${listOf(missing)} before leaving "${incident.status.name}".`);

  if (!settings.requireMatrixPriority || hasText(incident.priorityOverrideReason)) return ALLOWED;
  const expected = expectedPriorityName(incident);
  if (expected === null) {
    return denied(
      `The priority matrix gives no priority for Impact "${incident.impact ?? ''}" and Urgency "${incident.urgency ?? ''}". ` +
        'Give a Priority override reason, or ask an admin to complete the matrix.',
    );
  }
  const actual = incident.priority?.name ?? null;
  if (actual === expected) return ALLOWED;
  const actualText = actual === null ? 'Priority is not set' : `Priority is "${actual}"`;
  return denied(
    `${actualText} but the priority matrix gives "${expected}". Set Priority to "${expected}" or give a Priority override reason.`,
  );
}
