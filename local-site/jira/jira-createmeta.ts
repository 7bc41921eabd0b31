/**
 * Jira's create metadata, which REST clients read before `POST /rest/api/3/issue`:
 *   GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes                (getCreateIssueMetaIssueTypes)
 *   GET /rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}  (getCreateIssueMetaIssueTypeId)
 * Both are pages (`startAt`, `maxResults` up to 200; more is a 400 naming the limit) and need the
 * Create issues permission in the project. The fields are those the local site accepts on create
 * for that project and type: the create screen's system fields and every custom field with a
 * context for the project and issue type, with their enabled options as `allowedValues`.
 */
import { jiraError, json, queryInt, type Actor, type SiteRequest, type SiteResponse } from '../site-http';
import type { FieldContextRecord, JiraState, Json, ProjectRecord } from './jira-state';

const CREATEMETA_MAX_RESULTS = 200;

/** System fields on a company-managed project's default create screen, in screen order. */
const CREATE_SCREEN_SYSTEM_FIELDS = [
  'summary',
  'issuetype',
  'project',
  'description',
  'reporter',
  'assignee',
  'priority',
  'labels',
  'duedate',
];
const REQUIRED_ON_CREATE = new Set(['summary', 'issuetype', 'project']);

type PageBounds = { startAt: number; maxResults: number } | SiteResponse;

function pageBounds(req: SiteRequest): PageBounds {
  const maxResults = queryInt(req, 'maxResults', 50);
  if (maxResults > CREATEMETA_MAX_RESULTS)
    return jiraError(400, [`Parameter 'maxResults' must not exceed the limit '${CREATEMETA_MAX_RESULTS}'`]);
  return { startAt: Math.max(0, queryInt(req, 'startAt', 0)), maxResults: Math.max(1, maxResults) };
}

function creatableProject(state: JiraState, projectIdOrKey: string, actor: Actor): ProjectRecord | SiteResponse {
  const project = state.findProject(projectIdOrKey);
  // The document lists 200/400/401 only: a project the caller cannot create in is a bad request.
  if (!project || !state.hasPermission(actor, project.key, 'BROWSE_PROJECTS'))
    return jiraError(400, [`No project could be found with key '${projectIdOrKey}'.`]);
  if (!state.hasPermission(actor, project.key, 'CREATE_ISSUES'))
    return jiraError(400, [`You do not have permission to create issues in project '${project.key}'.`]);
  return project;
}

function isResponse(value: object): value is SiteResponse {
  return 'status' in value && 'headers' in value;
}

export function createMetaIssueTypes(state: JiraState, req: SiteRequest, projectIdOrKey: string, actor: Actor): SiteResponse {
  const bounds = pageBounds(req);
  if (isResponse(bounds)) return bounds;
  const project = creatableProject(state, projectIdOrKey, actor);
  if (isResponse(project)) return project;
  const types = state.projectIssueTypes(project).map((type) => state.issueTypeDetails(type));
  return json(200, {
    issueTypes: types.slice(bounds.startAt, bounds.startAt + bounds.maxResults),
    maxResults: bounds.maxResults,
    startAt: bounds.startAt,
    total: types.length,
  });
}

export function createMetaFields(
  state: JiraState,
  req: SiteRequest,
  projectIdOrKey: string,
  issueTypeId: string,
  actor: Actor,
): SiteResponse {
  const bounds = pageBounds(req);
  if (isResponse(bounds)) return bounds;
  const project = creatableProject(state, projectIdOrKey, actor);
  if (isResponse(project)) return project;
  const type = state.projectIssueTypes(project).find((candidate) => String(candidate.id) === issueTypeId);
  if (!type) return jiraError(400, [`The issue type with id '${issueTypeId}' does not exist in project '${project.key}'.`]);
  const fields = [...systemFieldMetas(state, project, type), ...customFieldMetas(state, project, issueTypeId)];
  return json(200, {
    fields: fields.slice(bounds.startAt, bounds.startAt + bounds.maxResults),
    maxResults: bounds.maxResults,
    startAt: bounds.startAt,
    total: fields.length,
  });
}

function meta(field: Json, extra: Json = {}): Json {
  const id = String(field.id);
  return {
    required: REQUIRED_ON_CREATE.has(id),
    schema: field.schema,
    name: String(field.name),
    key: id,
    fieldId: id,
    hasDefaultValue: false,
    operations: ['set'],
    ...extra,
  };
}

function systemFieldMetas(state: JiraState, project: ProjectRecord, type: Json): Json[] {
  return CREATE_SCREEN_SYSTEM_FIELDS.flatMap((id) => {
    const field = state.fields.find((candidate) => candidate.id === id);
    if (!field?.schema) return [];
    switch (id) {
      case 'project':
        return [meta(field, { allowedValues: [state.projectResponse(project)].map(({ issueTypes: _types, ...body }) => body) })];
      case 'issuetype':
        return [meta(field, { allowedValues: [state.issueTypeDetails(type)] })];
      case 'priority': {
        const fallback = state.priorities.find((priority) => priority.isDefault === true);
        const allowed = state.priorities.map((priority) => ({
          self: priority.self,
          iconUrl: priority.iconUrl,
          name: priority.name,
          id: priority.id,
        }));
        return [
          meta(field, {
            allowedValues: allowed,
            ...(fallback ? { hasDefaultValue: true, defaultValue: allowed.find((priority) => priority.id === fallback.id) } : {}),
          }),
        ];
      }
      case 'assignee':
      case 'reporter':
        return [
          meta(field, {
            autoCompleteUrl: `${state.baseUrl}/rest/api/3/user/search?query=`,
            ...(id === 'reporter' ? { hasDefaultValue: true } : {}),
          }),
        ];
      case 'labels':
        return [
          meta(field, { autoCompleteUrl: `${state.baseUrl}/rest/api/1.0/labels/suggest?query=`, operations: ['add', 'set', 'remove'] }),
        ];
      default:
        return [meta(field)];
    }
  });
}

function appliesTo(context: FieldContextRecord, projectId: string, issueTypeId: string): boolean {
  return (
    (context.isGlobalContext || context.projectIds.includes(projectId)) &&
    (context.isAnyIssueType || context.issueTypeIds.includes(issueTypeId))
  );
}

function customFieldMetas(state: JiraState, project: ProjectRecord, issueTypeId: string): Json[] {
  return state.fields
    .filter((field) => field.custom === true && field.schema)
    .flatMap((field) => {
      const contexts = state.fieldContexts(String(field.id));
      // Jira uses the most specific context: one naming the project wins over the global one.
      const context = contexts
        .filter((candidate) => appliesTo(candidate, project.id, issueTypeId))
        .sort((a, b) => Number(a.isGlobalContext) - Number(b.isGlobalContext))[0];
      if (contexts.length > 0 && !context) return [];
      const isMulti = (field.schema as Json).type === 'array';
      const operations = isMulti ? ['add', 'set', 'remove'] : ['set'];
      const enabled = (context?.options ?? []).filter((option) => !option.disabled);
      if (enabled.length === 0) return [meta(field, { operations })];
      const optionBody = (option: { id: string; value: string }) => ({
        self: `${state.baseUrl}/rest/api/3/customFieldOption/${option.id}`,
        value: option.value,
        id: option.id,
      });
      const allowedValues = enabled
        .filter((option) => option.optionId === undefined)
        .map((parent) => {
          const children = enabled.filter((child) => child.optionId === parent.id).map(optionBody);
          return { ...optionBody(parent), ...(children.length > 0 ? { children } : {}) };
        });
      return [meta(field, { operations, allowedValues })];
    });
}
