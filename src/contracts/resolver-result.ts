import { z } from 'zod';

/**
 * Every resolver answers with one envelope, so each Custom UI view can tell its loading, empty,
 * forbidden and error states apart without guessing from thrown strings.
 * This module is shared by `src/` and `static/`: keep it free of `@forge/*` and Node imports.
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

export const ResolverErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  field: z.string().optional(),
});

export function ok<T>(data: T): ResolverResult<T> {
  return { success: true, data };
}

export function fail(code: ErrorCode, message: string, field?: string): ResolverResult<never> {
  return { success: false, error: field === undefined ? { code, message } : { code, message, field } };
}
