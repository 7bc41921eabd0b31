import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import {
  type IncidentFieldMap,
  IncidentMappingError,
  incidentFromJiraIssue,
  incidentIssueFieldIds,
} from '../../adapters/jira/incident-mapper';
import type { JiraClient } from '../../adapters/jira/jira-client';
import {
  type AppStorage,
  StoredValueInvalidError,
  type TransactionWrite,
  storageEntity,
  storageKey,
} from '../../adapters/storage/app-storage';
import { IssueKey } from '../../domain/incident/incident';
import { ISSUE_TYPE_NAMES } from '../../domain/incident/work-type';
import { isOpenIncident, rankEntryOf } from '../../domain/priority/rank-entry';
import type { RankEntry } from '../../domain/priority/incident-ranking';
import type { PrioritySettings } from '../../domain/priority/priority-settings';
import {
  MAX_BUCKET_SIZE,
  RankBucket,
  bucketEnd,
  bucketIndexOf,
  countBefore,
  emptyBuckets,
  rankOrderKey,
  splitBucket,
  withCountChange,
  withSortedOrders,
} from '../../domain/priority/rank-order';

/**
 * The ranking index: where every open incident stands in the rank order, so a panel view can say
 * "4 of 2,318" without a Jira search. It must hold 10,000+ open incidents, and a view must not pay
 * for all of them.
 *
 * Design: one custom entity per open incident (`open-incident-rank`, the issue's rank order as a
 * string, see rankOrderKey) with a range index on that order, plus one small summary value holding
 * bucket counts over the order (about 64–100 incidents per bucket). A view reads the summary, then
 * with one round of three small index queries finds its neighbours (the entry just before and just
 * after its order) and counts the entries of its own bucket that come before it; the position is
 * that count plus the earlier buckets' counts. So a view reads roughly 6 KVS units (10 KB each)
 * whatever the size: at 10,000 incidents the summary is about 12 KB and the bucket query at most
 * 100 small entities. The alternative, the whole list in N shard values read together, is simpler
 * but a view would read ~1.6 MB (~160 units of the 4,000 per minute an installation gets) at 10,000.
 *
 * Generations: entries live in a generation (`gen`, the index's partition). A rebuild writes a
 * new generation beside the live one, which keeps answering views; when it is complete the summary
 * switches to it in one write. Entries carry a TTL of ENTRY_TTL_DAYS, so old generations vanish
 * without a delete per entry; the live one is rebuilt daily, long before that.
 *
 * Writers: issue events and Apply change one entry under a lock (an entity written with
 * FAIL_IF_EXISTS and a TTL, released by a conditional delete: only while it still holds the
 * holder's token, atomically). The entry and the summary change in one KVS transaction, so a view
 * never sees a count without its entry. A writer that cannot get the lock in time parks its change
 * (a pending entity per issue) and the next lock holder applies it: nothing is dropped.
 *
 * Rebuild (from JQL as the app; on first use, after a settings change, once a day): resumable
 * steps, one runner at a time (a lease entity), never on behalf of a viewer who cannot see the
 * issue. Phases: search (100 issues a page, written to the new generation), count (scan the new
 * generation in order to build its buckets), replay, switch. Every change an event applies while a
 * rebuild runs is also recorded in the rebuild's journal (under the same lock), and replayed into
 * the new generation before the switch, so an event that races a rebuild is never lost.
 * Steps run from issue events, the hourly maintenance trigger, and at most one bounded step from
 * a panel view that finds no usable index (enough to build a small site's index at once).
 */
export const INDEX_MAX_AGE_MINUTES = 24 * 60;
/** An index older than this is not served: its entries may start expiring (ENTRY_TTL_DAYS). */
export const INDEX_SERVE_LIMIT_MINUTES = 7 * 24 * 60;
const ENTRY_TTL_SECONDS = 8 * 24 * 60 * 60;

/** Bounded (Jira's search/jql needs a restriction) and served by Jira's index, not per-issue reads. */
export const OPEN_INCIDENTS_JQL = `issuetype = "${ISSUE_TYPE_NAMES.incident}" AND statusCategory != Done`;

const BY_ORDER = 'by-order';
const BY_AT = 'by-at';

export const RANK_ENTRY = storageEntity(
  'open-incident-rank',
  z.object({ gen: z.number().int().positive(), order: z.string(), issueKey: IssueKey }),
);
type StoredRankEntry = z.infer<typeof RANK_ENTRY.schema>;
const RANK_LOCK = storageEntity('open-incident-rank-lock', z.object({ token: z.string(), takenAt: z.string() }));
/** A change that could not get the lock in time, kept until a lock holder applies it. */
const RANK_PENDING = storageEntity(
  'open-incident-rank-pending',
  z.object({
    kind: z.enum(['entry', 'invalidate']),
    issueKey: z.string(),
    order: z.string().nullable(),
    at: z.string(),
    token: z.string(),
  }),
);

const LiveRanking = z.object({
  version: z.literal(2),
  gen: z.number().int().positive(),
  /** When the search this generation was built from began. */
  builtAt: z.string(),
  updatedAt: z.string(),
  /** Set when the settings changed: levels and due times of the entries are then out of date. */
  outdatedSince: z.string().nullable(),
  total: z.number().int().nonnegative(),
  buckets: z.array(RankBucket).min(1),
});
export type LiveRanking = z.infer<typeof LiveRanking>;
export const LIVE_RANKING = storageKey('priority:ranking', LiveRanking);

const RankRebuild = z.object({
  version: z.literal(2),
  gen: z.number().int().positive(),
  reason: z.string(),
  requestedAt: z.string(),
  startedAt: z.string().nullable(),
  phase: z.enum(['search', 'count', 'replay']),
  pageToken: z.string().nullable(),
  searched: z.number().int().nonnegative(),
  scanCursor: z.string().nullable(),
  total: z.number().int().nonnegative(),
  buckets: z.array(RankBucket).min(1),
  /** Issue key → its order (null: not an open incident), as events applied it since the rebuild began. */
  journal: z.record(z.string(), z.string().nullable()),
});
type RankRebuild = z.infer<typeof RankRebuild>;
export const RANK_REBUILD = storageKey('priority:ranking-rebuild', RankRebuild);

/** A journal beyond this restarts the rebuild's search (it then sees those changes itself), keeping the record small. */
const MAX_JOURNAL = 1_000;
const REPLAY_CHUNK = 20;

/** An update holds the lock for a few KVS calls; the TTL only matters when a holder dies mid-update. */
const LOCK_TTL_SECONDS = 10;
const LOCK_ATTEMPTS = 40;
const LOCK_RETRY_MS = 50;
/** Longer than one step can take (a trigger runs at most 55 s), so a dead runner frees it soon. */
const REBUILD_LEASE_SECONDS = 120;
const INDEX_LOCK = 'index';
const REBUILD_LEASE = 'rebuild';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const entryKey = (gen: number, issueKey: string) => `${gen}.${issueKey}`;
const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

export interface IndexRank {
  position: number;
  total: number;
  above: string | null;
  below: string | null;
}

export type RebuildProgress =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; total: number; live: LiveRanking }
  | { state: 'running'; phase: RankRebuild['phase']; searched: number };

export class OpenIncidentIndex {
  constructor(
    private readonly storage: AppStorage,
    private readonly appJira: JiraClient,
  ) {}

  /** The live summary, or undefined when there is none or it is unreadable (an older app version's). */
  async readLive(): Promise<LiveRanking | undefined> {
    try {
      return await this.storage.get(LIVE_RANKING);
    } catch (error) {
      if (error instanceof StoredValueInvalidError) return undefined;
      throw error;
    }
  }

  /** Whether `live` may answer a view: present, built with the current settings, and not near expiry. */
  usable(live: LiveRanking | undefined, now: string): live is LiveRanking {
    return live !== undefined && live.outdatedSince === null && !(minutesBetween(live.builtAt, now) > INDEX_SERVE_LIMIT_MINUTES);
  }

  needsRebuild(live: LiveRanking | undefined, now: string): boolean {
    return !this.usable(live, now) || !(minutesBetween(live.builtAt, now) <= INDEX_MAX_AGE_MINUTES);
  }

  /**
   * Where `subject` (placed by its own fresh values) stands among the live index's entries, its own
   * stored copy left out. One round of four storage reads, each bounded whatever the index's size.
   */
  async rank(live: LiveRanking, subject: RankEntry): Promise<IndexRank> {
    return rankFrom(live, subject, await this.rankReads(live, subject))!;
  }

  /** The reads that place `subject` in `live` (see rank): its stored entry, its bucket's entries before it, its two neighbours. */
  private async rankReads(live: LiveRanking, subject: RankEntry): Promise<RankReads> {
    const order = rankOrderKey(subject);
    const from = live.buckets[bucketIndexOf(live.buckets, order)]![0];
    const partition = [live.gen];
    const [stored, inBucketBefore, aboveCandidates, belowCandidates] = await Promise.all([
      this.storage.entityGet(RANK_ENTRY, entryKey(live.gen, subject.key)),
      this.countInRange(live.gen, from, order, subject.key),
      this.storage.entityQuery(RANK_ENTRY, { index: BY_ORDER, partition, where: { lessThan: order }, sort: 'DESC', limit: 2 }),
      this.storage.entityQuery(RANK_ENTRY, { index: BY_ORDER, partition, where: { greaterThan: order }, sort: 'ASC', limit: 2 }),
    ]);
    return {
      gen: live.gen,
      from,
      stored,
      inBucketBefore,
      aboveCandidates: aboveCandidates.results,
      belowCandidates: belowCandidates.results,
    };
  }

  /** Entries with `from` <= order < `before`, other than `exceptKey`: normally one page, as a bucket holds at most 100. */
  private async countInRange(gen: number, from: string, before: string, exceptKey: string): Promise<number> {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await this.storage.entityQuery(RANK_ENTRY, {
        index: BY_ORDER,
        partition: [gen],
        where: from === '' ? { lessThan: before } : { between: [from, before] },
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      count += page.results.filter((result) => result.value.order < before && result.value.issueKey !== exceptKey).length;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return count;
  }

  /**
   * Puts one incident's entry in (or takes it out with `entry: null`), in the live index and in a
   * running rebuild's journal. When the lock stays taken the change is parked for the next holder.
   * @returns whether the index wants a rebuild step (missing, outdated or old).
   */
  async put(issueKey: string, entry: RankEntry | null, now: string): Promise<{ rebuildNeeded: boolean }> {
    const order = entry === null ? null : rankOrderKey(entry);
    let rebuildNeeded = false;
    let applied: boolean;
    try {
      applied = await this.whileLocked(now, async () => {
        rebuildNeeded = await this.applyUnderLock(issueKey, order, now);
      });
    } catch (error) {
      // Storage failed mid-change (the transaction is all or nothing): leave the change for the next writer if storage lets us.
      await this.park({ kind: 'entry', issueKey, order }, now).catch(() => undefined);
      throw error;
    }
    if (!applied) await this.park({ kind: 'entry', issueKey, order }, now);
    return { rebuildNeeded };
  }

  /**
   * Takes the index lock for a writer that does other work meanwhile (Apply takes it while its
   * Jira PUT runs, so the two waits overlap); the token for putAndRank, or null when it stayed
   * taken for every attempt.
   */
  async takeLock(now: string): Promise<string | null> {
    const token = `${now}#${Math.random().toString(36).slice(2)}`;
    for (let attempt = 0; attempt < LOCK_ATTEMPTS; attempt += 1) {
      if (await this.storage.entitySetIfAbsent(RANK_LOCK, INDEX_LOCK, { token, takenAt: now }, LOCK_TTL_SECONDS)) return token;
      await sleep(LOCK_RETRY_MS + Math.floor(Math.random() * LOCK_RETRY_MS));
    }
    return null;
  }

  /** Atomic: deleted only while it still holds `token` (after a TTL expiry it may be someone else's). */
  async releaseLock(token: string): Promise<void> {
    await this.storage
      .transact([{ kind: 'delete', key: INDEX_LOCK, entity: RANK_LOCK, ifEqual: { attribute: 'token', value: token } }])
      .catch(() => false);
  }

  /**
   * `put` for a writer holding the lock (`token` from takeLock), with the rank the entry then has:
   * the change's reads and the rank's reads go in one round (against `seen`, the summary the
   * caller read before the lock, whose generation rarely changes), and the writes with the lock's
   * release are one transaction, so they land only while this writer still holds the lock.
   * `whileWriting` gets the rank (null: the index cannot rank it now) and runs during that
   * transaction. When `seen` turns out out of date, parked changes wait, or the lock was lost, it
   * falls back to the plain steps (more storage rounds, same outcome).
   */
  async putAndRank<T>(
    token: string,
    issueKey: string,
    entry: RankEntry | null,
    now: string,
    seen: LiveRanking | undefined,
    whileWriting: (rank: IndexRank | null, live: LiveRanking | undefined) => Promise<T>,
  ): Promise<T> {
    const order = entry === null ? null : rankOrderKey(entry);
    const ranked = entry !== null && seen !== undefined && this.usable(seen, now) ? seen : undefined;
    let released = false;
    // Once the change is written or parked, a later failure (the caller's read) parks nothing more.
    let settled = false;
    try {
      const [parked, live, rebuild, reads, entryRead] = await Promise.all([
        this.storage.entityQuery(RANK_PENDING, { index: BY_AT, sort: 'ASC', limit: 1 }),
        this.readLive(),
        this.storage.get(RANK_REBUILD),
        ranked === undefined ? Promise.resolve(undefined) : this.rankReads(ranked, entry!),
        // The rank's reads include the stored entry; without them it is read alone.
        seen === undefined || ranked !== undefined
          ? Promise.resolve(undefined)
          : this.storage.entityGet(RANK_ENTRY, entryKey(seen.gen, issueKey)),
      ]);
      const stored = reads !== undefined ? reads.stored : entryRead;
      if (parked.results.length > 0 || live?.gen !== seen?.gen) {
        await this.applyUnderLock(issueKey, order, now);
        settled = true;
        await this.releaseLock(token);
        released = true;
        const current = await this.readLive();
        return await whileWriting(entry !== null && this.usable(current, now) ? await this.rank(current, entry) : null, current);
      }
      const { writes } = await this.entryWrites(live, rebuild, issueKey, order, now, { stored });
      writes.push({ kind: 'delete', key: INDEX_LOCK, entity: RANK_LOCK, ifEqual: { attribute: 'token', value: token } });
      // Reads against a summary whose bucket has since split are made again (still under the lock, before the write).
      const rank =
        entry !== null && live !== undefined && this.usable(live, now)
          ? ((reads && rankFrom(live, entry, reads)) ?? (await this.rank(live, entry)))
          : null;
      const [written, answer] = await Promise.allSettled([this.storage.transact(writes), whileWriting(rank, live)]);
      if (written.status === 'rejected') throw written.reason;
      released = true;
      // The lock expired and another writer holds it: nothing was written; that writer's successor applies this change.
      if (!written.value) await this.park({ kind: 'entry', issueKey, order }, now);
      settled = true;
      if (answer.status === 'rejected') throw answer.reason;
      return answer.value;
    } catch (error) {
      if (!settled) await this.park({ kind: 'entry', issueKey, order }, now).catch(() => undefined);
      throw error;
    } finally {
      if (!released) await this.releaseLock(token);
    }
  }

  /** Parks a change whose writer could not get the lock, for the next holder to apply. */
  async parkEntry(issueKey: string, entry: RankEntry | null, now: string): Promise<void> {
    await this.park({ kind: 'entry', issueKey, order: entry === null ? null : rankOrderKey(entry) }, now);
  }

  /**
   * After a settings change: every level and due time in the index is out of date. Under the lock,
   * marks the live index outdated (views stop ranking against it) and starts a rebuild afresh.
   */
  async invalidate(now: string): Promise<void> {
    const applied = await this.whileLocked(now, () => this.invalidateUnderLock(now));
    if (!applied) await this.park({ kind: 'invalidate', issueKey: '~settings', order: null }, now);
  }

  /**
   * Runs rebuild steps while `units` last (a unit is one Jira search page, one index scan page or
   * one replay chunk) and `keepGoing()` says so. One runner at a time: without the lease it returns
   * `busy` at once. Starts a rebuild when none is running and the live index needs one.
   */
  async rebuildSteps(
    settings: PrioritySettings,
    fieldMap: IncidentFieldMap,
    now: string,
    budget: { units: number; searchPages?: number; keepGoing?: () => boolean },
  ): Promise<RebuildProgress> {
    const token = `${now}#${Math.random().toString(36).slice(2)}`;
    if (!(await this.storage.entitySetIfAbsent(RANK_LOCK, REBUILD_LEASE, { token, takenAt: now }, REBUILD_LEASE_SECONDS)))
      return { state: 'busy' };
    try {
      let units = budget.units;
      let searchPages = budget.searchPages ?? Number.POSITIVE_INFINITY;
      // The record a step saved is the one the next step starts from (events change only its journal, which the step re-reads under the
      // lock).
      let carried: RankRebuild | undefined;
      for (;;) {
        let record: RankRebuild | undefined = carried;
        let live: LiveRanking | undefined;
        if (record === undefined) {
          [record, live] = await Promise.all([
            this.storage.get(RANK_REBUILD).catch((error: unknown) => {
              if (error instanceof StoredValueInvalidError) return undefined;
              throw error;
            }),
            this.readLive(),
          ]);
        }
        carried = undefined;
        if (record === undefined) {
          if (!this.needsRebuild(live, now)) return { state: 'idle' };
          record = await this.startRebuild(live, now);
          if (record === undefined) return { state: 'busy' };
        }
        const outOfBudget =
          units <= 0 || (record.phase === 'search' && searchPages <= 0) || (budget.keepGoing !== undefined && !budget.keepGoing());
        if (outOfBudget) return { state: 'running', phase: record.phase, searched: record.searched };
        units -= 1;
        if (record.phase === 'search') searchPages -= 1;
        const outcome = await this.step(record, settings, fieldMap, now);
        if (outcome.kind === 'switched') return { state: 'done', total: outcome.total, live: outcome.live };
        if (outcome.kind === 'lost') return { state: 'busy' };
        carried = outcome.next;
      }
    } finally {
      await this.storage.transact([
        { kind: 'delete', key: REBUILD_LEASE, entity: RANK_LOCK, ifEqual: { attribute: 'token', value: token } },
      ]);
    }
  }

  private async startRebuild(live: LiveRanking | undefined, now: string): Promise<RankRebuild | undefined> {
    let started: RankRebuild | undefined;
    const committed = await this.lockedCommit(now, async () => {
      started =
        (await this.storage.get(RANK_REBUILD)) ??
        freshRebuild(
          nextGeneration(live?.gen),
          live === undefined ? 'no index' : live.outdatedSince !== null ? 'settings changed' : 'daily refresh',
          now,
        );
      return [{ kind: 'set', key: RANK_REBUILD.key, value: RankRebuild.parse(started) }];
    });
    return committed === 'written' ? started : undefined;
  }

  /** One unit of rebuild work. 'lost' when the record changed hands (restarted by a settings change). */
  private async step(record: RankRebuild, settings: PrioritySettings, fieldMap: IncidentFieldMap, now: string): Promise<StepOutcome> {
    if (record.phase === 'search') {
      let page;
      try {
        page = await this.appJira.searchJqlPage({
          jql: OPEN_INCIDENTS_JQL,
          fields: incidentIssueFieldIds(fieldMap),
          maxResults: 100,
          ...(record.pageToken === null ? {} : { nextPageToken: record.pageToken }),
        });
      } catch (error) {
        // A page token from an earlier invocation that Jira no longer accepts: search again.
        if (record.pageToken === null || !isProductApiError(error, 'badRequest')) throw error;
        return this.saveProgress(record.gen, now, await this.takeLock(now), (current) => ({
          ...current,
          gen: nextGeneration(current.gen),
          phase: 'search',
          pageToken: null,
          searched: 0,
        }));
      }
      const entries = rankEntriesOf(page.issues, settings, fieldMap);
      // The lock for saving the progress is taken while the entries are written.
      const [written, taking] = await Promise.allSettled([
        this.storage.entityBatchSet(
          RANK_ENTRY,
          entries.map((entry) => ({
            key: entryKey(record.gen, entry.key),
            value: { gen: record.gen, order: rankOrderKey(entry), issueKey: entry.key },
          })),
          ENTRY_TTL_SECONDS,
        ),
        this.takeLock(now),
      ]);
      await settledWithLock(written, taking, (token) => this.releaseLock(token));
      const next = page.nextPageToken;
      return this.saveProgress(record.gen, now, taking.status === 'fulfilled' ? taking.value : null, (current) =>
        next === undefined
          ? {
              ...current,
              phase: 'count',
              pageToken: null,
              searched: current.searched + page.issues.length,
              startedAt: current.startedAt ?? now,
              scanCursor: null,
              buckets: emptyBuckets(),
              total: 0,
            }
          : { ...current, pageToken: next, searched: current.searched + page.issues.length, startedAt: current.startedAt ?? now },
      );
    }
    if (record.phase === 'count') {
      const [scanned, taking] = await Promise.allSettled([
        this.storage.entityQuery(RANK_ENTRY, {
          index: BY_ORDER,
          partition: [record.gen],
          sort: 'ASC',
          limit: 100,
          ...(record.scanCursor === null ? {} : { cursor: record.scanCursor }),
        }),
        this.takeLock(now),
      ]);
      const page = await settledWithLock(scanned, taking, (token) => this.releaseLock(token));
      const orders = page.results.map((result) => result.value.order);
      // After the last page with nothing in the journal there is nothing to replay: the switch is saved at once (what the replay step would
      // do).
      return this.saveProgress(
        record.gen,
        now,
        taking.status === 'fulfilled' ? taking.value : null,
        (current) => ({
          ...current,
          buckets: withSortedOrders(current.buckets, orders),
          total: current.total + orders.length,
          scanCursor: page.nextCursor ?? null,
          phase: page.nextCursor === undefined ? 'replay' : 'count',
        }),
        (next) => {
          if (next.phase !== 'replay' || Object.keys(next.journal).length > 0) return undefined;
          const live = liveOf(next, now);
          return { writes: switchWrites(live), outcome: { kind: 'switched', total: live.total, live } };
        },
      );
    }
    let outcome: StepOutcome = { kind: 'lost' };
    const committed = await this.lockedCommit(now, async () => {
      const current = await this.storage.get(RANK_REBUILD);
      if (current === undefined || current.gen !== record.gen || current.phase !== 'replay') return null;
      const chunk = Object.entries(current.journal).slice(0, REPLAY_CHUNK);
      let { buckets, total } = current;
      for (const [issueKey, order] of chunk) {
        const changed = await this.changeInGeneration(current.gen, buckets, total, issueKey, order);
        ({ buckets, total } = changed);
        if (changed.write !== undefined && !(await this.storage.transact([changed.write])))
          throw new Error(`open-incident index: could not replay ${issueKey}`);
      }
      const journal = Object.fromEntries(Object.entries(current.journal).slice(REPLAY_CHUNK));
      if (Object.keys(journal).length > 0) {
        const next = RankRebuild.parse({ ...current, buckets, total, journal });
        outcome = { kind: 'continue', next };
        return [{ kind: 'set', key: RANK_REBUILD.key, value: next }];
      }
      const live = liveOf({ ...current, buckets, total }, now);
      outcome = { kind: 'switched', total, live };
      return switchWrites(live);
    });
    return committed === 'written' ? outcome : { kind: 'lost' };
  }

  /**
   * Saves rebuild progress under the index lock (`token`, null: it stayed busy), since events
   * append to the same record's journal; the record and the lock's release are one transaction.
   */
  private async saveProgress(
    gen: number,
    now: string,
    token: string | null,
    change: (current: RankRebuild) => RankRebuild,
    finish?: (next: RankRebuild) => { writes: TransactionWrite[]; outcome: StepOutcome } | undefined,
  ): Promise<StepOutcome> {
    let outcome: StepOutcome | undefined;
    const committed = await this.lockedCommit(
      now,
      async () => {
        const current = await this.storage.get(RANK_REBUILD);
        if (current === undefined || current.gen !== gen) return null;
        const next = RankRebuild.parse(change(current));
        const finished = finish?.(next);
        outcome = finished?.outcome ?? { kind: 'continue', next };
        return finished?.writes ?? [{ kind: 'set', key: RANK_REBUILD.key, value: next }];
      },
      token,
    );
    if (committed === 'none') return { kind: 'lost' };
    // Not saved (lock busy or lost): the next step redoes this one, which only rewrites the same entries.
    return committed === 'written' && outcome !== undefined ? outcome : { kind: 'continue' };
  }

  /** The write that moves `issueKey` to `order` (null: out) in generation `gen`, and the buckets after it. */
  private async changeInGeneration(
    gen: number,
    buckets: RankBucket[],
    total: number,
    issueKey: string,
    order: string | null,
    read?: { stored: StoredRankEntry | undefined },
  ): Promise<{ buckets: RankBucket[]; total: number; write?: TransactionWrite }> {
    const stored = read !== undefined ? read.stored : await this.storage.entityGet(RANK_ENTRY, entryKey(gen, issueKey));
    if ((stored?.order ?? null) === order) return { buckets, total };
    let next = buckets;
    let count = total;
    if (stored !== undefined) {
      next = withCountChange(next, stored.order, -1);
      count -= 1;
    }
    if (order === null) return { buckets: next, total: count, write: { kind: 'delete', key: entryKey(gen, issueKey), entity: RANK_ENTRY } };
    next = withCountChange(next, order, 1);
    count += 1;
    const index = bucketIndexOf(next, order);
    if (next[index]![1] > MAX_BUCKET_SIZE) next = await this.split(gen, next, index, { add: order, remove: stored?.order });
    return {
      buckets: next,
      total: count,
      write: {
        kind: 'set',
        key: entryKey(gen, issueKey),
        value: { gen, order, issueKey },
        entity: RANK_ENTRY,
        ttlSeconds: ENTRY_TTL_SECONDS,
      },
    };
  }

  /** Halves an overfull bucket at its middle order (read from the index, with the change being made). */
  private async split(gen: number, buckets: RankBucket[], index: number, change: { add: string; remove?: string }): Promise<RankBucket[]> {
    const from = buckets[index]![0];
    const end = bucketEnd(buckets, index);
    const orders: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.storage.entityQuery(RANK_ENTRY, {
        index: BY_ORDER,
        partition: [gen],
        ...(from === '' ? (end === undefined ? {} : { where: { lessThan: end } }) : { where: { greaterThanEqualTo: from } }),
        sort: 'ASC',
        limit: 100,
        ...(cursor === undefined ? {} : { cursor }),
      });
      const inBucket = page.results.map((result) => result.value.order).filter((order) => end === undefined || order < end);
      orders.push(...inBucket);
      cursor = inBucket.length < page.results.length ? undefined : page.nextCursor;
    } while (cursor !== undefined);
    const all = [...orders.filter((order) => order !== change.remove), change.add].sort();
    const half = Math.floor(all.length / 2);
    return splitBucket(buckets, index, all[half]!, all.length - half);
  }

  /** Applies changes parked while the lock was busy (the maintenance trigger calls this, so none waits long). */
  async applyParkedChanges(now: string): Promise<boolean> {
    // Looked for first without the lock: usually none is parked, and one parked after this look waits for the next writer.
    const { results } = await this.storage.entityQuery(RANK_PENDING, { index: BY_AT, sort: 'ASC', limit: 1 });
    if (results.length === 0) return true;
    return this.whileLocked(now, () => this.applyParked(now));
  }

  /** The change itself, under the lock: parked changes first, then this one. Returns whether a rebuild is wanted. */
  private async applyUnderLock(issueKey: string, order: string | null, now: string): Promise<boolean> {
    await this.applyParked(now);
    return this.applyEntry(issueKey, order, now);
  }

  private async applyEntry(issueKey: string, order: string | null, now: string): Promise<boolean> {
    const [live, rebuild] = await Promise.all([this.readLive(), this.storage.get(RANK_REBUILD)]);
    const { writes, rebuildNeeded } = await this.entryWrites(live, rebuild, issueKey, order, now);
    if (!(await this.storage.transact(writes))) throw new Error(`open-incident index: the change of ${issueKey} was refused`);
    return rebuildNeeded;
  }

  /** The writes that put `issueKey` at `order` in the live index and a running rebuild's journal (`read`: its live entry, already read). */
  private async entryWrites(
    live: LiveRanking | undefined,
    rebuild: RankRebuild | undefined,
    issueKey: string,
    order: string | null,
    now: string,
    read?: { stored: StoredRankEntry | undefined },
  ): Promise<{ writes: TransactionWrite[]; rebuildNeeded: boolean }> {
    const writes: TransactionWrite[] = [];
    if (live !== undefined) {
      const changed = await this.changeInGeneration(live.gen, live.buckets, live.total, issueKey, order, read);
      if (changed.write !== undefined) {
        writes.push(changed.write, {
          kind: 'set',
          key: LIVE_RANKING.key,
          value: LiveRanking.parse({ ...live, buckets: changed.buckets, total: changed.total, updatedAt: now }),
        });
      }
    }
    if (rebuild !== undefined) {
      const journal = { ...rebuild.journal, [issueKey]: order };
      const next =
        Object.keys(journal).length > MAX_JOURNAL
          ? { ...freshRebuild(nextGeneration(rebuild.gen), 'journal full', now), journal: {} }
          : { ...rebuild, journal };
      writes.push({ kind: 'set', key: RANK_REBUILD.key, value: RankRebuild.parse(next) });
    } else if (live === undefined) {
      // No index yet: start one, and keep this change for it.
      writes.push({
        kind: 'set',
        key: RANK_REBUILD.key,
        value: RankRebuild.parse({ ...freshRebuild(nextGeneration(undefined), 'no index', now), journal: { [issueKey]: order } }),
      });
    }
    return { writes, rebuildNeeded: rebuild !== undefined || this.needsRebuild(live, now) };
  }

  private async invalidateUnderLock(now: string): Promise<void> {
    const [live, rebuild] = await Promise.all([this.readLive(), this.storage.get(RANK_REBUILD).catch(() => undefined)]);
    const gen = nextGeneration(rebuild?.gen ?? live?.gen);
    const writes: TransactionWrite[] = [
      { kind: 'set', key: RANK_REBUILD.key, value: RankRebuild.parse(freshRebuild(gen, 'settings changed', now)) },
    ];
    if (live !== undefined)
      writes.push({
        kind: 'set',
        key: LIVE_RANKING.key,
        value: LiveRanking.parse({ ...live, outdatedSince: live.outdatedSince ?? now, updatedAt: now }),
      });
    await this.storage.transact(writes);
  }

  private async park(change: { kind: 'entry' | 'invalidate'; issueKey: string; order: string | null }, now: string): Promise<void> {
    console.warn(`open-incident index: busy, ${change.issueKey} parked for the next writer`);
    const token = `${now}#${Math.random().toString(36).slice(2)}`;
    // Keyed by issue: a later change of the same issue replaces an earlier parked one.
    await this.storage.transact([{ kind: 'set', key: change.issueKey, entity: RANK_PENDING, value: { ...change, at: now, token } }]);
  }

  /** Parked changes, oldest first, each removed only if no newer one replaced it meanwhile. */
  private async applyParked(now: string): Promise<void> {
    const { results } = await this.storage.entityQuery(RANK_PENDING, { index: BY_AT, sort: 'ASC', limit: 25 });
    for (const { key, value } of results) {
      if (value.kind === 'invalidate') await this.invalidateUnderLock(now);
      else await this.applyEntry(value.issueKey, value.order, now);
      await this.storage.transact([{ kind: 'delete', key, entity: RANK_PENDING, ifEqual: { attribute: 'token', value: value.token } }]);
    }
  }

  /** Runs `work` holding the index lock; false when the lock stayed taken for every attempt. */
  /**
   * Runs `work` holding the index lock (`token` when already taken; null: it stayed busy) and
   * commits the writes it returns with the lock's release in one transaction, so they land only
   * while this holder still holds the lock. 'none': work had nothing to write; 'lost': the lock
   * had expired and passed on, and nothing was written.
   */
  private async lockedCommit(
    now: string,
    work: () => Promise<TransactionWrite[] | null>,
    token?: string | null,
  ): Promise<'written' | 'none' | 'busy' | 'lost'> {
    const held = token === undefined ? await this.takeLock(now) : token;
    if (held === null) return 'busy';
    let committed = false;
    try {
      const writes = await work();
      if (writes === null) return 'none';
      committed = true;
      return (await this.storage.transact([
        ...writes,
        { kind: 'delete', key: INDEX_LOCK, entity: RANK_LOCK, ifEqual: { attribute: 'token', value: held } },
      ]))
        ? 'written'
        : 'lost';
    } catch (error) {
      committed = false;
      throw error;
    } finally {
      if (!committed) await this.releaseLock(held);
    }
  }

  private async whileLocked(now: string, work: () => Promise<void>): Promise<boolean> {
    const token = await this.takeLock(now);
    if (token === null) return false;
    try {
      await work();
      return true;
    } finally {
      await this.releaseLock(token);
    }
  }
}

/**
 * A generation number unlikely ever to have been used (random in the 32-bit integer range KVS
 * allows for an integer attribute, and not the previous one): even when the summary was lost
 * (unreadable, deleted) a new generation must not land in a partition that still holds an older
 * generation's entries (they stay until their TTL), which a counter kept in the lost summary
 * could not promise.
 */
function nextGeneration(previous: number | undefined): number {
  for (;;) {
    const gen = 1 + Math.floor(Math.random() * 2_147_483_646);
    if (gen !== previous) return gen;
  }
}

function freshRebuild(gen: number, reason: string, now: string): RankRebuild {
  return {
    version: 2,
    gen,
    reason,
    requestedAt: now,
    startedAt: null,
    phase: 'search',
    pageToken: null,
    searched: 0,
    scanCursor: null,
    total: 0,
    buckets: emptyBuckets(),
    journal: {},
  };
}

function rankEntriesOf(
  issues: readonly Parameters<typeof incidentFromJiraIssue>[0][],
  settings: PrioritySettings,
  fieldMap: IncidentFieldMap,
): RankEntry[] {
  const entries: RankEntry[] = [];
  for (const issue of issues) {
    try {
      const incident = incidentFromJiraIssue(issue, fieldMap);
      if (isOpenIncident(incident)) entries.push(rankEntryOf(incident, settings));
    } catch (error) {
      // One malformed issue must not keep every other incident unranked.
      if (!(error instanceof IncidentMappingError)) throw error;
      console.warn(`open-incident index: skipped ${error.issueKey}: ${error.message}`);
    }
  }
  return entries;
}

interface RankReads {
  readonly gen: number;
  /** The first order of the bucket the subject falls in, as the reads saw the buckets. */
  readonly from: string;
  readonly stored: StoredRankEntry | undefined;
  readonly inBucketBefore: number;
  readonly aboveCandidates: readonly { value: { issueKey: string } }[];
  readonly belowCandidates: readonly { value: { issueKey: string } }[];
}

/** The rank from the reads; null when `live` is not the summary they were made against (another generation, or the bucket split since). */
function rankFrom(live: LiveRanking, subject: RankEntry, reads: RankReads): IndexRank | null {
  const index = bucketIndexOf(live.buckets, rankOrderKey(subject));
  if (live.gen !== reads.gen || live.buckets[index]![0] !== reads.from) return null;
  const { stored, inBucketBefore, from } = reads;
  const storedEarlier = stored !== undefined && stored.order < from ? 1 : 0;
  const total = live.total - (stored === undefined ? 0 : 1) + 1;
  const position = Math.min(total, Math.max(1, countBefore(live.buckets, index) - storedEarlier + inBucketBefore + 1));
  const other = (results: readonly { value: { issueKey: string } }[]) =>
    results.find((result) => result.value.issueKey !== subject.key)?.value.issueKey ?? null;
  return { position, total, above: other(reads.aboveCandidates), below: other(reads.belowCandidates) };
}

type StepOutcome = { kind: 'continue'; next?: RankRebuild } | { kind: 'switched'; total: number; live: LiveRanking } | { kind: 'lost' };

/** The live summary a finished rebuild switches to. */
function liveOf(rebuild: RankRebuild, now: string): LiveRanking {
  return LiveRanking.parse({
    version: 2,
    gen: rebuild.gen,
    builtAt: rebuild.startedAt ?? rebuild.requestedAt,
    updatedAt: now,
    outdatedSince: null,
    total: rebuild.total,
    buckets: rebuild.buckets,
  });
}

/** The switch: the new generation becomes the live one and the rebuild record goes, in one transaction. */
function switchWrites(live: LiveRanking): TransactionWrite[] {
  return [
    { kind: 'set', key: LIVE_RANKING.key, value: live },
    { kind: 'delete', key: RANK_REBUILD.key },
  ];
}

/** The value of work done while the lock was being taken; when either failed, a lock that was taken is released and the failure thrown. */
async function settledWithLock<T>(
  work: PromiseSettledResult<T>,
  taking: PromiseSettledResult<string | null>,
  release: (token: string) => Promise<void>,
): Promise<T> {
  if (work.status === 'fulfilled' && taking.status === 'fulfilled') return work.value;
  if (taking.status === 'fulfilled' && taking.value !== null) await release(taking.value);
  throw work.status === 'rejected' ? work.reason : (taking as PromiseRejectedResult).reason;
}
