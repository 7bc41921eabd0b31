/**
 * The one envelope every resolver answers with, so each Custom UI view can tell its loading, empty,
 * forbidden and error states apart without guessing from thrown strings. No imports: the UI bundles
 * take these constants and types; the zod schema and the helpers are in resolver-result.ts.
 */
export const ERROR_CODES = ['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND', 'NOT_INCIDENT', 'CONFLICT', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ResolverError {
  code: ErrorCode;
  message: string;
  /** The payload field at fault, as a dotted path (`assessment.affectedUsers`). */
  field?: string;
}

export type ResolverResult<T> = { success: true; data: T } | { success: false; error: ResolverError };
