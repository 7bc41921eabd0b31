import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { storageKey } from '../../adapters/storage/app-storage';
import type { AddActionItemResult, OwnerCandidate } from '../../contracts/postmortem-macro';
import { workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { issueUrlFor } from '../../domain/postmortem/postmortem-model';
import { siteUrlFor } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import { claimCreation } from '../create-once-claim';
import { UseCaseRefusal } from '../use-case-refusal';

/** The issue type an action item is created as; it must be creatable in the incident's project. */
export const ACTION_ITEM_ISSUE_TYPE = 'Task';

/**
 * Action items are linked with Jira's built-in "Relates" type (present on every site; setup
 * creates only "Causes", which reads wrong for follow-up work: the Task does not cause the
 * incident). Matched by its phrases too, since admins rename link types.
 */
export const ACTION_ITEM_LINK_TYPE = { name: 'Relates', outward: 'relates to', inward: 'relates to' } as const;

/**
 * One record per request id the form made: claimed before the Task is created, so a retry or a
 * double click with the same id finds the Task instead of making a second one.
 */
const ActionItemRecord = z.discriminatedUnion('state', [
  z.object({ state: z.literal('creating'), issueKey: z.string(), claimedAt: z.string(), claimedBy: z.string().nullable() }),
  z.object({ state: z.literal('created'), issueKey: z.string(), taskKey: z.string(), linked: z.boolean() }),
]);
type ActionItemRecord = z.infer<typeof ActionItemRecord>;

function actionItemKey(requestId: string) {
  return storageKey(`postmortem-action-item:${requestId}`, ActionItemRecord);
}

export interface AddActionItemInput {
  issueKey: string;
  /** Where the Task is created; null: the incident's project. */
  projectKey: string | null;
  requestId: string;
  summary: string;
  ownerAccountId: string;
  /** `YYYY-MM-DD`. */
  dueDate: string;
  accountId: string | null;
}

/**
 * Creates the action item as the user in the chosen project (Jira checks they may create issues
 * there and that the owner may be assigned there), then links it to the incident as the user.
 * Order: read the incident as the user (404 for one they may not browse); claim the request id;
 * find the Task type; create; record; link; record the link. A repeat with the same request id
 * answers the recorded Task (and makes a missing link); a failure before the create releases the
 * claim so a retry starts over. A claim left by an invocation that died is taken over after
 * STALE_CLAIM_SECONDS: only one that died between Jira's create and the record could leave a
 * second Task then.
 */
export async function addPostmortemActionItem(deps: PostmortemDeps, input: AddActionItemInput): Promise<AddActionItemResult> {
  const incident = await readIncident(deps, input.issueKey);
  const issueUrl = issueUrlFor(await siteUrlFor(deps));
  const key = actionItemKey(input.requestId);

  const claimed = await claim(deps, { ...input, issueKey: incident.key });
  if (!claimed) {
    const record = await deps.storage.get(key);
    if (record?.state !== 'created')
      throw new UseCaseRefusal('CONFLICT', 'This action item is being added right now; wait a moment and refresh.');
    if (record.issueKey !== incident.key)
      throw new UseCaseRefusal('BAD_REQUEST', 'requestId: this request id was used for another incident; reload the form.', 'requestId');
    if (!record.linked) await linkAndRecord(deps, incident.key, record.taskKey, input.requestId);
    return { key: record.taskKey, url: issueUrl(record.taskKey), created: false };
  }

  const projectKey = input.projectKey ?? incident.projectKey;
  let taskKey: string;
  try {
    const issueTypeId = await taskTypeIn(deps, projectKey);
    const created = await deps.userJira.createIssue({
      fields: {
        project: { key: projectKey },
        issuetype: { id: issueTypeId },
        summary: input.summary,
        assignee: { accountId: input.ownerAccountId },
        duedate: input.dueDate,
      },
    });
    taskKey = created.key;
  } catch (error) {
    await deps.storage.delete(key);
    throw refusalForCreate(error, projectKey);
  }
  await deps.storage.set(key, { state: 'created', issueKey: incident.key, taskKey, linked: false });
  await linkAndRecord(deps, incident.key, taskKey, input.requestId);
  return { key: taskKey, url: issueUrl(taskKey), created: true };
}

/** People who may be assigned issues in the project the Task goes to (default: the incident's), searched as the user. */
export async function searchActionItemOwners(
  deps: PostmortemDeps,
  scope: { issueKey: string; projectKey: string | null },
  query: string,
): Promise<OwnerCandidate[]> {
  // Reading the incident first: a user who may not browse it learns nothing about people.
  const incident = await readIncident(deps, scope.issueKey);
  const users = await deps.userJira.findAssignableUsers(
    scope.projectKey === null || scope.projectKey === incident.projectKey ? { issueKey: incident.key } : { projectKey: scope.projectKey },
    query,
  );
  return users
    .filter((user) => user.active !== false && user.accountType !== 'app')
    .map((user) => ({ accountId: user.accountId, displayName: user.displayName ?? user.accountId }));
}

const IncidentFields = z.object({ issuetype: z.object({ name: z.string() }), project: z.object({ key: z.string() }) });

async function readIncident(deps: PostmortemDeps, issueKey: string): Promise<{ key: string; projectKey: string }> {
  const issue = await deps.userJira.getIssue(issueKey, { fields: ['issuetype', 'project'] });
  const fields = IncidentFields.safeParse(issue.fields);
  if (!fields.success) throw new UseCaseRefusal('INTERNAL', `Jira returned ${issue.key} without its issue type or project.`);
  if (workTypeOfIssueTypeName(fields.data.issuetype.name) !== 'incident') {
    throw new UseCaseRefusal(
      'NOT_INCIDENT',
      `${issue.key} is a ${fields.data.issuetype.name}, not an Incident: action items are added to incidents.`,
    );
  }
  return { key: issue.key, projectKey: fields.data.project.key };
}

async function claim(deps: PostmortemDeps, input: AddActionItemInput): Promise<boolean> {
  const record: ActionItemRecord = { state: 'creating', issueKey: input.issueKey, claimedAt: deps.now(), claimedBy: input.accountId };
  return claimCreation(deps.storage, actionItemKey(input.requestId), record, deps.now());
}

/** The id of the Task type when the user may create Tasks in the project; a refusal naming the project otherwise. */
async function taskTypeIn(deps: PostmortemDeps, projectKey: string): Promise<string> {
  let types: Awaited<ReturnType<typeof deps.userJira.getCreatableIssueTypes>>;
  try {
    types = await deps.userJira.getCreatableIssueTypes(projectKey);
  } catch (error) {
    // Jira answers 400 both for a project that does not exist and for one the user may not create issues in.
    if (isProductApiError(error, 'badRequest'))
      throw new UseCaseRefusal(
        'BAD_REQUEST',
        `You cannot create issues in project ${projectKey}: it does not exist, or you lack the Create issues permission there.`,
        'projectKey',
      );
    throw error;
  }
  const task = types.find((type) => type.subtask !== true && type.name.trim().toLowerCase() === ACTION_ITEM_ISSUE_TYPE.toLowerCase());
  if (!task) {
    throw new UseCaseRefusal(
      'BAD_REQUEST',
      `Action items are created as ${ACTION_ITEM_ISSUE_TYPE}s in ${projectKey}, but ${projectKey} has no ${ACTION_ITEM_ISSUE_TYPE} ` +
        `issue type you may create. Choose another project, or ask a Jira admin to add ${ACTION_ITEM_ISSUE_TYPE} to the project's ` +
        `issue type scheme.`,
      'projectKey',
    );
  }
  return task.id;
}

/** Jira's own words for a refused create, on the form field they concern. */
function refusalForCreate(error: unknown, projectKey: string): unknown {
  if (isProductApiError(error, 'badRequest') && error.details.product === 'jira') {
    const fieldErrors = error.details.fieldErrors ?? {};
    const formField: Record<string, string> = { assignee: 'ownerAccountId', duedate: 'dueDate', summary: 'summary' };
    const [jiraField, message] = Object.entries(fieldErrors)[0] ?? [];
    if (jiraField !== undefined && message !== undefined)
      return new UseCaseRefusal('BAD_REQUEST', `Jira did not create the action item: ${message}`, formField[jiraField] ?? jiraField);
    const messages = error.details.errorMessages ?? [];
    if (messages.length > 0)
      return new UseCaseRefusal('BAD_REQUEST', `Jira did not create the action item in ${projectKey}: ${messages.join(' ')}`);
  }
  if (isProductApiError(error, 'forbidden'))
    return new UseCaseRefusal('FORBIDDEN', `You do not have permission to create issues in ${projectKey}.`);
  return error;
}

async function linkAndRecord(deps: PostmortemDeps, incidentKey: string, taskKey: string, requestId: string): Promise<void> {
  const types = await deps.userJira.getIssueLinkTypes();
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.toLowerCase();
  const relates =
    types.find((type) => same(type.name, ACTION_ITEM_LINK_TYPE.name)) ??
    types.find((type) => same(type.outward, ACTION_ITEM_LINK_TYPE.outward) && same(type.inward, ACTION_ITEM_LINK_TYPE.inward));
  if (!relates) {
    throw new UseCaseRefusal(
      'UNAVAILABLE',
      `${taskKey} was created, but this site has no "${ACTION_ITEM_LINK_TYPE.name}" link type to link it to ${incidentKey}. Link it ` +
        `by hand, or ask a Jira admin to restore the link type.`,
    );
  }
  try {
    await deps.userJira.createIssueLink({ typeName: relates.name, outwardIssueKey: incidentKey, inwardIssueKey: taskKey });
  } catch (error) {
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'forbidden')) {
      throw new UseCaseRefusal(
        'FORBIDDEN',
        `${taskKey} was created, but Jira did not let you link it to ${incidentKey} (Link issues permission). Ask someone who may ` +
          `link issues to link it.`,
      );
    }
    throw error;
  }
  await deps.storage.set(actionItemKey(requestId), { state: 'created', issueKey: incidentKey, taskKey, linked: true });
}
