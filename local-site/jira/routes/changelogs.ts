import { createHash } from 'node:crypto';
import { type Actor, isRecord, jiraError, json, type SiteRequest, type SiteResponse } from '../../site-http';
import type { IssueRecord, JiraState, Json } from '../jira-state';
import type { AddRoute } from './route-table';

// Jira's bulk changelog read (Issues group): POST /changelog/bulkfetch (operation getBulkChangelogs).

/** BulkChangelogRequestBean: issueIdsOrKeys 1..1000, fieldIds at most 10, maxResults 1..10000 (default 1000). */
const ISSUE_LIMIT = 1000;
const FIELD_LIMIT = 10;
const DEFAULT_PAGE = 1000;
const PAGE_LIMIT = 10_000;

export function addChangelogRoutes(add: AddRoute, s: JiraState): void {
  add('POST', '/changelog/bulkfetch', ({ req, actor }) => bulkChangelogs(s, req, actor));
}

/**
 * The spec: "a paginated list of all changelogs for given issues sorted by changelog date and
 * issue IDs, starting from the oldest changelog and smallest issue ID", optionally only the items
 * of up to 10 field ids; `maxResults` counts changelogs (histories), not issues. Issues that do not
 * exist or that the caller may not browse are left out, as the bulk issue fetch does (the same
 * Browse projects / issue security rule as every other read of this site). A changelog with no item
 * left after the field filter is left out. `nextPageToken` is absent on the last page.
 */
function bulkChangelogs(s: JiraState, req: SiteRequest, actor: Actor): SiteResponse {
  const body = isRecord(req.body) ? req.body : {};
  const refs = Array.isArray(body.issueIdsOrKeys) ? (body.issueIdsOrKeys as unknown[]).map(String) : [];
  if (refs.length === 0) return jiraError(400, ['At least one issue ID or key must be provided.']);
  if (refs.length > ISSUE_LIMIT) return jiraError(400, [`No more than ${ISSUE_LIMIT} issue IDs or keys can be requested at once.`]);
  const fieldIds = Array.isArray(body.fieldIds) ? (body.fieldIds as unknown[]).map(String) : [];
  if (fieldIds.length > FIELD_LIMIT) return jiraError(400, [`No more than ${FIELD_LIMIT} field IDs can be requested at once.`]);
  const requested = body.maxResults === undefined ? DEFAULT_PAGE : Number(body.maxResults);
  if (!Number.isInteger(requested) || requested < 1 || requested > PAGE_LIMIT)
    return jiraError(400, [`maxResults must be between 1 and ${PAGE_LIMIT}.`]);

  const visible = new Map<string, IssueRecord>();
  for (const ref of refs) {
    const issue = s.findIssue(ref);
    if (issue && s.canBrowse(actor, issue)) visible.set(issue.id, issue);
  }
  const wanted = new Set(fieldIds);
  const histories = [...visible.values()]
    .flatMap((issue) =>
      issue.changelog.map((entry) => {
        const items = Array.isArray(entry.items) ? (entry.items as Json[]) : [];
        const kept: Json = {
          ...entry,
          items: wanted.size === 0 ? items : items.filter((item) => wanted.has(String(item.fieldId ?? item.field))),
        };
        return { issueId: issue.id, entry: kept, itemCount: (kept.items as Json[]).length };
      }),
    )
    .filter((row) => row.itemCount > 0)
    .sort(
      (a, b) =>
        Date.parse(String(a.entry.created)) - Date.parse(String(b.entry.created)) ||
        Number(a.issueId) - Number(b.issueId) ||
        Number(a.entry.id) - Number(b.entry.id),
    );

  // The token names the request it continues (issues and fields), so a token from another request is refused.
  const requestHash = createHash('sha256')
    .update(JSON.stringify([[...visible.keys()], fieldIds]))
    .digest('hex')
    .slice(0, 16);
  let offset = 0;
  if (body.nextPageToken !== undefined) {
    const decoded = decodeToken(String(body.nextPageToken), requestHash);
    if (decoded === undefined) return jiraError(400, ['The provided next page token is invalid or expired.']);
    offset = decoded;
  }
  const slice = histories.slice(offset, offset + requested);
  const byIssue = new Map<string, Json[]>();
  for (const row of slice) byIssue.set(row.issueId, [...(byIssue.get(row.issueId) ?? []), row.entry]);
  const issueChangeLogs = [...byIssue.entries()]
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([issueId, changeHistories]) => ({ issueId, changeHistories }));
  const next =
    offset + slice.length < histories.length
      ? { nextPageToken: Buffer.from(JSON.stringify({ requestHash, offset: offset + slice.length })).toString('base64url') }
      : {};
  return json(200, { issueChangeLogs, ...next });
}

function decodeToken(token: string, requestHash: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { requestHash?: unknown; offset?: unknown };
    return parsed.requestHash === requestHash && typeof parsed.offset === 'number' ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}
