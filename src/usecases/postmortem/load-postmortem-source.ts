import { POSTMORTEM_ISSUE_PROPERTIES, postmortemCommunication } from '../communicate/postmortem-communication';
import { z } from 'zod';
import { adfToPlainText } from '../../adapters/jira/adf-text';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { incidentFromJiraIssue, incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import type { JiraChangelog, JiraComment, JiraIssue, JiraServerInfo, JiraStatus, JiraUser } from '../../adapters/jira/jira-schemas';
import type { Incident } from '../../domain/incident/incident';
import type {
  ChangelogEntry,
  CommentSummary,
  IssueLinkSummary,
  PersonRef,
  PostmortemSource,
  StatusCategoryKey,
  StatusSummary,
} from '../../domain/postmortem/postmortem-source';
import { incidentSla } from '../../domain/priority/sla-for-incident';
import { PrioritySettingsStore, type LoadedPrioritySettings } from '../priority/priority-settings-store';
import { UseCaseRefusal } from '../use-case-refusal';
import type { PostmortemDeps } from './postmortem-deps';

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

const LINKED_ISSUE_FIELDS = ['summary', 'status', 'issuetype', 'assignee', 'duedate'] as const;
const LinkedIssueFields = z.object({
  summary: z.string().optional(),
  status: z.object({ name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }).optional(),
  issuetype: z.object({ name: z.string() }).optional(),
  assignee: z.object({ accountId: z.string(), displayName: z.string().optional() }).nullish(),
  duedate: z.string().nullish(),
});

/**
 * Reads everything a postmortem is built from, as the user: the issue (with its links), the whole
 * changelog and all comments, the site's statuses, the linked issues, and the user's profile.
 * Round trips: storage (field ids, priority settings) with the reads that need nothing from it
 * (statuses, profile, serverInfo); then the issue with the first changelog and comment pages; then
 * the other pages at once (their totals are on the first pages) with the linked issues.
 * @throws UseCaseRefusal NOT_INCIDENT for issues that are not incidents; ProductApiError otherwise.
 */
export async function loadPostmortemSource(
  deps: PostmortemDeps,
  issueKey: string,
): Promise<{ source: PostmortemSource; issue: JiraIssue }> {
  const now = deps.now();
  // Field ids are site configuration, read as the app so every reader gets the same map.
  const fieldMapRead = started(loadIncidentFieldMap(deps.appJira, deps.storage));
  const prioritySettingsRead = started(new PrioritySettingsStore(deps.storage, async () => undefined).load());
  // serverInfo is site configuration (read as the app) and answers both the address and the zone.
  let serverInfo: Promise<JiraServerInfo> | undefined;
  const readServerInfo = () => (serverInfo ??= deps.appJira.getServerInfo());
  const statusesRead = started(deps.userJira.getStatuses());
  const myselfRead = started(deps.userJira.getMyself());
  const siteUrlRead = started(siteUrlFor(deps, readServerInfo));
  const siteTimeZoneRead = started(siteTimeZoneFor(readServerInfo));

  const fieldMap = await fieldMapRead;
  // The issue says whether the user may browse it (NOT_FOUND) and whether it is an incident; only
  // the first changelog and comment pages go with it, the other pages wait for its answer.
  const checked = started(
    deps.userJira
      .getIssue(issueKey, { fields: [...incidentIssueFieldIds(fieldMap), 'issuelinks'], properties: POSTMORTEM_ISSUE_PROPERTIES })
      .then((issue) => {
        const incident = incidentFromJiraIssue(issue, fieldMap);
        if (incident.workType !== 'incident') {
          throw new UseCaseRefusal(
            'NOT_INCIDENT',
            `${incident.key} is a ${incident.issueTypeName}, not an Incident: postmortems are written for incidents.`,
          );
        }
        return { issue, incident };
      }),
  );
  const changelogRead = started(deps.userJira.getChangelogAll(issueKey, { restAfter: checked }));
  const commentsRead = started(deps.userJira.getCommentsAll(issueKey, { restAfter: checked }));
  const { issue, incident } = await checked;
  const links = IssueLinkField.safeParse(issue.fields.issuelinks ?? []);
  const linkRefs = links.success ? links.data : [];
  const linkedKeys = linkRefs.map((link) => (link.inwardIssue ?? link.outwardIssue)?.key).filter((key): key is string => key !== undefined);

  const [changelog, comments, statuses, myself, linkedIssues, slaTargetMinutes, siteUrl, siteTimeZone, communication] = await Promise.all([
    changelogRead,
    commentsRead,
    statusesRead,
    myselfRead,
    deps.userJira.getIssues(linkedKeys, { fields: LINKED_ISSUE_FIELDS }),
    slaTargetFor(prioritySettingsRead, incident, now),
    siteUrlRead,
    siteTimeZoneRead,
    postmortemCommunication(deps.storage, issue, incident, prioritySettingsRead),
  ]);
  const linkedByKey = new Map(
    linkedIssues.filter((linked): linked is JiraIssue => linked !== undefined).map((linked) => [linked.key, linked]),
  );
  const browsable = await browsableKeys(deps, linkedByKey, changelog);

  // Restricted comments stay out of the page even when its creator may read them: the page's
  // readers are everyone in the Confluence space, not the comment's group, role or agents.
  const shareable = comments.filter(isShareableComment);
  const source: PostmortemSource = {
    incident,
    changelog: changelog.map((entry) => changelogEntryOf(entry, browsable)),
    comments: shareable.map(commentOf),
    restrictedCommentsOmitted: comments.length - shareable.length,
    // Only issues the creator may browse are named: Jira answers 404 for the others.
    links: linkRefs.flatMap((link) => {
      const ref = link.inwardIssue ?? link.outwardIssue;
      const linked = ref ? linkedByKey.get(ref.key) : undefined;
      if (!ref || !linked) return [];
      return [linkSummaryOf(link.id, link.inwardIssue ? link.type.inward : link.type.outward, link.type.name, ref, linked)];
    }),
    statuses: statuses.map(statusOf),
    // The site's default zone, not the reader's: every reader and every generation of the page
    // shows the same times (the validators' messages use the same zone).
    siteTimeZone,
    siteUrl,
    generatedAt: now,
    generatedBy: personOf(myself),
    slaTargetMinutes,
    ...communication,
  };
  return { source, issue };
}

/**
 * A read started before an earlier step it runs beside: marked handled, so when that step fails
 * first (the issue is not found) its failure is the one reported and this one is not left
 * unhandled. Awaiting the promise later still rejects as usual.
 */
export function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * A comment everyone who can read the incident may read: not restricted to a group or project
 * role (`visibility`) and not a service-desk internal note (`jsdPublic: false`, or the
 * `sd.public.comment` property `{ internal: true }` when properties are expanded).
 */
export function isShareableComment(comment: JiraComment): boolean {
  if (comment.visibility) return false;
  if (comment.jsdPublic === false) return false;
  return !(comment.properties ?? []).some(
    (property) => property.key === 'sd.public.comment' && InternalCommentProperty.safeParse(property.value).success,
  );
}

const InternalCommentProperty = z.object({ internal: z.literal(true) }).loose();

/**
 * The site's address for links people follow: the Forge context's `siteUrl`, else Jira's
 * `serverInfo` (`displayUrl` for a custom domain, else `baseUrl`), read as the app since it is
 * site configuration. Never derived from `self`, which names the API gateway through the proxy.
 * @throws UseCaseRefusal INTERNAL when neither gives an absolute http(s) address.
 */
export async function siteUrlFor(
  deps: Pick<PostmortemDeps, 'siteUrl' | 'appJira'>,
  readServerInfo: () => Promise<JiraServerInfo> = () => deps.appJira.getServerInfo(),
): Promise<string> {
  const fromContext = siteOrigin(deps.siteUrl);
  if (fromContext) return fromContext;
  const info = await readServerInfo();
  const fromServer = siteOrigin(info.displayUrl) ?? siteOrigin(info.baseUrl);
  if (fromServer) return fromServer;
  throw new UseCaseRefusal(
    'INTERNAL',
    `Jira did not name the site's address (serverInfo.baseUrl is ${JSON.stringify(info.baseUrl)}).`,
    'serverInfo.baseUrl',
  );
}

/**
 * The site's default time zone (Jira's General configuration), as `serverInfo.serverTimeZone`
 * exposes it to an app; the page's times are in this zone with UTC beside them. A page is no
 * reason to fail when it cannot be read: times are then given in UTC alone.
 */
async function siteTimeZoneFor(readServerInfo: () => Promise<JiraServerInfo>): Promise<string> {
  try {
    return (await readServerInfo()).serverTimeZone ?? 'UTC';
  } catch (error) {
    console.warn('postmortem: the site time zone could not be read, so times are given in UTC', error);
    return 'UTC';
  }
}

function siteOrigin(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-\d+$/;

/**
 * Issue keys the user may browse among the linked issues and those named by link changes in the
 * history (links removed since, or to issues the user cannot see). Jira keeps such changelog
 * entries for every reader, so the timeline leaves out the ones naming an issue hidden from them.
 */
async function browsableKeys(
  deps: PostmortemDeps,
  linkedByKey: ReadonlyMap<string, JiraIssue>,
  changelog: readonly JiraChangelog[],
): Promise<ReadonlySet<string>> {
  const named = new Set(
    changelog
      .flatMap((entry) => entry.items.filter(isLinkItem).flatMap((item) => [item.to, item.from]))
      .filter((key): key is string => typeof key === 'string' && ISSUE_KEY.test(key)),
  );
  const unread = [...named].filter((key) => !linkedByKey.has(key));
  const read = unread.length > 0 ? await deps.userJira.getIssues(unread, { fields: ['summary'] }) : [];
  return new Set([...linkedByKey.keys(), ...read.filter((found): found is JiraIssue => found !== undefined).map((found) => found.key)]);
}

function isLinkItem(item: JiraChangelog['items'][number]): boolean {
  return item.fieldId === 'issuelinks' || item.field.toLowerCase() === 'link';
}

/** The resolution target for the incident's priority from the priority settings; none when they cannot be read. */
async function slaTargetFor(
  prioritySettingsRead: Promise<LoadedPrioritySettings>,
  incident: Incident,
  now: string,
): Promise<number | null> {
  try {
    const { settings } = await prioritySettingsRead;
    return incidentSla(incident, settings, now).sla.targetMinutes;
  } catch (error) {
    console.warn('postmortem: no SLA target (priority settings unreadable)', error);
    return null;
  }
}

function personOf(user: JiraUser | undefined): PersonRef | null {
  if (!user) return null;
  return user.accountType
    ? { accountId: user.accountId, displayName: user.displayName ?? '', accountType: user.accountType }
    : { accountId: user.accountId, displayName: user.displayName ?? '' };
}

/** A changelog entry without link changes that name an issue the user may not browse. */
function changelogEntryOf(entry: JiraChangelog, browsable: ReadonlySet<string>): ChangelogEntry {
  const namesHiddenIssue = (item: JiraChangelog['items'][number]) =>
    isLinkItem(item) && ![item.to, item.from].some((key) => typeof key === 'string' && browsable.has(key));
  return {
    id: entry.id,
    created: entry.created,
    author: personOf(entry.author),
    items: entry.items
      .filter((item) => !namesHiddenIssue(item))
      .map((item) => ({
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
  return {
    id: comment.id,
    created: comment.created,
    author: personOf(comment.author),
    body: comment.body === undefined ? '' : adfToPlainText(comment.body),
  };
}

function categoryKeyOf(key: string | undefined): StatusCategoryKey {
  return key === 'new' || key === 'indeterminate' || key === 'done' ? key : 'undefined';
}

function statusOf(status: JiraStatus): StatusSummary {
  return { id: status.id, name: status.name, categoryKey: categoryKeyOf(status.statusCategory?.key) };
}

/** The linked issue as the user read it on its own; fields it lacks come from the link, else null. */
function linkSummaryOf(
  id: string,
  relation: string,
  linkTypeName: string,
  ref: z.infer<typeof LinkedIssueRef>,
  linked: JiraIssue | undefined,
): IssueLinkSummary {
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
      dueDate: fields && 'duedate' in fields ? (fields.duedate ?? null) : null,
    },
  };
}
