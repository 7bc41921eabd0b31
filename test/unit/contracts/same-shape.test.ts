import type { ApplyPriorityPayload as ApplyPriorityPayloadType } from '../../../src/contracts/priority-panel-types';
import { ApplyPriorityPayload } from '../../../src/contracts/priority-panel';
import type { Assert, SameShape } from '../../../src/contracts/same-shape';

/**
 * The UI imports hand-written contract types; the resolvers parse with zod schemas. SameShape is
 * what ties the two together, so these cases are checked by tsc (`npm run typecheck` covers test/):
 * each `@ts-expect-error` fails the type check if SameShape stops catching that kind of drift.
 */
type Base = { issueKey?: string; count: number | null; items: { id: string }[]; nested?: { name: string } | null };

export type SameTypes = Assert<
  SameShape<Base, { issueKey?: string; count: number | null; items: { id: string }[]; nested?: { name: string } | null }>
>;
// @ts-expect-error: a value one side accepts and the other does not
export type NarrowerValue = Assert<SameShape<Base, Omit<Base, 'count'> & { count: number }>>;
// @ts-expect-error: an optional property only one side declares
export type ExtraOptional = Assert<SameShape<Base, Base & { note?: string }>>;
// @ts-expect-error: drift inside an array's items
export type ArrayItemDrift = Assert<SameShape<Base, Omit<Base, 'items'> & { items: { id: string; label?: string }[] }>>;
// @ts-expect-error: drift inside a nested optional object
export type NestedDrift = Assert<SameShape<Base, Omit<Base, 'nested'> & { nested?: { name: string; id?: string } | null }>>;

describe('contract types match their schemas', () => {
  it('parses a payload typed with the UI-side type', () => {
    const payload: ApplyPriorityPayloadType = {
      assessment: { impact: 'High', urgency: 'Low', affectedUsers: null, businessImplications: ['Security'] },
    };
    expect(ApplyPriorityPayload.parse(payload)).toEqual({ ...payload, override: null });
  });
});
