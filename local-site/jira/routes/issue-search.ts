import { type Actor, isRecord, jiraError, json, queryList, queryValue, type SiteRequest, type SiteResponse } from '../../site-http';
import type { IssueRecord, JiraState, Json } from '../jira-state';
import { JqlError } from '../jql';
import { searchIssues } from '../jql-eval';
import { issueBody } from './issue-body';
import type { AddRoute } from './route-table';

// Jira's "Issue search" routes: JQL search with next-page tokens, and the issue picker.

export function addIssueSearchRoutes(add: AddRoute, s: JiraState): void {
  add('POST', '/search/jql', ({ req, actor }) => search(s, req, actor, isRecord(req.body) ? req.body : {}));
  add('GET', '/search/jql', ({ req, actor }) =>
    search(s, req, actor, {
      jql: queryValue(req, 'jql'),
      nextPageToken: queryValue(req, 'nextPageToken'),
      maxResults: queryValue(req, 'maxResults'),
      fields: queryList(req, 'fields'),
      expand: queryValue(req, 'expand'),
      properties: queryList(req, 'properties'),
    }),
  );
  add('GET', '/issue/picker', ({ req, actor }) => picker(s, req, actor));
}

function search(s: JiraState, req: SiteRequest, actor: Actor, input: Json): SiteResponse {
  const jql = typeof input.jql === 'string' ? input.jql : '';
  if (jql.trim() === '')
    return jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
  let results: IssueRecord[];
  try {
    results = searchIssues(jql, s, actor);
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, [error.message]);
    throw error;
  }
  const fields = Array.isArray(input.fields) ? (input.fields as string[]).flatMap((f) => String(f).split(',')).map((f) => f.trim()) : [];
  const idsOnly = fields.length === 0 || (fields.length === 1 && fields[0] === 'id');
  const requested = Number(input.maxResults ?? 50);
  // Jira caps pages at 5000 issue ids, and fewer when fields are requested.
  const maxResults = Math.max(1, Math.min(Number.isFinite(requested) ? requested : 50, idsOnly ? 5000 : 100));
  let offset = 0;
  if (typeof input.nextPageToken === 'string') {
    const decoded = decodeToken(input.nextPageToken, jql);
    if (decoded === undefined) return jiraError(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  const slice = results.slice(offset, offset + maxResults);
  const isLast = offset + slice.length >= results.length;
  const expand = typeof input.expand === 'string' ? input.expand : Array.isArray(input.expand) ? (input.expand as string[]).join(',') : '';
  const propertyList = Array.isArray(input.properties) ? (input.properties as string[]) : [];
  const fakeReq: SiteRequest = {
    method: 'GET',
    path: '',
    query: propertyList.length > 0 ? { properties: propertyList.join(',') } : {},
    headers: {},
  };
  return json(200, {
    issues: slice.map((issue) => (idsOnly ? { id: issue.id } : issueBody(s, issue, fakeReq, actor, fields, expand))),
    ...(isLast ? {} : { nextPageToken: encodeToken(jql, offset + slice.length) }),
    isLast,
  });
}

function picker(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const query = (queryValue(req, 'query') ?? '').trim().toLowerCase();
  const visible = [...s.issues.values()].filter((issue) => s.canBrowse(actor, issue));
  const matches = visible
    .filter(
      (issue) =>
        query === '' ||
        issue.key.toLowerCase().startsWith(query) ||
        String(issue.fields.summary ?? '')
          .toLowerCase()
          .includes(query),
    )
    .sort((a, b) => Number(b.id) - Number(a.id));
  const shown = matches.slice(0, 20);
  const mark = (text: string) =>
    query ? text.replace(new RegExp(`(${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'ig'), '<b>$1</b>') : text;
  return json(200, {
    sections: [
      {
        label: 'History Search',
        sub: `Showing ${shown.length} of ${matches.length} matching issues`,
        id: 'hs',
        issues: shown.map((issue) => ({
          id: Number(issue.id),
          key: issue.key,
          keyHtml: mark(issue.key),
          img: String((issue.fields.issuetype as Json | undefined)?.iconUrl ?? ''),
          summary: mark(String(issue.fields.summary ?? '')),
          summaryText: String(issue.fields.summary ?? ''),
        })),
      },
    ],
  });
}

function encodeToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ jql, offset })).toString('base64url');
}

function decodeToken(token: string, jql: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { jql?: unknown; offset?: unknown };
    return parsed.jql === jql && typeof parsed.offset === 'number' ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}
