import { z } from 'zod';
import { productionReminderDeps } from '../../usecases/communicate/communicate-deps';
import { remindOverdueUpdates } from '../../usecases/communicate/remind-overdue-updates';
import { pruneStatusBoard } from '../../usecases/communicate/prune-status-board';
import { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import { triggerAction } from '../entry-point';

/**
 * manifest: scheduledTrigger `stakeholder-update-cadence` (every 5 minutes) → `index.cadenceReminderTrigger`.
 * The event carries only the context (no user); a failed run is not retried by Forge, and the
 * next run 5 minutes later finds the same overdue incidents, so nothing is lost. Each run also
 * takes resolved or closed incidents off the Incident status page.
 */
export const cadenceReminderTrigger = triggerAction({
  name: 'cadence reminders',
  event: z.object({}).loose(),
  run: async () => {
    const deps = productionReminderDeps();
    const summary = await remindOverdueUpdates(deps);
    const offThePage = await pruneStatusBoard({
      ...deps,
      appConfluence: ConfluenceClient.asApp(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    if (offThePage.length > 0) console.info(`status page: took ${offThePage.join(', ')} off (resolved or closed)`);
    console.info(
      `cadence reminders: ${summary.watched} P1/P2 watched, ${summary.overdue} overdue, ${summary.reminded.length} reminded, ` +
        `${summary.nobodyToRemind.length} with nobody to remind, ${summary.failed.length} failed`,
    );
    return summary;
  },
});
