import type { Incident } from '../incident/incident';
import type { EscalationSettings } from './rule-settings';
import {
  ALLOWED,
  type RuleVerdict,
  type StatusRef,
  denied,
  epochMs,
  hasText,
  isIncident,
  listOf,
  quotedList,
  sameName,
  statusNamed,
} from './rule-verdict';

/**
 * How to give the reason for skipping a tier without a transition screen (the Incident workflow's
 * transitions have none): a comment on the incident that starts with this, written after it
 * entered its current status, so the reason for an earlier escalation does not carry over.
 */
export const TIER_SKIP_COMMENT_PREFIX = 'Tier skip:';

/** The reason in the latest "Tier skip: …" comment written at or after `since`; null if none has text after the prefix. */
export function tierSkipReasonFromComments(comments: readonly { created: string; text: string }[], since: string): string | null {
  const sinceMs = epochMs(since);
  const prefix = TIER_SKIP_COMMENT_PREFIX.toLowerCase();
  const reasons = comments
    .filter((comment) => epochMs(comment.created) >= sinceMs && comment.text.trim().toLowerCase().startsWith(prefix))
    .sort((a, b) => epochMs(a.created) - epochMs(b.created))
    .map((comment) => comment.text.trim().slice(TIER_SKIP_COMMENT_PREFIX.length).trim())
    .filter((reason) => reason !== '');
  return reasons[reasons.length - 1] ?? null;
}

export interface EscalationReadyInput {
  /** The stored incident with the transition screen's edits applied: its tier is the target tier. */
  readonly incident: Incident;
  readonly to: StatusRef;
  /** The tier when the incident entered its current status (see `tierBeforeTransition`). */
  readonly tierBefore: string | null;
  /** Why a tier is skipped, if someone said so; blank counts as no reason. */
  readonly tierSkipReason: string | null;
  /** True when the site has a reason field configured (`tierSkipReasonFieldId`), so the message can offer it. */
  readonly reasonFieldConfigured?: boolean;
}

function tierIndex(tiers: readonly string[], tier: string): number {
  return tiers.findIndex((name) => sameName(name, tier));
}

/**
 * Escalation ready: moving into an escalation status needs an Initial diagnosis and a target
 * Escalation tier, and the tier rises at most one step from the tier before the transition
 * unless a reason is given. An incident without a tier counts as being at the first tier;
 * staying at a tier or going down is not a skip.
 */
export function checkEscalationReady(input: EscalationReadyInput, settings: EscalationSettings): RuleVerdict {
  const { incident, to } = input;
  if (!isIncident(incident) || !settings.enabled || !statusNamed(to, settings.escalationStatusNames)) return ALLOWED;

  const missing = [
    ...(hasText(incident.initialDiagnosis) ? [] : ['Initial diagnosis']),
    ...(hasText(incident.escalationTier) ? [] : ['Escalation tier']),
  ];
  if (missing.length > 0)
    return denied(`Escalation needs ${listOf(missing)}: set ${missing.length === 1 ? 'it' : 'them'} before moving to "${to.name}".`);

  const target = incident.escalationTier!.trim();
  const targetIndex = tierIndex(settings.tiers, target);
  if (targetIndex === -1) return denied(`Escalation tier "${target}" is not one of ${quotedList(settings.tiers)}.`);

  const before = input.tierBefore === null ? -1 : tierIndex(settings.tiers, input.tierBefore);
  const baseline = Math.max(0, before);
  if (targetIndex - baseline <= 1 || hasText(input.tierSkipReason)) return ALLOWED;
  const from = settings.tiers[baseline]!;
  const next = settings.tiers[baseline + 1]!;
  const field = input.reasonFieldConfigured ? ", or put it in the incident's tier-skip reason field" : '';
  return denied(
    `Escalation goes up one tier at a time: from "${from}" the next is "${next}", not "${settings.tiers[targetIndex]}". ` +
      `To skip a tier, first add a comment to the incident that starts with "${TIER_SKIP_COMMENT_PREFIX}" followed by the ` +
      `reason${field}, then escalate again ` +
      '(a comment on the transition screen, where the workflow has one, counts too).',
  );
}

/** True when moving to `to` would raise the tier by more than one step (reason or not); the rule's own arithmetic. */
export function isTierSkip(input: Pick<EscalationReadyInput, 'incident' | 'to' | 'tierBefore'>, settings: EscalationSettings): boolean {
  const tier = input.incident.escalationTier?.trim();
  if (!isIncident(input.incident) || !settings.enabled || !statusNamed(input.to, settings.escalationStatusNames) || !tier) return false;
  const targetIndex = tierIndex(settings.tiers, tier);
  if (targetIndex === -1) return false;
  const before = input.tierBefore === null ? -1 : tierIndex(settings.tiers, input.tierBefore);
  return targetIndex - Math.max(0, before) > 1;
}
