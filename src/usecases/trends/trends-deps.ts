import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import type { TrendsDeps } from './load-incident-trends';

export type { TrendsDeps } from './load-incident-trends';

/**
 * The trends feature's wiring for one invocation: Jira as the viewing user (every incident, link
 * and changelog the numbers are built from) and as the app (site configuration only), app storage,
 * the clock, and the site's address from the Forge context.
 */
export function productionTrendsDeps(context: { siteUrl?: string | undefined } = {}): TrendsDeps {
  return { userJira: JiraClient.asUser(), appJira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date().toISOString(), siteUrl: context.siteUrl };
}
