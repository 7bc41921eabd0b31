import { type Actor, jiraError, json, queryInt, queryList, queryValue, type SiteRequest, type SiteResponse } from '../../site-http';
import type { JiraState } from '../jira-state';
import { page } from './common';
import type { AddRoute } from './route-table';

// Jira's "Projects" routes: the projects a caller may browse.

export function addProjectRoutes(add: AddRoute, s: JiraState): void {
  add('GET', '/project/search', ({ req, actor }) => searchProjects(s, req, actor));
  add('GET', '/project/{projectIdOrKey}', ({ params, actor }) => getProject(s, params.projectIdOrKey, actor));
}

function searchProjects(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const keys = queryList(req, 'keys');
  const query = queryValue(req, 'query')?.toLowerCase();
  const visible = s.projects
    .filter((p) => s.hasPermission(actor, p.key, 'BROWSE_PROJECTS'))
    .filter((p) => !keys || keys.some((k) => k.toUpperCase() === p.key.toUpperCase() || k === p.id))
    .filter((p) => !query || p.key.toLowerCase().includes(query) || String(p.project.name).toLowerCase().includes(query));
  const expand = (queryValue(req, 'expand') ?? '').split(',');
  const bodies = visible.map((p) => (expand.includes('issueTypes') ? s.projectResponse(p) : p.project));
  const startAt = queryInt(req, 'startAt', 0);
  const maxResults = Math.min(queryInt(req, 'maxResults', 50), 100);
  return json(200, {
    self: `${s.baseUrl}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
    ...page(bodies, startAt, maxResults),
  });
}

function getProject(s: JiraState, key: string, actor: Actor): SiteResponse {
  const project = s.findProject(key);
  if (!project || !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS'))
    return jiraError(404, [`No project could be found with key '${key}'.`]);
  return json(200, s.projectResponse(project));
}
