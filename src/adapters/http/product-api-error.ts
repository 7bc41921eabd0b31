import { z } from 'zod';
import { fail, type ErrorCode, type ResolverResult } from '../../contracts/resolver-result';

/**
 * One error type for every product call, so callers branch on `kind` rather than on status
 * numbers or message text. `unauthorized` usually means the user has not granted the app access
 * (asUser) or the installation lost a scope (asApp).
 */
export type ProductApiErrorKind =
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'notFound' // 404
  | 'badRequest' // 400 (and 422): Jira's errorMessages / errors say which field
  | 'conflict' // 409: e.g. a Confluence page version or title clash
  | 'rateLimited' // 429 after the retry budget was spent
  | 'unavailable' // 503, other 5xx, or the connection failed
  | 'invalidResponse' // a 2xx body that does not match the expected schema
  | 'unexpected'; // any other status

export type Product = 'jira' | 'confluence' | 'storage';

export interface ProductApiErrorDetails {
  readonly product: Product;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  /** Jira's `errorMessages`, or Confluence v2's `errors[].title`. */
  readonly errorMessages?: readonly string[];
  /** Jira's per-field `errors` (field id → message). */
  readonly fieldErrors?: Readonly<Record<string, string>>;
  /** For `invalidResponse`: where the body broke its schema (`values.0.id: expected string`). */
  readonly schemaIssues?: readonly string[];
  /** Seconds the server asked us to wait, when it said so. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class ProductApiError extends Error {
  override readonly name = 'ProductApiError';

  constructor(
    readonly kind: ProductApiErrorKind,
    message: string,
    readonly details: ProductApiErrorDetails,
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

export function isProductApiError(error: unknown, kind?: ProductApiErrorKind): error is ProductApiError {
  return error instanceof ProductApiError && (kind === undefined || error.kind === kind);
}

export function errorKindForStatus(status: number): ProductApiErrorKind {
  if (status === 400 || status === 422) return 'badRequest';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rateLimited';
  if (status >= 500) return 'unavailable';
  return 'unexpected';
}

const JiraErrorBody = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});
const ConfluenceErrorBody = z.object({
  errors: z.array(z.object({ title: z.string().optional(), detail: z.string().nullish(), code: z.string().optional() })),
});

/** Reads Jira's `{errorMessages, errors}` or Confluence v2's `{errors: [{title}]}`; anything else is kept as text. */
export function parseErrorBody(text: string): { errorMessages: string[]; fieldErrors: Record<string, string> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { errorMessages: text.trim() ? [text.trim().slice(0, 500)] : [], fieldErrors: {} };
  }
  const confluence = ConfluenceErrorBody.safeParse(json);
  if (confluence.success) {
    return {
      errorMessages: confluence.data.errors.map((error) => [error.title, error.detail].filter(Boolean).join(': ')).filter(Boolean),
      fieldErrors: {},
    };
  }
  const jira = JiraErrorBody.safeParse(json);
  if (jira.success) return { errorMessages: jira.data.errorMessages ?? [], fieldErrors: jira.data.errors ?? {} };
  return { errorMessages: [], fieldErrors: {} };
}

export function describeZodIssues(error: z.ZodError, root = 'response'): string[] {
  return error.issues.map((issue) => `${[root, ...issue.path.map(String)].join('.')}: ${issue.message}`);
}

const RESOLVER_CODE_BY_KIND: Record<ProductApiErrorKind, ErrorCode> = {
  unauthorized: 'FORBIDDEN',
  forbidden: 'FORBIDDEN',
  notFound: 'NOT_FOUND',
  badRequest: 'BAD_REQUEST',
  conflict: 'CONFLICT',
  rateLimited: 'UNAVAILABLE',
  unavailable: 'UNAVAILABLE',
  invalidResponse: 'INTERNAL',
  unexpected: 'INTERNAL',
};

/**
 * The resolver envelope for an error thrown by an adapter or use case. Anything that is not a
 * ProductApiError is an INTERNAL error: its message may carry internals, so it is not echoed.
 */
export function resolverFailureFor(error: unknown): ResolverResult<never> {
  if (error instanceof ProductApiError) {
    const field = error.details.fieldErrors ? Object.keys(error.details.fieldErrors)[0] : undefined;
    return fail(RESOLVER_CODE_BY_KIND[error.kind], error.message, field);
  }
  return fail('INTERNAL', 'Unexpected error; see the app logs.');
}
