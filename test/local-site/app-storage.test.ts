import { Filter, FilterConditions, ForgeKvsAPIError, kvs, Sort, WhereConditions } from '@forge/kvs';
import { z } from 'zod';
import { AppStorage, StoredValueInvalidError, storageEntity } from '../../src/adapters/storage/app-storage';
import { isProductApiError } from '../../src/adapters/http/product-api-error';
import { startLocalForge, type LocalForge } from '../support/local-forge';

interface Incident {
  project: string;
  rank: number;
  status: string;
  tags?: string[];
}

describe('app storage honours the @forge/kvs contract (real client, local store)', () => {
  let forge: LocalForge;
  let now = new Date('2026-11-26T12:00:00.000Z');
  beforeEach(async () => {
    now = new Date('2026-11-26T12:00:00.000Z');
    forge = await startLocalForge({
      clock: () => now,
      entities: [
        {
          name: 'incident-rank',
          attributes: { project: { type: 'string' }, rank: { type: 'integer' }, status: { type: 'string' }, tags: { type: 'any' } },
          indexes: [
            { name: 'by-project-rank', partition: ['project'], range: ['rank'] },
            { name: 'status', range: ['status'] },
          ],
        },
      ],
    });
  });
  afterEach(() => forge.dispose());

  it('gets, sets and deletes values, with metadata on request', async () => {
    await kvs.set('settings:matrix', { size: 3 });
    expect(await kvs.get('settings:matrix')).toEqual({ size: 3 });
    const withMeta = await kvs.get('settings:matrix', { metadataFields: ['CREATED_AT' as never, 'UPDATED_AT' as never] });
    expect(withMeta).toEqual({ key: 'settings:matrix', value: { size: 3 }, createdAt: now.getTime(), updatedAt: now.getTime() });
    await kvs.delete('settings:matrix');
    expect(await kvs.get('settings:matrix')).toBeUndefined();
    expect(forge.site.storage.peek('settings:matrix')).toBeUndefined();
  });

  it('keeps secrets apart from plain values', async () => {
    await kvs.setSecret('token', 'abc');
    expect(await kvs.getSecret('token')).toBe('abc');
    expect(await kvs.get('token')).toBeUndefined();
    await kvs.deleteSecret('token');
    expect(await kvs.getSecret('token')).toBeUndefined();
  });

  it("rejects keys outside Forge's key rule with a ForgeKvsAPIError", async () => {
    const error = await kvs.set('issue/INC-1', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect((error as ForgeKvsAPIError).code).toBe('VALIDATION_ERROR');
  });

  it('honours keyPolicy FAIL_IF_EXISTS and returns the previous value on request', async () => {
    await kvs.set('lock:setup', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    const error = await kvs.set('lock:setup', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect(await kvs.get('lock:setup')).toBe('first');
    const previous = await kvs.set('lock:setup', 'third', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(previous).toEqual({ key: 'lock:setup', value: 'first' });
  });

  it('expires values after their TTL by the site clock', async () => {
    await kvs.set('cache:ranks', [1, 2], { ttl: { value: 5, unit: 'MINUTES' } });
    now = new Date(now.getTime() + 4 * 60_000);
    expect(await kvs.get('cache:ranks')).toEqual([1, 2]);
    now = new Date(now.getTime() + 2 * 60_000);
    expect(await kvs.get('cache:ranks')).toBeUndefined();
  });

  it('queries keys by prefix in key order, page by page with a cursor', async () => {
    for (const n of [3, 1, 2, 5, 4]) await kvs.set(`incident:INC-${n}`, n);
    await kvs.set('settings:x', 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let query = kvs.query().where('key', WhereConditions.beginsWith('incident:')).limit(2);
      if (cursor) query = query.cursor(cursor);
      const page = await query.getMany<number>();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['incident:INC-1', 'incident:INC-2', 'incident:INC-3', 'incident:INC-4', 'incident:INC-5']);
  });

  it('queries custom entities by partition, range, filters and sort', async () => {
    const ranks = kvs.entity<Incident>('incident-rank');
    await ranks.set('INC-1', { project: 'INC', rank: 3, status: 'open', tags: ['sla'] });
    await ranks.set('INC-2', { project: 'INC', rank: 1, status: 'open' });
    await ranks.set('INC-3', { project: 'INC', rank: 2, status: 'resolved' });
    await ranks.set('OPS-1', { project: 'OPS', rank: 1, status: 'open' });

    const ordered = await ranks
      .query()
      .index('by-project-rank', { partition: ['INC'] })
      .sort(Sort.DESC)
      .getMany();
    expect(ordered.results.map((r) => r.key)).toEqual(['INC-1', 'INC-3', 'INC-2']);

    const topTwo = await ranks
      .query()
      .index('by-project-rank', { partition: ['INC'] })
      .where(WhereConditions.lessThanEqualTo(2))
      .getMany();
    expect(topTwo.results.map((r) => r.key)).toEqual(['INC-2', 'INC-3']);

    const openOnes = await ranks
      .query()
      .index('by-project-rank', { partition: ['INC'] })
      .filters(new Filter<Incident>().and('status', FilterConditions.equalTo('open')).and('tags', FilterConditions.notExists()))
      .getMany();
    expect(openOnes.results.map((r) => r.key)).toEqual(['INC-2']);

    const first = await ranks.query().index('status').where(WhereConditions.equalTo('open')).limit(2).getMany();
    const rest = await ranks.query().index('status').where(WhereConditions.equalTo('open')).limit(2).cursor(first.nextCursor!).getMany();
    expect([...first.results, ...rest.results].map((r) => r.key).sort()).toEqual(['INC-1', 'INC-2', 'OPS-1']);
    expect(rest.nextCursor).toBeUndefined();
  });

  it('rejects entity values that break the declared attribute types', async () => {
    const error = await kvs
      .entity<{ rank: string }>('incident-rank')
      .set('INC-9', { rank: 'first' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForgeKvsAPIError);
    expect((error as ForgeKvsAPIError).message).toMatch(/rank.*integer/);
  });

  it('applies a transaction all-or-nothing, honouring its conditions', async () => {
    const ranks = kvs.entity<Incident>('incident-rank');
    await ranks.set('INC-1', { project: 'INC', rank: 1, status: 'open' });

    const failing = await kvs
      .transact()
      .set('settings:version', 2)
      .check('INC-1', {
        entityName: 'incident-rank',
        conditions: new Filter<Incident>().and('status', FilterConditions.equalTo('resolved')),
      })
      .execute()
      .catch((e: unknown) => e);
    expect(failing).toBeInstanceOf(ForgeKvsAPIError);
    expect(await kvs.get('settings:version')).toBeUndefined();

    await kvs
      .transact()
      .set('settings:version', 2)
      .set<Incident>(
        'INC-1',
        { project: 'INC', rank: 2, status: 'open' },
        { entityName: 'incident-rank', conditions: new Filter<Incident>().and('rank', FilterConditions.equalTo(1)) },
      )
      .execute();
    expect(await kvs.get('settings:version')).toBe(2);
    expect(await ranks.get('INC-1')).toEqual({ project: 'INC', rank: 2, status: 'open' });
  });

  it('sets, gets and deletes in batches, reporting failures per key', async () => {
    const set = await kvs.batchSet([
      { key: 'a', value: 1 },
      { key: 'bad/key', value: 2 },
    ]);
    expect(set.successfulKeys).toEqual([{ key: 'a' }]);
    expect(set.failedKeys).toEqual([
      expect.objectContaining({ key: 'bad/key', error: expect.objectContaining({ code: 'VALIDATION_ERROR' }) }),
    ]);
    const got = await kvs.batchGet([{ key: 'a' }, { key: 'missing' }]);
    expect(got.successfulKeys).toEqual([expect.objectContaining({ key: 'a', value: 1 })]);
    expect(got.failedKeys).toEqual([
      expect.objectContaining({ key: 'missing', error: expect.objectContaining({ code: 'KEY_NOT_FOUND' }) }),
    ]);
    await kvs.batchDelete([{ key: 'a' }]);
    expect(forge.site.storage.dump()).toEqual({});
  });

  describe('AppStorage secrets (Forge secret storage over kvs.getSecret/setSecret/deleteSecret)', () => {
    const KEY = 'statuspage:api-key';
    const VALUE = 'sp-secret-4f2a9c';
    const storage = () => new AppStorage(undefined, { sleep: async () => {} });

    it('stores, reads and deletes a secret apart from plain values; queries never return it', async () => {
      await storage().setSecret(KEY, VALUE);
      expect(await storage().getSecret(KEY)).toBe(VALUE);
      expect(await kvs.get(KEY)).toBeUndefined();
      const listed = await kvs.query().where('key', WhereConditions.beginsWith('statuspage')).getMany();
      expect(listed.results).toEqual([]);
      await storage().deleteSecret(KEY);
      expect(await storage().getSecret(KEY)).toBeUndefined();
    });

    it('refuses an empty secret and a bad key without echoing the value', async () => {
      const empty = await storage()
        .setSecret(KEY, '')
        .catch((e: unknown) => e);
      expect(empty).toBeInstanceOf(StoredValueInvalidError);
      await expect(storage().getSecret('bad/key')).rejects.toThrow(/Invalid storage key "bad\/key"/);
    });

    it('names the key, never the value, when a stored secret has the wrong shape or storage is down', async () => {
      await kvs.setSecret(KEY, { token: VALUE });
      const wrongShape = await storage()
        .getSecret(KEY)
        .catch((e: unknown) => e);
      expect(wrongShape).toBeInstanceOf(StoredValueInvalidError);
      expect(String((wrongShape as Error).message)).toContain(KEY);
      expect(String((wrongShape as Error).message)).not.toContain(VALUE);
      await kvs.setSecret(KEY, VALUE);
      forge.site.faults.inject({ match: { pathPrefix: '/api/v1/secret/' }, kind: '503', times: 5 });
      const down = await storage()
        .getSecret(KEY)
        .catch((e: unknown) => e);
      expect(isProductApiError(down, 'unavailable')).toBe(true);
      expect(
        JSON.stringify({ message: (down as Error).message, details: (down as { details?: unknown }).details }, (_k, v: unknown) =>
          v instanceof Error ? v.message : v,
        ),
      ).not.toContain(VALUE);
    });
  });
});

describe("AppStorage entity operations over the real client (the ranking index's entities from manifest.yml)", () => {
  let forge: LocalForge;
  let now = new Date('2026-11-26T12:00:00.000Z');
  beforeEach(async () => {
    now = new Date('2026-11-26T12:00:00.000Z');
    forge = await startLocalForge({ clock: () => now });
  });
  afterEach(() => forge.dispose());

  const lockEntity = storageEntity('open-incident-rank-lock', z.object({ token: z.string(), takenAt: z.string() }));
  const rankEntity = storageEntity('open-incident-rank', z.object({ gen: z.number().int(), order: z.string(), issueKey: z.string() }));

  it("takes a lock once, and releases it only while it still holds the holder's token", async () => {
    const storage = new AppStorage();
    expect(await storage.entitySetIfAbsent(lockEntity, 'index', { token: 'a', takenAt: now.toISOString() }, 10)).toBe(true);
    expect(await storage.entitySetIfAbsent(lockEntity, 'index', { token: 'b', takenAt: now.toISOString() }, 10)).toBe(false);
    // A's TTL runs out and B takes the lock: A's late release must leave B's lock alone.
    now = new Date(now.getTime() + 11_000);
    expect(await storage.entitySetIfAbsent(lockEntity, 'index', { token: 'b', takenAt: now.toISOString() }, 10)).toBe(true);
    expect(
      await storage.transact([{ kind: 'delete', key: 'index', entity: lockEntity, ifEqual: { attribute: 'token', value: 'a' } }]),
    ).toBe(false);
    expect(await storage.entityGet(lockEntity, 'index')).toMatchObject({ token: 'b' });
    expect(
      await storage.transact([{ kind: 'delete', key: 'index', entity: lockEntity, ifEqual: { attribute: 'token', value: 'b' } }]),
    ).toBe(true);
    expect(await storage.entityGet(lockEntity, 'index')).toBeUndefined();
  });

  it('writes entities in batches with a TTL, and ranges over an index within one partition', async () => {
    const storage = new AppStorage();
    const items = Array.from({ length: 60 }, (_, i) => ({
      key: `1.INC-${i + 1}`,
      value: { gen: 1, order: `o${String(i).padStart(3, '0')}`, issueKey: `INC-${i + 1}` },
    }));
    await storage.entityBatchSet(rankEntity, [...items, { key: '2.INC-1', value: { gen: 2, order: 'o000', issueKey: 'INC-1' } }], 60);
    const below = await storage.entityQuery(rankEntity, {
      index: 'by-order',
      partition: [1],
      where: { lessThan: 'o010' },
      sort: 'DESC',
      limit: 2,
    });
    expect(below.results.map((r) => r.value.order)).toEqual(['o009', 'o008']);
    const inRange = await storage.entityQuery(rankEntity, {
      index: 'by-order',
      partition: [1],
      where: { between: ['o010', 'o019'] },
      limit: 100,
    });
    expect(inRange.results).toHaveLength(10);
    const above = await storage.entityQuery(rankEntity, { index: 'by-order', partition: [1], where: { greaterThan: 'o058' }, limit: 5 });
    expect(above.results.map((r) => r.key)).toEqual(['1.INC-60']);
    now = new Date(now.getTime() + 61_000);
    expect((await storage.entityQuery(rankEntity, { index: 'by-order', partition: [1], limit: 100 })).results).toEqual([]);
  });
});
