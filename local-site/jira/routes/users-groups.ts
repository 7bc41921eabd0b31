import { type Actor, jiraError, json, queryInt, queryList, queryValue, type SiteRequest, type SiteResponse } from '../../site-http';
import { JIRA_PERMISSION_KEYS, type JiraPermissionKey } from '../../seed';
import { groupIdOf, type JiraState, type Json } from '../jira-state';
import { ISSUE_NOT_FOUND, page, REST_BASE, userResponse } from './common';
import type { AddRoute } from './route-table';

// Jira's "Myself", "Users", "Groups" and "Permissions" routes.

const PERMISSION_NAMES: Partial<Record<JiraPermissionKey, [string, 'GLOBAL' | 'PROJECT', string]>> = {
  BROWSE_PROJECTS: ['10', 'PROJECT', 'Browse Projects'],
  CREATE_ISSUES: ['11', 'PROJECT', 'Create Issues'],
  EDIT_ISSUES: ['12', 'PROJECT', 'Edit Issues'],
  ASSIGN_ISSUES: ['13', 'PROJECT', 'Assign Issues'],
  RESOLVE_ISSUES: ['14', 'PROJECT', 'Resolve Issues'],
  ADD_COMMENTS: ['15', 'PROJECT', 'Add Comments'],
  DELETE_ISSUES: ['16', 'PROJECT', 'Delete Issues'],
  LINK_ISSUES: ['21', 'PROJECT', 'Link Issues'],
  ADMINISTER_PROJECTS: ['23', 'PROJECT', 'Administer Projects'],
  TRANSITION_ISSUES: ['46', 'PROJECT', 'Transition Issues'],
  ADMINISTER: ['0', 'GLOBAL', 'Administer Jira'],
};

export function addUserAndGroupRoutes(add: AddRoute, s: JiraState): void {
  add(
    'GET',
    '/myself',
    ({ actor }) => userResponse(s, actor.accountId) ?? jiraError(401, ['Client must be authenticated to access this resource.']),
  );
  add('GET', '/user', ({ req }) => {
    const accountId = queryValue(req, 'accountId');
    if (!accountId) return jiraError(400, ['The accountId query parameter needs to be provided.']);
    return userResponse(s, accountId) ?? jiraError(404, ['Specified user does not exist or you do not have required permissions'], {});
  });
  add('GET', '/user/assignable/search', ({ req, actor }) => assignableUsers(s, req, actor));
  add('GET', '/user/groups', ({ req }) => {
    const accountId = queryValue(req, 'accountId');
    const user = accountId ? s.users.get(accountId) : undefined;
    if (!user) return jiraError(404, [`User with account id '${accountId ?? ''}' does not exist.`]);
    return json(
      200,
      user.groups.map((name) => ({ name, groupId: groupIdOf(name), self: `${s.baseUrl}${REST_BASE}/group?groupId=${groupIdOf(name)}` })),
    );
  });
  add('GET', '/group/bulk', ({ req, actor }) => bulkGroups(s, req, actor));
  add('GET', '/mypermissions', ({ req, actor }) => myPermissions(s, req, actor));
}

/**
 * GET /user/assignable/search: active users with Assignable user in the issue's (or project's)
 * project whose display name or email address starts (at a word) with `query`, or the one
 * `accountId`. The caller needs Browse users and groups or Assign issues; an issue they may not
 * browse is a 404 like everywhere else.
 */
function assignableUsers(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const query = queryValue(req, 'query');
  const accountId = queryValue(req, 'accountId');
  if (query === undefined && accountId === undefined) return jiraError(400, ["The query parameter 'query' or 'accountId' is required."]);
  const issueKey = queryValue(req, 'issueKey') ?? queryValue(req, 'issueId');
  const projectRef = queryValue(req, 'project');
  let projectKey: string | undefined;
  if (issueKey !== undefined) {
    const issue = s.findIssue(issueKey);
    if (!issue || !s.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
    projectKey = issue.projectKey;
  } else if (projectRef !== undefined) {
    const project = s.findProject(projectRef);
    if (!project || !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS'))
      return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
    projectKey = project.key;
  } else {
    return jiraError(400, ["The parameter 'issueKey', 'issueId' or 'project' is required."]);
  }
  if (!s.hasPermission(actor, undefined, 'USER_PICKER') && !s.hasPermission(actor, projectKey, 'ASSIGN_ISSUES')) {
    return jiraError(403, ['You do not have the permission to browse users and groups or to assign issues in this project.']);
  }
  const wanted = (query ?? '').trim().toLowerCase();
  const matches = (user: { displayName: string; emailAddress?: string | undefined }) =>
    wanted === '' ||
    [user.displayName, user.emailAddress ?? ''].some(
      (value) =>
        value
          .toLowerCase()
          .split(/[\s@._-]+/)
          .some((word) => word.startsWith(wanted)) || value.toLowerCase().startsWith(wanted),
    );
  const startAt = Math.max(0, queryInt(req, 'startAt', 0));
  const maxResults = Math.max(1, Math.min(1000, queryInt(req, 'maxResults', 50)));
  const assignable = [...s.users.values()]
    .filter((user) => user.active && (accountId === undefined || user.accountId === accountId) && matches(user))
    .filter((user) => s.hasPermission({ accountId: user.accountId, isApp: false }, projectKey, 'ASSIGNABLE_USER'))
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .slice(startAt, startAt + maxResults);
  return json(
    200,
    assignable.map((user) => s.userBody(user.accountId)!),
  );
}

/**
 * GET /group/bulk: the site's groups are the ones its users belong to. Needs Browse users and
 * groups; the local site grants it to admins and the app (users without it get 403, as in Jira).
 */
function bulkGroups(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  if (!s.hasPermission(actor, undefined, 'ADMINISTER')) return jiraError(403, ['You do not have permission to browse users and groups.']);
  const all = [...new Set([...s.users.values()].flatMap((user) => user.groups))].sort((a, b) => a.localeCompare(b));
  // Repeated parameters, not comma lists: a group name may contain a comma.
  const listOf = (name: string) => (req.query[name] === undefined ? undefined : ([] as string[]).concat(req.query[name]!));
  const names = listOf('groupName');
  const ids = listOf('groupId');
  // Jira group names are case-insensitive.
  const wanted = all.filter(
    (name) => (!names && !ids) || names?.some((n) => n.toLowerCase() === name.toLowerCase()) || ids?.includes(groupIdOf(name)),
  );
  const startAt = Math.max(0, queryInt(req, 'startAt', 0));
  const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 50)), 50);
  const body = page(
    wanted.map((name) => ({ name, groupId: groupIdOf(name) })),
    startAt,
    maxResults,
  );
  return json(200, body);
}

function myPermissions(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const keys = queryList(req, 'permissions');
  if (!keys || keys.length === 0) return jiraError(400, ['The permissions query parameter is required.']);
  const unknown = keys.filter((k) => !(JIRA_PERMISSION_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return jiraError(404, [`Unrecognized permission key(s): ${unknown.join(', ')}`]);
  let projectKey: string | undefined;
  const issueRef = queryValue(req, 'issueKey') ?? queryValue(req, 'issueId');
  if (issueRef) {
    const issue = s.findIssue(issueRef);
    if (!issue || !s.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
    projectKey = issue.projectKey;
  }
  const projectRef = queryValue(req, 'projectKey') ?? queryValue(req, 'projectId');
  if (projectRef) {
    const project = s.findProject(projectRef);
    if (!project || !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS'))
      return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
    projectKey = project.key;
  }
  const permissions: Json = {};
  for (const key of keys as JiraPermissionKey[]) {
    const [id, type, name] = PERMISSION_NAMES[key] ?? [
      String(JIRA_PERMISSION_KEYS.indexOf(key) + 100),
      key === 'SYSTEM_ADMIN' || key === 'USER_PICKER' || key === 'BULK_CHANGE' ? 'GLOBAL' : 'PROJECT',
      key
        .toLowerCase()
        .replace(/_/g, ' ')
        .replace(/^./, (c) => c.toUpperCase()),
    ];
    permissions[key] = { id, key, name, type, description: name, havePermission: s.hasPermission(actor, projectKey, key) };
  }
  return json(200, { permissions });
}
