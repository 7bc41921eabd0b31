import { kvs, Filter, FilterConditions, ForgeKvsAPIError, Sort, WhereConditions } from '@forge/kvs';
import type { z } from 'zod';
import { ProductApiError, describeZodIssues } from '../http/product-api-error';

/**
 * One typed key of app storage: the key string and the zod schema its value must satisfy.
 * Declare keys next to the feature that owns them, e.g.
 * `export const FIELD_MAP = storageKey('setup:incident-field-map', IncidentFieldMap)`.
 */
export interface StorageKey<S extends z.ZodType> {
  readonly key: string;
  readonly schema: S;
}

export function storageKey<S extends z.ZodType>(key: string, schema: S): StorageKey<S> {
  checkKey(key);
  return { key, schema };
}

function checkKey(key: string): void {
  // Forge KVS keys are at most 500 characters and match /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/.
  if (key.length === 0 || key.length > 500 || !/^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/.test(key)) {
    throw new Error(`Invalid storage key "${key}": use 1–500 of a-z A-Z 0-9 : . _ - # and spaces`);
  }
}

/** A stored value no longer matches its schema (an old version's shape, or a hand edit). */
export class StoredValueInvalidError extends Error {
  override readonly name = 'StoredValueInvalidError';
  constructor(
    readonly key: string,
    readonly issues: readonly string[],
  ) {
    super(`Stored value "${key}" is invalid: ${issues.slice(0, 3).join('; ')}`);
  }
}

/**
 * One custom entity of app storage (declared in manifest.yml under `app.storage.entities`): its
 * name and the zod schema of its values. Entities carry typed attributes that indexes range over.
 */
export interface StorageEntity<S extends z.ZodType> {
  readonly name: string;
  readonly schema: S;
}

export function storageEntity<S extends z.ZodType>(name: string, schema: S): StorageEntity<S> {
  // Forge: entity names are 3–60 characters.
  if (name.length < 3 || name.length > 60 || !/^[a-z0-9:._-]+$/.test(name))
    throw new Error(`Invalid entity name "${name}": use 3–60 of a-z 0-9 : . _ -`);
  return { name, schema };
}

/** A range condition on an index, as @forge/kvs's WhereConditions. */
export type EntityRange = { lessThan: string } | { greaterThan: string } | { between: [string, string] } | { greaterThanEqualTo: string };

export interface EntityQuery {
  readonly index: string;
  readonly partition?: readonly (string | number)[];
  readonly where?: EntityRange;
  readonly sort?: 'ASC' | 'DESC';
  /** 1–100 (Forge's bound on one page). */
  readonly limit?: number;
  readonly cursor?: string;
}

/** One write of a transaction: a set, or a delete made only while an attribute still holds a value. */
export type TransactionWrite =
  | {
      readonly kind: 'set';
      readonly key: string;
      readonly value: unknown;
      readonly entity?: StorageEntity<z.ZodType>;
      readonly ttlSeconds?: number;
    }
  | {
      readonly kind: 'delete';
      readonly key: string;
      readonly entity?: StorageEntity<z.ZodType>;
      readonly ifEqual?: { readonly attribute: string; readonly value: string };
    };

/** `setIfAbsent` found the key already set. */
export class StorageKeyExistsError extends Error {
  override readonly name = 'StorageKeyExistsError';
  constructor(readonly key: string) {
    super(`Storage key "${key}" already exists`);
  }
}

/** The subset of @forge/kvs the app uses; tests may pass an in-memory implementation. */
export interface KeyValueStore {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(
    key: string,
    value: T,
    options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS'; ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' } },
  ): Promise<void>;
  delete(key: string): Promise<void>;
  /** Forge secret storage: encrypted, never returned by queries. */
  getSecret<T>(key: string): Promise<T | undefined>;
  setSecret<T>(key: string, value: T): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

/**
 * Typed app storage over Forge KVS. Values are parsed with their key's schema on the way in and
 * on the way out, so a bad shape fails where it is written or names the key where it is read.
 */
export interface AppStorageOptions {
  /** Waits between attempts after a transient KVS error; injectable so tests run fast. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Waits before the 2nd and 3rd attempt: short, since KVS answers in milliseconds and resolvers have 25 s. */
const TRANSIENT_RETRY_DELAYS_MS = [150, 400];

export class AppStorage {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: KeyValueStore = kvs,
    options: AppStorageOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Undefined when the key is not set. @throws StoredValueInvalidError when the stored value breaks the schema. */
  async get<S extends z.ZodType>(entry: StorageKey<S>): Promise<z.output<S> | undefined> {
    const raw = await this.transient('get', entry.key, 'any', () => this.store.get<unknown>(entry.key));
    if (raw === undefined) return undefined;
    const parsed = entry.schema.safeParse(raw);
    if (!parsed.success) throw new StoredValueInvalidError(entry.key, describeZodIssues(parsed.error, entry.key));
    return parsed.data;
  }

  async getOr<S extends z.ZodType>(entry: StorageKey<S>, fallback: z.output<S>): Promise<z.output<S>> {
    return (await this.get(entry)) ?? fallback;
  }

  /** `ttlSeconds`: KVS deletes the value that long after this write (for caches that must not pile up). */
  async set<S extends z.ZodType>(entry: StorageKey<S>, value: z.input<S>, options: { ttlSeconds?: number } = {}): Promise<void> {
    const validated = this.validated(entry, value);
    const { ttlSeconds } = options;
    await this.transient('set', entry.key, 'any', () =>
      ttlSeconds === undefined
        ? this.store.set(entry.key, validated)
        : this.store.set(entry.key, validated, { keyPolicy: 'OVERRIDE', ttl: { value: ttlSeconds, unit: 'SECONDS' } }),
    );
  }

  /**
   * Writes only if the key is unset (KVS `keyPolicy: 'FAIL_IF_EXISTS'`), so two concurrent
   * invocations cannot both claim it: the basis for once-only work (e.g. one postmortem per incident).
   * @returns true when this call wrote the value, false when the key already existed.
   */
  async setIfAbsent<S extends z.ZodType>(entry: StorageKey<S>, value: z.input<S>, ttlSeconds?: number): Promise<boolean> {
    const validated = this.validated(entry, value);
    try {
      // Only a 429 is retried: after a 5xx the first write may have landed, and a retry would then
      // see the key taken by ourselves and report it as someone else's claim.
      await this.transient('set', entry.key, 'rateLimitOnly', () =>
        this.store.set(entry.key, validated, {
          keyPolicy: 'FAIL_IF_EXISTS',
          ...(ttlSeconds === undefined ? {} : { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } }),
        }),
      );
      return true;
    } catch (error) {
      if (isKeyExistsError(error)) return false;
      throw error;
    }
  }

  async delete(entry: StorageKey<z.ZodType>): Promise<void> {
    await this.transient('delete', entry.key, 'any', () => this.store.delete(entry.key));
  }

  /**
   * Plain keys starting with `prefix` (KVS `query().where('key', beginsWith)`), values parsed with
   * `schema`; one page of at most `limit` (1–100). A value that breaks the schema is skipped, not
   * thrown: a listing shows what it can read.
   */
  async queryPrefix<S extends z.ZodType>(
    prefix: string,
    schema: S,
    options: { limit?: number; cursor?: string } = {},
  ): Promise<{ results: { key: string; value: z.output<S> }[]; nextCursor?: string }> {
    checkKey(prefix);
    const page = await this.transient('query', prefix, 'any', () => {
      let builder = kvs
        .query()
        .where('key', WhereConditions.beginsWith(prefix))
        .limit(options.limit ?? 100);
      if (options.cursor !== undefined) builder = builder.cursor(options.cursor);
      return builder.getMany<unknown>();
    });
    const results: { key: string; value: z.output<S> }[] = [];
    for (const result of page.results) {
      const parsed = schema.safeParse(result.value);
      if (parsed.success) results.push({ key: result.key, value: parsed.data });
    }
    return { results, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Undefined when the entity has no value under `key`. @throws StoredValueInvalidError when the value breaks the schema. */
  async entityGet<S extends z.ZodType>(entity: StorageEntity<S>, key: string): Promise<z.output<S> | undefined> {
    const raw = await this.transient('entity get', `${entity.name}/${key}`, 'any', () => kvs.entity<unknown>(entity.name).get(key));
    if (raw === undefined) return undefined;
    return this.parsedEntity(entity, key, raw);
  }

  /** Entity version of setIfAbsent: true when this call wrote the value, false when the key was taken. */
  async entitySetIfAbsent<S extends z.ZodType>(
    entity: StorageEntity<S>,
    key: string,
    value: z.input<S>,
    ttlSeconds: number,
  ): Promise<boolean> {
    const validated = this.validated({ key: `${entity.name}/${key}`, schema: entity.schema }, value);
    try {
      await this.transient('entity set', `${entity.name}/${key}`, 'rateLimitOnly', () =>
        kvs.entity<unknown>(entity.name).set(key, validated, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: ttlSeconds, unit: 'SECONDS' } }),
      );
      return true;
    } catch (error) {
      if (isKeyExistsError(error)) return false;
      throw error;
    }
  }

  /** One page of an index query, values parsed with the entity's schema. */
  async entityQuery<S extends z.ZodType>(
    entity: StorageEntity<S>,
    query: EntityQuery,
  ): Promise<{ results: { key: string; value: z.output<S> }[]; nextCursor?: string }> {
    const page = await this.transient('entity query', `${entity.name}/${query.index}`, 'any', () => {
      let builder = kvs
        .entity<Record<string, unknown>>(entity.name)
        .query()
        .index(query.index, query.partition === undefined ? undefined : { partition: [...query.partition] });
      if (query.where !== undefined) builder = builder.where(whereClause(query.where));
      if (query.sort !== undefined) builder = builder.sort(query.sort === 'DESC' ? Sort.DESC : Sort.ASC);
      if (query.cursor !== undefined) builder = builder.cursor(query.cursor);
      return builder.limit(query.limit ?? 100).getMany();
    });
    return {
      results: page.results.map((result) => ({ key: result.key, value: this.parsedEntity(entity, result.key, result.value) })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * Sets many values of one entity, 25 to a request (Forge's batch bound). Batches are not atomic:
   * use them only where a partial write is harmless (a rebuild that resumes and rewrites).
   * @throws ProductApiError when some key could not be written.
   */
  async entityBatchSet<S extends z.ZodType>(
    entity: StorageEntity<S>,
    items: readonly { key: string; value: z.input<S> }[],
    ttlSeconds?: number,
  ): Promise<void> {
    const starts = Array.from({ length: Math.ceil(items.length / 25) }, (_, i) => i * 25);
    // The batches are independent, so they go together (a few per call site: well under KVS's request rate).
    await Promise.all(starts.map((start) => this.batchSetChunk(entity, items.slice(start, start + 25), ttlSeconds)));
  }

  private async batchSetChunk<S extends z.ZodType>(
    entity: StorageEntity<S>,
    items: readonly { key: string; value: z.input<S> }[],
    ttlSeconds?: number,
  ): Promise<void> {
    const chunk = items.map((item) => ({
      entityName: entity.name,
      key: item.key,
      value: this.validated({ key: `${entity.name}/${item.key}`, schema: entity.schema }, item.value),
      ...(ttlSeconds === undefined ? {} : { options: { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } } }),
    }));
    const result = await this.transient('batch set', entity.name, 'any', () => kvs.batchSet(chunk));
    if (result.failedKeys.length > 0) {
      const first = result.failedKeys[0]!;
      throw new ProductApiError(
        'unavailable',
        `App storage did not write ${result.failedKeys.length} of ${chunk.length} values of ${entity.name} (first: ${first.key}: ` +
          `${first.error.code} ${first.error.message}).`,
        {
          product: 'storage',
          method: 'batch set',
          path: entity.name,
        },
      );
    }
  }

  /**
   * Applies every write or none (a KVS transaction: at most 25 operations). A delete with
   * `ifEqual` happens only while the entity's attribute still holds that value; when such a
   * condition fails nothing is written and the answer is false.
   */
  async transact(writes: readonly TransactionWrite[]): Promise<boolean> {
    if (writes.length === 0) return true;
    let transaction = kvs.transact();
    for (const write of writes) {
      if (write.kind === 'set') {
        const value =
          write.entity === undefined
            ? write.value
            : this.validated({ key: `${write.entity.name}/${write.key}`, schema: write.entity.schema }, write.value as never);
        const options = write.ttlSeconds === undefined ? undefined : { ttl: { value: write.ttlSeconds, unit: 'SECONDS' as const } };
        transaction = transaction.set(
          write.key,
          value,
          write.entity === undefined ? undefined : { entityName: write.entity.name },
          options,
        );
      } else {
        const conditions =
          write.ifEqual === undefined
            ? undefined
            : new Filter<Record<string, unknown>>().and(write.ifEqual.attribute, FilterConditions.equalTo(write.ifEqual.value));
        transaction = transaction.delete(
          write.key,
          write.entity === undefined ? undefined : { entityName: write.entity.name, ...(conditions ? { conditions } : {}) },
        );
      }
    }
    try {
      // Only a 429 is retried: after a 5xx the transaction may have been applied.
      await this.transient('transaction', writes.map((write) => write.key).join(','), 'rateLimitOnly', () => transaction.execute());
      return true;
    } catch (error) {
      if (isConditionFailedError(error)) return false;
      throw error;
    }
  }

  private parsedEntity<S extends z.ZodType>(entity: StorageEntity<S>, key: string, raw: unknown): z.output<S> {
    const parsed = entity.schema.safeParse(raw);
    if (!parsed.success)
      throw new StoredValueInvalidError(`${entity.name}/${key}`, describeZodIssues(parsed.error, `${entity.name}/${key}`));
    return parsed.data;
  }

  /**
   * A secret (API key, token) from Forge secret storage (`kvs.getSecret`), kept apart from plain
   * values: encrypted at rest and never returned by queries. Callers must not return it to the
   * browser or log it; a resolver answers only whether one is set.
   */
  async getSecret(name: string): Promise<string | undefined> {
    checkKey(name);
    const raw = await this.transient('getSecret', name, 'any', () => this.store.getSecret<unknown>(name));
    if (raw === undefined) return undefined;
    // Never echo the stored value in the error: it is a secret.
    if (typeof raw !== 'string')
      throw new StoredValueInvalidError(name, [`${name}: expected a string secret, got ${raw === null ? 'null' : typeof raw}`]);
    return raw;
  }

  async setSecret(name: string, value: string): Promise<void> {
    checkKey(name);
    if (value.length === 0) throw new StoredValueInvalidError(name, [`${name}: a secret cannot be empty; delete it instead`]);
    await this.transient('setSecret', name, 'any', () => this.store.setSecret(name, value));
  }

  async deleteSecret(name: string): Promise<void> {
    checkKey(name);
    await this.transient('deleteSecret', name, 'any', () => this.store.deleteSecret(name));
  }

  /**
   * KVS answers 429 when the installation's storage rate is exceeded and 5xx on a platform fault;
   * both pass in moments. Retry them a few times, then report `unavailable` / `rateLimited` so a
   * resolver answers "try again" (UNAVAILABLE) rather than "unexpected error".
   */
  private async transient<T>(method: string, key: string, retryOn: 'any' | 'rateLimitOnly', call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const status = error instanceof ForgeKvsAPIError ? error.responseDetails.status : undefined;
        const transient = status === 429 || (status !== undefined && status >= 500);
        if (!transient) throw error;
        const delay = status === 429 || retryOn === 'any' ? TRANSIENT_RETRY_DELAYS_MS[attempt] : undefined;
        if (delay === undefined) {
          throw new ProductApiError(
            status === 429 ? 'rateLimited' : 'unavailable',
            `App storage is busy or unavailable (HTTP ${status} on ${method} "${key}"); try again in a moment.`,
            {
              product: 'storage',
              method,
              path: key,
              status,
              cause: error,
            },
          );
        }
        await this.sleep(delay);
      }
    }
  }

  private validated<S extends z.ZodType>(entry: StorageKey<S>, value: z.input<S>): z.output<S> {
    const parsed = entry.schema.safeParse(value);
    if (!parsed.success) throw new StoredValueInvalidError(entry.key, describeZodIssues(parsed.error, entry.key));
    return parsed.data;
  }
}

/**
 * KVS reports a FAIL_IF_EXISTS clash as an API error. The SDK's types do not name the code; a
 * third-party write-up reports `KEY_CONFLICT` with HTTP 409 (unverified on a real site), so any
 * 409 counts.
 */
function isKeyExistsError(error: unknown): boolean {
  if (!(error instanceof ForgeKvsAPIError)) return false;
  return error.code === 'KEY_CONFLICT' || error.responseDetails.status === 409;
}

function whereClause(range: EntityRange) {
  if ('lessThan' in range) return WhereConditions.lessThan(range.lessThan);
  if ('greaterThan' in range) return WhereConditions.greaterThan(range.greaterThan);
  if ('greaterThanEqualTo' in range) return WhereConditions.greaterThanEqualTo(range.greaterThanEqualTo);
  return WhereConditions.between(range.between[0], range.between[1]);
}

/**
 * A transaction whose condition failed. Forge's error reference does not list the code; the local
 * store answers 409 CONDITIONAL_CHECK_FAILED, so any 409 that is not a key clash counts.
 */
function isConditionFailedError(error: unknown): boolean {
  if (!(error instanceof ForgeKvsAPIError)) return false;
  return error.code === 'CONDITIONAL_CHECK_FAILED' || (error.responseDetails.status === 409 && !isKeyExistsError(error));
}
