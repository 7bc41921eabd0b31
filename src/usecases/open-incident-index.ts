import { z } from 'zod';
import { type IncidentFieldMap, IncidentMappingError, incidentFromJiraIssue, incidentIssueFieldIds } from '../adapters/jira/incident-mapper';
import type { JiraClient } from '../adapters/jira/jira-client';
import { type AppStorage, StoredValueInvalidError, storageKey } from '../adapters/storage/app-storage';
import { ISSUE_TYPE_NAMES } from '../domain/incident/work-type';
import { isOpenIncident, rankEntryOf } from '../domain/priority/compute-priority';
import { RankEntry } from '../domain/priority/incident-ranking';
import type { PrioritySettings } from '../domain/priority/priority-settings';

/**
 * The ranking index: one app-storage value holding a RankEntry per open incident, so a panel view
 * ranks against every open incident without a Jira search. Issue events keep it current; it is
 * rebuilt from Jira (JQL as the app) when missing, unreadable, or older than INDEX_MAX_AGE_MINUTES.
 *
 * Simultaneous events: KVS `set` is last-write-wins, so two events that read the same copy would
 * each drop the other's entry. Updates therefore run under a lock key taken with KVS's atomic
 * `FAIL_IF_EXISTS` (with a TTL, so a crashed holder cannot block for long). An update that cannot
 * get the lock in time marks the index stale rather than risk a lost write: the next read rebuilds.
 *
 * Why a bound on age as well: events can be missed (app disabled, trigger failure). A daily
 * rebuild bounds how long such drift can last. The viewed incident itself is always placed by its
 * fresh values, so its own position is never stale.
 *
 * Size: about 160 bytes per entry, so one value (KVS allows 240 KiB) holds roughly 1,500 open
 * incidents; beyond that the index would need sharding by project.
 */
export const INDEX_MAX_AGE_MINUTES = 24 * 60;

const StoredOpenIncidentIndex = z.object({
  version: z.literal(1),
  builtAt: z.string(),
  updatedAt: z.string(),
  entries: z.array(RankEntry),
});
export type StoredOpenIncidentIndex = z.infer<typeof StoredOpenIncidentIndex>;

export const OPEN_INCIDENT_INDEX = storageKey('priority:open-incident-index', StoredOpenIncidentIndex);

const IndexLock = z.object({ token: z.string(), takenAt: z.string() });
export const OPEN_INCIDENT_INDEX_LOCK = storageKey('priority:open-incident-index-lock', IndexLock);
/** Set when an update gave up waiting for the lock: the index may miss it, so the next read rebuilds. */
export const OPEN_INCIDENT_INDEX_STALE = storageKey('priority:open-incident-index-stale', z.object({ since: z.string() }));

/** An update holds the lock for two KVS calls; the TTL only matters when a holder dies mid-update. */
const LOCK_TTL_SECONDS = 10;
const LOCK_ATTEMPTS = 40;
const LOCK_RETRY_MS = 50;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Bounded (Jira's search/jql needs a restriction) and served by Jira's index, not per-issue reads. */
export const OPEN_INCIDENTS_JQL = `issuetype = "${ISSUE_TYPE_NAMES.incident}" AND statusCategory != Done`;

export interface IndexRead {
  entries: RankEntry[];
  /** True when this read rebuilt the index from Jira (and so spent Jira calls as the app). */
  rebuilt: boolean;
}

export class OpenIncidentIndex {
  constructor(
    private readonly storage: AppStorage,
    private readonly appJira: JiraClient,
  ) {}

  /** The current entries, rebuilding first when the index is missing, unreadable or stale. */
  async read(settings: PrioritySettings, fieldMap: IncidentFieldMap, now: string): Promise<IndexRead> {
    const stored = await this.readStored();
    if (stored !== undefined && !isStale(stored, now) && (await this.storage.get(OPEN_INCIDENT_INDEX_STALE)) === undefined) {
      return { entries: stored.entries, rebuilt: false };
    }
    return { entries: await this.rebuild(settings, fieldMap, now), rebuilt: true };
  }

  /**
   * Searches every open incident as the app (the index must hold incidents any viewer might not
   * see: they are counted, never shown) and replaces the stored index.
   */
  async rebuild(settings: PrioritySettings, fieldMap: IncidentFieldMap, now: string): Promise<RankEntry[]> {
    const entries: RankEntry[] = [];
    for await (const issue of this.appJira.searchJql({ jql: OPEN_INCIDENTS_JQL, fields: incidentIssueFieldIds(fieldMap), maxResults: 100 })) {
      try {
        const incident = incidentFromJiraIssue(issue, fieldMap);
        if (isOpenIncident(incident)) entries.push(rankEntryOf(incident, settings));
      } catch (error) {
        // One malformed issue must not keep every other incident unranked.
        if (!(error instanceof IncidentMappingError)) throw error;
        console.warn(`open-incident index: skipped ${error.issueKey}: ${error.message}`);
      }
    }
    await this.storage.set(OPEN_INCIDENT_INDEX, { version: 1, builtAt: now, updatedAt: now, entries });
    await this.storage.delete(OPEN_INCIDENT_INDEX_STALE);
    return entries;
  }

  /**
   * Puts one incident's entry in (or takes it out with `entry: null`). Without a stored index
   * nothing is written: the next read rebuilds it with this incident included.
   */
  async put(key: string, entry: RankEntry | null, now: string): Promise<void> {
    const updated = await this.whileLocked(now, async () => {
      const stored = await this.readStored();
      if (stored === undefined) return;
      const others = stored.entries.filter((existing) => existing.key !== key);
      if (entry === null && others.length === stored.entries.length) return;
      const entries = entry === null ? others : [...others, entry];
      await this.storage.set(OPEN_INCIDENT_INDEX, { ...stored, updatedAt: now, entries });
    });
    if (!updated) {
      console.warn(`open-incident index: busy, ${key} not applied; the next read rebuilds the index`);
      await this.storage.set(OPEN_INCIDENT_INDEX_STALE, { since: now });
    }
  }

  /** Runs `update` holding the index lock; false when the lock stayed taken for every attempt. */
  private async whileLocked(now: string, update: () => Promise<void>): Promise<boolean> {
    const token = `${now}#${Math.random().toString(36).slice(2)}`;
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt += 1) {
      if (await this.storage.setIfAbsent(OPEN_INCIDENT_INDEX_LOCK, { token, takenAt: now }, LOCK_TTL_SECONDS)) {
        try {
          await update();
          return true;
        } finally {
          // Only our own lock: after a TTL expiry someone else may hold it now.
          const held = await this.storage.get(OPEN_INCIDENT_INDEX_LOCK).catch(() => undefined);
          if (held?.token === token) await this.storage.delete(OPEN_INCIDENT_INDEX_LOCK);
        }
      }
      await sleep(LOCK_RETRY_MS + Math.floor(Math.random() * LOCK_RETRY_MS));
    }
    return false;
  }

  /** Drops the index so the next read rebuilds it (after the settings change every level and due time). */
  async invalidate(): Promise<void> {
    await this.storage.delete(OPEN_INCIDENT_INDEX);
  }

  private async readStored(): Promise<StoredOpenIncidentIndex | undefined> {
    try {
      return await this.storage.get(OPEN_INCIDENT_INDEX);
    } catch (error) {
      // An index from an older app version is only a cache: rebuild rather than fail the panel.
      if (error instanceof StoredValueInvalidError) return undefined;
      throw error;
    }
  }
}

export function isStale(index: StoredOpenIncidentIndex, now: string): boolean {
  const age = Date.parse(now) - Date.parse(index.builtAt);
  return Number.isNaN(age) || age > INDEX_MAX_AGE_MINUTES * 60_000;
}
