import { z } from 'zod';
import { DELIVERY_KEYS, type DeliveryKey } from '../../contracts/communication';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { StatusBoardRow } from '../../domain/communication/status-page-adf';
import { StakeholderUpdateDraft, UpdateState } from '../../domain/communication/stakeholder-update';

/**
 * App-storage records of stakeholder updates. An update is identified by the id the form
 * generated, so its record is the idempotency key: the first call writes it with the draft, each
 * delivery's outcome is written as soon as it is known, and a retry (or a double click) re-runs
 * only deliveries that are not done, with the recorded draft.
 */

export const DELIVERIES = DELIVERY_KEYS;
export type Delivery = DeliveryKey;

export const DeliveryOutcome = z.object({
  status: z.enum(['pending', 'done', 'failed', 'skipped']),
  /** For failed and skipped: why, in words a person can act on. */
  reason: z.string().nullable(),
  /** Comment id, page id or Statuspage incident id once done. */
  ref: z.string().nullable(),
  at: z.string().nullable(),
});
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

export const UpdateRecord = z.object({
  issueKey: z.string(),
  draft: StakeholderUpdateDraft,
  postedBy: z.string().nullable(),
  createdAt: z.string(),
  deliveries: z.object(
    Object.fromEntries(DELIVERIES.map((delivery) => [delivery, DeliveryOutcome])) as Record<Delivery, typeof DeliveryOutcome>,
  ),
});
export type UpdateRecord = z.infer<typeof UpdateRecord>;

export function updateRecordKey(issueKey: string, updateId: string) {
  return storageKey(`comms-update:${issueKey}:${updateId}`, UpdateRecord);
}

/** Held while one invocation delivers an update; a TTL frees it if that invocation dies (resolvers end after 25 s). */
export const UPDATE_LOCK_TTL_SECONDS = 30;
export function updateLockKey(issueKey: string, updateId: string) {
  return storageKey(`comms-update-lock:${issueKey}:${updateId}`, z.object({ takenAt: z.string() }));
}

/** The Statuspage incident made for a Jira issue. */
export function statuspageIncidentKey(issueKey: string) {
  return storageKey(`comms-statuspage-incident:${issueKey}`, z.object({ pageId: z.string(), incidentId: z.string() }));
}

/**
 * The rows of the Incident status page (open incidents with updates) and the page that shows
 * them. One value: about 700 bytes a row, so about 300 open incidents with updates fit in KVS's
 * 240 KiB; beyond that the board would need sharding.
 */
export const STATUS_BOARD = storageKey(
  'comms-status-board',
  z.object({ rows: z.array(StatusBoardRow), page: z.object({ spaceId: z.string(), pageId: z.string() }).nullable() }),
);
export const STATUS_BOARD_LOCK = storageKey('comms-status-board-lock', z.object({ token: z.string() }));

/**
 * The issue property that marks updates: the timeline, the postmortem, the panel and the closure
 * validator read it to tell updates from ordinary comments, and the cadence job reads it with its
 * JQL search. Newest last; only the last MAX_LISTED updates are kept (Jira properties hold 32 KB).
 */
export const UPDATES_PROPERTY = 'incident-stakeholder-updates';
export const MAX_LISTED_UPDATES = 60;
export const ListedUpdate = z.object({
  id: z.string(),
  state: UpdateState,
  audience: z.enum(['internal', 'external', 'both']),
  at: z.string(),
  by: z.string().nullable(),
  commentId: z.string().nullable(),
  nextUpdateDueAt: z.string().nullable(),
});
export type ListedUpdate = z.infer<typeof ListedUpdate>;
export const UpdatesProperty = z.object({ updates: z.array(ListedUpdate) });
export type UpdatesProperty = z.infer<typeof UpdatesProperty>;

/** Adds or replaces the update in the property (by id), keeping the newest MAX_LISTED_UPDATES. */
export function withListedUpdate(current: UpdatesProperty | undefined, update: ListedUpdate): UpdatesProperty {
  const others = (current?.updates ?? []).filter((listed) => listed.id !== update.id);
  return { updates: [...others, update].slice(-MAX_LISTED_UPDATES) };
}

export function parseUpdatesProperty(value: unknown): UpdatesProperty | undefined {
  const parsed = UpdatesProperty.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export async function readUpdateRecord(storage: AppStorage, issueKey: string, updateId: string): Promise<UpdateRecord | undefined> {
  return storage.get(updateRecordKey(issueKey, updateId));
}
