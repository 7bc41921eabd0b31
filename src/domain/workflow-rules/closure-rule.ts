import type { Incident } from '../incident/incident';
import { siteTime } from './message-time';
import type { ClosureSettings } from './rule-settings';
import {
  ALLOWED,
  type RuleVerdict,
  type StatusRef,
  denied,
  epochMs,
  isIncident,
  priorityAtOrAbove,
  quotedList,
  sameName,
  statusNamed,
} from './rule-verdict';

/** The postmortem macro links its page to the incident with a remote link of this global id. */
export const POSTMORTEM_GLOBAL_ID_PREFIX = 'postmortem-page=';

/** The Confluence page id in a postmortem remote link's globalId, or null for other links. */
export function postmortemPageIdOf(globalId: string | null | undefined): string | null {
  if (typeof globalId !== 'string' || !globalId.startsWith(POSTMORTEM_GLOBAL_ID_PREFIX)) return null;
  const pageId = globalId.slice(POSTMORTEM_GLOBAL_ID_PREFIX.length).trim();
  return pageId === '' ? null : pageId;
}

/** Shared by the function rule and the generated Jira expression validator, so both say the same. */
export function closerNotInGroupMessage(settings: Pick<ClosureSettings, 'serviceDeskGroups'>): string {
  return `Only members of ${quotedList(settings.serviceDeskGroups)} can close incidents.`;
}

export interface IncidentComment {
  readonly authorAccountId: string | null;
  readonly created: string;
  /** Plain text of the comment body. */
  readonly text: string;
}

export interface ClosureInput {
  readonly incident: Incident;
  readonly to: StatusRef;
  /** Who is closing and their groups; null when Jira did not say who is acting. */
  readonly closer: { readonly accountId: string; readonly groups: readonly string[] } | null;
  /** When the incident was resolved: where its SLA clock stopped (`slaStopOfIncident`); null if it has not. */
  readonly resolvedAt: string | null;
  /** The site's default IANA time zone, for times in the message. */
  readonly siteTimeZone: string;
  readonly comments: readonly IncidentComment[];
  /** Page ids of the postmortem links on the incident (anyone with Link issues permission can add one). */
  readonly postmortemPageIds: readonly string[];
  /** The page the postmortem macro created for the incident, from the app's own storage; null if none. */
  readonly recordedPostmortemPageId: string | null;
  /**
   * The incident's action items (linked issues that are neither incidents nor Problems), read only
   * when `requireActionItemOwners` is on; absent counts as none.
   */
  readonly actionItems?: readonly ClosureActionItem[];
}

export interface ClosureActionItem {
  readonly key: string;
  readonly ownerAccountId: string | null;
  /** `YYYY-MM-DD`, or null when no due date is set. */
  readonly dueDate: string | null;
}

/**
 * P1 and P2 are the two most urgent priorities of the site's order (Highest and High by default),
 * whatever the site calls them.
 */
export function isP1OrP2(priorityName: string | null, priorityOrder: readonly string[]): boolean {
  return priorityName !== null && priorityOrder.slice(0, 2).some((name) => sameName(name, priorityName));
}

/** Every action item of a P1/P2 incident has an owner (assignee) and a due date, when the setting asks for it. */
function actionItemOwnersProblem(
  incident: Incident,
  input: ClosureInput,
  settings: ClosureSettings,
  priorityOrder: readonly string[],
): string | null {
  if (!settings.requireActionItemOwners || !isP1OrP2(incident.priority?.name ?? null, priorityOrder)) return null;
  const lacking = (input.actionItems ?? []).flatMap((item) => {
    const missing = [item.ownerAccountId === null ? 'an owner' : null, item.dueDate === null ? 'a due date' : null].filter(
      (what): what is string => what !== null,
    );
    return missing.length === 0 ? [] : [`${item.key} needs ${missing.join(' and ')}`];
  });
  if (lacking.length === 0) return null;
  return (
    `Every action item of a ${incident.priority?.name ?? ''} priority incident needs an owner (assignee) and a due date before the ` +
    `incident is closed: ${lacking.join('; ')}.`
  );
}

/**
 * The reporter confirms the fix with a comment written after the incident was resolved (and, when
 * phrases are configured, containing one). A comment is chosen over a field because reporters can
 * always comment (also from the customer portal) while editing fields needs Edit permission, and
 * the comment's author and time are recorded by Jira, not typed in.
 */
export function reporterConfirmed(
  incident: Incident,
  resolvedAt: string,
  comments: readonly IncidentComment[],
  phrases: readonly string[],
): boolean {
  const reporterId = incident.reporter?.accountId;
  if (reporterId === undefined) return false;
  const resolvedMs = epochMs(resolvedAt);
  return comments.some(
    (comment) =>
      comment.authorAccountId === reporterId &&
      epochMs(comment.created) > resolvedMs &&
      (phrases.length === 0 || phrases.some((phrase) => comment.text.toLowerCase().includes(phrase.trim().toLowerCase()))),
  );
}

function confirmationProblem(incident: Incident, input: ClosureInput, settings: ClosureSettings): string | null {
  if (incident.reporter === null) return "Closing needs the reporter's confirmation, but the incident has no Reporter.";
  if (reporterConfirmed(incident, input.resolvedAt!, input.comments, settings.confirmationPhrases)) return null;
  const phrase = settings.confirmationPhrases.length === 0 ? '' : ` containing ${quotedList(settings.confirmationPhrases)}`;
  return (
    `Closing needs confirmation from the reporter, ${incident.reporter.displayName}: a comment by them after the incident was ` +
    `resolved (${siteTime(input.resolvedAt!, input.siteTimeZone)})${phrase}.`
  );
}

/**
 * Only the page the app itself recorded for the incident counts, and only while the issue links
 * to it: a remote link with the right globalId prefix can be added by anyone who may link issues,
 * so a link alone proves nothing.
 */
function postmortemProblem(
  incident: Incident,
  input: ClosureInput,
  settings: ClosureSettings,
  priorityOrder: readonly string[],
): string | null {
  const threshold = settings.postmortemAtOrAbove;
  const priorityName = incident.priority?.name ?? null;
  if (threshold === null || !priorityAtOrAbove(priorityName, threshold, priorityOrder)) return null;
  const recorded = input.recordedPostmortemPageId;
  if (recorded !== null && input.postmortemPageIds.includes(recorded)) return null;
  const needs = `A ${priorityName} priority incident needs a linked postmortem page before it is closed`;
  if (recorded !== null)
    return (
      `${needs}: the postmortem page made for ${incident.key} is no longer linked from it; click "Refresh from Jira" in the ` +
      `Incident postmortem macro to link it again.`
    );
  if (input.postmortemPageIds.length > 0)
    return (
      `${needs}: the postmortem link on ${incident.key} names a page the Incident postmortem macro did not create; create the ` +
      `postmortem with the macro on a Confluence page.`
    );
  return `${needs}: add the Incident postmortem macro to a Confluence page for ${incident.key}.`;
}

/**
 * Closure: moving into a closed status is for service-desk group members only, needs the
 * reporter's confirmation after resolution, at or above the configured priority a linked
 * postmortem page and, when the setting is on, an owner and a due date on every P1/P2 action item. Who may close is checked first; the
 * other problems are reported together.
 */
export function checkClosure(input: ClosureInput, settings: ClosureSettings, priorityOrder: readonly string[]): RuleVerdict {
  const { incident, to } = input;
  if (!isIncident(incident) || !settings.enabled || !statusNamed(to, settings.closedStatusNames)) return ALLOWED;

  if (input.closer === null) {
    return denied(
      `Jira did not say who is closing this incident, so membership of ${quotedList(settings.serviceDeskGroups)} cannot be checked. ` +
        `Try again, or ask an admin.`,
    );
  }
  const member = input.closer.groups.some((group) => settings.serviceDeskGroups.some((allowed) => sameName(allowed, group)));
  if (!member) return denied(closerNotInGroupMessage(settings));

  if (input.resolvedAt === null) return denied(`${incident.key} has not been resolved yet: resolve it before closing.`);
  const problems = [
    confirmationProblem(incident, input, settings),
    postmortemProblem(incident, input, settings, priorityOrder),
    actionItemOwnersProblem(incident, input, settings, priorityOrder),
  ].filter((problem): problem is string => problem !== null);
  return problems.length === 0 ? ALLOWED : denied(problems.join(' '));
}
