import { reprioritizeOnIssueEvent } from '../../usecases/priority/reprioritize-on-issue-event';
import { productionPriorityDeps } from '../../usecases/priority/priority-deps';

/**
 * manifest: trigger `incident-issue-events` (created / updated / deleted / commented, `ignoreSelf`)
 * → `index.issueEventTrigger`. Priority part: recompute and re-rank the incident. A trigger has
 * no user to answer, so failures are logged rather than thrown; the ranking index's age bound
 * repairs an update that was lost this way.
 */
export async function issueEventTrigger(event: unknown): Promise<void> {
  try {
    const outcome = await reprioritizeOnIssueEvent(productionPriorityDeps(), event);
    if (outcome.action === 'written') console.info(`priority: set ${outcome.jiraPriorityName}: ${outcome.summary}`);
  } catch (error) {
    console.error('priority: issue event failed', error);
  }
}
