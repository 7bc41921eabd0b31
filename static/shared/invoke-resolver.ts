import { invoke } from '@forge/bridge';
import type { ErrorCode, ResolverError, ResolverResult } from '../../src/contracts/resolver-result-types';

/**
 * Every Custom UI app reaches its backend only through here (via its own `api.ts`), so each
 * resolver answer is checked against the envelope of `src/contracts/resolver-result.ts` once.
 *
 * Only the envelope is checked in the browser: the data schemas live in zod, and pulling zod
 * into every bundle would cost more than the budget allows for a check the resolver already
 * made on its way out (resolvers build results with `ok()` from typed use cases).
 */
const KNOWN_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'BAD_REQUEST',
  'FORBIDDEN',
  'NOT_FOUND',
  'NOT_INCIDENT',
  'CONFLICT',
  'UNAVAILABLE',
  'INTERNAL',
]);

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

function readError(value: unknown): ResolverError | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const code: unknown = Reflect.get(value, 'code');
  const message: unknown = Reflect.get(value, 'message');
  const field: unknown = Reflect.get(value, 'field');
  if (!isErrorCode(code) || typeof message !== 'string') return undefined;
  return typeof field === 'string' ? { code, message, field } : { code, message };
}

/** Reads an untrusted resolver answer as the shared envelope; anything else becomes an INTERNAL error. */
export function readEnvelope<T>(response: unknown): ResolverResult<T> {
  if (typeof response === 'object' && response !== null) {
    const success: unknown = Reflect.get(response, 'success');
    if (success === true && Reflect.has(response, 'data')) {
      const data: T = Reflect.get(response, 'data');
      return { success: true, data };
    }
    if (success === false) {
      const error = readError(Reflect.get(response, 'error'));
      if (error) return { success: false, error };
    }
  }
  return {
    success: false,
    error: { code: 'INTERNAL', message: 'The app answered in an unexpected format. Try again, or contact your Jira admin.' },
  };
}

/**
 * Calls a resolver function. A failed bridge call (network, 25 s resolver timeout, app not
 * installed) becomes an UNAVAILABLE error, so views never see a thrown string.
 */
export async function invokeResolver<T>(functionKey: string, payload?: Record<string, unknown>): Promise<ResolverResult<T>> {
  let response: unknown;
  try {
    response = await invoke<unknown>(functionKey, payload);
  } catch (cause) {
    const detail = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
    return { success: false, error: { code: 'UNAVAILABLE', message: `The app could not be reached${detail}. Try again.` } };
  }
  return readEnvelope<T>(response);
}
