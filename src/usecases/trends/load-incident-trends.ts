import { z } from 'zod';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { incidentFromJiraIssue, incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraChangelog, JiraStatus } from '../../adapters/jira/jira-schemas';
import type { AppStorage } from '../../adapters/storage/app-storage';
import type { StatusMove } from '../../domain/incident/incident-metrics';
import { ISSUE_TYPE_NAMES, workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { statusCategoryOf, isStatusItem } from '../../domain/postmortem/status-history';
import type { StatusCategoryKey } from '../../domain/postmortem/postmortem-source';
import { type IncidentFacts, type IncidentTrends, TrendsPeriodSchema, incidentTrends } from '../../domain/trends/incident-trends';
import { PrioritySettingsStore } from '../priority/priority-settings-store';

export interface TrendsDeps {
  /** Incidents, their changelogs and links are read as the viewing user: no number is built from an incident they cannot browse. */
  readonly userJira: JiraClient;
  /** Site configuration only (the incident field ids). */
  readonly appJira: JiraClient;
  readonly storage: AppStorage;
  /** ISO-8601; the SLA clocks are read at this moment. */
  readonly now: () => string;
}

const LinkedIssues = z.array(
  z.object({
    inwardIssue: z.object({ fields: z.object({ issuetype: z.object({ name: z.string() }).optional() }).optional() }).optional(),
    outwardIssue: z.object({ fields: z.object({ issuetype: z.object({ name: z.string() }).optional() }).optional() }).optional(),
  }),
);

function linksAProblem(issuelinks: unknown): boolean {
  const links = LinkedIssues.safeParse(issuelinks ?? []);
  return links.success && links.data.some((link) => {
    const name = (link.inwardIssue ?? link.outwardIssue)?.fields?.issuetype?.name;
    return name !== undefined && workTypeOfIssueTypeName(name) === 'problem';
  });
}

function categoryKeyOf(key: string | undefined): StatusCategoryKey {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : 'undefined';
}

function statusMovesOf(changelog: readonly JiraChangelog[], statuses: readonly JiraStatus[]): StatusMove[] {
  const summaries = statuses.map((status) => ({ id: status.id, name: status.name, categoryKey: categoryKeyOf(status.statusCategory?.key) }));
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

/** Changelog reads in flight at once. */
const CHANGELOG_CONCURRENCY = 10;

function shiftDay(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The incident trends of the period, read as the user: one JQL search (paged) for the incidents,
 * then each incident's changelog. The local site does not serve `POST /rest/api/3/changelog/bulkfetch`
 * yet, so changelogs are read one incident at a time (concurrently): fine for the CLI, not for
 * the page at 10,000 incidents.
 */
export async function loadIncidentTrends(deps: TrendsDeps, input: { from: string; to: string; minIncidents?: number }): Promise<IncidentTrends> {
  const period = TrendsPeriodSchema.parse({ ...input, now: deps.now() });
  const fieldMap = await loadIncidentFieldMap(deps.appJira, deps.storage);
  const { settings } = await new PrioritySettingsStore(deps.storage, async () => undefined).load();
  // JQL dates are in the user's time zone; a day's margin each side, then the domain keeps exactly
  // the incidents created in the period in UTC.
  const jql = `issuetype = "${ISSUE_TYPE_NAMES.incident}" AND created >= "${shiftDay(period.from, -1)}" AND created < "${shiftDay(period.to, 2)}" ORDER BY created ASC`;
  const issues = [];
  for await (const page of deps.userJira.searchJqlPages({ jql, fields: [...incidentIssueFieldIds(fieldMap), 'issuelinks'] })) issues.push(...page);
  const statuses = await deps.userJira.getStatuses();
  const facts: IncidentFacts[] = [];
  for (let start = 0; start < issues.length; start += CHANGELOG_CONCURRENCY) {
    const batch = issues.slice(start, start + CHANGELOG_CONCURRENCY);
    const changelogs = await Promise.all(batch.map((issue) => deps.userJira.getChangelogAll(issue.key)));
    batch.forEach((issue, index) => facts.push({ incident: incidentFromJiraIssue(issue, fieldMap), moves: statusMovesOf(changelogs[index]!, statuses), linkedToProblem: linksAProblem(issue.fields.issuelinks) }));
  }
  const m = settings.priorityMapping;
  return incidentTrends(facts.filter((fact) => fact.incident.workType === 'incident'), period, settings, [m.P1, m.P2, m.P3, m.P4, m.P5]);
}
