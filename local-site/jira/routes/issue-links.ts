import { type Actor, isRecord, jiraError, json, queryValue, type SiteRequest, type SiteResponse } from '../../site-http';
import type { IssueRecord, JiraState, Json } from '../jira-state';
import { ISSUE_NOT_FOUND, requireAdmin, withIssue } from './common';
import type { AddRoute } from './route-table';

// Jira's "Issue links", "Issue link types" and "Issue remote links" routes.

export function addIssueLinkRoutes(add: AddRoute, s: JiraState): void {
  add('GET', '/issueLinkType', () => json(200, { issueLinkTypes: s.issueLinkTypes }));
  add('POST', '/issueLinkType', ({ req, actor }) => createLinkType(s, req, actor));
  add('POST', '/issueLink', ({ req, actor }) => linkIssues(s, req, actor));
  add('GET', '/issue/{issueIdOrKey}/remotelink', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const globalId = queryValue(req, 'globalId');
      if (globalId === undefined) return json(200, issue.remoteLinks);
      const found = issue.remoteLinks.find((l) => l.globalId === globalId);
      return found ? json(200, found) : jiraError(404, ['No remote link with the given globalId exists.']);
    }),
  );
  add('POST', '/issue/{issueIdOrKey}/remotelink', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => upsertRemoteLink(s, req, issue, actor)),
  );
}

function createLinkType(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const denied = requireAdmin(s, actor);
  if (denied) return denied;
  const body = req.body;
  if (!isRecord(body) || typeof body.name !== 'string' || typeof body.inward !== 'string' || typeof body.outward !== 'string')
    return jiraError(400, ['name, inward and outward are required.']);
  if (s.issueLinkTypes.some((t) => String(t.name).toLowerCase() === String(body.name).toLowerCase()))
    return jiraError(400, [`An issue link type with the name '${body.name}' already exists.`]);
  const id = s.nextId('linkType');
  const type = { id, name: body.name, inward: body.inward, outward: body.outward, self: `${s.baseUrl}/rest/api/3/issueLinkType/${id}` };
  s.issueLinkTypes.push(type);
  return json(201, type);
}

function linkIssues(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const body = req.body;
  if (!isRecord(body) || !isRecord(body.type) || !isRecord(body.inwardIssue) || !isRecord(body.outwardIssue))
    return jiraError(400, ['type, inwardIssue and outwardIssue are required.']);
  const typeRef = body.type;
  const type = s.issueLinkTypes.find(
    (t) => (typeRef.id !== undefined && t.id === String(typeRef.id)) || (typeRef.name !== undefined && t.name === typeRef.name),
  );
  if (!type) return jiraError(404, [`No issue link type with name '${String(typeRef.name ?? typeRef.id)}' found.`]);
  const inward = s.findIssue(String(body.inwardIssue.key ?? body.inwardIssue.id ?? ''));
  const outward = s.findIssue(String(body.outwardIssue.key ?? body.outwardIssue.id ?? ''));
  if (!inward || !outward || !s.canBrowse(actor, inward) || !s.canBrowse(actor, outward)) return jiraError(404, [ISSUE_NOT_FOUND]);
  if (!s.hasPermission(actor, inward.projectKey, 'LINK_ISSUES') && !s.hasPermission(actor, inward.projectKey, 'EDIT_ISSUES'))
    return jiraError(400, ['You do not have the permission to link issues.']);
  const id = s.nextId('link');
  const ref = (issue: IssueRecord) => ({
    id: issue.id,
    key: issue.key,
    self: `${s.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: issue.fields.summary,
      status: issue.fields.status,
      priority: issue.fields.priority,
      issuetype: issue.fields.issuetype,
    },
  });
  const linkType = { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: type.self };
  outward.fields.issuelinks = [
    ...((outward.fields.issuelinks as Json[] | undefined) ?? []),
    { id, self: `${s.baseUrl}/rest/api/3/issueLink/${id}`, type: linkType, inwardIssue: ref(inward) },
  ];
  inward.fields.issuelinks = [
    ...((inward.fields.issuelinks as Json[] | undefined) ?? []),
    { id, self: `${s.baseUrl}/rest/api/3/issueLink/${id}`, type: linkType, outwardIssue: ref(outward) },
  ];
  return json(201, undefined);
}

function upsertRemoteLink(s: JiraState, req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
  if (!s.hasPermission(actor, issue.projectKey, 'LINK_ISSUES') && !s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES'))
    return jiraError(403, ['You do not have permission to link issues in this project.']);
  const body = req.body;
  if (!isRecord(body) || !isRecord(body.object)) return jiraError(400, [], { object: 'Link object is required.' });
  const errors: Record<string, string> = {};
  if (typeof body.object.url !== 'string' || body.object.url === '') errors.url = 'Link url is required.';
  if (typeof body.object.title !== 'string' || body.object.title === '') errors.title = 'Link title is required.';
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  const existing = typeof body.globalId === 'string' ? issue.remoteLinks.find((l) => l.globalId === body.globalId) : undefined;
  const id = existing ? String(existing.id) : s.nextId('remoteLink');
  const self = `${s.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${id}`;
  const link: Json = {
    id: Number(id),
    self,
    ...(body.globalId !== undefined ? { globalId: body.globalId } : {}),
    ...(body.application ? { application: body.application } : {}),
    ...(body.relationship ? { relationship: body.relationship } : {}),
    object: body.object,
  };
  if (existing) issue.remoteLinks[issue.remoteLinks.indexOf(existing)] = link;
  else issue.remoteLinks.push(link);
  return json(existing ? 200 : 201, { id: Number(id), self });
}
