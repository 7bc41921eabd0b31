import { z } from 'zod';
import { type RankEntry } from './incident-ranking';
import { levelRank } from './priority-level';

/**
 * The ranking order (compareIncidents) as one string per incident, so that sorting the strings
 * sorts the incidents: app storage can then keep a range index on it and answer "which incidents
 * come just before this one" or "how many lie between these two" without reading all of them.
 *
 * Layout (fixed widths, so plain string comparison is the numeric one):
 *   level (1 digit, 9 = unprioritized) . due epoch ms (13 digits, all 9s = no target)
 *   . 999..9 minus affected users (15 digits: more users sort first) . created epoch ms (13)
 *   . project key ! issue number (10 digits)
 * `!` sorts below every character an issue key may hold, so "AB!" comes before "ABC!" exactly as
 * compareIncidents puts project AB before project ABC. Instants outside 1970–2286 are clamped.
 */
const NO_TIME = '9'.repeat(13);
const MAX_TIME = 9_999_999_999_998;
const MAX_USERS = 999_999_999_999_999;

function time(timestamp: string | null): string {
  if (timestamp === null) return NO_TIME;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return NO_TIME;
  return String(Math.min(MAX_TIME, Math.max(0, ms))).padStart(13, '0');
}

export function rankOrderKey(entry: RankEntry): string {
  const level = entry.priorityLevel === null ? 9 : levelRank(entry.priorityLevel);
  const users = String(MAX_USERS - Math.min(MAX_USERS, entry.affectedUsers ?? 0)).padStart(15, '0');
  const dash = entry.key.lastIndexOf('-');
  const number = entry.key.slice(dash + 1).padStart(10, '0');
  return `${level}.${time(entry.slaDueAt)}.${users}.${time(entry.createdAt)}.${entry.key.slice(0, dash)}!${number}`;
}

/**
 * Counts of the index's entries in consecutive ranges of the order: `[from, count]`, where a
 * bucket holds the orders from its `from` (inclusive) to the next bucket's (exclusive). The first
 * bucket starts at '' so every order has a bucket. Kept beside the index so that "how many come
 * before this order" is a sum over the earlier buckets plus one bounded query inside its bucket.
 */
export const RankBucket = z.tuple([z.string(), z.number().int().nonnegative()]);
export type RankBucket = z.infer<typeof RankBucket>;

/** A bucket is split when it grows past this, so a count inside one is a single storage page. */
export const MAX_BUCKET_SIZE = 100;
/** How full a rebuild fills buckets, leaving room to grow before a split. */
export const BUILD_BUCKET_SIZE = 64;

export function emptyBuckets(): RankBucket[] {
  return [['', 0]];
}

/** The bucket holding `order`: the last one whose `from` is not after it. */
export function bucketIndexOf(buckets: readonly RankBucket[], order: string): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (buckets[mid]![0] <= order) low = mid;
    else high = mid - 1;
  }
  return low;
}

export function countBefore(buckets: readonly RankBucket[], index: number): number {
  let count = 0;
  for (let i = 0; i < index; i += 1) count += buckets[i]![1];
  return count;
}

/** The order just past the bucket at `index` (exclusive), or undefined for the last bucket. */
export function bucketEnd(buckets: readonly RankBucket[], index: number): string | undefined {
  return buckets[index + 1]?.[0];
}

/** `buckets` with one entry of `order` added (+1) or removed (-1); an emptied bucket merges into the one before. */
export function withCountChange(buckets: readonly RankBucket[], order: string, delta: 1 | -1): RankBucket[] {
  const index = bucketIndexOf(buckets, order);
  const next = buckets.map(([from, count], i): RankBucket => [from, i === index ? Math.max(0, count + delta) : count]);
  if (index > 0 && next[index]![1] === 0) next.splice(index, 1);
  return next;
}

/** Splits the bucket at `index` at `boundary`, the first order of its upper part, holding `upperCount` entries. */
export function splitBucket(buckets: readonly RankBucket[], index: number, boundary: string, upperCount: number): RankBucket[] {
  const [from, count] = buckets[index]!;
  if (boundary <= from || upperCount <= 0 || upperCount >= count) return [...buckets];
  return [...buckets.slice(0, index), [from, count - upperCount], [boundary, upperCount], ...buckets.slice(index + 1)];
}

/** Builds buckets from orders met in ascending order (a rebuild's scan of the index, page by page). */
export function withSortedOrders(buckets: readonly RankBucket[], orders: readonly string[], bucketSize = BUILD_BUCKET_SIZE): RankBucket[] {
  const next: RankBucket[] = buckets.map(([from, count]): RankBucket => [from, count]);
  for (const order of orders) {
    const last = next[next.length - 1]!;
    if (last[1] >= bucketSize) next.push([order, 1]);
    else last[1] += 1;
  }
  return next;
}
