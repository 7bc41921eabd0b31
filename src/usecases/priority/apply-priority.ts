import { isProductApiError } from '../../adapters/http/product-api-error';
import { type IncidentFieldMap, type IncidentFieldValues, incidentFromJiraIssue, incidentValuesToJiraFields } from '../../adapters/jira/incident-mapper';
import {
  type ApplyPriorityPayload,
  PRIORITY_ASSESSMENT_PROPERTY,
  type PriorityPanelView,
  type StoredPriorityAssessment,
} from '../../contracts/priority-panel';
import { INCIDENT_FIELD_KEYS, type IncidentFieldKey } from '../../domain/incident/incident-fields';
import { levelOfJiraPriority } from '../../domain/priority/priority-override';
import { computePriority } from '../../domain/priority/priority-rule';
import { isOpenIncident, rankEntryOf } from '../../domain/priority/rank-entry';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { UseCaseRefusal } from '../use-case-refusal';
import { type PriorityDeps, openIncidentIndex, prioritySettingsStore, priorityIssueRequest } from './priority-deps';
import { viewPriorityPanel } from './view-priority-panel';

export interface ApplyPriorityCommand {
  issueKey: string;
  accountId: string | null;
  assessment: ApplyPriorityPayload['assessment'];
  override: { jiraPriorityName: string; reason: string } | null;
}

/**
 * Writes the assessment and the resulting priority as the user, in ONE `PUT /rest/api/3/issue/{key}`
 * that also sets the `incident-priority-assessment` property: Jira applies a PUT's fields and
 * properties together, so a failure leaves nothing half-applied, and of two people applying at
 * once the later PUT wins whole. The answer is the panel read back from Jira after the write, so
 * each person sees the state that actually resulted.
 * Jira calls as the user: GET (is it an Incident), PUT, then the view's GET and neighbour search.
 */
export async function applyPriority(deps: PriorityDeps, command: ApplyPriorityCommand): Promise<PriorityPanelView> {
  const now = deps.now();
  const { settings } = await prioritySettingsStore(deps).load();
  const fieldMap = await loadIncidentFieldMap(deps.appJira, deps.storage);
  const before = incidentFromJiraIssue(await deps.userJira.getIssue(command.issueKey, priorityIssueRequest(fieldMap, { editmeta: false })), fieldMap);
  if (before.workType !== 'incident') throw new UseCaseRefusal('NOT_INCIDENT', `${before.key} is a ${before.issueTypeName}, not an Incident: nothing was written.`, 'issueKey');

  const computed = computePriority(command.assessment, settings);
  if (!computed.ok) throw new UseCaseRefusal('BAD_REQUEST', computed.problem.message, `assessment.${computed.problem.field}`);
  const jiraPriorityName = command.override?.jiraPriorityName ?? computed.value.jiraPriorityName;
  const reasons = command.override
    ? [...computed.value.reasons, `set by hand to ${command.override.jiraPriorityName}: ${command.override.reason}`]
    : computed.value.reasons;
  const property: StoredPriorityAssessment = {
    version: 1,
    appliedAt: now,
    appliedByAccountId: command.accountId,
    source: 'panel',
    assessment: command.assessment,
    level: command.override ? levelOfJiraPriority(command.override.jiraPriorityName, settings) : computed.value.level,
    jiraPriorityName,
    reasons,
    summary: reasons.join('; '),
    overrideReason: command.override?.reason ?? null,
  };
  const values: IncidentFieldValues = { ...command.assessment };
  // Without an override a previous reason is cleared, so the trigger may recompute again later.
  if (command.override !== null || fieldMap.priorityOverrideReason !== undefined) values.priorityOverrideReason = command.override?.reason ?? null;

  try {
    await deps.userJira.updateIssue(command.issueKey, {
      fields: { ...incidentValuesToJiraFields(values, fieldMap), priority: { name: jiraPriorityName } },
      properties: [{ key: PRIORITY_ASSESSMENT_PROPERTY, value: property }],
    });
  } catch (error) {
    if (isProductApiError(error, 'forbidden') || isProductApiError(error, 'unauthorized')) {
      throw new UseCaseRefusal('FORBIDDEN', `You do not have permission to edit ${command.issueKey}; its priority was not changed.`);
    }
    if (isProductApiError(error, 'badRequest')) {
      const [jiraField, message] = Object.entries(error.details.fieldErrors ?? {})[0] ?? [undefined, error.message];
      throw new UseCaseRefusal('BAD_REQUEST', `Jira refused the change: ${message}`, jiraField === undefined ? undefined : payloadFieldOf(jiraField, fieldMap, command.override !== null));
    }
    throw error;
  }

  const after = { ...before, ...values, priority: { id: before.priority?.id ?? '', name: jiraPriorityName } };
  await openIncidentIndex(deps).put(after.key, isOpenIncident(after) ? rankEntryOf(after, settings) : null, now);
  return viewPriorityPanel(deps, command.issueKey);
}

const PAYLOAD_FIELD: Partial<Record<IncidentFieldKey, string>> = {
  impact: 'assessment.impact',
  urgency: 'assessment.urgency',
  affectedUsers: 'assessment.affectedUsers',
  businessImplications: 'assessment.businessImplications',
  priorityOverrideReason: 'override.reason',
};

/** Jira names fields by id (`customfield_10042`, `priority`); the panel knows them by payload path. */
function payloadFieldOf(jiraField: string, fieldMap: IncidentFieldMap, overriding: boolean): string {
  if (jiraField === 'priority') return overriding ? 'override.jiraPriorityName' : 'priority';
  const key = INCIDENT_FIELD_KEYS.find((candidate) => fieldMap[candidate] === jiraField);
  return (key && PAYLOAD_FIELD[key]) ?? jiraField;
}
