import type { Incident } from '../incident/incident';
import { siteTime } from './message-time';
import type { ResolutionSettings } from './rule-settings';
import { ALLOWED, type RuleVerdict, type StatusRef, denied, epochMs, hasText, isIncident, listOf, priorityAtOrAbove } from './rule-verdict';

/** Jira's datetime picker has minute precision and clocks drift: a restore time this far ahead still counts as now. */
export const RESTORED_AT_TOLERANCE_MS = 5 * 60 * 1000;

export interface ResolutionReadyInput {
  /** The stored incident with the transition screen's edits applied; its status is the one being left. */
  readonly incident: Incident;
  readonly to: StatusRef;
  /** True when an issue of a Problem type is linked to the incident (either direction). */
  readonly hasLinkedProblem: boolean;
  /** The time of the validation (ISO-8601); the rule reads no clock. */
  readonly now: string;
  /** The site's default IANA time zone, for times in the message. */
  readonly siteTimeZone: string;
}

/**
 * Resolution ready: moving from an unfinished status into a Done-category status needs a
 * Resolution summary and a Service restored time that is not in the future; incidents at or above
 * the configured priority (P1/P2 by default) also need a Root cause or a linked Problem.
 * Moving between two Done statuses (Resolved → Closed) is not resolving again.
 */
export function checkResolutionReady(
  input: ResolutionReadyInput,
  settings: ResolutionSettings,
  priorityOrder: readonly string[],
): RuleVerdict {
  const { incident, to } = input;
  if (!isIncident(incident) || !settings.enabled) return ALLOWED;
  if (to.categoryKey !== 'done' || incident.status.categoryKey === 'done') return ALLOWED;

  const missing = [
    ...(hasText(incident.resolutionSummary) ? [] : ['Resolution summary']),
    ...(incident.serviceRestoredAt === null ? ['Service restored'] : []),
  ];
  if (missing.length > 0)
    return denied(`Resolving needs ${listOf(missing)}: set ${missing.length === 1 ? 'it' : 'them'} before moving to "${to.name}".`);

  if (epochMs(incident.serviceRestoredAt!) > epochMs(input.now) + RESTORED_AT_TOLERANCE_MS) {
    return denied(
      `Service restored (${siteTime(incident.serviceRestoredAt!, input.siteTimeZone)}) is in the future: set the time service ` +
        `actually came back.`,
    );
  }

  const threshold = settings.rootCauseAtOrAbove;
  const priorityName = incident.priority?.name ?? null;
  if (
    threshold !== null &&
    priorityAtOrAbove(priorityName, threshold, priorityOrder) &&
    !hasText(incident.rootCause) &&
    !input.hasLinkedProblem
  ) {
    return denied(
      `A ${priorityName} priority incident needs a Root cause or a linked ${listOf(settings.problemIssueTypeNames, 'or')} before it ` +
        `is resolved.`,
    );
  }
  return ALLOWED;
}
