import fc from 'fast-check';
import { type RankEntry, compareIncidents, rankOf, sortIncidents } from '../../../src/domain/priority/incident-ranking';

function entry(overrides: Partial<RankEntry> & { key: string }): RankEntry {
  return {
    projectKey: overrides.key.split('-')[0] ?? 'INC',
    priorityLevel: 'P3',
    slaDueAt: '2026-11-27T10:00:00.000Z',
    affectedUsers: 10,
    createdAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

const keys = (entries: readonly RankEntry[]) => entries.map((e) => e.key);

describe('the order of open incidents', () => {
  it('puts higher priority first, unprioritized last', () => {
    const ordered = sortIncidents([
      entry({ key: 'INC-1', priorityLevel: 'P4' }),
      entry({ key: 'INC-2', priorityLevel: null }),
      entry({ key: 'INC-3', priorityLevel: 'P1' }),
    ]);
    expect(keys(ordered)).toEqual(['INC-3', 'INC-1', 'INC-2']);
  });

  it('breaks priority ties by SLA time left (least first, no target last)', () => {
    const ordered = sortIncidents([
      entry({ key: 'INC-1', slaDueAt: null }),
      entry({ key: 'INC-2', slaDueAt: '2026-11-27T12:00:00.000Z' }),
      entry({ key: 'INC-3', slaDueAt: '2026-11-26T08:00:00.000Z' }),
    ]);
    expect(keys(ordered)).toEqual(['INC-3', 'INC-2', 'INC-1']);
  });

  it('then by affected users (most first, unknown as none)', () => {
    const ordered = sortIncidents([
      entry({ key: 'INC-1', affectedUsers: null }),
      entry({ key: 'INC-2', affectedUsers: 500 }),
      entry({ key: 'INC-3', affectedUsers: 3 }),
    ]);
    expect(keys(ordered)).toEqual(['INC-2', 'INC-3', 'INC-1']);
  });

  it('then by age (oldest first)', () => {
    const ordered = sortIncidents([
      entry({ key: 'INC-1', createdAt: '2026-11-26T12:00:00.000Z' }),
      entry({ key: 'INC-2', createdAt: '2026-11-25T12:00:00.000Z' }),
    ]);
    expect(keys(ordered)).toEqual(['INC-2', 'INC-1']);
  });

  it('then by key, numerically within a project, so full ties still have one order', () => {
    const ordered = sortIncidents([entry({ key: 'OPS-2' }), entry({ key: 'INC-10' }), entry({ key: 'INC-9' })]);
    expect(keys(ordered)).toEqual(['INC-9', 'INC-10', 'OPS-2']);
  });

  it('lets priority outweigh every later criterion', () => {
    const urgentButLater = entry({
      key: 'INC-1',
      priorityLevel: 'P2',
      slaDueAt: '2026-12-30T00:00:00.000Z',
      affectedUsers: 0,
      createdAt: '2026-11-26T23:00:00.000Z',
    });
    const lowerButEarly = entry({
      key: 'INC-2',
      priorityLevel: 'P3',
      slaDueAt: '2026-11-20T00:00:00.000Z',
      affectedUsers: 9999,
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(compareIncidents(urgentButLater, lowerButEarly)).toBeLessThan(0);
  });
});

describe('rank of one incident', () => {
  const open = [
    entry({ key: 'INC-1', priorityLevel: 'P1' }),
    entry({ key: 'INC-2', priorityLevel: 'P2' }),
    entry({ key: 'INC-3', priorityLevel: 'P3' }),
    entry({ key: 'INC-4', priorityLevel: 'P4' }),
  ];

  it('gives k of n with the neighbours', () => {
    const rank = rankOf(open[2] as RankEntry, open);
    expect(rank.position).toBe(3);
    expect(rank.total).toBe(4);
    expect(rank.above?.key).toBe('INC-2');
    expect(rank.below?.key).toBe('INC-4');
  });

  it('has no neighbour above the first or below the last', () => {
    expect(rankOf(open[0] as RankEntry, open)).toMatchObject({ position: 1, above: null, below: { key: 'INC-2' } });
    expect(rankOf(open[3] as RankEntry, open)).toMatchObject({ position: 4, above: { key: 'INC-3' }, below: null });
  });

  it('places the subject by its fresh values, not the stale copy in the index', () => {
    const fresh = entry({ key: 'INC-4', priorityLevel: 'P1', slaDueAt: '2026-11-26T00:00:00.000Z' });
    expect(rankOf(fresh, open)).toMatchObject({ position: 1, total: 4, above: null, below: { key: 'INC-1' } });
  });

  it('counts a subject missing from the index', () => {
    expect(rankOf(entry({ key: 'INC-9', priorityLevel: 'P5' }), open)).toMatchObject({ position: 5, total: 5, above: { key: 'INC-4' } });
    expect(rankOf(entry({ key: 'INC-9' }), [])).toEqual({ position: 1, total: 1, above: null, below: null });
  });
});

describe('order properties', () => {
  const isoBetween = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString());
  // Small domains so that ties on every criterion actually happen.
  const anEntry = fc.record({
    key: fc.tuple(fc.constantFrom('INC', 'OPS'), fc.integer({ min: 1, max: 60 })).map(([project, n]) => `${project}-${n}`),
    projectKey: fc.constant('INC'),
    priorityLevel: fc.constantFrom('P1', 'P2', 'P3', null),
    slaDueAt: fc.option(fc.constantFrom('2026-11-26T10:00:00.000Z', '2026-11-27T10:00:00.000Z'), { nil: null }),
    affectedUsers: fc.option(fc.constantFrom(0, 10, 100), { nil: null }),
    createdAt: fc.oneof(fc.constantFrom('2026-11-01T00:00:00.000Z'), isoBetween),
  });
  const entries = fc.uniqueArray(anEntry, { selector: (e) => e.key, maxLength: 40 });

  it('is antisymmetric and total: distinct incidents never compare equal', () => {
    fc.assert(
      fc.property(anEntry, anEntry, (a, b) => {
        const ab = Math.sign(compareIncidents(a, b));
        expect(ab).toBe(-Math.sign(compareIncidents(b, a)) || 0);
        if (a.key !== b.key) expect(ab).not.toBe(0);
      }),
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(anEntry, anEntry, anEntry, (a, b, c) => {
        if (compareIncidents(a, b) < 0 && compareIncidents(b, c) < 0) expect(compareIncidents(a, c)).toBeLessThan(0);
      }),
    );
  });

  it('sorts the same whatever the input order', () => {
    fc.assert(
      fc.property(entries, fc.func(fc.integer()), (list, shuffleKey) => {
        const shuffled = [...list].sort((a, b) => shuffleKey(a.key) - shuffleKey(b.key));
        expect(keys(sortIncidents(shuffled))).toEqual(keys(sortIncidents(list)));
      }),
    );
  });

  it('rank k is in 1..n and agrees with the sorted order and its neighbours', () => {
    fc.assert(
      fc.property(
        entries.filter((list) => list.length > 0),
        fc.nat(),
        (list, pick) => {
          const subject = list[pick % list.length] as RankEntry;
          const rank = rankOf(subject, list);
          const sorted = sortIncidents(list);
          const index = sorted.findIndex((e) => e.key === subject.key);
          expect(rank.total).toBe(list.length);
          expect(rank.position).toBeGreaterThanOrEqual(1);
          expect(rank.position).toBeLessThanOrEqual(list.length);
          expect(rank.position).toBe(index + 1);
          expect(rank.above?.key ?? null).toBe(sorted[index - 1]?.key ?? null);
          expect(rank.below?.key ?? null).toBe(sorted[index + 1]?.key ?? null);
        },
      ),
    );
  });

  it('gives every open incident a distinct position', () => {
    fc.assert(
      fc.property(entries, (list) => {
        const positions = list.map((e) => rankOf(e, list).position).sort((a, b) => a - b);
        expect(positions).toEqual(list.map((_, i) => i + 1));
      }),
    );
  });
});
