import { FetchError, ProxyRequestError, route, type APIResponse, type RequestInit, type Route } from '@forge/api';
import type { z } from 'zod';
import { describeZodIssues, errorKindForStatus, parseErrorBody, ProductApiError, type Product } from './product-api-error';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUSES, retryPolicy, type RetryPolicy } from './retry-policy';

/** `requestJira` / `requestConfluence` of `api.asUser()` or `api.asApp()`, or a test double of the same shape. */
export type ProductFetch = (route: Route, init?: RequestInit) => Promise<APIResponse>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RequestOptions {
  readonly body?: unknown;
  /**
   * Whether resending after a dropped connection is safe. Defaults to true for GET, PUT and
   * DELETE and false for POST; read-only POSTs (JQL search) and upserts pass true.
   */
  readonly idempotent?: boolean;
  readonly headers?: Record<string, string>;
}

/**
 * Sends product requests with retries and typed errors, and parses bodies with zod.
 * One instance per product and principal (asUser / asApp).
 */
export class ProductHttp {
  private readonly policy: RetryPolicy;

  constructor(
    private readonly product: Product,
    private readonly fetchProduct: ProductFetch,
    policy: Partial<RetryPolicy> = {},
  ) {
    this.policy = retryPolicy(policy);
  }

  /** Sends the request and parses a 2xx JSON body with `schema`. */
  async json<S extends z.ZodType>(schema: S, method: HttpMethod, path: Route, options: RequestOptions = {}): Promise<z.output<S>> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      throw new ProductApiError('invalidResponse', `${method} ${path.value} answered ${response.status} with a body that is not JSON`, {
        product: this.product,
        method,
        path: path.value,
        status: response.status,
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const schemaIssues = describeZodIssues(parsed.error);
      throw new ProductApiError(
        'invalidResponse',
        `${method} ${path.value} answered an unexpected shape: ${schemaIssues.slice(0, 3).join('; ')}`,
        {
          product: this.product,
          method,
          path: path.value,
          status: response.status,
          schemaIssues,
        },
      );
    }
    return parsed.data;
  }

  /** Sends the request and ignores any 2xx body (204s, PUTs that echo nothing useful). */
  async noContent(method: HttpMethod, path: Route, options: RequestOptions = {}): Promise<void> {
    const response = await this.send(method, path, options);
    await response.text();
  }

  /** Sends with retries; resolves with a 2xx response or throws a ProductApiError. */
  async send(method: HttpMethod, path: Route, options: RequestOptions = {}): Promise<APIResponse> {
    const idempotent = options.idempotent ?? method !== 'POST';
    const init: RequestInit = {
      method,
      headers: {
        Accept: 'application/json',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    };
    const startedAt = this.policy.now();
    for (let attempt = 0; ; attempt += 1) {
      const isLastAttempt = attempt + 1 >= this.policy.maxAttempts;
      let response: APIResponse;
      try {
        response = await this.fetchProduct(path, init);
      } catch (cause) {
        // Anything else (NeedsAuthenticationError for the user-consent flow, NotAllowedError for a
        // missing egress or scope) is the platform's to handle, so it passes through untouched.
        if (!isConnectionFailure(cause)) throw cause;
        const error = this.connectionError(method, path, cause);
        if (!idempotent || isLastAttempt) throw error;
        const delay = backoffDelay(attempt, this.policy);
        if (!this.withinBudget(startedAt, delay)) throw error;
        await this.policy.sleep(delay);
        continue;
      }
      if (response.ok) return response;
      if (RETRYABLE_STATUSES.has(response.status) && !isLastAttempt) {
        const delay = parseRetryAfter(response.headers.get('retry-after'), this.policy.now()) ?? backoffDelay(attempt, this.policy);
        if (this.withinBudget(startedAt, delay)) {
          // The body of a response we discard must still be read, or the connection is held.
          await response.text().catch(() => undefined);
          await this.policy.sleep(delay);
          continue;
        }
      }
      throw await this.statusError(method, path, response);
    }
  }

  private withinBudget(startedAt: number, delay: number): boolean {
    return this.policy.now() - startedAt + delay <= this.policy.budgetMs;
  }

  private connectionError(method: HttpMethod, path: Route, cause: unknown): ProductApiError {
    const reason = cause instanceof Error ? cause.message : String(cause);
    return new ProductApiError('unavailable', `${method} ${path.value} failed to connect: ${reason}`, {
      product: this.product,
      method,
      path: path.value,
      cause,
    });
  }

  private async statusError(method: HttpMethod, path: Route, response: APIResponse): Promise<ProductApiError> {
    const text = await response.text().catch(() => '');
    const { errorMessages, fieldErrors } = parseErrorBody(text);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.policy.now());
    const summary = [...errorMessages, ...Object.entries(fieldErrors).map(([field, message]) => `${field}: ${message}`)].join('; ');
    const kind = errorKindForStatus(response.status);
    return new ProductApiError(kind, `${method} ${path.value} answered ${response.status}${summary ? `: ${summary}` : ''}`, {
      product: this.product,
      method,
      path: path.value,
      status: response.status,
      errorMessages,
      fieldErrors,
      ...(retryAfterMs === undefined ? {} : { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }),
    });
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** A request that never got an HTTP answer: undici's `TypeError: fetch failed`, a socket error, or the Forge proxy failing. */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof FetchError || error instanceof ProxyRequestError) return true;
  if (!(error instanceof Error)) return false;
  const codeOf = (value: unknown): unknown => (typeof value === 'object' && value !== null && 'code' in value ? value.code : undefined);
  const code = codeOf(error) ?? codeOf(error.cause);
  if (typeof code === 'string' && CONNECTION_ERROR_CODES.has(code)) return true;
  return error instanceof TypeError && /fetch failed|network|socket/i.test(error.message);
}

/**
 * Runs `task` over `items` with at most `limit` in flight, keeping the results in input order.
 * Used for the remaining pages of a paged list once its total is known.
 */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}

/** The clock a pacer waits on: the retry policy's `now` and `sleep`, injectable for tests. */
export interface PaceClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Lets at most `limit` requests start in any `windowMs`, in call order; a caller past the limit
 * waits for its slot. For rate limits stated per second, which a concurrency cap alone does not
 * bound: with quick answers, a few requests in flight can start many requests a second.
 */
export function requestPacer(limit: number, windowMs: number, clock: PaceClock): () => Promise<void> {
  const starts: number[] = [];
  let turn: Promise<void> = Promise.resolve();
  return () => {
    turn = turn.then(async () => {
      const wait = starts.length < limit ? 0 : (starts[0] as number) + windowMs - clock.now();
      if (wait > 0) await clock.sleep(wait);
      starts.push(clock.now());
      if (starts.length > limit) starts.shift();
    });
    return turn;
  };
}

export interface OffsetPage<T> {
  readonly values: readonly T[];
  readonly total?: number;
  readonly isLast?: boolean;
}

export interface PagingOptions {
  readonly pageSize: number;
  /** Pages in flight at once after the first. */
  readonly concurrency: number;
  /** Awaited before each page request (see requestPacer). */
  readonly pace?: () => Promise<void>;
  /** The pages after the first wait for it; when it rejects, the read rejects with its reason. */
  readonly restAfter?: PromiseLike<unknown>;
}

/**
 * Reads every page of a `startAt`/`maxResults` list: the first page tells the total and the page
 * size the server actually used (it may cap `maxResults`), then the rest are fetched concurrently.
 * Lists without a `total` are read one page after another until `isLast` or a short page.
 */
export async function collectOffsetPages<T>(
  fetchPage: (startAt: number, maxResults: number) => Promise<OffsetPage<T>>,
  options: PagingOptions,
): Promise<T[]> {
  const { pace } = options;
  const restAfter = options.restAfter === undefined ? undefined : Promise.resolve(options.restAfter);
  // Handled from now on: it may reject while the first page is read, and is awaited after it.
  restAfter?.catch(() => undefined);
  const read = async (startAt: number, maxResults: number): Promise<OffsetPage<T>> => {
    if (pace) await pace();
    return fetchPage(startAt, maxResults);
  };
  const first = await read(0, options.pageSize);
  const step = first.values.length;
  if (step === 0 || first.isLast === true) return [...first.values];
  // A rejected `restAfter` ends the read here, so a caller's failed check costs no further page.
  if (restAfter) await restAfter;
  if (first.total === undefined) {
    const all = [...first.values];
    for (let startAt = step; ; startAt += step) {
      const page = await read(startAt, options.pageSize);
      all.push(...page.values);
      if (page.values.length === 0 || page.isLast === true || page.values.length < step) return all;
    }
  }
  const starts: number[] = [];
  for (let startAt = step; startAt < first.total; startAt += step) starts.push(startAt);
  const rest = await mapWithConcurrency(starts, options.concurrency, (startAt) => read(startAt, step));
  return [...first.values, ...rest.flatMap((page) => page.values)];
}

/** Appends a query string only when there is one, so paths stay exactly as the REST docs spell them. */
export function withQuery(path: Route, params: URLSearchParams): Route {
  return params.size === 0 ? path : route`${path}?${params}`;
}
