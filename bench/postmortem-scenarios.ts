/**
 * Postmortem generation scenarios: filled in once the postmortem use case exists (src/usecases/*postmortem*).
 */
import type { Scenario } from './scenarios';

export function postmortemScenarios(_sizes: readonly number[]): Scenario[] {
  return [];
}
