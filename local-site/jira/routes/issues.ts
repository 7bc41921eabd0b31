import {
  type Actor,
  isRecord,
  jiraError,
  json,
  noContent,
  queryInt,
  queryList,
  queryValue,
  type SiteRequest,
  type SiteResponse,
} from '../../site-http';
import type { IssueRecord, JiraState, Json } from '../jira-state';
import { createMetaFields, createMetaIssueTypes } from '../jira-createmeta';
import { page, REST_BASE, withIssue } from './common';
import { applyEdits, issueBody, recordChanges } from './issue-body';
import type { AddRoute } from './route-table';

// Jira's "Issues" routes: create, read (one or in bulk), edit, delete, changelog, transitions, create metadata.

/** POST /issue/bulkfetch: "You can request up to 100 issues" (400 above that). */
const BULK_FETCH_LIMIT = 100;

export function addIssueRoutes(add: AddRoute, s: JiraState): void {
  add('POST', '/issue', ({ req, actor }) => createIssue(s, req, actor));
  add('POST', '/issue/bulkfetch', ({ req, actor }) => bulkFetch(s, req, actor));
  add('GET', '/issue/createmeta/{projectIdOrKey}/issuetypes', ({ req, params, actor }) =>
    createMetaIssueTypes(s, req, params.projectIdOrKey, actor),
  );
  add('GET', '/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}', ({ req, params, actor }) =>
    createMetaFields(s, req, params.projectIdOrKey, params.issueTypeId, actor),
  );
  add('GET', '/issue/{issueIdOrKey}', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => json(200, issueBody(s, issue, req, actor, queryList(req, 'fields') ?? ['*all']))),
  );
  add('PUT', '/issue/{issueIdOrKey}', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => editIssue(s, req, issue, actor)),
  );
  add('DELETE', '/issue/{issueIdOrKey}', ({ params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => deleteIssue(s, issue, actor)),
  );
  add('GET', '/issue/{issueIdOrKey}/changelog', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const startAt = Math.max(0, queryInt(req, 'startAt', 0));
      const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 100)), 100);
      const body = page(issue.changelog, startAt, maxResults);
      const selfAt = (from: number) => `${s.baseUrl}${REST_BASE}/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${from}`;
      const next = startAt + maxResults < issue.changelog.length ? { nextPage: selfAt(startAt + maxResults) } : {};
      return json(200, { self: selfAt(startAt), ...next, ...body });
    }),
  );
  add('GET', '/issue/{issueIdOrKey}/transitions', ({ params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const transitions = s.hasPermission(actor, issue.projectKey, 'TRANSITION_ISSUES') ? s.availableTransitions(issue) : [];
      return json(200, {
        transitions: transitions.map((t) => ({
          id: t.id,
          name: t.name,
          to: t.to,
          hasScreen: false,
          isGlobal: t.isGlobal,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        })),
      });
    }),
  );
  add('POST', '/issue/{issueIdOrKey}/transitions', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => transition(s, req, issue, actor)),
  );
}

function createIssue(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  if (!isRecord(req.body) || !isRecord(req.body.fields)) return jiraError(400, [], { fields: 'You must specify the fields of the issue.' });
  const input = req.body.fields;
  const errors: Record<string, string> = {};
  const projectRef = isRecord(input.project) ? input.project : undefined;
  const project = projectRef ? s.findProject(String(projectRef.id ?? projectRef.key ?? '')) : undefined;
  if (!project) errors.project = 'Specify a valid project ID or key';
  const type = isRecord(input.issuetype) ? s.findIssueType(input.issuetype) : undefined;
  if (!input.issuetype) errors.issuetype = 'Specify an issue type';
  else if (!type || (project && !s.projectIssueTypes(project).some((t) => t.id === type.id)))
    errors.issuetype = 'The issue type selected is invalid.';
  if (input.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
  if (project && !s.hasPermission(actor, project.key, 'CREATE_ISSUES'))
    return jiraError(403, ['You do not have permission to create issues in this project.']);
  if (project && !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS'))
    return jiraError(400, [], { project: 'Specify a valid project ID or key' });
  if (Object.keys(errors).length > 0 || !project || !type) return jiraError(400, [], errors);
  const initial = s.findStatus(project.workflow.initialStatus)!;
  const now = s.now();
  const defaultPriority = s.priorities.find((p) => p.isDefault === true) ?? s.priorities[Math.floor(s.priorities.length / 2)];
  const draft: IssueRecord = {
    id: s.nextId('issueId'),
    key: '',
    projectKey: project.key,
    fields: {
      status: initial,
      created: now,
      updated: now,
      statuscategorychangedate: now,
      creator: s.userBody(actor.accountId),
      reporter: s.userBody(actor.accountId),
      assignee: null,
      resolution: null,
      resolutiondate: null,
      labels: [],
      issuelinks: [],
      ...(defaultPriority
        ? { priority: { self: defaultPriority.self, iconUrl: defaultPriority.iconUrl, name: defaultPriority.name, id: defaultPriority.id } }
        : {}),
    },
    changelog: [],
    comments: [],
    properties: new Map(),
    remoteLinks: [],
  };
  const { next, errors: valueErrors } = applyEdits(s, draft, input, req.body.update, 'create');
  // Jira refuses an assignee without the Assignable user permission in the project.
  const assigneeId = isRecord(next.assignee) ? String(next.assignee.accountId ?? '') : '';
  if (
    assigneeId !== '' &&
    valueErrors.assignee === undefined &&
    !s.hasPermission({ accountId: assigneeId, isApp: false }, project.key, 'ASSIGNABLE_USER')
  ) {
    valueErrors.assignee = `User '${assigneeId}' cannot be assigned issues.`;
  }
  if (Object.keys(valueErrors).length > 0) return jiraError(400, [], valueErrors);
  draft.fields = next;
  draft.key = s.nextIssueKey(project.key);
  for (const property of (Array.isArray(req.body.properties) ? req.body.properties : []) as Json[])
    if (isRecord(property) && typeof property.key === 'string') draft.properties.set(property.key, property.value);
  s.issues.set(draft.key, draft);
  s.emit({ eventType: 'avi:jira:created:issue', issue: s.eventIssue(draft), atlassianId: actor.accountId, actorIsApp: actor.isApp });
  return json(201, { id: draft.id, key: draft.key, self: `${s.baseUrl}/rest/api/3/issue/${draft.id}` });
}

function editIssue(s: JiraState, req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
  if (!s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES'))
    return jiraError(403, ['You do not have permission to edit issues in this project.']);
  if (!isRecord(req.body)) return jiraError(400, ['Request body must be a JSON object.']);
  const { next, errors } = applyEdits(s, issue, req.body.fields, req.body.update, 'edit');
  const properties = req.body.properties;
  if (properties !== undefined && !Array.isArray(properties)) errors.properties = 'properties must be a list of { key, value }';
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  const before = issue.fields;
  const entry = recordChanges(s, issue, before, next, actor);
  issue.fields = entry ? { ...next, updated: s.now() } : next;
  for (const property of (properties as Json[] | undefined) ?? [])
    if (isRecord(property) && typeof property.key === 'string') issue.properties.set(property.key, property.value);
  if (entry)
    s.emit({
      eventType: 'avi:jira:updated:issue',
      issue: s.eventIssue(issue),
      atlassianId: actor.accountId,
      actorIsApp: actor.isApp,
      changelog: { id: String(entry.id), items: entry.items as Json[] },
    });
  if (queryValue(req, 'returnIssue') === 'true') return json(200, issueBody(s, issue, req, actor, ['*all']));
  return noContent();
}

function deleteIssue(s: JiraState, issue: IssueRecord, actor: Actor): SiteResponse {
  if (!s.hasPermission(actor, issue.projectKey, 'DELETE_ISSUES'))
    return jiraError(403, ['You do not have permission to delete issues in this project.']);
  s.issues.delete(issue.key);
  s.emit({ eventType: 'avi:jira:deleted:issue', issue: s.eventIssue(issue), atlassianId: actor.accountId, actorIsApp: actor.isApp });
  return noContent();
}

async function transition(s: JiraState, req: SiteRequest, issue: IssueRecord, actor: Actor): Promise<SiteResponse> {
  if (!isRecord(req.body) || !isRecord(req.body.transition)) return jiraError(400, ['Missing transition in request.']);
  const wanted = req.body.transition;
  const available = s.hasPermission(actor, issue.projectKey, 'TRANSITION_ISSUES') ? s.availableTransitions(issue) : [];
  const chosen =
    available.find((t) => t.id === String(wanted.id ?? '')) ??
    (wanted.id === undefined ? available.find((t) => t.name === wanted.name) : undefined);
  if (!chosen) return jiraError(400, [`Transition id '${String(wanted.id ?? wanted.name ?? '')}' is not valid for this issue.`]);
  const { next, errors } = applyEdits(s, issue, req.body.fields, req.body.update, 'edit');
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  for (const validator of s.transitionValidators) {
    const verdict = await validator({
      issueKey: issue.key,
      transitionId: chosen.id,
      from: issue.fields.status as Json,
      to: chosen.to,
      actor,
    });
    if (!verdict.result) return jiraError(400, [verdict.errorMessage ?? 'The transition was rejected by a workflow validator.']);
  }
  const before = issue.fields;
  const after: Json = { ...next, status: chosen.to };
  const toDone = s.statusCategoryKey(chosen.to) === 'done';
  const wasDone = s.statusCategoryKey(before.status as Json) === 'done';
  if (toDone && !after.resolution) after.resolution = s.resolutions[0];
  if (!toDone && wasDone && !(isRecord(req.body.fields) && 'resolution' in req.body.fields)) after.resolution = null;
  if (toDone !== wasDone) after.resolutiondate = toDone ? s.now() : null;
  if (s.statusCategoryKey(chosen.to) !== s.statusCategoryKey(before.status as Json)) after.statuscategorychangedate = s.now();
  const entry = recordChanges(
    s,
    issue,
    before,
    { ...after, statuscategorychangedate: before.statuscategorychangedate, resolutiondate: before.resolutiondate },
    actor,
  );
  issue.fields = { ...after, updated: s.now() };
  if (entry)
    s.emit({
      eventType: 'avi:jira:updated:issue',
      issue: s.eventIssue(issue),
      atlassianId: actor.accountId,
      actorIsApp: actor.isApp,
      changelog: { id: String(entry.id), items: entry.items as Json[] },
    });
  return noContent();
}

/**
 * POST /issue/bulkfetch (BulkFetchIssueRequestBean → BulkIssueResults). The spec: issues come
 * back in ascending id order; ones that do not exist or that the caller may not browse are
 * left out of both `issues` and `issueErrors` (that list is for retriable errors and payload
 * limits, which this site never has), so a hidden issue looks exactly like a missing one.
 */
function bulkFetch(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const body = isRecord(req.body) ? req.body : {};
  const refs = Array.isArray(body.issueIdsOrKeys) ? (body.issueIdsOrKeys as unknown[]).map(String) : [];
  if (refs.length === 0) return jiraError(400, ['At least one issue ID or key must be provided.']);
  if (refs.length > BULK_FETCH_LIMIT)
    return jiraError(400, [`No more than ${BULK_FETCH_LIMIT} issue IDs or keys can be requested at once.`]);
  const fields =
    Array.isArray(body.fields) && body.fields.length > 0
      ? (body.fields as unknown[]).flatMap((f) => String(f).split(',')).map((f) => f.trim())
      : ['*navigable'];
  const expand = Array.isArray(body.expand) ? (body.expand as unknown[]).map(String).join(',') : '';
  const properties = Array.isArray(body.properties) ? (body.properties as unknown[]).map(String) : [];
  const propertyReq: SiteRequest = {
    method: 'GET',
    path: '',
    query: properties.length > 0 ? { properties: properties.join(',') } : {},
    headers: {},
  };
  const found = new Map<string, IssueRecord>();
  for (const ref of refs) {
    const issue = s.findIssue(ref);
    if (issue && s.canBrowse(actor, issue)) found.set(issue.id, issue);
  }
  const issues = [...found.values()]
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((issue) => issueBody(s, issue, propertyReq, actor, fields, expand));
  return json(200, { issues, issueErrors: [] });
}
