import type { Incident } from '../incident/incident';
import type { EscalationSettings } from './rule-settings';
import { ALLOWED, type RuleVerdict, type StatusRef, denied, hasText, isIncident, listOf, quotedList, sameName, statusNamed } from './rule-verdict';

export interface EscalationReadyInput {
  /** The stored incident with the transition screen's edits applied: its tier is the target tier. */
  readonly incident: Incident;
  readonly to: StatusRef;
  /** The tier when the incident entered its current status (see `tierBeforeTransition`). */
  readonly tierBefore: string | null;
  /** Why a tier is skipped, if someone said so; blank counts as no reason. */
  readonly tierSkipReason: string | null;
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
  if (missing.length > 0) return denied(`Escalation needs ${listOf(missing)}: set ${missing.length === 1 ? 'it' : 'them'} before moving to "${to.name}".`);

  const target = incident.escalationTier!.trim();
  const targetIndex = tierIndex(settings.tiers, target);
  if (targetIndex === -1) return denied(`Escalation tier "${target}" is not one of ${quotedList(settings.tiers)}.`);

  const before = input.tierBefore === null ? -1 : tierIndex(settings.tiers, input.tierBefore);
  const baseline = Math.max(0, before);
  if (targetIndex - baseline <= 1 || hasText(input.tierSkipReason)) return ALLOWED;
  const from = settings.tiers[baseline]!;
  const next = settings.tiers[baseline + 1]!;
  return denied(
    `Escalation goes up one tier at a time: from "${from}" the next is "${next}", not "${settings.tiers[targetIndex]}". ` +
      'To skip a tier, give the reason in a comment on the transition screen.',
  );
}
