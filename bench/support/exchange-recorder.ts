/**
 * Records every request the local site answers, with its response body, for the rate-limit
 * points model (bench/rate-limit-points.ts) and for write checks in the test suites. The Forge
 * runtime calls `site.handle` on each request, so wrapping that method sees app traffic exactly.
 */
import type { LocalSite, SiteResponse } from '../../local-site';
import type { Exchange } from '../rate-limit-points';

export interface RecordedExchange extends Exchange {
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly requestBody?: unknown;
  readonly actor?: string;
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface ExchangeRecorder {
  readonly exchanges: RecordedExchange[];
  /** Simulated network round trip added before each request (ms); change it between phases. */
  latencyMs: number;
  /** Jira and Confluence requests that change state (every non-GET but read-only searches). */
  writes(): RecordedExchange[];
  clear(): void;
  stop(): void;
}

const READ_ONLY_POSTS = [
  /\/rest\/api\/3\/issue\/bulkfetch$/,
  /\/rest\/api\/3\/search\/jql$/,
  /\/rest\/api\/3\/expression\/eval/,
  /\/rest\/api\/3\/search\/approximate-count$/,
];

function productOf(path: string): Exchange['product'] {
  if (path.startsWith('/rest/')) return 'jira';
  if (path.startsWith('/wiki/')) return 'confluence';
  if (path.startsWith('/api/v1/')) return 'kvs';
  return 'unknown';
}

/** Kvs calls are all POSTs; those named here change storage. */
const KVS_WRITES = /^\/api\/v1\/((secret|entity)\/)?(set|delete)$|^\/api\/v1\/batch\/(set|delete)$|^\/api\/v1\/transaction$/;

export function isWrite(exchange: Pick<Exchange, 'product' | 'method' | 'path'>): boolean {
  const method = exchange.method.toUpperCase();
  if (exchange.product === 'kvs') return KVS_WRITES.test(exchange.path);
  if (method === 'GET') return false;
  return !(method === 'POST' && READ_ONLY_POSTS.some((pattern) => pattern.test(exchange.path)));
}

export function recordExchanges(site: LocalSite, options: { latencyMs?: number } = {}): ExchangeRecorder {
  const exchanges: RecordedExchange[] = [];
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const original = site.handle.bind(site);
  const mutableSite = site as { handle: LocalSite['handle'] };
  mutableSite.handle = async (req) => {
    const startedAt = performance.now();
    const base = {
      product: productOf(req.path),
      method: req.method.toUpperCase(),
      path: req.path,
      query: req.query ?? {},
      requestBody: req.body,
      actor: req.headers?.['x-local-site-as-app'] === 'true' ? 'app' : req.headers?.['x-local-site-account-id'],
      startedAt,
    };
    let response: SiteResponse;
    if (recorder.latencyMs > 0) await sleep(recorder.latencyMs);
    try {
      response = await original(req);
    } catch (error) {
      exchanges.push({ ...base, status: 0, endedAt: performance.now() });
      throw error;
    }
    exchanges.push({
      ...base,
      status: response.status,
      body: response.rawBody === undefined ? response.body : undefined,
      endedAt: performance.now(),
    });
    return response;
  };
  const recorder: ExchangeRecorder = {
    exchanges,
    latencyMs: options.latencyMs ?? 0,
    writes: () => exchanges.filter((exchange) => exchange.status >= 200 && exchange.status < 300 && isWrite(exchange)),
    clear: () => {
      exchanges.length = 0;
    },
    stop: () => {
      mutableSite.handle = original;
    },
  };
  return recorder;
}
