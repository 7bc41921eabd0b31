import { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';

/**
 * What the postmortem use cases run against. Jira and Confluence reads and page writes go as the
 * user, so a postmortem shows only what its reader may see and pages are created with their
 * permissions; `appJira` reads site configuration (field ids) and writes the remote link the
 * closure validator relies on.
 */
export interface PostmortemDeps {
  readonly userJira: JiraClient;
  readonly appJira: JiraClient;
  readonly userConfluence: ConfluenceClient;
  /** Only asks whether a recorded page still exists when the user cannot see it: never reads its content for them. */
  readonly appConfluence: ConfluenceClient;
  readonly storage: AppStorage;
  /** ISO-8601; the use cases read no clock themselves. */
  readonly now: () => string;
  readonly sleep: (ms: number) => Promise<void>;
  /**
   * The site's address from the Forge context (`context.siteUrl`), when the module has one; else
   * Jira's `serverInfo` is asked. Never taken from `self` links: through Forge's product proxy
   * they point at the API gateway (`https://api.atlassian.com/ex/jira/<cloudId>/...`).
   */
  readonly siteUrl?: string | undefined;
}

export function productionPostmortemDeps(context: { siteUrl?: string | undefined } = {}): PostmortemDeps {
  return {
    siteUrl: context.siteUrl,
    userJira: JiraClient.asUser(),
    appJira: JiraClient.asApp(),
    userConfluence: ConfluenceClient.asUser(),
    appConfluence: ConfluenceClient.asApp(),
    storage: new AppStorage(),
    now: () => new Date().toISOString(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
