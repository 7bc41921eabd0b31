import { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { productionDeliveryPorts } from './delivery-adapters';
import type { CommunicateDeps } from './post-stakeholder-update';
import type { ReminderDeps } from './remind-overdue-updates';

export function productionCommunicateDeps(): CommunicateDeps {
  return {
    userJira: JiraClient.asUser(),
    appJira: JiraClient.asApp(),
    appConfluence: ConfluenceClient.asApp(),
    storage: new AppStorage(),
    ...productionDeliveryPorts(),
    now: () => new Date().toISOString(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

export function productionReminderDeps(): ReminderDeps {
  return {
    appJira: JiraClient.asApp(),
    storage: new AppStorage(),
    notifier: productionDeliveryPorts().notifier,
    now: () => new Date().toISOString(),
  };
}
