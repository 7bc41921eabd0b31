import { isProductApiError } from '../../adapters/http/product-api-error';
import {
  type IncidentFieldMap,
  type IncidentFieldValues,
  incidentFromJiraIssue,
  incidentValuesToJiraFields,
} from '../../adapters/jira/incident-mapper';
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
import { type PriorityDeps, openIncidentIndex, prioritySettingsStore, priorityIssueRequestAllFields } from './priority-deps';
import { panelView, placeInRanking, rankViewOf } from './view-priority-panel';

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
 * once the later PUT wins whole (the next view shows the winner). The answer is the panel of what
 * this apply wrote: the issue as read before the write with the written values and property.
 * Jira calls as the user: GET (is it an Incident, its other values, may they edit), PUT, and the
 * neighbours' bulk fetch for the rank.
 * Round trips: the GET with the storage reads; the PUT while the index lock is taken; the index's
 * reads (the change and the new rank together); its one transaction (entry, summary, lock
 * release) while the neighbours are fetched.
 */
export async function applyPriority(deps: PriorityDeps, command: ApplyPriorityCommand): Promise<PriorityPanelView> {
  const now = deps.now();
  const index = openIncidentIndex(deps);
  const issueRead = deps.userJira.getIssue(command.issueKey, priorityIssueRequestAllFields({ editmeta: true }));
  const storageRead = Promise.all([prioritySettingsStore(deps).load(), loadIncidentFieldMap(deps.appJira, deps.storage), index.readLive()]);
  storageRead.catch(() => undefined);
  const issue = await issueRead;
  const [{ settings }, fieldMap, seen] = await storageRead;
  const before = incidentFromJiraIssue(issue, fieldMap);
  if (before.workType !== 'incident')
    throw new UseCaseRefusal(
      'NOT_INCIDENT',
      `${before.key} is a ${before.issueTypeName}, not an Incident: nothing was written.`,
      'issueKey',
    );

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
  if (command.override !== null || fieldMap.priorityOverrideReason !== undefined)
    values.priorityOverrideReason = command.override?.reason ?? null;

  // The index lock is taken while the PUT runs; a refused PUT releases it unused.
  const lock = index.takeLock(now);
  lock.catch(() => undefined);
  try {
    await deps.userJira.updateIssue(command.issueKey, {
      fields: { ...incidentValuesToJiraFields(values, fieldMap), priority: { name: jiraPriorityName } },
      properties: [{ key: PRIORITY_ASSESSMENT_PROPERTY, value: property }],
    });
  } catch (error) {
    const token = await lock.catch(() => null);
    if (token !== null) await index.releaseLock(token);
    if (isProductApiError(error, 'forbidden') || isProductApiError(error, 'unauthorized')) {
      throw new UseCaseRefusal('FORBIDDEN', `You do not have permission to edit ${command.issueKey}; its priority was not changed.`);
    }
    if (isProductApiError(error, 'badRequest')) {
      const [jiraField, message] = Object.entries(error.details.fieldErrors ?? {})[0] ?? [undefined, error.message];
      throw new UseCaseRefusal(
        'BAD_REQUEST',
        `Jira refused the change: ${message}`,
        jiraField === undefined ? undefined : payloadFieldOf(jiraField, fieldMap, command.override !== null),
      );
    }
    throw error;
  }

  const after = { ...before, ...values, priority: { id: before.priority?.id ?? '', name: jiraPriorityName } };
  const written = { ...issue, properties: { ...issue.properties, [PRIORITY_ASSESSMENT_PROPERTY]: property } };
  const view = (rank: PriorityPanelView['rank']) => panelView({ incident: after, issue: written, settings, fieldMap, rank, now });
  const open = isOpenIncident(after);
  const entry = open ? rankEntryOf(after, settings) : null;
  const token = await lock.catch(async (error: unknown) => {
    // Storage failed while the lock was taken: the change is left for the next writer if storage lets us.
    await index.parkEntry(after.key, entry, now).catch(() => undefined);
    throw error;
  });
  if (token === null) {
    // The lock stayed taken: the change waits for the next writer, and the rank is read as a view reads it.
    await index.parkEntry(after.key, entry, now);
    return open
      ? { ...view(null), ...(await placeInRanking(deps, index, await index.readLive(), after, settings, fieldMap, now)) }
      : view(null);
  }
  const ranked = await index.putAndRank(token, after.key, entry, now, seen, async (rank, live) =>
    rank === null || live === undefined ? null : { rank: await rankViewOf(deps, index, live, rank, now) },
  );
  if (!open) return view(null);
  // No usable index (none yet, or outdated by a settings change): as a view, at most one bounded rebuild step.
  return { ...view(null), ...(ranked ?? (await placeInRanking(deps, index, await index.readLive(), after, settings, fieldMap, now))) };
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
