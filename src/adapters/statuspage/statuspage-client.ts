import { createHash } from 'node:crypto';
import { fetch as forgeFetch, type APIResponse, type RequestInit } from '@forge/api';
import { z } from 'zod';

/**
 * Statuspage REST API v1 client (the external audience of an incident update).
 * @see https://developer.statuspage.io/ and ../shared/specs/statuspage-v1.openapi.json
 *
 * Platform facts this client is built on:
 * - Auth is `Authorization: OAuth <api key>`; a revoked or wrong key answers 401.
 * - Each key may make 1 request per second, measured on a 60 s rolling window; above that
 *   Statuspage answers 420 or 429. Calls are paced per key within this process and a 420/429 is
 *   retried after `Retry-After` (or 1 s), a bounded number of times.
 * - Bodies nest the object under its name (`{"incident": {...}}`).
 * - The call leaves Forge through egress (`permissions.external.fetch.backend: api.statuspage.io`),
 *   so it uses `fetch` from `@forge/api`, which only declared hosts may be reached with.
 */

export type StatuspageIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved';
export type StatuspageComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

export const STATUSPAGE_INCIDENT_STATUSES: readonly StatuspageIncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved'];
export const STATUSPAGE_COMPONENT_STATUSES: readonly StatuspageComponentStatus[] = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];

export interface StatuspageComponent {
  id: string;
  name: string;
  status: StatuspageComponentStatus;
}

export interface StatuspageIncidentWrite {
  /** At most 255 characters (Statuspage's limit). */
  name: string;
  status: StatuspageIncidentStatus;
  /**
   * The text of this incident update; at most 25,000 characters. Plain text: Statuspage renders it as Markdown-like text, never our HTML.
   */
  body: string;
  /** Component id → the status this update sets. Components left out keep their status. */
  components: Record<string, StatuspageComponentStatus>;
  /** Our idempotency marker, stored in the incident's `metadata` (see STATUSPAGE_METADATA_NAMESPACE). */
  jiraIssueKey: string;
}

export interface StatuspageIncident {
  id: string;
  name: string;
  status: StatuspageIncidentStatus;
  shortlink: string | null;
}

export interface StatuspagePage {
  id: string;
  name: string;
}

export type StatuspageErrorKind = 'UNAUTHORIZED' | 'NOT_FOUND' | 'INVALID' | 'RATE_LIMITED' | 'UNAVAILABLE';

export class StatuspageError extends Error {
  override readonly name = 'StatuspageError';
  constructor(
    readonly kind: StatuspageErrorKind,
    message: string,
    /** For INVALID: the field of the incident that was refused (`name`, `body`, `components`, `status`). */
    readonly field?: string,
    /** The HTTP status Statuspage answered, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export function isStatuspageError(error: unknown, kind?: StatuspageErrorKind): error is StatuspageError {
  return error instanceof StatuspageError && (kind === undefined || error.kind === kind);
}

/**
 * The incident `metadata` key holding our marker: `{ [namespace]: { jira_issue_key } }`. Statuspage
 * requires every top-level metadata value to be an object; an app-specific namespace keeps clear of
 * Statuspage's own Jira integration.
 */
export const STATUSPAGE_METADATA_NAMESPACE = 'incident_response_for_jira';

export const STATUSPAGE_DEFAULT_BASE_URL = 'https://api.statuspage.io/v1';

/** Statuspage's documented per-key limit: 1 request per second. */
export const STATUSPAGE_MIN_INTERVAL_MS = 1000;

const NAME_MAX = 255;
const BODY_MAX = 25_000;
/** Rate-limit answers retried before giving up; waits are capped so a resolver (25 s) still answers. */
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_WAIT_BUDGET_MS = 8_000;
const PAGE_SIZE = 100;

export type ExternalFetch = (url: string, init?: RequestInit) => Promise<APIResponse | Response>;

export interface StatuspageClientOptions {
  apiKey: string;
  pageId: string;
  /** Default https://api.statuspage.io/v1. */
  baseUrl?: string;
  /** Default: `fetch` from @forge/api (egress). */
  fetch?: ExternalFetch;
  /** Injectable for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests; default Date.now. */
  now?: () => number;
  /** Spacing between two calls with the same key; default 1000 ms. */
  minIntervalMs?: number;
}

// ---- Response shapes (only what we read; Statuspage sends many more fields, some null) ---------

const StatuspageComponentBody = z.object({
  id: z.string(),
  name: z.string(),
  // The document allows "" as a component status; Statuspage shows such a component as operational.
  status: z
    .enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance', ''])
    .nullish()
    .transform((status): StatuspageComponentStatus => (status ? status : 'operational')),
  group: z.boolean().nullish(),
});
const StatuspageComponentList = z.array(StatuspageComponentBody);

const StatuspageIncidentBody = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  shortlink: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
type StatuspageIncidentBodyType = z.infer<typeof StatuspageIncidentBody>;
const StatuspageIncidentList = z.array(StatuspageIncidentBody);

const StatuspagePageBody = z.object({ id: z.string(), name: z.string() });

const StatuspageErrorBody = z.union([
  z.object({ message: z.string() }),
  // Statuspage's own error bodies are also seen as `{ "error": "..." }` or `{ "error": ["..."] }`.
  z.object({ error: z.union([z.string(), z.array(z.string())]) }),
]);

/** When the next call with a key may start, per key fingerprint; shared by every client in this process. */
const nextSlotByKey = new Map<string, number>();

export class StatuspageClient {
  private readonly apiKey: string;
  private readonly pageId: string;
  private readonly baseUrl: string;
  private readonly fetchExternal: ExternalFetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly minIntervalMs: number;
  /** A fingerprint, so the pacing table never holds the key itself. */
  private readonly keyId: string;

  constructor(opts: StatuspageClientOptions) {
    this.apiKey = opts.apiKey;
    this.pageId = opts.pageId;
    this.baseUrl = (opts.baseUrl ?? STATUSPAGE_DEFAULT_BASE_URL).replace(/\/+$/, '');
    // Read at call time, not bound here: the Forge runtime owns `fetch`.
    this.fetchExternal = opts.fetch ?? ((url, init) => forgeFetch(url, init));
    this.sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = opts.now ?? (() => Date.now());
    this.minIntervalMs = opts.minIntervalMs ?? STATUSPAGE_MIN_INTERVAL_MS;
    this.keyId = createHash('sha256').update(opts.apiKey).digest('hex').slice(0, 16);
  }

  /** The page itself: a cheap check that the key and page id are right. @see GET /pages/{page_id} */
  async getPage(): Promise<StatuspagePage> {
    const body = await this.request('GET', this.pagePath(''), undefined);
    return this.parse(StatuspagePageBody, body, 'page');
  }

  /** Every component that can carry a status (component groups are left out). @see GET /pages/{page_id}/components */
  async listComponents(): Promise<StatuspageComponent[]> {
    const all: StatuspageComponent[] = [];
    for (let page = 1; ; page += 1) {
      const body = await this.request('GET', this.pagePath(`/components?page=${page}&per_page=${PAGE_SIZE}`), undefined);
      const components = this.parse(StatuspageComponentList, body, 'components');
      for (const component of components)
        if (component.group !== true) all.push({ id: component.id, name: component.name, status: component.status });
      if (components.length < PAGE_SIZE) return all;
    }
  }

  /** The unresolved incident carrying our marker for this Jira issue, or null. @see GET /pages/{page_id}/incidents/unresolved */
  async findOpenIncidentFor(jiraIssueKey: string): Promise<StatuspageIncident | null> {
    for (let page = 1; ; page += 1) {
      const body = await this.request('GET', this.pagePath(`/incidents/unresolved?page=${page}&per_page=${PAGE_SIZE}`), undefined);
      const incidents = this.parse(StatuspageIncidentList, body, 'incidents');
      const ours = incidents.find((incident) => markerOf(incident) === jiraIssueKey && isRealtimeOpen(incident.status));
      if (ours) return toIncident(ours);
      if (incidents.length < PAGE_SIZE) return null;
    }
  }

  /** Creates the incident with its first update. @see POST /pages/{page_id}/incidents */
  async createIncident(write: StatuspageIncidentWrite): Promise<StatuspageIncident> {
    const body = await this.request('POST', this.pagePath('/incidents'), { incident: incidentBody(checkedWrite(write)) });
    return toIncident(this.parse(StatuspageIncidentBody, body, 'incident'));
  }

  /** Adds an update (body, status, component statuses) to the incident. @see PATCH /pages/{page_id}/incidents/{incident_id} */
  async updateIncident(incidentId: string, write: StatuspageIncidentWrite): Promise<StatuspageIncident> {
    const body = await this.request(
      'PATCH',
      this.pagePath(`/incidents/${encodeURIComponent(incidentId)}`),
      { incident: incidentBody(checkedWrite(write)) },
      incidentId,
    );
    return toIncident(this.parse(StatuspageIncidentBody, body, 'incident'));
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private pagePath(rest: string): string {
    return `/pages/${encodeURIComponent(this.pageId)}${rest}`;
  }

  /** Waits for this key's next 1-second slot; concurrent callers queue behind each other. */
  private async paced(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, nextSlotByKey.get(this.keyId) ?? 0);
    nextSlotByKey.set(this.keyId, slot + this.minIntervalMs);
    if (slot > now) await this.sleep(slot - now);
  }

  private async request(method: 'GET' | 'POST' | 'PATCH', path: string, body: unknown, incidentId?: string): Promise<unknown> {
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      await this.paced();
      let response: APIResponse | Response;
      try {
        response = await this.fetchExternal(`${this.baseUrl}${path}`, {
          method,
          headers: {
            Authorization: `OAuth ${this.apiKey}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (cause) {
        // Never echo the request (its headers carry the key); the cause names the network failure only.
        const reason = cause instanceof Error ? cause.message : 'connection failed';
        throw new StatuspageError('UNAVAILABLE', `Statuspage is unavailable (${reason}): try again in a few minutes`);
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 200 && response.status < 300) {
        if (text === '') return undefined;
        try {
          return JSON.parse(text);
        } catch {
          throw new StatuspageError(
            'UNAVAILABLE',
            `Statuspage answered ${method} ${path} with a body that is not JSON: try again later`,
            undefined,
            response.status,
          );
        }
      }
      if ((response.status === 420 || response.status === 429) && attempt < RATE_LIMIT_RETRIES) {
        const wait = retryAfterMs(response.headers.get('retry-after'), this.now()) ?? STATUSPAGE_MIN_INTERVAL_MS;
        if (waited + wait <= RATE_LIMIT_WAIT_BUDGET_MS) {
          waited += wait;
          await this.sleep(wait);
          continue;
        }
      }
      throw this.statusError(response.status, text, response.headers.get('retry-after'), incidentId);
    }
  }

  private statusError(status: number, text: string, retryAfter: string | null, incidentId?: string): StatuspageError {
    const detail = errorDetail(text);
    if (status === 401)
      return new StatuspageError(
        'UNAUTHORIZED',
        'Statuspage refused the API key (401): enter a valid key on the admin page',
        undefined,
        status,
      );
    if (status === 403)
      return new StatuspageError(
        'UNAUTHORIZED',
        `Statuspage denied the API key access to page '${this.pageId}' (403): use a key of a user who manages this page`,
        undefined,
        status,
      );
    if (status === 404) {
      return incidentId === undefined
        ? new StatuspageError(
            'NOT_FOUND',
            `Statuspage page '${this.pageId}' does not exist (404): check the page id on the admin page`,
            undefined,
            status,
          )
        : new StatuspageError(
            'NOT_FOUND',
            `Statuspage incident '${incidentId}' was not found on page '${this.pageId}' (404): it may have been deleted on ` +
              `Statuspage; check the page id`,
            undefined,
            status,
          );
    }
    if (status === 400 || status === 422) {
      const field = fieldNamedIn(detail);
      return new StatuspageError(
        'INVALID',
        `Statuspage refused the incident (${status})${detail ? `: ${detail}` : ''}${field ? `; fix the ${field}` : ''}`,
        field,
        status,
      );
    }
    if (status === 420 || status === 429) {
      const seconds = Math.ceil((retryAfterMs(retryAfter, this.now()) ?? STATUSPAGE_MIN_INTERVAL_MS) / 1000);
      return new StatuspageError(
        'RATE_LIMITED',
        `Statuspage rate limited the API key (${status}): it allows 1 request per second; try again in ${seconds} s`,
        undefined,
        status,
      );
    }
    if (status >= 500)
      return new StatuspageError('UNAVAILABLE', `Statuspage is unavailable (${status}): try again in a few minutes`, undefined, status);
    return new StatuspageError(
      'UNAVAILABLE',
      `Statuspage answered an unexpected ${status}${detail ? `: ${detail}` : ''}`,
      undefined,
      status,
    );
  }

  private parse<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${[what, ...issue.path.map(String)].join('.')}: ${issue.message}`);
    throw new StatuspageError('UNAVAILABLE', `Statuspage answered an unexpected shape: ${issues.join('; ')}`);
  }
}

/** Checks what Statuspage would refuse before anything is sent, so a bad write names its field and posts nothing. */
function checkedWrite(write: StatuspageIncidentWrite): StatuspageIncidentWrite {
  if (write.name.trim() === '')
    throw new StatuspageError('INVALID', 'The Statuspage incident name is empty: give the incident a summary', 'name');
  if (write.name.length > NAME_MAX)
    throw new StatuspageError(
      'INVALID',
      `The Statuspage incident name has ${write.name.length} characters; Statuspage allows at most ${NAME_MAX}`,
      'name',
    );
  if (write.body.length > BODY_MAX)
    throw new StatuspageError(
      'INVALID',
      `The Statuspage update has ${write.body.length} characters; Statuspage allows at most ${BODY_MAX}`,
      'body',
    );
  if (!STATUSPAGE_INCIDENT_STATUSES.includes(write.status))
    throw new StatuspageError(
      'INVALID',
      `Statuspage incident status must be one of ${STATUSPAGE_INCIDENT_STATUSES.join(', ')}; got '${String(write.status)}'`,
      'status',
    );
  for (const [id, status] of Object.entries(write.components)) {
    if (!STATUSPAGE_COMPONENT_STATUSES.includes(status))
      throw new StatuspageError(
        'INVALID',
        `Statuspage component '${id}' status must be one of ${STATUSPAGE_COMPONENT_STATUSES.join(', ')}; got '${String(status)}'`,
        'components',
      );
  }
  if (write.jiraIssueKey.trim() === '')
    throw new StatuspageError('INVALID', 'The Jira issue key for the Statuspage incident is empty', 'jiraIssueKey');
  return write;
}

function incidentBody(write: StatuspageIncidentWrite): Record<string, unknown> {
  return {
    name: write.name,
    status: write.status,
    body: write.body,
    components: write.components,
    component_ids: Object.keys(write.components),
    metadata: { [STATUSPAGE_METADATA_NAMESPACE]: { jira_issue_key: write.jiraIssueKey } },
  };
}

function markerOf(incident: StatuspageIncidentBodyType): string | undefined {
  const ours = incident.metadata?.[STATUSPAGE_METADATA_NAMESPACE];
  if (typeof ours !== 'object' || ours === null) return undefined;
  const key = (ours as Record<string, unknown>).jira_issue_key;
  return typeof key === 'string' ? key : undefined;
}

function isRealtimeOpen(status: string): boolean {
  return status === 'investigating' || status === 'identified' || status === 'monitoring';
}

function toIncident(body: StatuspageIncidentBodyType): StatuspageIncident {
  const status = STATUSPAGE_INCIDENT_STATUSES.find((known) => known === body.status);
  if (!status)
    throw new StatuspageError(
      'UNAVAILABLE',
      `Statuspage incident '${body.id}' has status '${body.status}', which is not a realtime incident status`,
    );
  return { id: body.id, name: body.name, status, shortlink: body.shortlink ?? null };
}

function errorDetail(text: string): string {
  if (text.trim() === '') return '';
  try {
    const parsed = StatuspageErrorBody.safeParse(JSON.parse(text));
    if (!parsed.success) return '';
    if ('message' in parsed.data) return parsed.data.message;
    return Array.isArray(parsed.data.error) ? parsed.data.error.join('; ') : parsed.data.error;
  } catch {
    return '';
  }
}

const WRITE_FIELDS = ['name', 'status', 'body', 'components', 'component_ids', 'metadata'] as const;

/** The incident field a 400/422 message is about (`incident.name is too long`, `Name can't be blank`). */
function fieldNamedIn(detail: string): string | undefined {
  const lower = detail.toLowerCase();
  const match = WRITE_FIELDS.find((field) => new RegExp(`(^|[^a-z_])(incident\\.)?${field}([^a-z_]|$)`).test(lower));
  return match === 'component_ids' ? 'components' : match;
}

/** `Retry-After` as delay-seconds or an HTTP-date, in ms. */
function retryAfterMs(header: string | null, nowMs: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
