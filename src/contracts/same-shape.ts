/**
 * Compile-time proof that a hand-written contract type and its zod schema's type describe the same
 * values, so the UI (which imports only the hand-written types) and the resolvers (which parse with
 * the schemas) cannot drift apart. `Assert<SameShape<A, B>>` fails to type-check when they differ:
 * in what either accepts, or in the property names of any object inside (an optional property only
 * one side declares would slip past assignability alone).
 */
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type SameKeys<A, B> = MutuallyAssignable<keyof A, keyof B>;

type AllTrue<T> = [T] extends [true] ? true : false;

type SameParts<A, B> = [A] extends [readonly (infer ItemA)[]]
  ? [B] extends [readonly (infer ItemB)[]]
    ? SameShape<ItemA, ItemB>
    : false
  : [A] extends [object]
    ? [B] extends [object]
      ? SameKeys<A, B> extends true
        ? AllTrue<{ [K in keyof A & keyof B]-?: SameShape<NonNullable<A[K]>, NonNullable<B[K]>> }[keyof A & keyof B]>
        : false
      : false
    : true;

export type SameShape<A, B> = MutuallyAssignable<A, B> extends true ? SameParts<NonNullable<A>, NonNullable<B>> : false;
export type Assert<T extends true> = T;
