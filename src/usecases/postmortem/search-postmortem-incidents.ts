import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import type { JiraIssue } from '../../adapters/jira/jira-schemas';
import type { IncidentSearchHit, SearchIncidentsResult } from '../../contracts/postmortem-macro';
import { ISSUE_TYPE_NAMES, workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import type { PostmortemDeps } from './postmortem-deps';

export const INCIDENT_SEARCH_LIMIT = 20;
const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*$/;

const HitFields = z.object({
  summary: z.string().optional(),
  status: z.object({ name: z.string() }).optional(),
  issuetype: z.object({ name: z.string() }).optional(),
});

/**
 * Search-as-you-type for the config panel: incidents the user may browse whose summary has words
 * starting with what they typed (newest first), plus the exact issue when they typed a key. JQL
 * text search treats `+ - & | ! ( ) { } [ ] ^ ~ * ? \ :` as operators, so only letters, digits
 * and spaces of the query are used as prefixes.
 */
export async function searchPostmortemIncidents(deps: PostmortemDeps, query: string): Promise<SearchIncidentsResult> {
  const trimmed = query.trim();
  const words = trimmed
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .slice(0, 8);
  const jql = [
    `issuetype = "${ISSUE_TYPE_NAMES.incident}"`,
    ...(words.length > 0 ? [`summary ~ "${words.map((word) => `${word}*`).join(' ')}"`] : []),
  ].join(' AND ');
  const [byKey, bySummary] = await Promise.all([
    ISSUE_KEY.test(trimmed) ? exactIssue(deps, trimmed.toUpperCase()) : Promise.resolve(undefined),
    firstPage(deps, `${jql} ORDER BY created DESC`),
  ]);
  const hits = [...(byKey ? [byKey] : []), ...bySummary]
    .map(hitOf)
    .filter((hit): hit is IncidentSearchHit & { incident: boolean } => hit !== null && hit.incident)
    .filter((hit, index, all) => all.findIndex((other) => other.key === hit.key) === index)
    .slice(0, INCIDENT_SEARCH_LIMIT)
    .map(({ key, summary, status }) => ({ key, summary, status }));
  return { incidents: hits };
}

async function firstPage(deps: PostmortemDeps, jql: string): Promise<JiraIssue[]> {
  for await (const page of deps.userJira.searchJqlPages({
    jql,
    fields: ['summary', 'status', 'issuetype'],
    maxResults: INCIDENT_SEARCH_LIMIT,
  }))
    return page;
  return [];
}

async function exactIssue(deps: PostmortemDeps, key: string): Promise<JiraIssue | undefined> {
  try {
    return await deps.userJira.getIssue(key, { fields: ['summary', 'status', 'issuetype'] });
  } catch (error) {
    if (isProductApiError(error, 'notFound')) return undefined;
    throw error;
  }
}

function hitOf(issue: JiraIssue): (IncidentSearchHit & { incident: boolean }) | null {
  const fields = HitFields.safeParse(issue.fields);
  if (!fields.success) return null;
  return {
    key: issue.key,
    summary: fields.data.summary ?? '',
    status: fields.data.status?.name ?? null,
    incident: fields.data.issuetype !== undefined && workTypeOfIssueTypeName(fields.data.issuetype.name) === 'incident',
  };
}
