import type { StakeholderUpdateFact } from '../communication/update-facts';
import type { Incident } from '../incident/incident';

/**
 * What the postmortem is built from, as plain data. The use case maps Jira responses into these
 * shapes, so the domain never depends on adapter schemas. Every timestamp is an ISO-8601 string
 * as Jira sends it (`2026-11-26T10:15:00.000+0000` is accepted).
 */
export type StatusCategoryKey = 'new' | 'indeterminate' | 'done' | 'undefined';

/**
 * The postmortem document's review state, set by its authors (from the macro) and stored on the
 * page as a Confluence content property; the app never derives it from Jira.
 */
export const DOCUMENT_STATUSES = ['Draft', 'In review', 'Published'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export interface PersonRef {
  accountId: string;
  displayName: string;
  /** Jira's `accountType`: `atlassian` for people, `app` for apps (this one included), `customer` for service-desk customers. */
  accountType?: string;
}

/** Apps (this one, automation, integrations) act on incidents but are not responders. */
export function isAppAccount(person: PersonRef | null | undefined): boolean {
  return person?.accountType === 'app';
}

/** One item of a changelog history entry (`GET /rest/api/3/issue/{key}/changelog` → `values[].items[]`). */
export interface ChangelogItem {
  /** Field name as Jira shows it; for deleted custom fields this may be a bare id or an old name. */
  field: string;
  fieldId?: string | null;
  fieldtype?: string | null;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangelogEntry {
  id: string;
  created: string;
  /** Null for automation and for entries whose author Jira no longer returns. */
  author: PersonRef | null;
  items: ChangelogItem[];
}

export interface CommentSummary {
  id: string;
  created: string;
  author: PersonRef | null;
  /** Plain text of the comment body (ADF flattened by the adapter); never interpreted as markup. */
  body: string;
}

export interface LinkedIssueSummary {
  key: string;
  /** Null when the linked issue is missing or the user may not read it. */
  summary: string | null;
  issueTypeName: string | null;
  status: { name: string; categoryKey: StatusCategoryKey } | null;
  assignee: PersonRef | null;
  /** Jira's `duedate` (`YYYY-MM-DD`), when set. */
  dueDate?: string | null;
}

export interface IssueLinkSummary {
  id: string;
  /** The phrase read from the incident's side, e.g. "is caused by" or "relates to". */
  relation: string;
  linkTypeName: string;
  issue: LinkedIssueSummary;
}

export interface StatusSummary {
  id: string;
  name: string;
  categoryKey: StatusCategoryKey;
}

export interface PostmortemSource {
  incident: Incident;
  changelog: ChangelogEntry[];
  /** Only comments every reader of the incident may read; restricted ones are counted below instead. */
  comments: CommentSummary[];
  /** Comments left out because Jira restricts them (group/role visibility, service-desk internal). */
  restrictedCommentsOmitted?: number;
  /** Only links to issues the person generating the page may browse. */
  links: IssueLinkSummary[];
  statuses: StatusSummary[];
  /** IANA zone of the Jira site (`GET /rest/api/3/myself` → timeZone or server info); unknown zones fall back to UTC. */
  siteTimeZone: string;
  /** Base URL of the Jira site, used for links back to issues, e.g. `https://acme.atlassian.net`. */
  siteUrl: string;
  /** When the postmortem is generated; ongoing durations end here. */
  generatedAt: string;
  /** The person generating the document, listed among its authors. */
  generatedBy?: PersonRef | null;
  /** Resolution target for the incident's priority in minutes, when the priority settings define one. */
  slaTargetMinutes?: number | null;
  /** Stakeholder updates posted with the app, oldest first, and the priority's cadence target; absent when none were posted. */
  communication?: { updates: StakeholderUpdateFact[]; cadenceTargetMinutes: number | null };
  /** The status the authors set on the postmortem page; absent (Draft) before anyone set one. */
  documentStatus?: DocumentStatus | null;
}
