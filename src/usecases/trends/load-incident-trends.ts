import { z } from 'zod';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { incidentFromJiraIssue, incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import { mapWithConcurrency } from '../../adapters/http/product-http';
import { BULK_CHANGELOG_ISSUE_LIMIT, type JiraClient } from '../../adapters/jira/jira-client';
import type { JiraChangelog, JiraStatus } from '../../adapters/jira/jira-schemas';
import type { AppStorage } from '../../adapters/storage/app-storage';
import type { StatusMove } from '../../domain/incident/incident-metrics';
import { ISSUE_TYPE_NAMES, workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { statusCategoryOf, isStatusItem } from '../../domain/postmortem/status-history';
import type { StatusCategoryKey } from '../../domain/postmortem/postmortem-source';
import { type IncidentFacts, type IncidentTrends, TrendsPeriodSchema, incidentTrends } from '../../domain/trends/incident-trends';
import type { PrioritySettings } from '../../domain/priority/priority-settings';
import { PrioritySettingsStore } from '../priority/priority-settings-store';
import { loadTrendsSettings } from './trends-settings-store';

export interface TrendsDeps {
  /** Incidents, their changelogs and links are read as the viewing user: no number is built from an incident they cannot browse. */
  readonly userJira: JiraClient;
  /** Site configuration only (the incident field ids). */
  readonly appJira: JiraClient;
  readonly storage: AppStorage;
  /** ISO-8601; the SLA clocks are read at this moment. */
  readonly now: () => string;
  /** The site's address from the Forge context, for links to issues; else read from serverInfo. */
  readonly siteUrl?: string | undefined;
}

const LinkedIssues = z.array(
  z.object({
    inwardIssue: z.object({ fields: z.object({ issuetype: z.object({ name: z.string() }).optional() }).optional() }).optional(),
    outwardIssue: z.object({ fields: z.object({ issuetype: z.object({ name: z.string() }).optional() }).optional() }).optional(),
  }),
);

function linksAProblem(issuelinks: unknown): boolean {
  const links = LinkedIssues.safeParse(issuelinks ?? []);
  return (
    links.success &&
    links.data.some((link) => {
      const name = (link.inwardIssue ?? link.outwardIssue)?.fields?.issuetype?.name;
      return name !== undefined && workTypeOfIssueTypeName(name) === 'problem';
    })
  );
}

function categoryKeyOf(key: string | undefined): StatusCategoryKey {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : 'undefined';
}

function statusMovesOf(changelog: readonly JiraChangelog[], statuses: readonly JiraStatus[]): StatusMove[] {
  const summaries = statuses.map((status) => ({
    id: status.id,
    name: status.name,
    categoryKey: categoryKeyOf(status.statusCategory?.key),
  }));
  return changelog.flatMap((entry) =>
    entry.items
      .filter((item) => isStatusItem(item.field, item.fieldId))
      .map((item) => ({
        at: entry.created,
        from: { categoryKey: statusCategoryOf(summaries, item.from ?? null, item.fromString ?? null) },
        to: { categoryKey: statusCategoryOf(summaries, item.to ?? null, item.toString ?? null) },
      })),
  );
}

/**
 * Bulk reads in flight at once, per endpoint. Jira allows bursts of 100 requests a second per
 * endpoint (PLATFORM.md, rate limits), shared by every user of the app on the site: the
 * JiraClient also paces each bulk endpoint to 50 requests a second (PAGE_REQUESTS_PER_SECOND), so
 * fast answers cannot push this past half the limit, and a 429 is retried after its Retry-After.
 * With 10,000 incidents that is 100 issue reads (about 2 s of pacing) and 10 changelog reads.
 */
export const TRENDS_BULK_CONCURRENCY = 10;
/**
 * Changelogs a page of the bulk changelog read: the spec's maximum, so one call per 1,000 issues (about 4 status moves each) is one page.
 */
const CHANGELOGS_PER_PAGE = 10_000;

/** A project key as Jira allows it; it goes into JQL, so nothing else gets through. */
export const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'expected a Jira project key like INC');

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function shiftDay(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** What trends are computed from: the facts of every incident the user may browse, created in (about) the period. */
export interface TrendsSource {
  facts: IncidentFacts[];
  /** The site's priority names from highest to lowest (the priority mapping's order). */
  priorityOrder: string[];
  settings: PrioritySettings;
}

/**
 * The facts of the incidents created in the period (of one project when `projectKey` is set), read
 * as the user in a few sequential round trips however many there are: a JQL search for their ids
 * (5,000 a page), then their fields (`POST /issue/bulkfetch`, 100 a call) and their status changes
 * (`POST /changelog/bulkfetch`, 1,000 issues a call, the status field only) side by side, each
 * TRENDS_BULK_CONCURRENCY calls at once. Jira leaves out of every answer what the user may not
 * browse, so no number is built from such an incident. Why bulk reads and no facts kept by the
 * app: docs/trends.md.
 */
export async function loadTrendsSource(deps: TrendsDeps, period: { from: string; to: string }, projectKey?: string): Promise<TrendsSource> {
  // JQL dates are in the user's time zone; a day's margin each side, then the domain keeps exactly
  // the incidents created in the period in UTC.
  const scope = projectKey === undefined ? '' : `project = "${ProjectKey.parse(projectKey)}" AND `;
  const jql =
    `${scope}issuetype = "${ISSUE_TYPE_NAMES.incident}" AND created >= "${shiftDay(period.from, -1)}" AND created < ` +
    `"${shiftDay(period.to, 2)}" ORDER BY created ASC`;
  const searchIds = async (): Promise<string[]> => {
    const ids: string[] = [];
    for await (const page of deps.userJira.searchJqlIdPages(jql)) ids.push(...page);
    return ids;
  };
  // The search needs none of the configuration, so they travel together.
  const [fieldMap, { settings }, statuses, ids] = await Promise.all([
    loadIncidentFieldMap(deps.appJira, deps.storage),
    new PrioritySettingsStore(deps.storage, async () => undefined).load(),
    deps.userJira.getStatuses(),
    searchIds(),
  ]);
  const fields = [...incidentIssueFieldIds(fieldMap), 'issuelinks'];
  const [issues, changelogPages] = await Promise.all([
    deps.userJira.bulkFetchAllIssues(ids, fields, TRENDS_BULK_CONCURRENCY),
    mapWithConcurrency(chunks(ids, BULK_CHANGELOG_ISSUE_LIMIT), TRENDS_BULK_CONCURRENCY, (chunk) =>
      deps.userJira.bulkFetchChangelogs(chunk, { fieldIds: ['status'], maxResults: CHANGELOGS_PER_PAGE }),
    ),
  ]);
  const changelogs = new Map(changelogPages.flatMap((page) => [...page.entries()]));
  const facts = issues
    .map((issue) => ({
      incident: incidentFromJiraIssue(issue, fieldMap),
      moves: statusMovesOf(changelogs.get(issue.id) ?? [], statuses),
      linkedToProblem: linksAProblem(issue.fields.issuelinks),
    }))
    .filter((fact) => fact.incident.workType === 'incident');
  const m = settings.priorityMapping;
  return { facts, priorityOrder: [m.P1, m.P2, m.P3, m.P4, m.P5], settings };
}

/**
 * The incident trends of the period (of one project when `projectKey` is set), read as the user.
 * Problem candidates need `minIncidents` incidents, else the admin's threshold (default 3).
 */
export async function loadIncidentTrends(
  deps: TrendsDeps,
  input: { from: string; to: string; minIncidents?: number; projectKey?: string },
): Promise<IncidentTrends> {
  const now = deps.now();
  TrendsPeriodSchema.parse({ from: input.from, to: input.to, now });
  const [minIncidents, source] = await Promise.all([
    input.minIncidents ?? loadTrendsSettings(deps.storage).then((settings) => settings.minIncidents),
    loadTrendsSource(deps, input, input.projectKey),
  ]);
  return incidentTrends(source.facts, { from: input.from, to: input.to, now, minIncidents }, source.settings, source.priorityOrder);
}
