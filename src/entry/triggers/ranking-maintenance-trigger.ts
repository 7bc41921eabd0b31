import { maintainRankingIndex } from '../../usecases/priority/maintain-ranking-index';
import { productionPriorityDeps } from '../../usecases/priority/priority-deps';

/** A scheduled function has 55 s; stop starting new rebuild steps well before that. */
const RUN_BUDGET_MS = 40_000;

/**
 * manifest: scheduledTrigger `ranking-maintenance` (every five minutes) → `index.rankingMaintenanceTrigger`.
 * No user: everything runs as the app. A failed run is not retried by Forge; the next one resumes.
 */
export async function rankingMaintenanceTrigger(): Promise<void> {
  const startedAt = Date.now();
  try {
    const progress = await maintainRankingIndex(productionPriorityDeps(), () => Date.now() - startedAt < RUN_BUDGET_MS);
    // A finished rebuild also returns the new summary (kilobytes of bucket counts): the log gets its total only.
    if (progress.state !== 'idle')
      console.info(
        `ranking index: ${JSON.stringify(progress.state === 'done' ? { state: progress.state, total: progress.total } : progress)}`,
      );
  } catch (error) {
    console.error('ranking index maintenance failed', error);
  }
}
