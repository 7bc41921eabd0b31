import { z } from 'zod';
import { type AppStorage, StoredValueInvalidError, storageKey } from '../storage/app-storage';
import type { JiraClient } from './jira-client';
import type { JiraStatus } from './jira-schemas';

const StatusCategoryKey = z.enum(['new', 'indeterminate', 'done', 'undefined']);

/** A workflow status as the rules need it: its id, its name and its category. */
export const SiteStatus = z.object({ id: z.string(), name: z.string(), categoryKey: StatusCategoryKey });
export type SiteStatus = z.infer<typeof SiteStatus>;

const SiteStatuses = z.object({
  /** When GET /status was read (ISO-8601). */
  fetchedAt: z.string(),
  statuses: z.array(SiteStatus),
  /** The site's default time zone (GET /serverInfo); null when it could not be read. */
  serverTimeZone: z.string().nullable(),
});
export type SiteStatuses = z.infer<typeof SiteStatuses>;

/**
 * The site's statuses and default time zone, kept in app storage so a workflow validator does not
 * read them from Jira on every transition. About 60 bytes a status: a site with 1,000 statuses
 * stays far below the 240 KiB a value may hold.
 */
export const SITE_STATUSES = storageKey('jira:site-statuses', SiteStatuses);

/**
 * How long a stored copy is trusted. Statuses are site configuration that an admin changes now and
 * then (a new status, a rename, another category). A status the copy does not know, or an issue
 * whose current status the copy names or files differently, refreshes it at once; a rename or
 * category change of a status no issue has shown since is seen within this time. Setup and the
 * validator settings' save forget the copy, so an admin who reconfigures sees the change at once.
 */
export const SITE_STATUSES_MAX_AGE_MINUTES = 10;

export function siteStatusOf(status: JiraStatus): SiteStatus {
  const key = status.statusCategory?.key;
  return { id: status.id, name: status.name, categoryKey: key === 'new' || key === 'indeterminate' || key === 'done' ? key : 'undefined' };
}

export class SiteStatusStore {
  constructor(
    private readonly jira: Pick<JiraClient, 'getStatuses' | 'getServerInfo'>,
    private readonly storage: AppStorage,
    private readonly now: () => string,
    private readonly warn: (message: string) => void = (message) => console.warn(message),
  ) {}

  /** The stored copy while it is fresh (one storage read), otherwise read from Jira and stored. */
  async load(): Promise<SiteStatuses> {
    const stored = await this.storage.get(SITE_STATUSES).catch((error: unknown) => {
      if (error instanceof StoredValueInvalidError) return undefined;
      throw error;
    });
    if (stored !== undefined && this.fresh(stored)) return stored;
    return this.refresh();
  }

  /**
   * GET /status and GET /serverInfo together. A time zone that cannot be read is null (times are then given in UTC) and is not stored, so
   * the next load asks again.
   */
  async refresh(): Promise<SiteStatuses> {
    const [statuses, serverTimeZone] = await Promise.all([
      this.jira.getStatuses(),
      this.jira.getServerInfo().then(
        (info) => info.serverTimeZone ?? 'UTC',
        (error: unknown) => {
          this.warn(
            `the site's time zone could not be read, so validator messages give times in UTC: ` +
              `${error instanceof Error ? error.message : String(error)}`,
          );
          return null;
        },
      ),
    ]);
    const fresh: SiteStatuses = { fetchedAt: this.now(), statuses: statuses.map(siteStatusOf), serverTimeZone };
    if (serverTimeZone !== null) await this.storage.set(SITE_STATUSES, fresh);
    return fresh;
  }

  /** Forgets the stored copy (after setup or a settings change), so the next load reads Jira. */
  async forget(): Promise<void> {
    await this.storage.delete(SITE_STATUSES);
  }

  private fresh(stored: SiteStatuses): boolean {
    const age = (Date.parse(this.now()) - Date.parse(stored.fetchedAt)) / 60_000;
    return age >= 0 && age <= SITE_STATUSES_MAX_AGE_MINUTES;
  }
}

/** Whether `copy` describes `current` (a status as an issue shows it now) differently: then the copy is out of date. */
export function disagrees(copy: SiteStatuses, current: SiteStatus): boolean {
  const known = copy.statuses.find((status) => status.id === current.id);
  return known === undefined || known.name !== current.name || known.categoryKey !== current.categoryKey;
}
