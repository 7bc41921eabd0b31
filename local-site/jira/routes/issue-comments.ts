import { type Actor, isRecord, jiraError, json, queryInt, queryValue, type SiteRequest, type SiteResponse } from '../../site-http';
import { adfText, isAdfDoc } from '../adf-text';
import type { IssueRecord, JiraState, Json } from '../jira-state';
import { commentView, withIssue } from './common';
import type { AddRoute } from './route-table';

// Jira's "Issue comments" routes: the comments a caller may see, and adding one (with an optional restriction).

export function addIssueCommentRoutes(add: AddRoute, s: JiraState): void {
  add('GET', '/issue/{issueIdOrKey}/comment', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const startAt = Math.max(0, queryInt(req, 'startAt', 0));
      const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 5000)), 5000);
      const visible = s.visibleComments(actor, issue).map((comment) => commentView(comment, queryValue(req, 'expand')));
      const ordered = queryValue(req, 'orderBy')?.startsWith('-') ? [...visible].reverse() : visible;
      return json(200, { startAt, maxResults, total: ordered.length, comments: ordered.slice(startAt, startAt + maxResults) });
    }),
  );
  add('POST', '/issue/{issueIdOrKey}/comment', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => addComment(s, req, issue, actor)),
  );
}

function addComment(s: JiraState, req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
  if (!s.hasPermission(actor, issue.projectKey, 'ADD_COMMENTS'))
    return jiraError(400, ['You do not have the permission to comment on this issue.']);
  if (!isRecord(req.body) || !isAdfDoc(req.body.body))
    return jiraError(400, [], { comment: 'Comment body must be an Atlassian Document (see the Atlassian Document Format)' });
  if (adfText(req.body.body).trim() === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const now = s.now();
  const author = s.userBody(actor.accountId);
  const visibility = req.body.visibility;
  if (visibility !== undefined) {
    const named = isRecord(visibility) && (typeof visibility.value === 'string' || typeof visibility.identifier === 'string');
    if (!isRecord(visibility) || (visibility.type !== 'group' && visibility.type !== 'role') || !named) {
      return jiraError(400, [], { commentLevel: 'Visibility must name a group or a project role.' });
    }
    // Jira refuses a restriction that would hide the comment from its own author.
    if (!s.canSeeComment(actor, issue, { visibility })) {
      const restrictedTo = `${visibility.type === 'role' ? 'project role' : 'group'}: ${String(visibility.value ?? visibility.identifier)}`;
      return jiraError(400, [], { commentLevel: `You are currently not a member of the ${restrictedTo}.` });
    }
  }
  const id = s.nextId('comment');
  const comment: Json = {
    self: `${s.baseUrl}/rest/api/3/issue/${issue.id}/comment/${id}`,
    id,
    author,
    body: req.body.body,
    updateAuthor: author,
    created: now,
    updated: now,
    ...(visibility !== undefined ? { visibility } : {}),
    jsdPublic: true,
  };
  issue.comments.push(comment);
  s.emit({
    eventType: 'avi:jira:commented:issue',
    issue: s.eventIssue(issue),
    atlassianId: actor.accountId,
    actorIsApp: actor.isApp,
    comment,
  });
  return json(201, comment);
}
