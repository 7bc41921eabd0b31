import type { PostUpdateResult } from '../../contracts/communication';
import type { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { incidentFromJiraIssue, incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraIssue } from '../../adapters/jira/jira-schemas';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { type CommunicationSettings, componentStatusFor } from '../../domain/communication/communication-settings';
import { isExternal, StakeholderUpdateDraft, updateProblems } from '../../domain/communication/stakeholder-update';
import { updateCommentAdf, updateEmail } from '../../domain/communication/update-adf';
import type { Incident } from '../../domain/incident/incident';
import { effectiveLevel } from '../../domain/priority/priority-override';
import { assessmentOf, computePriority } from '../../domain/priority/priority-rule';
import type { PriorityLevel } from '../../domain/priority/priority-level';
import { PrioritySettingsStore } from '../priority/priority-settings-store';
import { UseCaseRefusal } from '../use-case-refusal';
import { loadCommunicationSettings } from './communication-settings-store';
import { DeliveryFailure, type StakeholderNotifier, type StatusPagePublisher } from './delivery-ports';
import { StatusPageClashError, syncStatusPage } from './status-page-sync';
import {
  DELIVERIES,
  type Delivery,
  type DeliveryOutcome,
  UPDATES_PROPERTY,
  UPDATE_LOCK_TTL_SECONDS,
  type UpdateRecord,
  parseUpdatesProperty,
  statuspageIncidentKey,
  updateLockKey,
  updateRecordKey,
  withListedUpdate,
} from './update-records';

/**
 * What posting an update runs against. The comment is written as the person (it is their
 * update, under their name, and Jira checks they may comment); the marker property, the status
 * page and the emails as the app, because the timeline, validator and reminders depend on them and
 * a responder who may comment may still lack Edit issue or access to the status space.
 */
export interface CommunicateDeps {
  readonly userJira: JiraClient;
  readonly appJira: JiraClient;
  readonly appConfluence: ConfluenceClient;
  readonly storage: AppStorage;
  readonly notifier: StakeholderNotifier;
  readonly statusPage: StatusPagePublisher;
  /** ISO-8601; the use cases read no clock themselves. */
  readonly now: () => string;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface PostUpdateInput {
  readonly issueKey: string;
  readonly draft: StakeholderUpdateDraft;
  readonly accountId: string | null;
  /** The site's address from the Forge context (links on the status page); null: site-relative links. */
  readonly siteUrl: string | null;
}

export type { PostUpdateResult };

/** The issue fields an update needs besides the incident's own. */
// `security`: an incident under an issue security level stays off the Incident status page.
const UPDATE_ISSUE_FIELDS = ['components', 'security'];

/** How long a double click's second call waits for the first one's outcome, well inside the 25 s resolver limit. */
const WAIT_FOR_OTHER_MS = [200, 400, 800, 1600, 3200];

/**
 * Posts a stakeholder update once per update id. Order: read the incident as the user (which
 * also checks they may see it) and validate the draft against it, before anything is written;
 * take the update's lock; then 1. the Jira comment (as the user) and 2. the property marking it
 * as an update; 3. email; 4. the Incident status page; 5. Statuspage. Each outcome is recorded as
 * soon as it is known. If the comment fails nothing else is sent (stakeholders must not hear of an
 * update Jira does not hold); if a later delivery fails the others still run, and a retry with the
 * same id runs only what is not done. The one window left: a crash between Jira accepting the
 * comment and the record noting it (one KVS write) would let a retry comment again.
 */
export async function postStakeholderUpdate(deps: CommunicateDeps, input: PostUpdateInput): Promise<PostUpdateResult> {
  const now = deps.now();
  const [settings, { settings: prioritySettings }, fieldMap] = await Promise.all([
    loadCommunicationSettings(deps.storage),
    new PrioritySettingsStore(deps.storage).load(),
    loadIncidentFieldMap(deps.appJira, deps.storage),
  ]);
  const issue = await deps.userJira.getIssue(input.issueKey, { fields: [...incidentIssueFieldIds(fieldMap), ...UPDATE_ISSUE_FIELDS] });
  const incident = incidentFromJiraIssue(issue, fieldMap);
  if (incident.workType !== 'incident')
    throw new UseCaseRefusal(
      'NOT_INCIDENT',
      `${incident.key} is a ${incident.issueTypeName}, not an Incident: stakeholder updates are for incidents.`,
    );
  const issueKey = incident.key;
  const updateId = input.draft.updateId;

  const recorded = await deps.storage.get(updateRecordKey(issueKey, updateId));
  if (recorded === undefined) {
    const problem = updateProblems(input.draft, { knownComponents: componentNames(issue), now })[0];
    if (problem) throw new UseCaseRefusal('BAD_REQUEST', problem.message, problem.field);
  } else if (isFinished(recorded)) {
    return resultOf(recorded);
  }

  if (!(await deps.storage.setIfAbsent(updateLockKey(issueKey, updateId), { takenAt: now }, UPDATE_LOCK_TTL_SECONDS))) {
    return awaitOtherInvocation(deps, issueKey, updateId);
  }
  try {
    const record: UpdateRecord = recorded ?? {
      issueKey,
      draft: input.draft,
      postedBy: input.accountId,
      createdAt: now,
      deliveries: Object.fromEntries(DELIVERIES.map((delivery) => [delivery, pending()])) as Record<Delivery, DeliveryOutcome>,
    };
    if (recorded === undefined) await deps.storage.set(updateRecordKey(issueKey, updateId), record);
    const level = levelOf(incident, prioritySettings);
    const siteTimeZone = (await deps.appJira.getServerInfo()).serverTimeZone ?? 'UTC';
    const context: DeliveryContext = {
      deps,
      record,
      incident,
      level,
      settings,
      siteTimeZone,
      now,
      siteUrl: input.siteUrl,
      securityLevel: securityLevelOf(issue),
    };
    await runDeliveries(context);
    return resultOf(record);
  } finally {
    await deps.storage.delete(updateLockKey(issueKey, updateId));
  }
}

interface DeliveryContext {
  deps: CommunicateDeps;
  record: UpdateRecord;
  incident: Incident;
  level: PriorityLevel | null;
  settings: CommunicationSettings;
  siteTimeZone: string;
  now: string;
  siteUrl: string | null;
  /** The issue security level's name, when the incident has one: Jira hides it from people outside that level. */
  securityLevel: string | null;
}

async function runDeliveries(context: DeliveryContext): Promise<void> {
  const { deps, record } = context;
  const draft = record.draft;
  const save = () => deps.storage.set(updateRecordKey(record.issueKey, draft.updateId), record);

  if (record.deliveries.jiraComment.status !== 'done') {
    try {
      const comment = await deps.userJira.addComment(record.issueKey, updateCommentAdf(draft, context.siteTimeZone));
      record.deliveries.jiraComment = done(comment.id, context.now);
      await save();
    } catch (error) {
      // Nothing was posted: forget the update so a corrected retry is validated afresh.
      await deps.storage.delete(updateRecordKey(record.issueKey, draft.updateId));
      throw error;
    }
  }

  await attempt(context, 'jiraProperty', save, async () => {
    const current = parseUpdatesProperty(await deps.appJira.getIssueProperty(record.issueKey, UPDATES_PROPERTY));
    const listed = {
      id: draft.updateId,
      state: draft.state,
      audience: draft.audience,
      at: record.createdAt,
      by: record.postedBy,
      commentId: record.deliveries.jiraComment.ref,
      nextUpdateDueAt: draft.nextUpdateDueAt,
    };
    await deps.appJira.setIssueProperty(record.issueKey, UPDATES_PROPERTY, withListedUpdate(current, listed));
    return { status: 'done', ref: null };
  });

  await attempt(context, 'email', save, async () => {
    const groups = context.level === null ? [] : context.settings.notifyGroups[context.level];
    const email = updateEmail({
      issueKey: record.issueKey,
      summary: context.incident.summary,
      update: draft,
      siteTimeZone: context.siteTimeZone,
    });
    await deps.notifier.notify(record.issueKey, { ...email, to: { watchers: true, groups: groups.map((name) => ({ name })) } });
    return { status: 'done', ref: null };
  });

  await attempt(context, 'statusPage', save, async () => {
    const spaceId = context.settings.statusPageSpaceId;
    if (spaceId === null)
      return { status: 'skipped', reason: 'No Confluence space is chosen for the Incident status page (communication settings).' };
    if (context.securityLevel !== null) {
      // Everyone who can read the space reads the page, and Jira hides this incident from people outside its
      // security level: it never goes on the page (and leaves it, if it got a level after an earlier update).
      await syncStatusPage(deps, {
        spaceId,
        change: null,
        removeKeys: [record.issueKey],
        now: context.now,
        siteTimeZone: context.siteTimeZone,
      });
      return {
        status: 'skipped',
        reason:
          `${record.issueKey} has the issue security level "${context.securityLevel}": it is kept off the Incident status page, ` +
          `which everyone in the space can read.`,
      };
    }
    const url = `${context.siteUrl ?? ''}/browse/${record.issueKey}`;
    const row = {
      key: record.issueKey,
      summary: context.incident.summary,
      url,
      level: context.level,
      state: draft.state,
      latestUpdate: draft.message,
      latestUpdateAt: record.createdAt,
      nextUpdateDueAt: draft.nextUpdateDueAt,
    };
    const pageId = await syncStatusPage(deps, { spaceId, change: row, now: context.now, siteTimeZone: context.siteTimeZone });
    return { status: 'done', ref: pageId };
  });

  await attempt(context, 'statuspage', save, async () => {
    if (!isExternal(draft.audience)) return { status: 'skipped', reason: 'Internal update: not shown on Statuspage.' };
    const { pageId, componentMap } = context.settings.statuspage;
    if (pageId === null) return { status: 'skipped', reason: 'Statuspage is not set up (no page id in the communication settings).' };
    const componentStatus = componentStatusFor(context.level, draft.state);
    const components = Object.fromEntries(
      draft.components.flatMap((name) => (componentMap[name] === undefined ? [] : [[componentMap[name], componentStatus] as const])),
    );
    const update = {
      issueKey: record.issueKey,
      name: context.incident.summary,
      status: draft.state.toLowerCase() as Lowercase<typeof draft.state>,
      body: draft.message,
      components,
    };
    const known = await deps.storage.get(statuspageIncidentKey(record.issueKey));
    const incidentId =
      known?.pageId === pageId ? known.incidentId : (await deps.statusPage.findOpenIncidentFor(pageId, record.issueKey))?.id;
    const published =
      incidentId === undefined
        ? await deps.statusPage.createIncident(pageId, update)
        : await deps.statusPage.updateIncident(pageId, incidentId, update);
    await deps.storage.set(statuspageIncidentKey(record.issueKey), { pageId, incidentId: published.id });
    return { status: 'done', ref: published.id };
  });
}

type Attempted = { status: 'done'; ref: string | null } | { status: 'skipped'; reason: string };

/** Runs one delivery unless it is done or skipped, and records its outcome; a failure is recorded with its reason, not thrown. */
async function attempt(
  context: DeliveryContext,
  delivery: Delivery,
  save: () => Promise<void>,
  run: () => Promise<Attempted>,
): Promise<void> {
  const outcome = context.record.deliveries[delivery];
  if (outcome.status === 'done' || outcome.status === 'skipped') return;
  try {
    const result = await run();
    context.record.deliveries[delivery] =
      result.status === 'done' ? done(result.ref, context.now) : { status: 'skipped', reason: result.reason, ref: null, at: context.now };
  } catch (error) {
    context.record.deliveries[delivery] = { status: 'failed', reason: failureReason(delivery, error), ref: null, at: context.now };
  }
  await save();
}

const DELIVERY_NAMES: Record<Delivery, string> = {
  jiraComment: 'Jira comment',
  jiraProperty: 'Jira update marker',
  email: 'Email',
  statusPage: 'Confluence status page',
  statuspage: 'Statuspage',
};

/** Why a delivery failed, saying what to fix. Internals (stack traces, keys) never reach the text. */
export function failureReason(delivery: Delivery, error: unknown): string {
  const what = DELIVERY_NAMES[delivery];
  if (error instanceof DeliveryFailure) {
    switch (error.kind) {
      case 'UNAUTHORIZED':
        return `${what}: the API key was refused (401). An admin must enter a valid key in the communication settings.`;
      case 'NOT_FOUND':
        return `${what}: the page does not exist (404). An admin must check the page id in the communication settings.`;
      case 'INVALID':
        return `${what}: the update was refused as invalid (${error.message}).`;
      case 'RATE_LIMITED':
        return `${what}: too many requests right now (rate limit). Retry in a minute.`;
      case 'UNAVAILABLE':
        return `${what}: the service is unavailable. Retry in a few minutes.`;
      case 'NOT_CONFIGURED':
        return `${what}: ${error.message}`;
    }
  }
  if (error instanceof StatusPageClashError) return `${what}: ${error.message}`;
  if (isProductApiError(error, 'forbidden') || isProductApiError(error, 'notFound'))
    return (
      `${what}: the app may not write there (${error.details.status ?? 'refused'}). An admin must check the chosen space and the ` +
      `app's access.`
    );
  if (isProductApiError(error, 'rateLimited') || isProductApiError(error, 'unavailable'))
    return `${what}: ${error.details.product === 'confluence' ? 'Confluence' : 'Jira'} is busy or unavailable. Retry in a few minutes.`;
  if (isProductApiError(error)) return `${what}: ${error.message}`;
  if (error instanceof Error && /being updated by another update/.test(error.message)) return `${what}: ${error.message}`;
  console.error(`stakeholder update: ${delivery} failed`, error);
  return `${what}: unexpected error; see the app logs, then retry.`;
}

function pending(): DeliveryOutcome {
  return { status: 'pending', reason: null, ref: null, at: null };
}

function done(ref: string | null, at: string): DeliveryOutcome {
  return { status: 'done', reason: null, ref, at };
}

function isFinished(record: UpdateRecord): boolean {
  return DELIVERIES.every((delivery) => record.deliveries[delivery].status === 'done' || record.deliveries[delivery].status === 'skipped');
}

function resultOf(record: UpdateRecord): PostUpdateResult {
  return { issueKey: record.issueKey, updateId: record.draft.updateId, complete: isFinished(record), deliveries: record.deliveries };
}

/** A double click's second call: the first call holds the lock, so report its outcome once it has one. */
async function awaitOtherInvocation(deps: CommunicateDeps, issueKey: string, updateId: string): Promise<PostUpdateResult> {
  for (const delay of WAIT_FOR_OTHER_MS) {
    await deps.sleep(delay);
    const record = await deps.storage.get(updateRecordKey(issueKey, updateId));
    const lock = await deps.storage.get(updateLockKey(issueKey, updateId));
    if (record !== undefined && lock === undefined) return resultOf(record);
  }
  throw new UseCaseRefusal(
    'CONFLICT',
    `This update to ${issueKey} is being posted right now; look at the incident in a moment before posting again.`,
  );
}

/** The issue's Jira components by name (`components` is an array of `{ name }`). */
/** The name of the incident's issue security level, or null when it has none. */
export function securityLevelOf(issue: JiraIssue): string | null {
  const raw = (issue.fields as Record<string, unknown> | undefined)?.security;
  if (typeof raw !== 'object' || raw === null) return null;
  const name = (raw as { name?: unknown }).name;
  return typeof name === 'string' && name.trim() !== '' ? name : 'unnamed';
}

export function componentNames(issue: JiraIssue): string[] {
  const raw = (issue.fields as Record<string, unknown> | undefined)?.components;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((component) =>
    typeof component === 'object' && component !== null && typeof (component as { name?: unknown }).name === 'string'
      ? [(component as { name: string }).name]
      : [],
  );
}

/** The incident's Jira priority through the mapping, else its matrix level. */
export function levelOf(incident: Incident, settings: Parameters<typeof effectiveLevel>[2]): PriorityLevel | null {
  const computed = computePriority(assessmentOf(incident), settings);
  return effectiveLevel(incident, computed.ok ? computed.value : null, settings);
}
