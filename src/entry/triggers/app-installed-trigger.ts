import { z } from 'zod';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { runIncidentSetup } from '../../usecases/setup/run-incident-setup';
import type { SetupReport } from '../../contracts/admin-setup';
import { triggerAction } from '../entry-point';

/** `avi:forge:installed:app` payload (developer.atlassian.com/platform/forge/events-reference/life-cycle). */
export const AppInstalledEvent = z.object({
  id: z.string(),
  installerAccountId: z.string().optional(),
  app: z.object({ id: z.string(), version: z.string().optional(), name: z.string().optional() }),
  environment: z.object({ id: z.string() }).optional(),
});

/**
 * Fallback for sites whose admin never opens the setup page: creates the issue types, fields and
 * link type (not the project schemes: which projects get Incident is the admin's choice). Runs
 * as the app; there is no user in a lifecycle event. Errors are logged, not thrown, so the
 * platform does not retry an install event for a step that needs an admin's attention.
 */
export const appInstalledTrigger = triggerAction({
  name: 'Incident setup after install (the admin page can run it again)',
  event: AppInstalledEvent,
  run: async (): Promise<SetupReport> => {
    const report = await runIncidentSetup(
      { jira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date() },
      { projectKeys: [] },
    );
    if (report.failed.length > 0) console.warn('Incident setup after install left steps for the admin page', report.failed);
    return report;
  },
});
