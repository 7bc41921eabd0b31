import fc from 'fast-check';
import { type RankEntry, compareIncidents, rankOf } from '../../../src/domain/priority/incident-ranking';
import { PRIORITY_LEVELS } from '../../../src/domain/priority/priority-level';
import {
  bucketIndexOf,
  countBefore,
  emptyBuckets,
  rankOrderKey,
  splitBucket,
  withCountChange,
  withSortedOrders,
} from '../../../src/domain/priority/rank-order';

const instant = fc.oneof(
  fc.constant(null),
  fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
  // Ties on time are where the later criteria decide.
  fc.constantFrom('2026-11-26T10:00:00.000Z', '2026-11-26T10:00:00.001Z'),
);
const rankEntry = fc
  .record({
    project: fc.constantFrom('A', 'AB', 'ABC', 'INC', 'OPS', 'OPS2', 'X_1'),
    number: fc.integer({ min: 1, max: 99_999 }),
    priorityLevel: fc.constantFrom(...PRIORITY_LEVELS, null),
    slaDueAt: instant,
    affectedUsers: fc.oneof(fc.constant(null), fc.nat({ max: 5 }), fc.nat({ max: 10_000_000 })),
    createdAt: instant.map((value) => value ?? '2026-11-26T10:00:00.000Z'),
  })
  .map(({ project, number, ...rest }): RankEntry => ({ key: `${project}-${number}`, projectKey: project, ...rest }));

describe('the rank order as a string', () => {
  it('sorts exactly as compareIncidents does', () => {
    fc.assert(
      fc.property(rankEntry, rankEntry, (a, b) => {
        const byEntries = Math.sign(compareIncidents(a, b));
        const byKeys = a.key === b.key ? 0 : Math.sign(rankOrderKey(a) < rankOrderKey(b) ? -1 : rankOrderKey(a) > rankOrderKey(b) ? 1 : 0);
        expect(byKeys).toBe(a.key === b.key ? 0 : byEntries);
      }),
      { numRuns: 3000 },
    );
  });

  it('is unique per issue key and short enough for an index attribute', () => {
    const order = rankOrderKey({
      key: 'INCIDENTS_2024-1234567',
      projectKey: 'INCIDENTS_2024',
      priorityLevel: null,
      slaDueAt: null,
      affectedUsers: null,
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(order.endsWith('INCIDENTS_2024!0001234567')).toBe(true);
    expect(order.length).toBeLessThan(100);
  });
});

describe('rank buckets', () => {
  it('count the orders before any order as a scan of every entry would', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(rankEntry, { selector: (e) => e.key, minLength: 1, maxLength: 300 }),
        fc.nat({ max: 40 }),
        (entries, removals) => {
          const orders = entries.map(rankOrderKey).sort();
          // Built from a sorted scan, then changed one entry at a time, with splits as the index does.
          let buckets = withSortedOrders(emptyBuckets(), orders.slice(0, Math.ceil(orders.length / 2)), 8);
          const live = new Set(orders.slice(0, Math.ceil(orders.length / 2)));
          for (const order of orders.slice(Math.ceil(orders.length / 2))) {
            buckets = withCountChange(buckets, order, 1);
            live.add(order);
            const index = bucketIndexOf(buckets, order);
            if (buckets[index]![1] > 12) {
              const inBucket = [...live]
                .sort()
                .filter((o) => o >= buckets[index]![0] && (buckets[index + 1] === undefined || o < buckets[index + 1]![0]));
              const half = Math.floor(inBucket.length / 2);
              buckets = splitBucket(buckets, index, inBucket[half]!, inBucket.length - half);
            }
          }
          for (const order of [...live].slice(0, removals)) {
            buckets = withCountChange(buckets, order, -1);
            live.delete(order);
          }
          const sorted = [...live].sort();
          for (const probe of orders) {
            const index = bucketIndexOf(buckets, probe);
            const inBucketBefore = sorted.filter((o) => o >= buckets[index]![0] && o < probe).length;
            expect(countBefore(buckets, index) + inBucketBefore).toBe(sorted.filter((o) => o < probe).length);
          }
          expect(buckets.reduce((sum, [, count]) => sum + count, 0)).toBe(live.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agree with rankOf on the position of an incident', () => {
    fc.assert(
      fc.property(fc.uniqueArray(rankEntry, { selector: (e) => e.key, minLength: 2, maxLength: 200 }), (entries) => {
        const [subject, ...others] = entries as [RankEntry, ...RankEntry[]];
        const buckets = withSortedOrders(emptyBuckets(), others.map(rankOrderKey).sort(), 16);
        const order = rankOrderKey(subject);
        const index = bucketIndexOf(buckets, order);
        const inBucket = others.map(rankOrderKey).filter((o) => o >= buckets[index]![0] && o < order).length;
        expect(countBefore(buckets, index) + inBucket + 1).toBe(rankOf(subject, others).position);
      }),
      { numRuns: 300 },
    );
  });
});
