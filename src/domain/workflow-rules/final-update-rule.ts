import type { PriorityLevel } from '../priority/priority-level';
import type { UpdateState } from '../communication/stakeholder-update';
import { REMINDED_LEVELS } from '../communication/cadence';

export interface FinalUpdateInput {
  readonly issueKey: string;
  /** The incident's level (P1…P5), null when not prioritized. */
  readonly level: PriorityLevel | null;
  /** The state of the incident's latest stakeholder update, null when none was posted. */
  readonly latestUpdateState: UpdateState | null;
}

/**
 * Closure of a P1/P2 needs a final Resolved stakeholder update (setting `requireResolvedUpdate`,
 * on by default): the people told about an outage must be told it is over. Returns the problem
 * the closure validator adds to its message, or null.
 */
export function finalUpdateProblem(input: FinalUpdateInput, required: boolean): string | null {
  if (!required || input.level === null || !REMINDED_LEVELS.includes(input.level)) return null;
  if (input.latestUpdateState === 'Resolved') return null;
  const latest =
    input.latestUpdateState === null ? 'no stakeholder update was posted' : `the latest stakeholder update is "${input.latestUpdateState}"`;
  return (
    `A ${input.level} incident needs a final Resolved stakeholder update before it is closed (${latest}): post one from ` +
    `${input.issueKey}'s incident panel.`
  );
}
