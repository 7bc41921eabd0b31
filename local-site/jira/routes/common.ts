import { type Actor, jiraError, json, type SiteResponse } from '../../site-http';
import { groupIdOf, type IssueRecord, type JiraState, type Json } from '../jira-state';

// What several groups of Jira routes share: the base path, paging, the issue-visibility rule, the admin check.

/** Where Jira's platform REST API v3 lives on the site. */
export const REST_BASE = '/rest/api/3';

export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export interface Page<T> {
  startAt: number;
  maxResults: number;
  total: number;
  isLast: boolean;
  values: T[];
}

export function page<T>(values: T[], startAt: number, maxResults: number): Page<T> {
  const slice = values.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, total: values.length, isLast: startAt + slice.length >= values.length, values: slice };
}

/** GET /myself and GET /user: the user with their groups. */
export function userResponse(s: JiraState, accountId: string): SiteResponse | undefined {
  const body = s.userBody(accountId);
  if (!body) return undefined;
  const user = s.users.get(accountId);
  if (!user) return json(200, body);
  return json(200, {
    ...body,
    groups: { size: user.groups.length, items: user.groups.map((name) => ({ name, groupId: groupIdOf(name) })) },
  });
}

type Answer = SiteResponse | Promise<SiteResponse>;

export function withIssue(s: JiraState, key: string, actor: Actor, fn: (issue: IssueRecord) => Answer): Answer {
  const issue = s.findIssue(key);
  // Jira answers an issue the user may not browse exactly like a missing one, so nothing leaks.
  if (!issue || !s.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
  return fn(issue);
}

export function requireAdmin(s: JiraState, actor: Actor): SiteResponse | undefined {
  if (s.hasPermission(actor, undefined, 'ADMINISTER')) return undefined;
  return jiraError(403, ['You are not authorized to perform this action. Administrator privileges are required.']);
}

/** Jira includes a comment's `properties` only when asked with `expand=properties`. */
export function commentView(comment: Json, expand: string | undefined): Json {
  if (
    (expand ?? '')
      .split(',')
      .map((e) => e.trim())
      .includes('properties')
  )
    return { ...comment, properties: comment.properties ?? [] };
  const { properties: _properties, ...rest } = comment;
  return rest;
}
