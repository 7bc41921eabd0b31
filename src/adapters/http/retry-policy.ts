/**
 * When and how long to wait before resending a product request. Jira answers 429 with
 * `Retry-After` (and `RateLimit-Reason`) when a rate-limit pool is spent, and 503 when it sheds
 * load; both mean "not processed", so any method may be resent. A dropped connection is different:
 * the server may have acted on a POST, so only idempotent requests are resent after one.
 */
export interface RetryPolicy {
  /** Total time we may spend waiting across all retries of one request. Resolvers die at 25 s. */
  readonly budgetMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Clock for HTTP-date `Retry-After` values and the budget; injectable for tests. */
  readonly now: () => number;
  readonly random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  budgetMs: 20_000,
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  random: () => Math.random(),
};

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, ...overrides };
}

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
 * Returns milliseconds to wait, or undefined when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Exponential backoff with "equal jitter": half the step is fixed, half random, so waits never collapse to zero. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(step / 2 + policy.random() * (step / 2));
}
