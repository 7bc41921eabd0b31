import { kvs, ForgeKvsAPIError } from '@forge/kvs';
import type { z } from 'zod';
import { describeZodIssues } from '../http/product-api-error';

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
  // Forge KVS keys are at most 500 characters and match /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/.
  if (key.length === 0 || key.length > 500 || !/^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/.test(key)) {
    throw new Error(`Invalid storage key "${key}": use 1–500 of a-z A-Z 0-9 : . _ - # and spaces`);
  }
  return { key, schema };
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
  set<T>(key: string, value: T, options?: { keyPolicy: 'OVERRIDE' | 'FAIL_IF_EXISTS'; ttl?: { value: number; unit: 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS' } }): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Typed app storage over Forge KVS. Values are parsed with their key's schema on the way in and
 * on the way out, so a bad shape fails where it is written or names the key where it is read.
 */
export class AppStorage {
  constructor(private readonly store: KeyValueStore = kvs) {}

  /** Undefined when the key is not set. @throws StoredValueInvalidError when the stored value breaks the schema. */
  async get<S extends z.ZodType>(entry: StorageKey<S>): Promise<z.output<S> | undefined> {
    const raw = await this.store.get<unknown>(entry.key);
    if (raw === undefined) return undefined;
    const parsed = entry.schema.safeParse(raw);
    if (!parsed.success) throw new StoredValueInvalidError(entry.key, describeZodIssues(parsed.error, entry.key));
    return parsed.data;
  }

  async getOr<S extends z.ZodType>(entry: StorageKey<S>, fallback: z.output<S>): Promise<z.output<S>> {
    return (await this.get(entry)) ?? fallback;
  }

  async set<S extends z.ZodType>(entry: StorageKey<S>, value: z.input<S>): Promise<void> {
    await this.store.set(entry.key, this.validated(entry, value));
  }

  /**
   * Writes only if the key is unset (KVS `keyPolicy: 'FAIL_IF_EXISTS'`), so two concurrent
   * invocations cannot both claim it: the basis for once-only work (e.g. one postmortem per incident).
   * @returns true when this call wrote the value, false when the key already existed.
   */
  async setIfAbsent<S extends z.ZodType>(entry: StorageKey<S>, value: z.input<S>, ttlSeconds?: number): Promise<boolean> {
    try {
      await this.store.set(entry.key, this.validated(entry, value), {
        keyPolicy: 'FAIL_IF_EXISTS',
        ...(ttlSeconds === undefined ? {} : { ttl: { value: ttlSeconds, unit: 'SECONDS' as const } }),
      });
      return true;
    } catch (error) {
      if (isKeyExistsError(error)) return false;
      throw error;
    }
  }

  async delete(entry: StorageKey<z.ZodType>): Promise<void> {
    await this.store.delete(entry.key);
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
