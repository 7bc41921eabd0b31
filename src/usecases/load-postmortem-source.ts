import { POSTMORTEM_ISSUE_PROPERTIES, postmortemCommunication } from './communicate/postmortem-communication';
import { z } from 'zod';
import { ConfluenceClient } from '../adapters/confluence/confluence-client';
import { isProductApiError, resolverFailureFor } from '../adapters/http/product-api-error';
import { adfToPlainText } from '../adapters/jira/adf-text';
import { loadIncidentFieldMap } from '../adapters/jira/incident-field-map';
import { IncidentMappingError, incidentFromJiraIssue, incidentIssueFieldIds } from '../adapters/jira/incident-mapper';
import { JiraClient } from '../adapters/jira/jira-client';
import type { JiraChangelog, JiraComment, JiraIssue, JiraStatus, JiraUser } from '../adapters/jira/jira-schemas';
import { AppStorage } from '../adapters/storage/app-storage';
import { type ResolverResult, fail } from '../contracts/resolver-result';
import type { Incident } from '../domain/incident/incident';
import type { ChangelogEntry, CommentSummary, IssueLinkSummary, PersonRef, PostmortemSource, StatusCategoryKey, StatusSummary } from '../domain/postmortem/postmortem-source';
import { incidentSla } from '../domain/priority/compute-priority';
import { PrioritySettingsStore } from './priority-settings-store';

/**
 * What the postmortem use cases run against. Jira and Confluence reads and page writes go as the
 * user, so a postmortem shows only what its reader may see and pages are created with their
 * permissions; `appJira` reads site configuration (field ids) and writes the remote link the
 * closure validator relies on.
 */
export interface PostmortemDeps {
  readonly userJira: JiraClient;
  readonly appJira: JiraClient;
  readonly userConfluence: ConfluenceClient;
  /** Only asks whether a recorded page still exists when the user cannot see it: never reads its content for them. */
  readonly appConfluence: ConfluenceClient;
  readonly storage: AppStorage;
  /** ISO-8601; the use cases read no clock themselves. */
  readonly now: () => string;
  readonly sleep: (ms: number) => Promise<void>;
}

export function productionPostmortemDeps(): PostmortemDeps {
  return {
    userJira: JiraClient.asUser(),
    appJira: JiraClient.asApp(),
    userConfluence: ConfluenceClient.asUser(),
    appConfluence: ConfluenceClient.asApp(),
    storage: new AppStorage(),
    now: () => new Date().toISOString(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

/** A failure the view can show as it is (forbidden, not found, not an incident). */
export class PostmortemFailure extends Error {
  override readonly name = 'PostmortemFailure';
  constructor(readonly result: ResolverResult<never>) {
    super(result.success ? 'failure' : result.error.message);
  }
}

/** The resolver envelope for anything the postmortem use cases throw. */
export function postmortemFailure(error: unknown): ResolverResult<never> {
  if (error instanceof PostmortemFailure) return error.result;
  if (error instanceof IncidentMappingError) return fail('INTERNAL', `Jira returned ${error.issueKey} in a shape the app cannot read (${error.field}).`, error.field);
  // Jira answers 404, not 403, for an issue the user may not browse, so both read as "not visible".
  if (isProductApiError(error, 'notFound')) return fail('NOT_FOUND', 'The issue does not exist or you do not have permission to see it.');
  if (isProductApiError(error)) return resolverFailureFor(error);
  console.error('postmortem: unexpected error', error);
  return fail('INTERNAL', 'Unexpected error; see the app logs.');
}

const LinkedIssueRef = z.object({
  key: z.string(),
  fields: z
    .object({
      summary: z.string().optional(),
      status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }).optional(),
      issuetype: z.object({ name: z.string() }).optional(),
    })
    .optional(),
});
/** components.schemas.IssueLink as it appears in an issue's `issuelinks` field. */
const IssueLinkField = z.array(
  z.object({
    id: z.string(),
    type: z.object({ name: z.string(), inward: z.string(), outward: z.string() }),
    inwardIssue: LinkedIssueRef.optional(),
    outwardIssue: LinkedIssueRef.optional(),
  }),
);

const LINKED_ISSUE_FIELDS = ['summary', 'status', 'issuetype', 'assignee'] as const;
const LinkedIssueFields = z.object({
  summary: z.string().optional(),
  status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }).optional(),
  issuetype: z.object({ name: z.string() }).optional(),
  assignee: z.object({ accountId: z.string(), displayName: z.string().optional() }).nullish(),
});

/**
 * Reads everything a postmortem is built from, as the user: the issue (with its links), the whole
 * changelog and all comments (first page, then the rest concurrently once the total is known), the
 * site's statuses, the linked issues, and the user's profile for the time zone.
 * @throws PostmortemFailure NOT_INCIDENT for issues that are not incidents; ProductApiError otherwise.
 */
export async function loadPostmortemSource(deps: PostmortemDeps, issueKey: string): Promise<{ source: PostmortemSource; issue: JiraIssue }> {
  const now = deps.now();
  // Field ids are site configuration, read as the app so every reader gets the same map.
  const fieldMap = await loadIncidentFieldMap(deps.appJira, deps.storage);
  // The issue first: a user who cannot browse it gets NOT_FOUND before any other call is spent.
  const issue = await deps.userJira.getIssue(issueKey, { fields: [...incidentIssueFieldIds(fieldMap), 'issuelinks'], properties: POSTMORTEM_ISSUE_PROPERTIES });
  const incident = incidentFromJiraIssue(issue, fieldMap);
  if (incident.workType !== 'incident') {
    throw new PostmortemFailure(fail('NOT_INCIDENT', `${incident.key} is a ${incident.issueTypeName}, not an Incident: postmortems are written for incidents.`));
  }
  const links = IssueLinkField.safeParse(issue.fields.issuelinks ?? []);
  const linkRefs = links.success ? links.data : [];

  const [changelog, comments, statuses, myself, linkedIssues, slaTargetMinutes] = await Promise.all([
    deps.userJira.getChangelogAll(issueKey),
    deps.userJira.getCommentsAll(issueKey),
    deps.userJira.getStatuses(),
    deps.userJira.getMyself(),
    deps.userJira.getIssues(
      linkRefs.map((link) => (link.inwardIssue ?? link.outwardIssue)?.key).filter((key): key is string => key !== undefined),
      { fields: LINKED_ISSUE_FIELDS },
    ),
    slaTargetFor(deps, incident, now),
  ]);
  const linkedByKey = new Map(linkedIssues.filter((linked): linked is JiraIssue => linked !== undefined).map((linked) => [linked.key, linked]));

  const source: PostmortemSource = {
    incident,
    changelog: changelog.map(changelogEntryOf),
    comments: comments.map(commentOf),
    links: linkRefs.flatMap((link) => {
      const ref = link.inwardIssue ?? link.outwardIssue;
      if (!ref) return [];
      return [linkSummaryOf(link.id, link.inwardIssue ? link.type.inward : link.type.outward, link.type.name, ref, linkedByKey.get(ref.key))];
    }),
    statuses: statuses.map(statusOf),
    // The reader's Jira time zone stands in for the site's (the site default is serverInfo's
    // serverTimeZone, see JiraClient.getServerInfo; not read here yet).
    siteTimeZone: myself.timeZone ?? 'UTC',
    siteUrl: siteUrlOf(issue),
    generatedAt: now,
    generatedBy: personOf(myself),
    slaTargetMinutes,
    ...(await postmortemCommunication(deps.storage, issue, incident)),
  };
  return { source, issue };
}

/** The resolution target for the incident's priority from the priority settings; none when they cannot be read. */
async function slaTargetFor(deps: PostmortemDeps, incident: Incident, now: string): Promise<number | null> {
  try {
    const { settings } = await new PrioritySettingsStore(deps.storage, async () => undefined).load();
    return incidentSla(incident, settings, now).sla.targetMinutes;
  } catch (error) {
    console.warn('postmortem: no SLA target (priority settings unreadable)', error);
    return null;
  }
}

function siteUrlOf(issue: JiraIssue): string {
  if (issue.self) {
    try {
      return new URL(issue.self).origin;
    } catch {
      // fall through
    }
  }
  return '';
}

function personOf(user: JiraUser | undefined): PersonRef | null {
  return user ? { accountId: user.accountId, displayName: user.displayName ?? '' } : null;
}

function changelogEntryOf(entry: JiraChangelog): ChangelogEntry {
  return {
    id: entry.id,
    created: entry.created,
    author: personOf(entry.author),
    items: entry.items.map((item) => ({
      field: item.field,
      fieldId: item.fieldId ?? null,
      fieldtype: item.fieldtype ?? null,
      from: item.from ?? null,
      fromString: item.fromString ?? null,
      to: item.to ?? null,
      toString: item.toString ?? null,
    })),
  };
}

function commentOf(comment: JiraComment): CommentSummary {
  return { id: comment.id, created: comment.created, author: personOf(comment.author), body: comment.body === undefined ? '' : adfToPlainText(comment.body) };
}

function categoryKeyOf(key: string | undefined): StatusCategoryKey {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : 'undefined';
}

function statusOf(status: JiraStatus): StatusSummary {
  return { id: status.id, name: status.name, categoryKey: categoryKeyOf(status.statusCategory?.key) };
}

/**
 * The linked issue as read on its own; when that read failed (deleted since, or hidden from the
 * user) the few fields Jira embeds in the link, and nulls for the rest.
 */
function linkSummaryOf(id: string, relation: string, linkTypeName: string, ref: z.infer<typeof LinkedIssueRef>, linked: JiraIssue | undefined): IssueLinkSummary {
  const parsed = linked ? LinkedIssueFields.safeParse(linked.fields) : undefined;
  const fields: z.infer<typeof LinkedIssueFields> | undefined = parsed?.success ? parsed.data : ref.fields;
  const key = ref.key;
  return {
    id,
    relation,
    linkTypeName,
    issue: {
      key,
      summary: fields?.summary ?? null,
      issueTypeName: fields?.issuetype?.name ?? null,
      status: fields?.status ? { name: fields.status.name, categoryKey: categoryKeyOf(fields.status.statusCategory?.key) } : null,
      assignee: fields?.assignee ? { accountId: fields.assignee.accountId, displayName: fields.assignee.displayName ?? '' } : null,
    },
  };
}
