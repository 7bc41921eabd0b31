import {
  type Actor,
  isRecord,
  jiraError,
  json,
  noContent,
  queryInt,
  queryList,
  type SiteRequest,
  type SiteResponse,
} from '../../site-http';
import type { JiraState, Json } from '../jira-state';
import { page, requireAdmin } from './common';
import type { AddRoute } from './route-table';

// Jira's "Issue types" and "Issue type schemes" routes.

export function addIssueTypeRoutes(add: AddRoute, s: JiraState): void {
  add('GET', '/issuetype', () => json(200, s.issueTypes));
  add('POST', '/issuetype', ({ req, actor }) => createIssueType(s, req, actor));
  add('GET', '/issuetypescheme/project', ({ req }) => schemesForProjects(s, req));
  add('GET', '/issuetypescheme/mapping', ({ req }) => schemeMappings(s, req));
  add('PUT', '/issuetypescheme/{issueTypeSchemeId}/issuetype', ({ req, params, actor }) =>
    addTypesToScheme(s, req, params.issueTypeSchemeId, actor),
  );
}

function createIssueType(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const denied = requireAdmin(s, actor);
  if (denied) return denied;
  if (!isRecord(req.body) || typeof req.body.name !== 'string' || req.body.name.trim() === '')
    return jiraError(400, [], { name: 'You must specify a name for this issue type.' });
  if (req.body.name.length > 60) return jiraError(400, [], { name: 'The issue type name must not exceed 60 characters.' });
  if (s.issueTypes.some((t) => String(t.name).toLowerCase() === String(req.body && (req.body as Json).name).toLowerCase()))
    return jiraError(409, [], { name: 'An issue type with this name already exists.' });
  const hierarchyLevel = typeof req.body.hierarchyLevel === 'number' ? req.body.hierarchyLevel : req.body.type === 'subtask' ? -1 : 0;
  const type = s.issueTypeDetails({
    id: s.nextId('issueType'),
    name: req.body.name,
    description: typeof req.body.description === 'string' ? req.body.description : '',
    hierarchyLevel,
    subtask: hierarchyLevel < 0,
  });
  s.issueTypes.push(type);
  s.schemes.find((scheme) => scheme.isDefault)?.issueTypeIds.push(String(type.id));
  return json(201, type);
}

function schemesForProjects(s: JiraState, req: SiteRequest): SiteResponse {
  const projectIds = queryList(req, 'projectId');
  if (!projectIds || projectIds.length === 0) return jiraError(400, ['The projectId query parameter is required.']);
  const values = s.schemes
    .map((scheme) => ({
      scheme,
      projectIds: s.projects.filter((p) => p.schemeId === scheme.id && projectIds.includes(p.id)).map((p) => p.id),
    }))
    .filter((entry) => entry.projectIds.length > 0)
    .map(({ scheme, projectIds: ids }) => ({
      issueTypeScheme: {
        id: scheme.id,
        name: scheme.name,
        description: scheme.description,
        ...(scheme.defaultIssueTypeId ? { defaultIssueTypeId: scheme.defaultIssueTypeId } : {}),
        isDefault: scheme.isDefault,
      },
      projectIds: ids,
    }));
  return json(200, page(values, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50)));
}

function schemeMappings(s: JiraState, req: SiteRequest): SiteResponse {
  const wanted = queryList(req, 'issueTypeSchemeId');
  const values = s.schemes
    .filter((scheme) => !wanted || wanted.includes(scheme.id))
    .flatMap((scheme) => scheme.issueTypeIds.map((issueTypeId) => ({ issueTypeSchemeId: scheme.id, issueTypeId })));
  return json(200, page(values, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50)));
}

function addTypesToScheme(s: JiraState, req: SiteRequest, schemeId: string, actor: Actor): SiteResponse {
  const denied = requireAdmin(s, actor);
  if (denied) return denied;
  const scheme = s.schemes.find((sc) => sc.id === schemeId);
  if (!scheme) return jiraError(404, [`The issue type scheme was not found.`]);
  if (!isRecord(req.body) || !Array.isArray(req.body.issueTypeIds)) return jiraError(400, ['issueTypeIds is required.']);
  const ids = (req.body.issueTypeIds as unknown[]).map(String);
  const unknown = ids.filter((id) => !s.issueTypes.some((t) => t.id === id));
  if (unknown.length > 0) return jiraError(404, [`The issue types with IDs ${unknown.join(', ')} were not found.`]);
  for (const id of ids) if (!scheme.issueTypeIds.includes(id)) scheme.issueTypeIds.push(id);
  return noContent();
}
