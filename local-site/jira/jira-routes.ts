/**
 * Jira Cloud REST v3 subset over JiraState, answering with Jira's shapes, status codes and error
 * bodies. The routes live in routes/, one file per tag of Jira's OpenAPI document.
 */
import { isRecord, type Actor, type SiteRequest, type SiteResponse } from '../site-http';
import { groupIdOf, type JiraState, type Json } from './jira-state';
import { addChangelogRoutes } from './routes/changelogs';
import { REST_BASE } from './routes/common';
import { addFieldRoutes } from './routes/fields';
import { addIssueCommentRoutes } from './routes/issue-comments';
import { addIssueLinkRoutes } from './routes/issue-links';
import { addIssuePropertyRoutes } from './routes/issue-properties';
import { addIssueSearchRoutes } from './routes/issue-search';
import { addIssueTypeRoutes } from './routes/issue-types';
import { addIssueRoutes } from './routes/issues';
import { addProjectRoutes } from './routes/projects';
import { RouteTable } from './routes/route-table';
import { addServerMetadataRoutes } from './routes/server-metadata';
import { addUserAndGroupRoutes } from './routes/users-groups';

/**
 * Set by the local Forge runtime on requests that arrive through Forge's product proxy, with the
 * site's cloudId as its value. Jira builds `self` links from the address a request came in on:
 * through the proxy that is the API gateway, `https://api.atlassian.com/ex/jira/<cloudId>`.
 */
export const FORGE_PROXY_HEADER = 'x-local-site-forge-proxy';
export const API_GATEWAY = 'https://api.atlassian.com';

export class JiraRoutes {
  private readonly table = new RouteTable(REST_BASE);

  constructor(private readonly state: JiraState) {
    for (const addRoutes of [
      addServerMetadataRoutes,
      addUserAndGroupRoutes,
      addProjectRoutes,
      addFieldRoutes,
      addIssueTypeRoutes,
      addIssueRoutes,
      addChangelogRoutes,
      addIssueCommentRoutes,
      addIssuePropertyRoutes,
      addIssueLinkRoutes,
      addIssueSearchRoutes,
    ]) {
      addRoutes(this.table.add, state);
    }
  }

  /** The response, or undefined when no Jira route matches. */
  async handle(req: SiteRequest, actor: Actor): Promise<SiteResponse | undefined> {
    const route = this.table.match(req);
    if (route === undefined) return undefined;
    const response = await route.run(req, actor);
    const cloudId = req.headers[FORGE_PROXY_HEADER];
    return { ...response, body: rebaseRestLinks(response.body, cloudId ? `${API_GATEWAY}/ex/jira/${cloudId}` : this.state.baseUrl) };
  }
}

export function groupId(name: string): string {
  return groupIdOf(name);
}

/**
 * A copy of a Jira body whose `self` and `nextPage` links to REST resources start at `base`: Jira
 * builds them from the address the request arrived at (the site, or the API gateway for Forge's
 * product proxy), whatever site a seed was exported from.
 */
function rebaseRestLinks(body: unknown, base: string): unknown {
  if (Array.isArray(body)) return body.map((item) => rebaseRestLinks(item, base));
  if (!isRecord(body)) return body;
  const copy: Json = {};
  for (const [key, value] of Object.entries(body)) {
    copy[key] =
      (key === 'self' || key === 'nextPage') && typeof value === 'string' ? rebasedUrl(value, base) : rebaseRestLinks(value, base);
  }
  return copy;
}

function rebasedUrl(value: string, base: string): string {
  try {
    const url = new URL(value);
    return url.pathname.startsWith('/rest/') ? `${base}${url.pathname}${url.search}` : value;
  } catch {
    return value;
  }
}
