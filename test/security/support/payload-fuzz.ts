/**
 * fast-check arbitraries for resolver payloads: whole wrong values, a valid payload with one field
 * (at any depth) replaced by a wrong value or a huge string, prototype-pollution keys, and unknown
 * keys added to an otherwise broken payload.
 */
import fc from 'fast-check';

export interface Target {
  name: string;
  definitions: Parameters<import('../../support/local-forge').LocalForge['invoke']>[0];
  key: string;
  valid: unknown;
  /** The payload has rules across fields, so an error may name a sibling of the field that was broken. */
  crossFieldRules?: boolean;
  /** Fewer cases for actions whose valid payloads are expensive. */
  runs?: number;
  /** Whether the payload (as it arrives, after the JSON round trip) satisfies the contract. */
  isValid(payload: unknown): boolean;
}

export interface FuzzCase {
  payload: unknown;
  /** The dotted path replaced in the valid payload, when the case is a mutation. */
  mutatedPath?: string;
}

/** Every dotted path in a JSON value ('' is the root). */
export function pathsOf(value: unknown, prefix = ''): string[] {
  const here = [prefix];
  if (Array.isArray(value))
    return [...here, ...value.flatMap((item, index) => pathsOf(item, prefix === '' ? String(index) : `${prefix}.${index}`))];
  if (typeof value === 'object' && value !== null)
    return [...here, ...Object.entries(value).flatMap(([key, item]) => pathsOf(item, prefix === '' ? key : `${prefix}.${key}`))];
  return here;
}

function withPath(root: unknown, path: string, replacement: unknown): unknown {
  if (path === '') return replacement;
  const copy = structuredClone(root) as Record<string, unknown>;
  const segments = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const segment of segments.slice(0, -1)) node = node[segment] as Record<string, unknown>;
  node[segments.at(-1)!] = replacement;
  return copy;
}

const hugeString = fc.integer({ min: 100_000, max: 400_000 }).map((length) => 'x'.repeat(length));
const hostileString = fc.constantFrom(
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'INC-1" OR 1=1 --',
  '\u0000',
  '\u202e',
);
const pollution = fc
  .constantFrom(
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    '{"__proto__":{"polluted":"yes"},"issueKey":{"__proto__":null}}',
    '{"prototype":{"polluted":"yes"}}',
  )
  .map((text) => JSON.parse(text) as unknown);

/** A wrong value for any slot: other types, empty containers, huge and hostile strings, pollution objects. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything({ maxDepth: 2, withNullPrototype: false }),
  fc.constantFrom(null, true, 0, -1, 1.5, Number.MAX_SAFE_INTEGER, '', [], {}),
  hugeString,
  hostileString,
  pollution,
);

export function fuzzPayloads(valid: unknown): fc.Arbitrary<FuzzCase> {
  const paths = pathsOf(valid);
  const mutation = fc
    .record({ path: fc.constantFrom(...paths), value: wrongValue })
    .map(({ path, value }) => ({ payload: withPath(valid, path, value), mutatedPath: path }));
  const unknownKeys = fc
    .record({
      path: fc.constantFrom(...paths),
      value: wrongValue,
      extraKey: fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'accountId', 'x'.repeat(1000)),
      extra: wrongValue,
    })
    .map(({ path, value, extraKey, extra }) => {
      const payload = withPath(valid, path, value);
      if (typeof payload === 'object' && payload !== null && !Array.isArray(payload))
        Object.defineProperty(payload, extraKey, { value: extra, enumerable: true, configurable: true, writable: true });
      return { payload, mutatedPath: path };
    });
  const whole = wrongValue.map((payload) => ({ payload, mutatedPath: '' }));
  return fc.oneof({ arbitrary: mutation, weight: 5 }, { arbitrary: unknownKeys, weight: 2 }, { arbitrary: whole, weight: 2 });
}
