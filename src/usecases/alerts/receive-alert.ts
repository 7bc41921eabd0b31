import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { JiraStatus } from '../../adapters/jira/jira-schemas';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { decideAlertAction, type AlertGroupRecord } from '../../domain/alerts/alert-decision';
import { alertCommentAdf, alertDescriptionAdf } from '../../domain/alerts/alert-description';
import { AlertGroupShape, incidentSummaryOf, type AlertGroup } from '../../domain/alerts/alert-group';
import { categoryForLabels, levelsForSeverity } from '../../domain/alerts/alert-mapping';
import {
  AlertSourceId,
  AlertSourceStore,
  alertClaimKey,
  alertGroupKey,
  type AlertGroupState,
  type AlertSource,
} from './alert-source-store';
import { ISSUE_EVENT_TYPES, reprioritizeOnIssueEvent } from '../priority/reprioritize-on-issue-event';

/**
 * One delivered alert group → Jira, as the app (the alert has no person behind it; the incident's
 * reporter is the app). Storm behaviour, and its limit, are in the README ("Alerts in"):
 * - a new group is claimed in storage (FAIL_IF_EXISTS, one claim per incident generation, so one of
 *   any number of concurrent deliveries wins) and handed to the `incident-alerts` queue: the web
 *   trigger answers 202 at once and the queue's consumer (`createAlertIncident`) makes the incident;
 * - a known group's repeat only updates its storage record; Jira is read at most once a minute
 *   (is the incident closed?) and written at most every 10 minutes (count property + comment).
 */
export interface ReceiveAlertDeps {
  /** Acts as the app: a web trigger has no user. */
  jira: JiraClient;
  storage: AppStorage;
  now: () => string;
}

/** What the web trigger pushes for a new group's incident: the consumer needs nothing else (≤ 200 KB, Forge's push limit). */
export const AlertIncidentJob = z.object({
  sourceId: AlertSourceId,
  group: AlertGroupShape,
  /** Which incident is being made (`first`, after which closed one, or for which project): the claim's name. */
  generation: z.string().min(1).max(100),
  previousIssueKey: z.string().min(1).optional(),
});
export type AlertIncidentJob = z.infer<typeof AlertIncidentJob>;

export interface AlertWebTriggerUseCaseDeps extends ReceiveAlertDeps {
  /** Pushes the job to the `incident-alerts` queue; throws when Forge did not take it. */
  enqueue: (job: AlertIncidentJob) => Promise<void>;
}

/** Forge's async event push limit is 200 KB; a group's description is cut so the job stays well under it. */
const MAX_JOB_DESCRIPTION_CHARS = 50_000;
const MAX_JOB_LINKS = 20;

/** Jira's issue property holding the alert count, the latest firing and the Service restored candidate. */
export const ALERT_ISSUE_PROPERTY = 'incident-alerts';
/** The Detection source option setup creates (src/domain/incident/incident-fields.ts). */
export const MONITORING_DETECTION_SOURCE = 'Monitoring alert';
/** A claim older than this was left by a lost job: the queue normally runs the consumer within seconds. */
const CLAIM_TTL_SECONDS = 120;
/** Fields the app fills from mappings; Jira refusing one of their values does not stop the create. */
const OPTIONAL_FIELDS = ['impact', 'urgency', 'category', 'detectionSource', 'impactStartedAt'] as const;

export type AlertOutcome =
  | { outcome: 'created'; issueKey: string; relatesTo?: string }
  /** The group's incident is being made by the queue's consumer. */
  | { outcome: 'queued' }
  | { outcome: 'counted' | 'commented' | 'resolvedNoted'; issueKey: string }
  /** Another delivery of the group is creating its incident right now. */
  | { outcome: 'pending' }
  | { outcome: 'parked'; reason: string }
  | { outcome: 'ignored'; reason: string };

export async function receiveAlert(deps: AlertWebTriggerUseCaseDeps, source: AlertSource, group: AlertGroup): Promise<AlertOutcome> {
  const key = alertGroupKey(source.id, group.groupKey);
  const state = await deps.storage.get(key);
  if (state?.state === 'parked') {
    // Parked until the admin maps the source to a project that can take it; then the next delivery creates.
    if (state.projectKey === source.projectKey) return park(deps, source, group, state.reason, state);
    return group.status === 'firing'
      ? createOnce(deps, source, group, undefined, `project-${source.projectKey}`)
      : { outcome: 'ignored', reason: 'a resolved alert for a parked group' };
  }
  const record = state?.state === 'open' ? state : undefined;
  let decision = decideAlertAction({ status: group.status, record, now: deps.now() });
  if (decision.kind === 'checkStatus' && record) {
    const done = await incidentDone(deps, record.issueKey);
    const checked = { ...record, checkedAt: deps.now(), incidentDone: done };
    await deps.storage.set(key, { ...checked, state: 'open' });
    decision = decideAlertAction({ status: group.status, record: checked, incidentDone: done, now: deps.now() });
  }
  switch (decision.kind) {
    case 'create':
      return createOnce(deps, source, group, undefined, 'first');
    case 'createRelated':
      return createOnce(deps, source, group, decision.previousIssueKey, decision.previousIssueKey);
    case 'count': {
      const current = record!;
      await deps.storage.set(key, { ...current, state: 'open', count: current.count + 1, lastFiringAt: deps.now() });
      return { outcome: 'counted', issueKey: current.issueKey };
    }
    case 'flush': {
      const current = record!;
      const count = current.count + 1;
      const now = deps.now();
      // Claim the flush first: concurrent repeats that also see it due then only count.
      await deps.storage.set(key, { ...current, state: 'open', count, flushedCount: count, lastFiringAt: now, lastCommentAt: now });
      await deps.jira.setIssueProperty(
        current.issueKey,
        ALERT_ISSUE_PROPERTY,
        propertyValue(source, group, { ...current, count, lastFiringAt: now }),
      );
      await deps.jira.addComment(
        current.issueKey,
        alertCommentAdf(`The alert is still firing: ${count} deliveries since ${current.openedAt}, the latest at ${now}.`),
      );
      return { outcome: 'commented', issueKey: current.issueKey };
    }
    case 'resolvedNote': {
      const current = record!;
      const resolvedAt = group.endsAt ?? deps.now();
      await deps.storage.set(key, { ...current, state: 'open', resolvedAt, resolvedNotedAt: deps.now() });
      await deps.jira.setIssueProperty(current.issueKey, ALERT_ISSUE_PROPERTY, propertyValue(source, group, { ...current, resolvedAt }));
      await deps.jira.addComment(
        current.issueKey,
        alertCommentAdf(
          `The alert resolved at ${resolvedAt}. This time is recorded as a candidate for Service restored; the incident stays open ` +
            `until a person resolves it.`,
        ),
      );
      return { outcome: 'resolvedNoted', issueKey: current.issueKey };
    }
    case 'checkStatus':
      return { outcome: 'ignored', reason: 'no record to check' };
    case 'ignore':
      return { outcome: 'ignored', reason: decision.reason };
  }
}

/** Done = the incident's status category is Done (Jira's own closed-or-resolved). A deleted incident counts as done. */
async function incidentDone(deps: ReceiveAlertDeps, issueKey: string): Promise<boolean> {
  try {
    const issue = await deps.jira.getIssue(issueKey, { fields: ['status'] });
    const status = z.object({ status: JiraStatus }).safeParse(issue.fields);
    return status.success && status.data.status.statusCategory?.key === 'done';
  } catch (error) {
    if (isProductApiError(error, 'notFound')) return true;
    throw error;
  }
}

/** `generation` names the incident being made (after which closed one, or for which project), so each is claimed once. */
async function createOnce(
  deps: AlertWebTriggerUseCaseDeps,
  source: AlertSource,
  group: AlertGroup,
  previousIssueKey: string | undefined,
  generation: string,
): Promise<AlertOutcome> {
  const claim = alertClaimKey(source.id, group.groupKey, generation);
  if (!(await deps.storage.setIfAbsent(claim, { claimedAt: deps.now() }, CLAIM_TTL_SECONDS))) {
    // Lost the claim: the winner may already have finished; then this delivery is a repeat.
    const now = await deps.storage.get(alertGroupKey(source.id, group.groupKey));
    if (now?.state === 'open' && now.issueKey !== previousIssueKey && group.status === 'firing') {
      await deps.storage.set(alertGroupKey(source.id, group.groupKey), { ...now, count: now.count + 1, lastFiringAt: deps.now() });
      return { outcome: 'counted', issueKey: now.issueKey };
    }
    return { outcome: 'pending' };
  }
  try {
    const job: AlertIncidentJob = {
      sourceId: source.id,
      group: {
        ...group,
        description: group.description.slice(0, MAX_JOB_DESCRIPTION_CHARS),
        links: group.links.slice(0, MAX_JOB_LINKS),
        labels: { ...group.labels },
      },
      generation,
      ...(previousIssueKey !== undefined ? { previousIssueKey } : {}),
    };
    await deps.enqueue(job);
    return { outcome: 'queued' };
  } catch (error) {
    // Release the claim so the sender's retry (Alertmanager and Grafana retry on 5xx) can queue it.
    await deps.storage.delete(claim);
    throw error;
  }
}

/** A claim or lock older than this was left by a dead invocation (an async event consumer ends at 55 s unless configured longer). */
const WORK_LOCK_TTL_SECONDS = 120;

/**
 * The `incident-alerts` queue's consumer: makes the incident for one job, as the app. Forge may
 * deliver an event more than once (and a late repeat of the delivery can queue a second job after
 * the claim expired), so a storage lock per generation lets one copy work, and a copy that finds
 * the group already has its incident (or was parked for this project) does nothing.
 */
export async function createAlertIncident(deps: ReceiveAlertDeps, job: AlertIncidentJob): Promise<AlertOutcome> {
  const source = await new AlertSourceStore(deps.storage).find(job.sourceId);
  if (source === undefined) return { outcome: 'ignored', reason: `the alert source ${job.sourceId} was removed` };
  const group: AlertGroup = job.group;
  const lock = alertClaimKey(source.id, group.groupKey, `${job.generation}:work`);
  if (!(await deps.storage.setIfAbsent(lock, { claimedAt: deps.now() }, WORK_LOCK_TTL_SECONDS))) return { outcome: 'pending' };
  const state = await deps.storage.get(alertGroupKey(source.id, group.groupKey));
  if (state?.state === 'open' && state.issueKey !== job.previousIssueKey)
    return { outcome: 'ignored', reason: `a repeated event: the group already has ${state.issueKey}` };
  if (state?.state === 'parked' && state.projectKey === source.projectKey)
    return { outcome: 'ignored', reason: 'a repeated event: the group is parked for this project' };
  try {
    const created = await createIncident(deps, source, group);
    if ('refused' in created) return park(deps, source, group, created.refused, state?.state === 'parked' ? state : undefined);
    const issueKey = created.issueKey;
    const now = deps.now();
    const record: AlertGroupRecord = {
      issueKey,
      count: 1,
      flushedCount: 1,
      openedAt: now,
      lastFiringAt: now,
      lastCommentAt: null,
      checkedAt: now,
      resolvedAt: null,
      resolvedNotedAt: null,
      incidentDone: false,
    };
    await deps.storage.set(alertGroupKey(source.id, group.groupKey), { ...record, state: 'open' });
    if (job.previousIssueKey !== undefined) await linkRelated(deps, issueKey, job.previousIssueKey);
    await prioritize(deps, issueKey, created.issueId);
    return { outcome: 'created', issueKey, ...(job.previousIssueKey ? { relatesTo: job.previousIssueKey } : {}) };
  } catch (error) {
    // Release both so Forge's retry of this event (or the sender's next delivery) can create it.
    await deps.storage.delete(lock);
    await deps.storage.delete(alertClaimKey(source.id, group.groupKey, job.generation));
    throw error;
  }
}

/** The new incident's key, or why the source's project cannot take it (Jira answers 400 on `project` or `issuetype`, or 403). */
async function createIncident(
  deps: ReceiveAlertDeps,
  source: AlertSource,
  group: AlertGroup,
): Promise<{ issueKey: string; issueId: string } | { refused: string }> {
  const fieldMap = await loadIncidentFieldMap(deps.jira, deps.storage);
  const fields: Record<string, unknown> = {
    project: { key: source.projectKey },
    issuetype: { name: 'Incident' },
    summary: incidentSummaryOf(group),
    description: alertDescriptionAdf(group, source.name),
  };
  if (fieldMap.detectionSource) fields[fieldMap.detectionSource] = { value: MONITORING_DETECTION_SOURCE };
  const levels = levelsForSeverity(source.mapping, group.severity);
  if (levels && fieldMap.impact) fields[fieldMap.impact] = { value: levels.impact };
  if (levels && fieldMap.urgency) fields[fieldMap.urgency] = { value: levels.urgency };
  const category = categoryForLabels(source.mapping, group.labels);
  if (category && fieldMap.category)
    fields[fieldMap.category] = { value: category.category, ...(category.subcategory ? { child: { value: category.subcategory } } : {}) };
  if (group.startsAt && fieldMap.impactStartedAt) fields[fieldMap.impactStartedAt] = group.startsAt;
  const now = deps.now();
  const properties = [
    {
      key: ALERT_ISSUE_PROPERTY,
      value: { sourceId: source.id, groupKey: group.groupKey, count: 1, lastFiringAt: now, serviceRestoredCandidate: null },
    },
  ];
  try {
    try {
      const created = await deps.jira.createIssue({ fields, properties });
      return { issueKey: created.key, issueId: created.id };
    } catch (error) {
      // A mapped level or category the field does not offer (an admin renamed an option, a 3×3
      // matrix has no Critical): create without the refused optional fields; triage sets them.
      const refused = isProductApiError(error, 'badRequest')
        ? Object.keys(error.details.fieldErrors ?? {}).filter((id) => OPTIONAL_FIELDS.some((key) => fieldMap[key] === id))
        : [];
      if (refused.length === 0) throw error;
      const kept = Object.fromEntries(Object.entries(fields).filter(([id]) => !refused.includes(id)));
      const created = await deps.jira.createIssue({ fields: kept, properties });
      return { issueKey: created.key, issueId: created.id };
    }
  } catch (error) {
    if (isProductApiError(error, 'badRequest') && error.details.fieldErrors?.project !== undefined)
      return { refused: `Project ${source.projectKey} does not exist or the app may not see it.` };
    if (isProductApiError(error, 'badRequest') && error.details.fieldErrors?.issuetype !== undefined)
      return { refused: `Project ${source.projectKey} has no Incident issue type: run Incident setup for it.` };
    if (isProductApiError(error, 'forbidden')) return { refused: `The app may not create issues in project ${source.projectKey}.` };
    throw error;
  }
}

/**
 * The priority trigger declares `ignoreSelf`, so Forge does not deliver the created event of an
 * incident the app itself made: the app runs the same rule here, as the trigger would (priority
 * from the matrix, comment, ranking). A failure leaves the incident unprioritised, not lost; the
 * ranking index's age bound repairs the ranking, and triage sets the priority.
 */
async function prioritize(deps: ReceiveAlertDeps, issueKey: string, issueId: string): Promise<void> {
  try {
    await reprioritizeOnIssueEvent(
      { userJira: deps.jira, appJira: deps.jira, storage: deps.storage, now: deps.now },
      { eventType: ISSUE_EVENT_TYPES.created, issue: { id: issueId, key: issueKey, fields: { issuetype: { name: 'Incident' } } } },
    );
  } catch (error) {
    console.error(`Alert incident ${issueKey}: the priority could not be set`, error);
  }
}

/** "relates to" between the new incident and the closed one; the new incident stands without it if Jira refuses. */
async function linkRelated(deps: ReceiveAlertDeps, issueKey: string, previousIssueKey: string): Promise<void> {
  try {
    await deps.jira.createIssueLink({ typeName: 'Relates', outwardIssueKey: issueKey, inwardIssueKey: previousIssueKey });
  } catch (error) {
    console.error(`Alert incident ${issueKey}: could not link it to ${previousIssueKey}`, error);
  }
}

async function park(
  deps: ReceiveAlertDeps,
  source: AlertSource,
  group: AlertGroup,
  reason: string,
  existing: Extract<AlertGroupState, { state: 'parked' }> | undefined,
): Promise<AlertOutcome> {
  const now = deps.now();
  await deps.storage.set(alertGroupKey(source.id, group.groupKey), {
    state: 'parked',
    sourceId: source.id,
    projectKey: source.projectKey,
    title: incidentSummaryOf(group),
    groupKey: group.groupKey.slice(0, 1000),
    reason,
    firstAt: existing?.firstAt ?? now,
    lastAt: now,
    count: (existing?.count ?? 0) + 1,
  });
  // The claim stays until its TTL: a parked group is retried by the admin (new project), not by each delivery.
  return { outcome: 'parked', reason };
}

function propertyValue(
  source: AlertSource,
  group: AlertGroup,
  record: Pick<AlertGroupRecord, 'count' | 'lastFiringAt' | 'resolvedAt'>,
): unknown {
  return {
    sourceId: source.id,
    groupKey: group.groupKey,
    count: record.count,
    lastFiringAt: record.lastFiringAt,
    serviceRestoredCandidate: record.resolvedAt,
  };
}
