/** The local site's own request/response model: one pure handler, wrapped by a node server and the Forge fetch bridge. */
export type Product = 'jira' | 'confluence' | 'kvs' | 'statuspage';

export interface SiteRequest {
  method: string;
  /** Path without query string, e.g. `/rest/api/3/issue/INC-1`. */
  path: string;
  /** Query parameters; repeated parameters keep every value. */
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined when the request has none. */
  body?: unknown;
  /** Raw body text when it was not JSON (kept so the contract check can report it). */
  rawBody?: string;
}

export interface SiteResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON body, or undefined for an empty body. */
  body?: unknown;
  /** Raw text to send instead of JSON (used by faults that corrupt a body). */
  rawBody?: string;
}

/** Who a request acts as: a site user, or the app's own service account. */
export interface Actor {
  accountId: string;
  isApp: boolean;
}

export function json(status: number, body?: unknown, headers: Record<string, string> = {}): SiteResponse {
  return { status, headers: body === undefined ? headers : { 'content-type': 'application/json;charset=UTF-8', ...headers }, body };
}

export function noContent(): SiteResponse {
  return { status: 204, headers: {} };
}

/** Jira's error body: `{ errorMessages: [], errors: {} }`. */
export function jiraError(status: number, errorMessages: string[], errors: Record<string, string> = {}): SiteResponse {
  return json(status, { errorMessages, errors });
}

/** Confluence v2's error body. */
export function confluenceError(status: number, title: string, detail?: string): SiteResponse {
  const code = STATUS_CODES[status] ?? 'ERROR';
  return json(status, { errors: [{ status, code, title, ...(detail ? { detail } : {}) }] });
}

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'REQUEST_ENTITY_TOO_LARGE',
};

export function queryValue(req: SiteRequest, name: string): string | undefined {
  const value = req.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Values of a repeatable, comma-separable parameter (`fields=a,b&fields=c`). */
export function queryList(req: SiteRequest, name: string): string[] | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  const all = Array.isArray(value) ? value : [value];
  return all
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function queryInt(req: SiteRequest, name: string, fallback: number): number {
  const raw = queryValue(req, name);
  if (raw === undefined || raw === '') return fallback;
  const parsed = Number.parseInt(raw, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Splits `a/b?x=1&x=2` into path and multi-valued query. */
export function parseTarget(target: string): { path: string; query: Record<string, string | string[]> } {
  const url = new URL(target, 'http://local.site');
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of url.searchParams) {
    const existing = query[key];
    if (existing === undefined) query[key] = value;
    else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return { path: decodeURIComponentSafe(url.pathname), query };
}

function decodeURIComponentSafe(path: string): string {
  try {
    return path
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return path;
  }
}

export function productOf(path: string): Product | undefined {
  if (path.startsWith('/rest/')) return 'jira';
  if (path.startsWith('/wiki/')) return 'confluence';
  if (path.startsWith('/api/v1/')) return 'kvs';
  // The local stand-in for https://api.statuspage.io/v1 (an external service the app reaches through egress).
  if (path.startsWith('/statuspage/v1/')) return 'statuspage';
  return undefined;
}
