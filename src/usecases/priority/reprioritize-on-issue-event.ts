import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { incidentFromJiraIssue } from '../../adapters/jira/incident-mapper';
import { plainTextToAdf } from '../../adapters/jira/adf-text';
import { PRIORITY_ASSESSMENT_PROPERTY, StoredPriorityAssessment } from '../../contracts/priority-panel';
import type { IncidentFieldKey } from '../../domain/incident/incident-fields';
import { workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import type { IncidentFieldMap } from '../../adapters/jira/incident-mapper';
import { decideAutomaticPriority } from '../../domain/priority/automatic-priority-decision';
import { type ComputedPriority, assessmentOf } from '../../domain/priority/priority-rule';
import { isOpenIncident, rankEntryOf } from '../../domain/priority/rank-entry';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { type PriorityDeps, openIncidentIndex, prioritySettingsStore, priorityIssueRequest } from './priority-deps';

export const ISSUE_EVENT_TYPES = {
  created: 'avi:jira:created:issue',
  updated: 'avi:jira:updated:issue',
  deleted: 'avi:jira:deleted:issue',
} as const;

/** The parts of a Forge Jira issue event this feature reads; the rest of the payload is ignored. */
export const IssueEvent = z.object({
  /** Forge puts the event name here; an event without one is handled like an update without changelog. */
  eventType: z.string().optional(),
  issue: z.object({
    id: z.string(),
    key: z.string(),
    /** Forge sends a few fields with each issue event; the issue type lets other types cost nothing. */
    fields: z
      .object({ issuetype: z.object({ name: z.string() }).loose().nullish() })
      .loose()
      .nullish(),
  }),
  atlassianId: z.string().optional(),
  changelog: z.object({ items: z.array(z.object({ field: z.string(), fieldId: z.string().optional() })) }).nullish(),
});
export type IssueEvent = z.infer<typeof IssueEvent>;

export type IssueEventOutcome =
  | { action: 'ignored'; why: string }
  | { action: 'removed' }
  | { action: 'indexed'; why: string }
  | { action: 'written'; jiraPriorityName: string; summary: string };

/**
 * Rebuild work an incident event carries along when the ranking index wants a rebuild: a few
 * search pages, so a busy site's events finish a rebuild within minutes without any one event
 * running long (a trigger has 55 s).
 */
const EVENT_REBUILD_UNITS = 5;

/** Changes to these recompute the priority (they are the rule's inputs). */
const ASSESSMENT_FIELDS: readonly IncidentFieldKey[] = ['impact', 'urgency', 'affectedUsers', 'businessImplications'];
/** Changes to these can move the incident in the ranking or in and out of it. */
const RANK_FIELDS: readonly IncidentFieldKey[] = [...ASSESSMENT_FIELDS, 'impactStartedAt', 'priorityOverrideReason'];
const RANK_SYSTEM_FIELDS = ['priority', 'status', 'issuetype', 'resolution', 'project'];

/**
 * Whether the update's changelog touches one of `keys` or `systemFields`, matched by field id
 * (changelog items carry `fieldId`; display names change when an admin renames a field, ids do
 * not). Needs no Jira call, so updates that matter to neither the priority nor the ranking cost
 * nothing. An item without a field id cannot be matched safely, so it counts as a change.
 */
function changedFields(
  event: IssueEvent,
  fieldMap: IncidentFieldMap,
  keys: readonly IncidentFieldKey[],
  systemFields: readonly string[] = [],
): boolean {
  const items = event.changelog?.items;
  // No changelog on an update: do not guess that nothing relevant changed.
  if (items === undefined) return true;
  const ids = new Set([...systemFields, ...keys.map((key) => fieldMap[key]).filter((id): id is string => id !== undefined)]);
  return items.some((item) => item.fieldId === undefined || ids.has(item.fieldId));
}

/** Whether an update may matter before the field map is known: any custom field might be ours. */
function touchesRankOrCustomField(event: IssueEvent): boolean {
  const items = event.changelog?.items;
  if (items === undefined) return true;
  return items.some(
    (item) => item.fieldId === undefined || item.fieldId.startsWith('customfield_') || RANK_SYSTEM_FIELDS.includes(item.fieldId),
  );
}

/**
 * False only when the payload names the issue's type and it is not an incident, and the update did
 * not change the type (an issue that stops being an Incident must leave the ranking). The manifest's
 * filter expression already keeps most such events away; this is the same rule in code, so an event
 * that gets through (or a filter that fails to evaluate) still costs no Jira call and no lock.
 */
function mayConcernIncident(event: IssueEvent): boolean {
  const typeName = event.issue.fields?.issuetype?.name;
  if (typeName === undefined || workTypeOfIssueTypeName(typeName) === 'incident') return true;
  return event.changelog?.items.some((item) => item.fieldId === 'issuetype') ?? false;
}

/**
 * Keeps an incident's priority and its ranking entry current from Jira issue events.
 *
 * Loops: the trigger is declared with `ignoreSelf`, so the app's own writes raise no event. Even
 * without that filter, the app writes only the priority field, and an update whose changelog
 * holds no assessment field is never answered with a write; so a write cannot cause another.
 * A priority set by hand is left alone when it carries an override reason; without one it is also
 * left alone until the assessment next changes (the panel shows the difference).
 */
export async function reprioritizeOnIssueEvent(deps: PriorityDeps, rawEvent: unknown): Promise<IssueEventOutcome> {
  const parsed = IssueEvent.safeParse(rawEvent);
  if (!parsed.success)
    return { action: 'ignored', why: `not an issue event: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}` };
  const event = parsed.data;
  const now = deps.now();
  if (!mayConcernIncident(event)) return { action: 'ignored', why: `not an incident (${event.issue.fields?.issuetype?.name})` };
  const index = openIncidentIndex(deps);

  if (event.eventType === ISSUE_EVENT_TYPES.deleted) {
    await index.put(event.issue.key, null, now);
    return { action: 'removed' };
  }
  if (event.eventType !== undefined && event.eventType !== ISSUE_EVENT_TYPES.created && event.eventType !== ISSUE_EVENT_TYPES.updated)
    return { action: 'ignored', why: `event ${event.eventType}` };

  const isUpdate = event.eventType !== ISSUE_EVENT_TYPES.created;
  if (isUpdate && !touchesRankOrCustomField(event))
    return { action: 'ignored', why: 'no field the priority or the ranking depends on changed' };
  // Stored by setup, so normally one storage read and no Jira call.
  const fieldMap = await loadIncidentFieldMap(deps.appJira, deps.storage);
  if (isUpdate && !changedFields(event, fieldMap, RANK_FIELDS, RANK_SYSTEM_FIELDS))
    return { action: 'ignored', why: 'no field the priority or the ranking depends on changed' };

  const { settings } = await prioritySettingsStore(deps).load();
  // As the app: a trigger has no user, and it must see the incident whoever filed it.
  let issue;
  try {
    issue = await deps.appJira.getIssue(event.issue.key, priorityIssueRequest(fieldMap, { editmeta: false }));
  } catch (error) {
    // Deleted (or moved away) since the event was raised: it has no place in the ranking.
    if (!isProductApiError(error, 'notFound')) throw error;
    await index.put(event.issue.key, null, now);
    return { action: 'removed' };
  }
  const incident = incidentFromJiraIssue(issue, fieldMap);
  const decision = decideAutomaticPriority(incident, settings);
  const assessmentChanged = !isUpdate || changedFields(event, fieldMap, ASSESSMENT_FIELDS);

  if (decision.action !== 'write' || !assessmentChanged) {
    const { rebuildNeeded } = await index.put(incident.key, isOpenIncident(incident) ? rankEntryOf(incident, settings) : null, now);
    if (rebuildNeeded) await index.rebuildSteps(settings, fieldMap, now, { units: EVENT_REBUILD_UNITS });
    const why = decision.action === 'skip' ? decision.why : decision.action === 'write' ? 'assessment unchanged' : decision.action;
    return { action: 'indexed', why };
  }

  const { computed } = decision;
  const property: StoredPriorityAssessment = {
    version: 1,
    appliedAt: now,
    appliedByAccountId: null,
    source: 'trigger',
    assessment: assessmentOf(incident),
    level: computed.level,
    jiraPriorityName: computed.jiraPriorityName,
    reasons: computed.reasons,
    summary: computed.summary,
    overrideReason: null,
  };
  // The priority and the reasons property in one PUT; the comment is the human-readable history.
  await deps.appJira.updateIssue(incident.key, {
    fields: { priority: { name: computed.jiraPriorityName } },
    properties: [{ key: PRIORITY_ASSESSMENT_PROPERTY, value: property }],
  });
  await deps.appJira.addComment(
    incident.key,
    plainTextToAdf(
      automaticPriorityComment(
        computed,
        incident.priority?.name ?? null,
        lastAppliedPriorityName(issue.properties?.[PRIORITY_ASSESSMENT_PROPERTY]),
      ),
    ),
  );
  const written = { ...incident, priority: { id: incident.priority?.id ?? '', name: computed.jiraPriorityName } };
  const { rebuildNeeded } = await index.put(incident.key, rankEntryOf(written, settings), now);
  if (rebuildNeeded) await index.rebuildSteps(settings, fieldMap, now, { units: EVENT_REBUILD_UNITS });
  return { action: 'written', jiraPriorityName: computed.jiraPriorityName, summary: computed.summary };
}

/** The priority the app (panel or trigger) last wrote, from the assessment property; null when none is readable. */
function lastAppliedPriorityName(property: unknown): string | null {
  const parsed = StoredPriorityAssessment.safeParse(property);
  return parsed.success ? parsed.data.jiraPriorityName : null;
}

/**
 * The trigger's comment. When the priority it replaces is not the one the app last wrote, someone
 * set it by hand without an override reason (Jira's edit form allows that); the comment says so
 * and how to keep a hand-set priority next time. The panel showed the same before this happened.
 */
export function automaticPriorityComment(computed: ComputedPriority, replacedName: string | null, lastAppliedName: string | null): string {
  const set = `Priority set to ${computed.jiraPriorityName} (${computed.level}) from the impact × urgency matrix: ${computed.summary}.`;
  if (replacedName !== null && lastAppliedName !== null && replacedName !== lastAppliedName) {
    return (
      `${set} It replaces ${replacedName}, which was set by hand without a priority override reason. To keep a hand-set priority, ` +
      `fill in the Priority override reason field as well, or use "Set a different priority by hand" in the priority panel.`
    );
  }
  return `${set} To keep a different priority, set it by hand with a priority override reason.`;
}
