/**
 * In-memory Forge app storage answering the wire protocol @forge/kvs 1.6 sends through
 * `__forge_fetch__({ type: 'kvs' }, path, init)`: POST /api/v1/{get,set,delete,query,...} with JSON
 * bodies (see node_modules/@forge/kvs/out/storage-api.js). Errors are `{ code, message }` bodies,
 * which the SDK turns into ForgeKvsAPIError.
 */
import { isRecord, json, type SiteRequest, type SiteResponse } from '../site-http';

type Json = Record<string, unknown>;

interface StoredValue {
  value: unknown;
  createdAt: number;
  updatedAt: number;
  expireAt?: number;
}

export interface EntityIndexDefinition {
  name: string;
  range: string[];
  partition?: string[];
}

export interface EntityDefinition {
  name: string;
  attributes: Record<string, { type: 'string' | 'integer' | 'float' | 'boolean' | 'any' }>;
  indexes: EntityIndexDefinition[];
}

/** Forge's documented key rule: 1–500 characters of letters, digits and `:._-#` or spaces, not only spaces. */
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;
const MAX_KEY_LENGTH = 500;
/** Forge KVS limits a value to 240 KiB of JSON. */
const MAX_VALUE_BYTES = 240 * 1024;
const MAX_QUERY_LIMIT = 100;
const DEFAULT_QUERY_LIMIT = 10;

class KvsFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(status: number, code: string, message: string): never {
  throw new KvsFailure(status, code, message);
}

type Condition = { condition: string; values: unknown[]; property?: string };

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matchesCondition(actual: unknown, condition: Condition): boolean {
  const [first, second] = condition.values;
  switch (condition.condition) {
    case 'EXISTS':
      return actual !== undefined;
    case 'NOT_EXISTS':
      return actual === undefined;
    case 'EQUAL_TO':
      return actual !== undefined && JSON.stringify(actual) === JSON.stringify(first);
    case 'NOT_EQUAL_TO':
      return JSON.stringify(actual) !== JSON.stringify(first);
    case 'BEGINS_WITH':
      return typeof actual === 'string' && actual.startsWith(String(first));
    case 'CONTAINS':
      return Array.isArray(actual)
        ? actual.some((item) => JSON.stringify(item) === JSON.stringify(first))
        : typeof actual === 'string' && actual.includes(String(first));
    case 'NOT_CONTAINS':
      return Array.isArray(actual)
        ? !actual.some((item) => JSON.stringify(item) === JSON.stringify(first))
        : typeof actual !== 'string' || !actual.includes(String(first));
    case 'GREATER_THAN':
      return actual !== undefined && compareValues(actual, first) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return actual !== undefined && compareValues(actual, first) >= 0;
    case 'LESS_THAN':
      return actual !== undefined && compareValues(actual, first) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return actual !== undefined && compareValues(actual, first) <= 0;
    case 'BETWEEN':
      return actual !== undefined && compareValues(actual, first) >= 0 && compareValues(actual, second) <= 0;
    default:
      return fail(400, 'VALIDATION_ERROR', `Unsupported condition ${condition.condition}`);
  }
}

function matchesFilters(value: unknown, filters: unknown): boolean {
  if (filters === undefined) return true;
  if (!isRecord(filters)) fail(400, 'VALIDATION_ERROR', 'filters must be an object with "and" or "or"');
  const attr = (property: string | undefined) => (isRecord(value) && property !== undefined ? value[property] : undefined);
  if (Array.isArray(filters.and)) return (filters.and as Condition[]).every((c) => matchesCondition(attr(c.property), c));
  if (Array.isArray(filters.or)) return (filters.or as Condition[]).some((c) => matchesCondition(attr(c.property), c));
  return fail(400, 'VALIDATION_ERROR', 'filters must hold "and" or "or"');
}

function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeCursor(cursor: unknown): number {
  if (cursor === undefined) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number') return parsed.offset;
  } catch {
    // fall through to the error below
  }
  return fail(400, 'VALIDATION_ERROR', 'Invalid cursor');
}

export class KvsStore {
  private readonly plain = new Map<string, StoredValue>();
  private readonly secrets = new Map<string, StoredValue>();
  private readonly entities = new Map<string, Map<string, StoredValue>>();
  private readonly definitions = new Map<string, EntityDefinition>();

  constructor(private readonly clock: () => Date) {}

  defineEntities(definitions: EntityDefinition[]): void {
    for (const definition of definitions) this.definitions.set(definition.name, definition);
  }

  /** Raw reads for tests: the stored value of a key (undefined when absent or expired). */
  peek(key: string, entityName?: string): unknown {
    const stored = this.bucket(entityName, false)?.get(key);
    return stored && !this.expired(stored) ? stored.value : undefined;
  }

  /** Every live key/value (plain storage, or one entity). */
  dump(entityName?: string): Record<string, unknown> {
    const bucket = this.bucket(entityName, false);
    return Object.fromEntries(
      [...(bucket ?? new Map<string, StoredValue>()).entries()].filter(([, v]) => !this.expired(v)).map(([k, v]) => [k, v.value]),
    );
  }

  clear(): void {
    this.plain.clear();
    this.secrets.clear();
    this.entities.clear();
  }

  handle(req: SiteRequest): SiteResponse {
    try {
      if (req.method.toUpperCase() !== 'POST') fail(405, 'METHOD_NOT_ALLOWED', `${req.method} is not supported by the storage API`);
      return this.route(req.path, req.body);
    } catch (error) {
      if (error instanceof KvsFailure) return json(error.status, { code: error.code, message: error.message });
      throw error;
    }
  }

  private route(path: string, body: unknown): SiteResponse {
    const b = body as Json;
    switch (path) {
      case '/api/v1/get':
        return this.get(this.plain, b);
      case '/api/v1/secret/get':
        return this.get(this.secrets, b);
      case '/api/v1/entity/get':
        return this.get(this.entityBucket(b), b);
      case '/api/v1/set':
        return this.set(this.plain, b);
      case '/api/v1/secret/set':
        return this.set(this.secrets, b);
      case '/api/v1/entity/set':
        this.checkEntityValue(String(b?.entityName), b?.value);
        return this.set(this.entityBucket(b), b);
      case '/api/v1/delete':
        return this.remove(this.plain, b);
      case '/api/v1/secret/delete':
        return this.remove(this.secrets, b);
      case '/api/v1/entity/delete':
        return this.remove(this.entityBucket(b), b);
      case '/api/v1/query':
        return this.query(b);
      case '/api/v1/entity/query':
        return this.queryEntity(b);
      case '/api/v1/batch/set':
        return this.batch(body, (item) => {
          const bucket = item.entityName ? this.entityBucket(item) : this.plain;
          if (item.entityName) this.checkEntityValue(String(item.entityName), item.value);
          this.set(bucket, item);
          return undefined;
        });
      case '/api/v1/batch/delete':
        return this.batch(body, (item) => {
          this.remove(item.entityName ? this.entityBucket(item) : this.plain, item);
          return undefined;
        });
      case '/api/v1/batch/get':
        return this.batch(body, (item) => {
          const stored = this.live(item.entityName ? this.entityBucket(item) : this.plain, this.key(item));
          if (!stored) fail(404, 'KEY_NOT_FOUND', `Key ${String(item.key)} not found`);
          return {
            value: stored.value,
            createdAt: stored.createdAt,
            updatedAt: stored.updatedAt,
            ...(stored.expireAt ? { expireTime: new Date(stored.expireAt).toISOString() } : {}),
          };
        });
      case '/api/v1/transaction':
        return this.transact(b);
      default:
        return fail(404, 'NOT_FOUND', `Unknown storage operation ${path}`);
    }
  }

  private bucket(entityName: string | undefined, create: boolean): Map<string, StoredValue> | undefined {
    if (!entityName) return this.plain;
    let bucket = this.entities.get(entityName);
    if (!bucket && create) {
      bucket = new Map();
      this.entities.set(entityName, bucket);
    }
    return bucket;
  }

  private entityBucket(body: Json | undefined): Map<string, StoredValue> {
    const name = body?.entityName;
    if (typeof name !== 'string' || name === '') fail(400, 'VALIDATION_ERROR', 'entityName is required');
    if (this.definitions.size > 0 && !this.definitions.has(name))
      fail(400, 'VALIDATION_ERROR', `Entity "${name}" is not defined in the manifest (storage.entities)`);
    return this.bucket(name, true)!;
  }

  private checkEntityValue(entityName: string, value: unknown): void {
    const definition = this.definitions.get(entityName);
    if (!definition) return;
    if (!isRecord(value)) fail(400, 'VALIDATION_ERROR', `A value of entity "${entityName}" must be an object of its attributes`);
    for (const [attribute, attributeValue] of Object.entries(value)) {
      const declared = definition.attributes[attribute];
      if (!declared) fail(400, 'VALIDATION_ERROR', `Attribute "${attribute}" is not declared for entity "${entityName}"`);
      const ok =
        attributeValue === null ||
        declared.type === 'any' ||
        (declared.type === 'string' && typeof attributeValue === 'string') ||
        (declared.type === 'integer' && Number.isInteger(attributeValue)) ||
        (declared.type === 'float' && typeof attributeValue === 'number') ||
        (declared.type === 'boolean' && typeof attributeValue === 'boolean');
      if (!ok) fail(400, 'VALIDATION_ERROR', `Attribute "${attribute}" of entity "${entityName}" must be of type ${declared.type}`);
    }
  }

  private key(body: Json | undefined): string {
    const key = body?.key;
    if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH || !KEY_PATTERN.test(key)) {
      fail(400, 'VALIDATION_ERROR', `Invalid key ${JSON.stringify(key)}: keys are 1-${MAX_KEY_LENGTH} characters matching ${KEY_PATTERN}`);
    }
    return key;
  }

  private expired(stored: StoredValue): boolean {
    return stored.expireAt !== undefined && stored.expireAt <= this.clock().getTime();
  }

  private live(bucket: Map<string, StoredValue>, key: string): StoredValue | undefined {
    const stored = bucket.get(key);
    if (stored && this.expired(stored)) {
      bucket.delete(key);
      return undefined;
    }
    return stored;
  }

  private body(key: string, stored: StoredValue): Json {
    return {
      key,
      value: stored.value,
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt,
      ...(stored.expireAt ? { expireTime: new Date(stored.expireAt).toISOString() } : {}),
    };
  }

  private get(bucket: Map<string, StoredValue>, body: Json): SiteResponse {
    const key = this.key(body);
    const stored = this.live(bucket, key);
    if (!stored) fail(404, 'KEY_NOT_FOUND', `Key ${key} not found`);
    return json(200, this.body(key, stored));
  }

  private set(bucket: Map<string, StoredValue>, body: Json): SiteResponse {
    const key = this.key(body);
    if (!('value' in body) || body.value === undefined) fail(400, 'VALIDATION_ERROR', 'value is required');
    const size = Buffer.byteLength(JSON.stringify(body.value));
    if (size > MAX_VALUE_BYTES) fail(413, 'STORAGE_LIMIT_EXCEEDED', `Value of ${size} bytes exceeds the ${MAX_VALUE_BYTES} byte limit`);
    const options = isRecord(body.options) ? body.options : {};
    const previous = this.live(bucket, key);
    if (options.keyPolicy === 'FAIL_IF_EXISTS' && previous) fail(409, 'KEY_ALREADY_EXISTS', `Key ${key} already exists`);
    const now = this.clock().getTime();
    const ttl = isRecord(options.ttl) ? options.ttl : undefined;
    const unitMs: Record<string, number> = { SECONDS: 1000, MINUTES: 60_000, HOURS: 3_600_000, DAYS: 86_400_000 };
    const expireAt = ttl
      ? now + Number(ttl.value) * (unitMs[String(ttl.unit)] ?? fail(400, 'VALIDATION_ERROR', `Unknown TTL unit ${String(ttl.unit)}`))
      : undefined;
    const next: StoredValue = {
      value: JSON.parse(JSON.stringify(body.value)),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      ...(expireAt ? { expireAt } : {}),
    };
    bucket.set(key, next);
    if (options.returnValue === 'LATEST') return json(200, this.body(key, next));
    if (options.returnValue === 'PREVIOUS') return previous ? json(200, this.body(key, previous)) : { status: 204, headers: {} };
    return { status: 204, headers: {} };
  }

  private remove(bucket: Map<string, StoredValue>, body: Json): SiteResponse {
    const key = this.key(body);
    bucket.delete(key);
    return { status: 204, headers: {} };
  }

  private limit(raw: unknown): number {
    if (raw === undefined) return DEFAULT_QUERY_LIMIT;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1 || raw > MAX_QUERY_LIMIT)
      fail(400, 'VALIDATION_ERROR', `limit must be an integer between 1 and ${MAX_QUERY_LIMIT}`);
    return raw;
  }

  private page(entries: [string, StoredValue][], limit: number, cursor: unknown, withMetadata: unknown): SiteResponse {
    const offset = decodeCursor(cursor);
    const slice = entries.slice(offset, offset + limit);
    const metadata = Array.isArray(withMetadata) ? (withMetadata as string[]) : [];
    const data = slice.map(([key, stored]) => ({
      key,
      value: stored.value,
      ...(metadata.includes('CREATED_AT') ? { createdAt: stored.createdAt } : {}),
      ...(metadata.includes('UPDATED_AT') ? { updatedAt: stored.updatedAt } : {}),
      ...(stored.expireAt ? { expireTime: new Date(stored.expireAt).toISOString() } : {}),
    }));
    return json(200, { data, ...(offset + slice.length < entries.length ? { cursor: encodeCursor(offset + slice.length) } : {}) });
  }

  private query(body: Json): SiteResponse {
    const where = Array.isArray(body.where) ? (body.where as Condition[]) : [];
    for (const clause of where) {
      if (clause.property !== 'key' || clause.condition !== 'BEGINS_WITH')
        fail(400, 'VALIDATION_ERROR', 'Only key BEGINS_WITH conditions are supported by query');
    }
    const entries = [...this.plain.entries()]
      .filter(([, stored]) => !this.expired(stored))
      .filter(([key]) => where.every((clause) => key.startsWith(String(clause.values[0]))))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return this.page(entries, this.limit(body.limit), body.after, (body.options as Json | undefined)?.metadataFields);
  }

  private queryEntity(body: Json): SiteResponse {
    const entityName = String(body.entityName ?? '');
    const bucket = this.entityBucket(body);
    const indexName = body.indexName;
    if (typeof indexName !== 'string') fail(400, 'VALIDATION_ERROR', 'indexName is required');
    const definition = this.definitions.get(entityName);
    // Without a declared entity, an index named after an attribute ranges over that attribute.
    const index = definition
      ? definition.indexes.find((i) => i.name === indexName)
      : { name: indexName, range: [indexName], partition: [] };
    if (!index) fail(400, 'VALIDATION_ERROR', `Index "${indexName}" is not defined for entity "${entityName}"`);
    const partitionAttributes = index.partition ?? [];
    const partition = Array.isArray(body.partition) ? body.partition : [];
    if (partition.length !== partitionAttributes.length)
      fail(400, 'VALIDATION_ERROR', `Index "${indexName}" needs ${partitionAttributes.length} partition value(s), got ${partition.length}`);
    const rangeAttribute = index.range[0]!;
    const attr = (value: unknown, name: string) => (isRecord(value) ? value[name] : undefined);
    const entries = [...bucket.entries()]
      .filter(([, stored]) => !this.expired(stored))
      .filter(([, stored]) =>
        partitionAttributes.every((name, i) => JSON.stringify(attr(stored.value, name)) === JSON.stringify(partition[i])),
      )
      .filter(([, stored]) => attr(stored.value, rangeAttribute) !== undefined)
      .filter(([, stored]) => (isRecord(body.range) ? matchesCondition(attr(stored.value, rangeAttribute), body.range as Condition) : true))
      .filter(([, stored]) => matchesFilters(stored.value, body.filters))
      .sort(
        ([ka, a], [kb, b]) =>
          compareValues(attr(a.value, rangeAttribute), attr(b.value, rangeAttribute)) || (ka < kb ? -1 : ka > kb ? 1 : 0),
      );
    if (body.sort === 'DESC') entries.reverse();
    return this.page(
      entries,
      this.limit(body.limit),
      body.cursor,
      body.metadataFields ?? (body.options as Json | undefined)?.metadataFields,
    );
  }

  private batch(body: unknown, fn: (item: Json) => Json | undefined): SiteResponse {
    if (!Array.isArray(body)) fail(400, 'VALIDATION_ERROR', 'A batch request is a list of items');
    if (body.length > 25) fail(400, 'VALIDATION_ERROR', 'A batch holds at most 25 items');
    const successfulKeys: Json[] = [];
    const failedKeys: Json[] = [];
    for (const item of body as Json[]) {
      const id = { key: item.key, ...(item.entityName ? { entityName: item.entityName } : {}) };
      try {
        successfulKeys.push({ ...id, ...(fn(item) ?? {}) });
      } catch (error) {
        if (!(error instanceof KvsFailure)) throw error;
        failedKeys.push({ ...id, error: { code: error.code, message: error.message } });
      }
    }
    return json(200, { successfulKeys, failedKeys });
  }

  /** All checks first, then all writes: nothing is applied when any condition fails. */
  private transact(body: Json): SiteResponse {
    const sets = (Array.isArray(body.set) ? body.set : []) as Json[];
    const deletes = (Array.isArray(body.delete) ? body.delete : []) as Json[];
    const checks = (Array.isArray(body.check) ? body.check : []) as Json[];
    if (sets.length + deletes.length + checks.length === 0) fail(400, 'VALIDATION_ERROR', 'A transaction needs at least one operation');
    if (sets.length + deletes.length + checks.length > 25) fail(400, 'VALIDATION_ERROR', 'A transaction holds at most 25 operations');
    const keys = [...sets, ...deletes, ...checks].map((op) => `${String(op.entityName ?? '')}/${this.key(op)}`);
    if (new Set(keys).size !== keys.length) fail(400, 'VALIDATION_ERROR', 'A transaction may touch each key once');
    for (const op of [...sets, ...deletes, ...checks]) {
      if (op.conditions === undefined) continue;
      const bucket = op.entityName ? this.entityBucket(op) : this.plain;
      const stored = this.live(bucket, this.key(op));
      if (!matchesFilters(stored?.value, op.conditions))
        fail(409, 'CONDITIONAL_CHECK_FAILED', `Condition failed for key ${String(op.key)}`);
    }
    for (const op of sets) if (op.entityName) this.checkEntityValue(String(op.entityName), op.value);
    for (const op of sets) this.set(op.entityName ? this.entityBucket(op) : this.plain, op);
    for (const op of deletes) this.remove(op.entityName ? this.entityBucket(op) : this.plain, op);
    return { status: 204, headers: {} };
  }
}

/** Entity definitions from a manifest's `app.storage.entities` (Forge manifest format). */
export function entitiesFromManifest(manifest: unknown): EntityDefinition[] {
  const storage = isRecord(manifest) && isRecord(manifest.app) && isRecord(manifest.app.storage) ? manifest.app.storage : undefined;
  const entities = Array.isArray(storage?.entities) ? (storage.entities as Json[]) : [];
  return entities.map((entity) => ({
    name: String(entity.name),
    attributes: (isRecord(entity.attributes) ? entity.attributes : {}) as EntityDefinition['attributes'],
    indexes: (Array.isArray(entity.indexes) ? entity.indexes : []).map((index: unknown) =>
      typeof index === 'string'
        ? { name: index, range: [index] }
        : {
            name: String((index as Json).name),
            range: ((index as Json).range as string[]) ?? [],
            partition: ((index as Json).partition as string[]) ?? [],
          },
    ),
  }));
}
