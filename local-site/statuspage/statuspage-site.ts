/**
 * The local Statuspage (https://api.statuspage.io/v1, served under /statuspage/v1): the subset the
 * app uses, with Statuspage's rules (../shared/specs/statuspage-v1.openapi.json and
 * https://developer.statuspage.io/):
 * - `Authorization: OAuth <api key>` (or `?api_key=`); a missing or unknown key answers 401.
 * - Each key may make 1 request per second "as measured on a 60 second rolling window": at most 60
 *   requests in any 60 s; beyond that 429 with `Retry-After` (Statuspage also documents 420).
 * - Bodies nest the object under its name (`{"incident": {...}}`); a refused field answers 422.
 * - An incident's component statuses are applied to the page's components, and each update with a
 *   body becomes an incident update, newest first, as the public page shows them.
 * Responses leave out fields that would be null: the document declares no `nullable`, and the
 * client accepts both (real Statuspage sends `null` for e.g. `resolved_at`).
 */
import { isRecord, json, queryValue, type SiteRequest, type SiteResponse } from '../site-http';

export const STATUSPAGE_PREFIX = '/statuspage/v1';
/** The demo key the local site accepts; it opens the demo page only. Never a real key. */
export const DEMO_STATUSPAGE_KEY = 'demo-statuspage-key';
export const DEMO_STATUSPAGE_PAGE_ID = 'demo0page0id';

export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';
const COMPONENT_STATUSES: readonly string[] = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
];
const REALTIME_STATUSES: readonly string[] = ['investigating', 'identified', 'monitoring', 'resolved'];
const ALL_INCIDENT_STATUSES: readonly string[] = [...REALTIME_STATUSES, 'scheduled', 'in_progress', 'verifying', 'completed'];
const CLOSED_STATUSES: readonly string[] = ['resolved', 'completed', 'postmortem'];

export interface StatuspagePageRecord {
  id: string;
  name: string;
  subdomain: string;
  url: string;
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export interface StatuspageComponentRecord {
  id: string;
  page_id: string;
  name: string;
  description: string;
  position: number;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
}

export interface StatuspageIncidentUpdateRecord {
  id: string;
  incident_id: string;
  body: string;
  status: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  deliver_notifications: boolean;
  affected_components: { code: string; name: string; old_status: string; new_status: string }[];
}

export interface StatuspageIncidentRecord {
  id: string;
  page_id: string;
  name: string;
  status: string;
  impact: 'none' | 'minor' | 'major' | 'critical';
  shortlink: string;
  created_at: string;
  updated_at: string;
  monitoring_at?: string;
  resolved_at?: string;
  metadata: Record<string, unknown>;
  /** Ids of the components the incident affects. */
  component_ids: string[];
  /** Newest first, as Statuspage returns them. */
  incident_updates: StatuspageIncidentUpdateRecord[];
}

const RATE_WINDOW_MS = 60_000;
const RATE_LIMIT_PER_WINDOW = 60;
const NAME_MAX = 255;
const BODY_MAX = 25_000;

export class StatuspageSite {
  readonly pages = new Map<string, StatuspagePageRecord>();
  readonly components = new Map<string, StatuspageComponentRecord[]>();
  readonly incidents = new Map<string, StatuspageIncidentRecord[]>();
  /** API key → the pages it may manage. */
  readonly apiKeys = new Map<string, Set<string>>();
  /** Every request, for tests of pacing: key fingerprint (never the key), method, path, status, time. */
  readonly requests: { key: string | undefined; method: string; path: string; status: number; at: number }[] = [];
  private readonly recentByKey = new Map<string, number[]>();
  private unavailableUntil = 0;
  private idCounter = 0;

  constructor(private readonly clock: () => Date) {
    this.seedDemo();
  }

  /** Statuspage answers 503 to every request for `forMs` (or until `available()`). */
  setUnavailable(forMs: number): void {
    this.unavailableUntil = this.clock().getTime() + forMs;
  }

  available(): void {
    this.unavailableUntil = 0;
  }

  get isUnavailable(): boolean {
    return this.clock().getTime() < this.unavailableUntil;
  }

  /** Adds a key for some pages (tests: a second organisation, a revoked key is `revokeKey`). */
  addApiKey(key: string, pageIds: readonly string[]): void {
    this.apiKeys.set(key, new Set(pageIds));
  }

  revokeKey(key: string): void {
    this.apiKeys.delete(key);
  }

  incidentsOf(pageId: string): StatuspageIncidentRecord[] {
    return this.incidents.get(pageId) ?? [];
  }

  componentsOf(pageId: string): StatuspageComponentRecord[] {
    return this.components.get(pageId) ?? [];
  }

  /** The answer to a request under /statuspage/v1, or undefined when no route matches. */
  handle(req: SiteRequest): SiteResponse | undefined {
    const now = this.clock().getTime();
    const path = req.path.slice(STATUSPAGE_PREFIX.length).replace(/\.json$/, '') || '/';
    const key = apiKeyOf(req);
    const answer = (response: SiteResponse): SiteResponse => {
      this.requests.push({
        key: key === undefined ? undefined : fingerprint(key),
        method: req.method,
        path,
        status: response.status,
        at: now,
      });
      return response;
    };
    if (now < this.unavailableUntil)
      return answer(
        error(503, 'Statuspage is temporarily unavailable', { 'retry-after': String(Math.ceil((this.unavailableUntil - now) / 1000)) }),
      );
    if (key === undefined || !this.apiKeys.has(key)) return answer(error(401, 'Could not authenticate'));
    const recent = (this.recentByKey.get(key) ?? []).filter((at) => at > now - RATE_WINDOW_MS);
    if (recent.length >= RATE_LIMIT_PER_WINDOW) {
      this.recentByKey.set(key, recent);
      const retryAfter = Math.max(1, Math.ceil((recent[0]! + RATE_WINDOW_MS - now) / 1000));
      return answer(error(429, 'Rate limit exceeded: 1 request per second per API key', { 'retry-after': String(retryAfter) }));
    }
    recent.push(now);
    this.recentByKey.set(key, recent);
    const routed = this.route(req, path, key);
    return routed === undefined ? undefined : answer(routed);
  }

  private route(req: SiteRequest, path: string, key: string): SiteResponse | undefined {
    const method = req.method.toUpperCase();
    const parts = path.split('/').filter(Boolean);
    if (parts[0] !== 'pages' || parts.length < 2) return undefined;
    const pageId = parts[1]!;
    const page = this.pages.get(pageId);
    if (!page) return error(404, 'The requested resource could not be found.');
    if (!this.apiKeys.get(key)!.has(pageId)) return error(403, 'You are not authorized to access this resource.');
    const rest = parts.slice(2);
    if (rest.length === 0 && method === 'GET') return json(200, this.pageBody(page));
    if (rest[0] === 'components' && rest.length === 1 && method === 'GET') {
      return json(
        200,
        paged(req, this.componentsOf(pageId)).map((component) => this.componentBody(component)),
      );
    }
    if (rest[0] === 'incidents') {
      if (rest.length === 1 && method === 'GET')
        return json(
          200,
          paged(req, this.incidentsOf(pageId)).map((incident) => this.incidentBody(incident)),
        );
      if (rest.length === 1 && method === 'POST') return this.createIncident(req, pageId);
      if (rest.length === 2 && rest[1] === 'unresolved' && method === 'GET') {
        return json(
          200,
          paged(
            req,
            this.incidentsOf(pageId).filter(
              (incident) => !CLOSED_STATUSES.includes(incident.status) && REALTIME_STATUSES.includes(incident.status),
            ),
          ).map((incident) => this.incidentBody(incident)),
        );
      }
      if (rest.length === 2) {
        const incident = this.incidentsOf(pageId).find((candidate) => candidate.id === rest[1]);
        if (!incident) return error(404, 'The requested resource could not be found.');
        if (method === 'GET') return json(200, this.incidentBody(incident));
        if (method === 'PATCH' || method === 'PUT') return this.updateIncident(req, pageId, incident);
      }
    }
    return undefined;
  }

  private createIncident(req: SiteRequest, pageId: string): SiteResponse {
    const incident = isRecord(req.body) && isRecord(req.body.incident) ? req.body.incident : undefined;
    if (!incident) return error(400, 'incident is missing');
    const problem = this.invalidWrite(incident, pageId, true);
    if (problem) return error(422, problem);
    const now = this.timestamp();
    const id = this.nextId();
    const status = typeof incident.status === 'string' ? incident.status : 'investigating';
    const record: StatuspageIncidentRecord = {
      id,
      page_id: pageId,
      name: String(incident.name),
      status,
      impact: 'none',
      shortlink: `https://stspg.io/${id.slice(0, 6)}`,
      created_at: now,
      updated_at: now,
      metadata: isRecord(incident.metadata) ? incident.metadata : {},
      component_ids: [],
      incident_updates: [],
    };
    this.applyStatus(record, status, now);
    this.addUpdate(record, incident, now);
    this.incidents.set(pageId, [record, ...this.incidentsOf(pageId)]);
    return json(201, this.incidentBody(record));
  }

  private updateIncident(req: SiteRequest, pageId: string, record: StatuspageIncidentRecord): SiteResponse {
    const incident = isRecord(req.body) && isRecord(req.body.incident) ? req.body.incident : undefined;
    if (!incident) return error(400, 'incident is missing');
    const problem = this.invalidWrite(incident, pageId, false);
    if (problem) return error(422, problem);
    const now = this.timestamp();
    if (typeof incident.name === 'string') record.name = incident.name;
    if (isRecord(incident.metadata)) record.metadata = incident.metadata;
    if (typeof incident.status === 'string') this.applyStatus(record, incident.status, now);
    this.addUpdate(record, incident, now);
    record.updated_at = now;
    return json(200, this.incidentBody(record));
  }

  /** What Statuspage refuses with 422, as `<field> <problem>`. */
  private invalidWrite(incident: Record<string, unknown>, pageId: string, creating: boolean): string | undefined {
    if (creating && (typeof incident.name !== 'string' || incident.name.trim() === '')) return "name can't be blank";
    if (typeof incident.name === 'string' && incident.name.length > NAME_MAX) return `name is too long (maximum is ${NAME_MAX} characters)`;
    if (typeof incident.body === 'string' && incident.body.length > BODY_MAX) return `body is too long (maximum is ${BODY_MAX} characters)`;
    if (incident.status !== undefined && !ALL_INCIDENT_STATUSES.includes(String(incident.status)))
      return `status is not included in the list`;
    if (incident.metadata !== undefined) {
      if (!isRecord(incident.metadata) || Object.values(incident.metadata).some((value) => !isRecord(value)))
        return 'metadata top-level values must be objects';
    }
    const known = new Set(this.componentsOf(pageId).map((component) => component.id));
    if (incident.components !== undefined) {
      if (!isRecord(incident.components)) return 'components must be a map of component id to status';
      for (const [id, status] of Object.entries(incident.components)) {
        if (!known.has(id)) return `components contains an unknown component id '${id}'`;
        if (status !== '' && !COMPONENT_STATUSES.includes(String(status)))
          return `components status '${String(status)}' of component '${id}' is not included in the list`;
      }
    }
    if (incident.component_ids !== undefined) {
      const unknown = Array.isArray(incident.component_ids) ? incident.component_ids.find((id) => !known.has(String(id))) : '(not a list)';
      if (unknown !== undefined) return `component_ids contains an unknown component id '${String(unknown)}'`;
    }
    return undefined;
  }

  private applyStatus(record: StatuspageIncidentRecord, status: string, now: string): void {
    record.status = status;
    if (status === 'monitoring' && !record.monitoring_at) record.monitoring_at = now;
    if (status === 'resolved') record.resolved_at = now;
    else delete record.resolved_at;
  }

  /** Applies component statuses to the page and records the update (an update needs a body or a change). */
  private addUpdate(record: StatuspageIncidentRecord, incident: Record<string, unknown>, now: string): void {
    const components = this.componentsOf(record.page_id);
    const affected: StatuspageIncidentUpdateRecord['affected_components'] = [];
    const changes = isRecord(incident.components) ? incident.components : {};
    for (const [id, status] of Object.entries(changes)) {
      const component = components.find((candidate) => candidate.id === id);
      if (!component || status === '') continue;
      affected.push({ code: id, name: component.name, old_status: component.status, new_status: String(status) });
      component.status = String(status) as ComponentStatus;
      component.updated_at = now;
      if (!record.component_ids.includes(id)) record.component_ids.push(id);
    }
    for (const id of Array.isArray(incident.component_ids) ? incident.component_ids.map(String) : [])
      if (!record.component_ids.includes(id)) record.component_ids.push(id);
    record.impact = impactOf(record.component_ids.map((id) => components.find((component) => component.id === id)?.status));
    if (typeof incident.body !== 'string' && affected.length === 0 && incident.status === undefined) return;
    record.incident_updates.unshift({
      id: this.nextId(),
      incident_id: record.id,
      body: typeof incident.body === 'string' ? incident.body : '',
      status: record.status,
      created_at: now,
      updated_at: now,
      display_at: now,
      deliver_notifications: incident.deliver_notifications !== false,
      affected_components: affected,
    });
  }

  private pageBody(page: StatuspagePageRecord): Record<string, unknown> {
    return {
      ...page,
      allow_page_subscribers: true,
      allow_incident_subscribers: true,
      allow_email_subscribers: true,
      allow_sms_subscribers: false,
      allow_rss_atom_feeds: true,
      allow_webhook_subscribers: false,
      hidden_from_search: true,
      viewers_must_be_team_members: false,
    };
  }

  private componentBody(component: StatuspageComponentRecord): Record<string, unknown> {
    return { ...component, group: false, showcase: true, only_show_if_degraded: false, start_date: component.created_at.slice(0, 10) };
  }

  private incidentBody(incident: StatuspageIncidentRecord): Record<string, unknown> {
    const components = this.componentsOf(incident.page_id);
    return {
      id: incident.id,
      name: incident.name,
      status: incident.status,
      impact: incident.impact,
      shortlink: incident.shortlink,
      page_id: incident.page_id,
      created_at: incident.created_at,
      updated_at: incident.updated_at,
      ...(incident.monitoring_at ? { monitoring_at: incident.monitoring_at } : {}),
      ...(incident.resolved_at ? { resolved_at: incident.resolved_at } : {}),
      metadata: incident.metadata,
      components: incident.component_ids
        .map((id) => components.find((component) => component.id === id))
        .filter((component) => component !== undefined)
        .map((component) => this.componentBody(component)),
      incident_updates: incident.incident_updates.map((update) => ({ ...update })),
    };
  }

  private timestamp(): string {
    return this.clock().toISOString();
  }

  /** Statuspage ids are 12 lower-case letters and digits; counted, so a replayed site gets the same ones. */
  private nextId(): string {
    this.idCounter += 1;
    return `sp${this.idCounter.toString(36).padStart(10, '0')}`;
  }

  private seedDemo(): void {
    const at = '2026-01-05T09:00:00.000Z';
    this.pages.set(DEMO_STATUSPAGE_PAGE_ID, {
      id: DEMO_STATUSPAGE_PAGE_ID,
      name: 'Acme Cloud Status',
      subdomain: 'acme-demo.statuspage.io',
      url: 'https://www.example.com',
      time_zone: 'UTC',
      created_at: at,
      updated_at: at,
    });
    const names: [string, string, string][] = [
      ['dmcmp0api001', 'API', 'Public REST API'],
      ['dmcmp0web002', 'Website', 'Marketing site and sign-in'],
      ['dmcmp0pay003', 'Payments', 'Checkout and billing'],
      ['dmcmp0ntf004', 'Notifications', 'Email and push notifications'],
    ];
    this.components.set(
      DEMO_STATUSPAGE_PAGE_ID,
      names.map(([id, name, description], index) => ({
        id,
        page_id: DEMO_STATUSPAGE_PAGE_ID,
        name,
        description,
        position: index + 1,
        status: 'operational',
        created_at: at,
        updated_at: at,
      })),
    );
    this.incidents.set(DEMO_STATUSPAGE_PAGE_ID, []);
    this.addApiKey(DEMO_STATUSPAGE_KEY, [DEMO_STATUSPAGE_PAGE_ID]);
  }
}

/** `Authorization: OAuth <key>`, or the documented `?api_key=` query parameter. */
function apiKeyOf(req: SiteRequest): string | undefined {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const match = /^OAuth\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : undefined;
  }
  return queryValue(req, 'api_key');
}

function fingerprint(key: string): string {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `key-${hash.toString(16)}`;
}

function paged<T>(req: SiteRequest, items: T[]): T[] {
  const page = Math.max(1, Number.parseInt(queryValue(req, 'page') ?? '1', 10) || 1);
  const perPage = Math.min(100, Math.max(1, Number.parseInt(queryValue(req, 'per_page') ?? '100', 10) || 100));
  return items.slice((page - 1) * perPage, page * perPage);
}

function impactOf(statuses: (ComponentStatus | undefined)[]): StatuspageIncidentRecord['impact'] {
  if (statuses.includes('major_outage')) return 'critical';
  if (statuses.includes('partial_outage')) return 'major';
  if (statuses.includes('degraded_performance')) return 'minor';
  return 'none';
}

/** Statuspage's error body, as the document's ErrorEntity: `{ "message": "..." }`. */
export function statuspageError(status: number, message: string, headers: Record<string, string> = {}): SiteResponse {
  return json(status, { message }, headers);
}

const error = statuspageError;
