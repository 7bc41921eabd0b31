import { z } from 'zod';
import { ERROR_CODES, type ErrorCode, type ResolverResult } from './resolver-result-types';

/**
 * The envelope's zod schema and the helpers that build it; the constants and types live in the
 * dependency-free resolver-result-types.ts (the UI imports that one).
 * This module is shared by `src/` and `static/`: keep it free of `@forge/*` and Node imports.
 */
export * from './resolver-result-types';

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
