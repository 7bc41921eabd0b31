import { workTypeOfIssueTypeName } from '../incident/work-type';
import { computeMetrics, type DefinedMilestone, definedMilestones, milestonesOf, type PostmortemMetrics } from './metrics';
import { nonBlank, oneLine } from './plain-text';
import type { DocumentStatus, PersonRef, PostmortemSource, StatusCategoryKey } from './postmortem-source';
import type { ActionItem, PostmortemSection, ProblemReference, SectionInput } from './section-content';
import { communicationSection } from './sections/communication';
import { correctiveActionsSection } from './sections/corrective-actions';
import { detectionSection } from './sections/detection';
import { faultSection } from './sections/fault';
import { fiveWhysSection } from './sections/five-whys';
import { impactFacts, impactSection } from './sections/impact';
import { keyMomentsSection } from './sections/key-moments';
import { leadupSection } from './sections/leadup';
import { lessonsLearnedSection } from './sections/lessons-learned';
import { metricsSection } from './sections/metrics-section';
import { recoverySection } from './sections/recovery';
import { type Responder, responders, responseSection } from './sections/response';
import { rootCauseAnalysisSection, rootCauseSection } from './sections/root-cause';
import { summarySection } from './sections/summary';
import { timelineSection } from './sections/timeline-section';
import { curatedTimeline, type TimelineEntry, type TimelineFolding } from './timeline';
import { formatInZone, toUtcIso, usableTimeZone } from './time';

export { DOCUMENT_STATUSES, type DocumentStatus } from './postmortem-source';

export interface PostmortemHeader {
  key: string;
  title: string;
  url: string;
  priority: string | null;
  status: { name: string; categoryKey: StatusCategoryKey };
  owner: string | null;
  reporter: string | null;
  createdAt: string;
  resolvedAt: string | null;
  generatedAt: string;
  authors: string[];
  /** What the authors set (see PostmortemSource.documentStatus); never derived from Jira. */
  documentStatus: DocumentStatus;
}

/**
 * The postmortem as data: what the macro previews, what `--format model` prints, and what the
 * ADF renderer turns into a page. Times are ISO-8601 UTC.
 */
export interface PostmortemModel {
  incident: { key: string; summary: string; priority: string | null; status: string; url: string };
  header: PostmortemHeader;
  /** The key moments that happened, in time order, each with its definition (incident-metrics.ts). */
  milestones: DefinedMilestone[];
  metrics: PostmortemMetrics;
  /** People who acted on the incident, in the order they first acted. */
  responders: Responder[];
  impact: { affectedUsers: number | null; durationMinutes: number | null; slaTargetMinutes: number | null; slaMet: boolean | null };
  timeline: TimelineEntry[];
  /** Counts of what the curated timeline folded or left out. */
  timelineFolding: TimelineFolding;
  actionItems: ActionItem[];
  problem: ProblemReference | null;
  sections: PostmortemSection[];
  siteTimeZone: string;
}

export function issueUrlFor(siteUrl: string): (key: string) => string {
  const base = siteUrl.replace(/\/+$/, '');
  return (key) => `${base}/browse/${encodeURIComponent(key)}`;
}

/** Confluence refuses a page title longer than this (counted in UTF-16 units, as Java strings are). */
export const CONFLUENCE_TITLE_LIMIT = 255;

/**
 * "Postmortem KEY: summary". A Jira summary may be 255 characters itself, so a long one is cut
 * (at a code point, marked with an ellipsis) to keep the title within Confluence's limit; the key
 * always stays whole, since it is what people search for.
 */
export function postmortemTitle(source: Pick<PostmortemSource, 'incident'>): string {
  const prefix = `Postmortem ${source.incident.key}`;
  const summary = oneLine(source.incident.summary);
  if (summary.length === 0) return prefix;
  const full = `${prefix}: ${summary}`;
  if (full.length <= CONFLUENCE_TITLE_LIMIT) return full;
  const room = CONFLUENCE_TITLE_LIMIT - `${prefix}: …`.length;
  let cut = '';
  for (const codePoint of summary) {
    if (cut.length + codePoint.length > room) break;
    cut += codePoint;
  }
  return `${prefix}: ${cut.trimEnd()}…`;
}

export function buildPostmortem(source: PostmortemSource): PostmortemModel {
  const issueUrl = issueUrlFor(source.siteUrl);
  const metrics = computeMetrics(source);
  const milestones = milestonesOf(source);
  const { entries: timeline, folding: timelineFolding } = curatedTimeline(source);
  const problem = findProblem(source, issueUrl);
  const actionItems = findActionItems(source, issueUrl, problem);
  const input: SectionInput = { source, metrics, milestones, timeline, timelineFolding, problem, actionItems, issueUrl };
  const { incident } = source;
  const facts = impactFacts(input);

  const sections: PostmortemSection[] = [
    keyMomentsSection(input),
    metricsSection(input),
    summarySection(input),
    leadupSection(input),
    faultSection(input),
    impactSection(input),
    detectionSection(input),
    responseSection(input),
    ...(input.source.communication ? [communicationSection(input)] : []),
    recoverySection(input),
    timelineSection(input),
    fiveWhysSection(input),
    rootCauseSection(input),
    rootCauseAnalysisSection(input),
    correctiveActionsSection(input),
    lessonsLearnedSection(input),
  ];

  const owner = displayName(incident.assignee);
  const authors = [owner, displayName(source.generatedBy ?? null)].filter(
    (name, index, all): name is string => name !== null && all.indexOf(name) === index,
  );
  return {
    incident: {
      key: incident.key,
      summary: oneLine(incident.summary),
      priority: incident.priority?.name ?? null,
      status: incident.status.name,
      url: issueUrl(incident.key),
    },
    header: {
      key: incident.key,
      title: postmortemTitle(source),
      url: issueUrl(incident.key),
      priority: incident.priority?.name ?? null,
      status: { name: incident.status.name, categoryKey: incident.status.categoryKey },
      owner,
      reporter: displayName(incident.reporter),
      createdAt: metrics.createdAt,
      resolvedAt: metrics.resolvedAt,
      generatedAt: toUtcIso(source.generatedAt) ?? source.generatedAt,
      authors,
      documentStatus: source.documentStatus ?? 'Draft',
    },
    milestones: definedMilestones(milestones),
    metrics,
    responders: responders(input),
    impact: {
      affectedUsers: incident.affectedUsers,
      durationMinutes: facts.durationMinutes,
      slaTargetMinutes: source.slaTargetMinutes ?? null,
      slaMet: facts.slaMet,
    },
    timeline,
    timelineFolding,
    actionItems,
    problem,
    sections,
    siteTimeZone: usableTimeZone(source.siteTimeZone),
  };
}

/** The linked Problem: an issue of the Problem type, preferring a "caused by" link when there are several. */
function findProblem(source: PostmortemSource, issueUrl: (key: string) => string): ProblemReference | null {
  const problems = source.links.filter(
    (link) => link.issue.issueTypeName !== null && workTypeOfIssueTypeName(link.issue.issueTypeName) === 'problem',
  );
  const chosen = problems.find((link) => /caused/i.test(link.relation)) ?? problems[0];
  if (!chosen) return null;
  return {
    key: chosen.issue.key,
    summary: nonBlank(chosen.issue.summary),
    status: chosen.issue.status?.name ?? null,
    url: issueUrl(chosen.issue.key),
  };
}

/**
 * Follow-up work: every linked issue that is neither the Problem nor another incident. Missing issues stay listed so nobody loses track of
 * them.
 */
function findActionItems(source: PostmortemSource, issueUrl: (key: string) => string, problem: ProblemReference | null): ActionItem[] {
  const today = calendarDateIn(source.generatedAt, usableTimeZone(source.siteTimeZone));
  const seen = new Set<string>();
  const items: ActionItem[] = [];
  for (const link of source.links) {
    const { issue } = link;
    if (problem && issue.key === problem.key) continue;
    if (issue.issueTypeName !== null && workTypeOfIssueTypeName(issue.issueTypeName) === 'incident') continue;
    if (seen.has(issue.key)) continue;
    seen.add(issue.key);
    items.push({
      key: issue.key,
      summary: nonBlank(issue.summary) === null ? null : oneLine(issue.summary ?? ''),
      status: issue.status?.name ?? null,
      statusCategoryKey: issue.status?.categoryKey ?? null,
      owner: displayName(issue.assignee),
      dueDate: issue.dueDate ?? null,
      overdue: isOverdue(issue.dueDate ?? null, issue.status?.categoryKey ?? null, today),
      relation: oneLine(link.relation) || oneLine(link.linkTypeName),
      url: issueUrl(issue.key),
    });
  }
  return items;
}

/**
 * Jira's due date is a calendar date without a zone; it is overdue once the site's calendar (at
 * generation time) has moved past it, unless the work is done. An unknown status is not done.
 */
export function isOverdue(dueDate: string | null, statusCategoryKey: StatusCategoryKey | null, today: string | null): boolean {
  if (dueDate === null || today === null || statusCategoryKey === 'done') return false;
  return dueDate < today;
}

/** `YYYY-MM-DD` of an instant in a zone, or null when the instant does not parse. */
function calendarDateIn(iso: string, timeZone: string): string | null {
  const formatted = formatInZone(iso, timeZone);
  return /^\d{4}-\d{2}-\d{2} /.test(formatted) ? formatted.slice(0, 10) : null;
}

function displayName(person: PersonRef | null): string | null {
  return person ? nonBlank(oneLine(person.displayName)) : null;
}
