import type { z } from 'zod';
import type { AppStorage, StorageKey } from '../adapters/storage/app-storage';

/**
 * How long a "creating" claim holds before another call may take it over: longer than any
 * invocation that could still be creating (Forge resolvers end after 25 s).
 */
export const STALE_CLAIM_SECONDS = 60;

/** A record that says "someone is creating this" (with when) until it says what was made. */
export type ClaimRecord = { state: 'creating'; claimedAt: string } | { state: Exclude<string, 'creating'> };

/**
 * Claims once-only work (one Jira issue, one page) under `key`: true when this call wrote the
 * "creating" record and must do the work; false when a record is there (done, or another call
 * creating it). A "creating" claim older than STALE_CLAIM_SECONDS was left by an invocation that
 * died and is taken over; only one that died between the product's create and its record can then
 * leave a second item.
 */
export async function claimCreation<S extends z.ZodType<ClaimRecord>>(
  storage: AppStorage,
  key: StorageKey<S>,
  record: z.input<S>,
  now: string,
): Promise<boolean> {
  if (await storage.setIfAbsent(key, record)) return true;
  const current = await storage.get(key);
  if (current === undefined) return storage.setIfAbsent(key, record);
  if (
    'claimedAt' in current &&
    current.state === 'creating' &&
    Date.parse(now) - Date.parse(current.claimedAt) > STALE_CLAIM_SECONDS * 1000
  ) {
    await storage.delete(key);
    return storage.setIfAbsent(key, record);
  }
  return false;
}
