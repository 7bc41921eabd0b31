/**
 * Compile-time proof that a hand-written contract type and its zod schema's type describe the same
 * values, so the UI (which imports only the hand-written types) and the resolvers (which parse with
 * the schemas) cannot drift apart. `Assert<SameShape<A, B>>` fails to type-check when they differ.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type Assert<T extends true> = T;
