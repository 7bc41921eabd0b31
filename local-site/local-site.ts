/**
 * The local Jira + Confluence site with app storage: one request handler that checks every
 * Jira/Confluence request and response against the official OpenAPI documents, plus test helpers.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { ConfluenceSite } from './confluence/confluence-site';
import { ContractChecker, describeViolation, type ContractViolation } from './contract/spec-checker';
import { forgetViolations, recordViolation } from './contract/violation-registry';
import { workerState } from './contract/contract-counts';
import { ConnectionResetError, FaultInjector } from './faults';
import { JiraRoutes } from './jira/jira-routes';
import { JiraNotifications } from './jira/notify-routes';
import { StatuspageSite, statuspageError } from './statuspage/statuspage-site';
import {
  APP_ACCOUNT_ID,
  JiraState,
  type IssueEventListener,
  type IssueRecord,
  type Json,
  type TransitionValidator,
} from './jira/jira-state';
import { KvsStore, type EntityDefinition } from './kvs/kvs-store';
import { loadSeed, type SeedData, type SeedUser } from './seed';
import {
  confluenceError,
  jiraError,
  json,
  parseTarget,
  productOf,
  type Actor,
  type Product,
  type SiteRequest,
  type SiteResponse,
} from './site-http';

export interface LocalSiteOptions {
  seedDir?: string;
  specsDir?: string;
  latencyMs?: number;
  clock?: () => Date;
  baseUrl?: string;
  /** Custom entities of app storage (as in the manifest's app.storage.entities). */
  entities?: EntityDefinition[];
}

/** Operations still in the document but gone from Jira Cloud, with their replacement. */
const REMOVED_OPERATIONS = new Map([['/rest/api/3/search', 'GET|POST /rest/api/3/search/jql']]);

/** Headers the local site reads to know who acts (the Forge bridge and `npm start` host set them). */
export const ACTOR_HEADER = 'x-local-site-account-id';
export const APP_ACTOR_HEADER = 'x-local-site-as-app';

export interface RequestLogEntry {
  product: Product | 'unknown';
  method: string;
  path: string;
  status: number;
  actor: string;
}

export interface LocalSite {
  readonly baseUrl: string;
  /** The pure handler: `headers` may name the actor (x-local-site-account-id / x-local-site-as-app). */
  handle(req: {
    method: string;
    path: string;
    query?: Record<string, string | string[]>;
    headers?: Record<string, string>;
    body?: unknown;
  }): Promise<SiteResponse>;
  /** Convenience: a request by `actor` to `target` (path with query string). */
  request(actor: Actor | 'app' | string, method: string, target: string, body?: unknown): Promise<SiteResponse>;
  readonly jira: JiraHelpers;
  readonly confluence: ConfluenceSite;
  readonly storage: KvsStore;
  /** Issue notifications (the outbox of every email Jira would send) and watchers. */
  readonly notifications: JiraNotifications;
  /** The local Statuspage (https://api.statuspage.io/v1 under /statuspage/v1), with its demo page and key. */
  readonly statuspage: StatuspageSite;
  readonly faults: FaultInjector;
  readonly stats: { jira: number; confluence: number; kvs: number; statuspage: number; log: RequestLogEntry[] };
  readonly contract: {
    /** Every violation this site saw (also reported to the jest guard). */
    readonly violations: ContractViolation[];
    readonly checked: { requests: number; responses: number };
    /** Marks violations as expected, so the guard does not fail the test; returns them. */
    acknowledge(): ContractViolation[];
    readonly checker: ContractChecker;
  };
  onIssueEvent(listener: IssueEventListener): () => void;
  /** Serve over HTTP (for `npm start` and browser tests). */
  listen(port?: number, host?: string): Promise<{ port: number; url: string; close(): Promise<void> }>;
  readonly appAccountId: string;
  readonly defaultAccountId: string;
}

export interface JiraHelpers {
  readonly state: JiraState;
  /** Raw stored state of an issue (fields, changelog, comments, properties, remote links). */
  issue(key: string): IssueRecord | undefined;
  /** Adds an issue directly (no permission checks, no events); fields use Jira's stored shapes or refs. */
  addIssue(input: {
    project: string;
    issueType: string;
    summary: string;
    status?: string;
    fields?: Json;
    key?: string;
    created?: string;
  }): IssueRecord;
  addUser(user: Partial<SeedUser> & { accountId: string; displayName: string }): void;
  user(accountId: string): SeedUser | undefined;
  addTransitionValidator(validator: TransitionValidator): () => void;
  onIssueEvent(listener: IssueEventListener): () => void;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function createLocalSite(options: LocalSiteOptions = {}): Promise<LocalSite> {
  const checker = await ContractChecker.load(options.specsDir);
  const clock = options.clock ?? (() => new Date());
  const baseUrl = options.baseUrl ?? 'https://local-site.atlassian.net';
  const seed: SeedData = options.seedDir
    ? structuredClone(cachedSeed(options.seedDir, checker))
    : { statuses: defaultStatuses(baseUrl), issues: [], confluence: { spaces: [], pages: [] } };
  const state = new JiraState(seed, baseUrl, clock);
  const jiraRoutes = new JiraRoutes(state);
  const confluence = new ConfluenceSite(seed.confluence, baseUrl, clock);
  const storage = new KvsStore(clock);
  if (options.entities) storage.defineEntities(options.entities);
  const notifications = new JiraNotifications(state);
  const statuspage = new StatuspageSite(clock);
  const faults = new FaultInjector();
  const stats = { jira: 0, confluence: 0, kvs: 0, statuspage: 0, log: [] as RequestLogEntry[] };
  const violations: ContractViolation[] = [];
  const checked = { requests: 0, responses: 0 };
  const defaultAccountId = [...state.users.values()].find((u) => u.siteAdmin)?.accountId ?? [...state.users.keys()][0]!;

  const note = (violation: ContractViolation | undefined) => {
    if (!violation) return;
    violations.push(violation);
    recordViolation(violation);
  };

  const actorFrom = (headers: Record<string, string>): Actor => {
    if (headers[APP_ACTOR_HEADER] === 'true') return { accountId: APP_ACCOUNT_ID, isApp: true };
    return { accountId: headers[ACTOR_HEADER] ?? defaultAccountId, isApp: false };
  };

  /** The product's answer, or undefined when the local site has no route for the request. */
  async function route(req: SiteRequest, product: Product | undefined, actor: Actor): Promise<SiteResponse | undefined> {
    if (product === 'kvs') return storage.handle(req);
    if (product === 'jira') return notifications.handle(req, actor) ?? jiraRoutes.handle(req, actor);
    if (product === 'statuspage') return statuspage.handle(req);
    if (product === 'confluence') return confluence.handle(req, actor);
    return json(404, { message: `No product serves ${req.path}` });
  }

  function notImplemented(req: SiteRequest, product: Product | undefined): SiteResponse {
    const matched = checker.matchOperation(req);
    const kind = REMOVED_OPERATIONS.has(req.path) ? 'removed-operation' : 'not-implemented';
    if (matched?.operation && (product === 'jira' || product === 'confluence' || product === 'statuspage')) {
      const errors =
        kind === 'removed-operation'
          ? [
              `${matched.operation.operationId} was removed from Jira Cloud (HTTP 410 on real sites); use ${REMOVED_OPERATIONS.get(req.path)}`,
            ]
          : [`the local site does not implement ${matched.operation.operationId}`];
      note({ kind, product, method: req.method.toUpperCase(), path: req.path, operationId: matched.operation.operationId, errors });
    }
    if (kind === 'removed-operation')
      return jiraError(410, [`The requested API has been removed. Please migrate to ${REMOVED_OPERATIONS.get(req.path)}.`]);
    const message = `The local site does not implement ${req.method.toUpperCase()} ${req.path}`;
    if (product === 'statuspage') return statuspageError(404, message);
    return product === 'confluence' ? confluenceError(404, 'Not Found', message) : jiraError(404, [message]);
  }

  async function handle(input: Parameters<LocalSite['handle']>[0]): Promise<SiteResponse> {
    const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const req: SiteRequest = { method: input.method.toUpperCase(), path: input.path, query: input.query ?? {}, headers, body: input.body };
    const product = productOf(req.path);
    if (product) stats[product] += 1;
    const actor = actorFrom(headers);
    const log = (status: number) =>
      stats.log.push({ product: product ?? 'unknown', method: req.method, path: req.path, status, actor: actor.accountId });
    if (options.latencyMs) await sleep(options.latencyMs);

    const fault = faults.take(req);
    if (fault && fault.kind !== 'slow' && fault.kind !== 'truncated') {
      log(fault.kind === 'reset' ? 0 : Number(fault.kind));
      if (fault.kind === 'reset') throw new ConnectionResetError();
      const retryAfter: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      const rateHeaders: Record<string, string> = fault.kind === '429' ? { 'ratelimit-reason': 'jira-burst-based' } : {};
      if (product === 'kvs')
        return json(
          Number(fault.kind),
          { code: fault.kind === '429' ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_SERVER_ERROR', message: `Injected ${fault.kind}` },
          retryAfter,
        );
      if (product === 'statuspage') return statuspageError(Number(fault.kind), `Injected fault ${fault.kind}`, retryAfter);
      return json(Number(fault.kind), { errorMessages: [`Injected fault ${fault.kind}`], errors: {} }, { ...retryAfter, ...rateHeaders });
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs ?? 1000);

    const requestCheck = product === 'jira' || product === 'confluence' || product === 'statuspage' ? checker.checkRequest(req) : undefined;
    if (requestCheck) checked.requests += 1;
    let response: SiteResponse;
    if (requestCheck?.violation) {
      note(requestCheck.violation);
      const detail = `${describeViolation(requestCheck.violation)}`;
      const status = requestCheck.violation.kind === 'unknown-operation' ? 404 : 400;
      response =
        product === 'jira'
          ? jiraError(status, [detail])
          : product === 'statuspage'
            ? statuspageError(status, detail)
            : confluenceError(status, status === 404 ? 'Not Found' : 'Bad Request', detail);
    } else {
      let routed: SiteResponse | undefined;
      try {
        routed = await route(req, product, actor);
      } catch (error) {
        routed = json(500, { errorMessages: [`Local site failure: ${(error as Error).stack ?? String(error)}`], errors: {} });
      }
      if (routed === undefined) {
        // Already recorded as not implemented / removed: the answer is the site's, not the product's.
        response = notImplemented(req, product);
      } else {
        response = routed;
        if (requestCheck?.operation) {
          checked.responses += 1;
          note(checker.checkResponse(req, response));
        }
      }
    }
    log(response.status);
    if (fault?.kind === 'truncated' && response.body !== undefined) {
      const text = JSON.stringify(response.body);
      return { ...response, body: undefined, rawBody: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
    }
    return response;
  }

  const jira: JiraHelpers = {
    state,
    issue: (key) => state.findIssue(key),
    addIssue: (input) => addIssueDirectly(state, input),
    addUser: (user) =>
      state.users.set(user.accountId, {
        groups: [],
        siteAdmin: false,
        projectPermissions: {},
        projectRoles: {},
        active: true,
        timeZone: 'UTC',
        ...user,
      }),
    user: (accountId) => state.users.get(accountId),
    addTransitionValidator: (validator) => {
      state.transitionValidators.push(validator);
      return () => state.transitionValidators.splice(state.transitionValidators.indexOf(validator), 1);
    },
    onIssueEvent: (listener) => state.onIssueEvent(listener),
  };

  const site: LocalSite = {
    baseUrl,
    handle,
    async request(actor, method, target, body) {
      const resolved: Actor =
        actor === 'app'
          ? { accountId: APP_ACCOUNT_ID, isApp: true }
          : typeof actor === 'string'
            ? { accountId: actor, isApp: false }
            : actor;
      const { path, query } = parseTarget(target);
      const headers: Record<string, string> = resolved.isApp ? { [APP_ACTOR_HEADER]: 'true' } : { [ACTOR_HEADER]: resolved.accountId };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return handle({ method, path, query, headers, body });
    },
    jira,
    confluence,
    storage,
    notifications,
    statuspage,
    faults,
    stats,
    contract: {
      violations,
      checked,
      acknowledge() {
        const taken = violations.splice(0, violations.length);
        forgetViolations(taken);
        return taken;
      },
      checker,
    },
    onIssueEvent: (listener) => state.onIssueEvent(listener),
    listen: (port, host) => listen(handle, port ?? 0, host ?? '127.0.0.1'),
    appAccountId: APP_ACCOUNT_ID,
    defaultAccountId,
  };
  return site;
}

/**
 * Seeds are parsed and validated once per worker and directory contents (file names, sizes and
 * modification times), then deep-copied for every site, so test files can start sites cheaply.
 */
function cachedSeed(seedDir: string, checker: ContractChecker): SeedData {
  const fingerprint = (dir: string): string =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return `${entry.name}/[${fingerprint(full)}]`;
        const stat = fs.statSync(full);
        return `${entry.name}:${stat.size}:${stat.mtimeMs}`;
      })
      .join(',');
  const resolved = path.resolve(seedDir);
  const key = `seed:${resolved}:${fs.existsSync(resolved) && fs.statSync(resolved).isDirectory() ? fingerprint(resolved) : 'missing'}`;
  const cache = workerState().cache;
  let seed = cache.get(key) as SeedData | undefined;
  if (!seed) {
    seed = loadSeed(resolved, checker);
    cache.set(key, seed);
  }
  return seed;
}

function addIssueDirectly(state: JiraState, input: Parameters<JiraHelpers['addIssue']>[0]): IssueRecord {
  const project = state.findProject(input.project);
  if (!project) throw new Error(`addIssue: unknown project ${input.project}`);
  const type = state.findIssueType({ name: input.issueType, id: input.issueType });
  if (!type) throw new Error(`addIssue: unknown issue type ${input.issueType}`);
  const status = state.findStatus(input.status ?? project.workflow.initialStatus);
  if (!status) throw new Error(`addIssue: unknown status ${String(input.status)}`);
  const key = input.key ?? state.nextIssueKey(project.key);
  const now = input.created ?? state.now();
  const fields: Json = {
    summary: input.summary,
    issuetype: type,
    project: state.normalizeValue('project', { key: project.key }, 'create'),
    status,
    created: now,
    updated: now,
    labels: [],
    issuelinks: [],
    resolution: null,
    assignee: null,
    reporter: state.userBody([...state.users.keys()][0]!) ?? null,
  };
  for (const [fieldId, value] of Object.entries(input.fields ?? {})) {
    const field = state.findField(fieldId);
    // Accept refs ({ value }, { name }) like an edit would, and already-stored shapes as they are.
    try {
      fields[String(field?.id ?? fieldId)] = state.normalizeValue(String(field?.id ?? fieldId), value, 'create');
    } catch {
      fields[String(field?.id ?? fieldId)] = value;
    }
  }
  const record: IssueRecord = {
    id: state.nextId('issueId'),
    key,
    projectKey: project.key,
    fields,
    changelog: [],
    comments: [],
    properties: new Map(),
    remoteLinks: [],
  };
  state.issues.set(key, record);
  return record;
}

function defaultStatuses(baseUrl: string): Json[] {
  const category = (id: number, key: string, colorName: string, name: string) => ({
    self: `${baseUrl}/rest/api/3/statuscategory/${id}`,
    id,
    key,
    colorName,
    name,
  });
  return [
    {
      self: `${baseUrl}/rest/api/3/status/1`,
      description: '',
      iconUrl: `${baseUrl}/images/icons/statuses/open.png`,
      name: 'To Do',
      id: '1',
      statusCategory: category(2, 'new', 'blue-gray', 'To Do'),
    },
    {
      self: `${baseUrl}/rest/api/3/status/3`,
      description: '',
      iconUrl: `${baseUrl}/images/icons/statuses/inprogress.png`,
      name: 'In Progress',
      id: '3',
      statusCategory: category(4, 'indeterminate', 'yellow', 'In Progress'),
    },
    {
      self: `${baseUrl}/rest/api/3/status/10001`,
      description: '',
      iconUrl: `${baseUrl}/images/icons/statuses/closed.png`,
      name: 'Done',
      id: '10001',
      statusCategory: category(3, 'done', 'green', 'Done'),
    },
  ];
}

async function listen(
  handle: LocalSite['handle'],
  port: number,
  host: string,
): Promise<{ port: number; url: string; close(): Promise<void> }> {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      void (async () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          outgoing
            .writeHead(400, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errorMessages: ['Request body is not valid JSON.'], errors: {} }));
          return;
        }
        const { path, query } = parseTarget(incoming.url ?? '/');
        const headers = Object.fromEntries(
          Object.entries(incoming.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
        );
        try {
          const response = await handle({ method: incoming.method ?? 'GET', path, query, headers, body });
          const payload = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
          outgoing.writeHead(response.status, response.headers).end(payload);
        } catch (error) {
          if (error instanceof ConnectionResetError) incoming.socket.destroy();
          else
            outgoing
              .writeHead(500, { 'content-type': 'application/json' })
              .end(JSON.stringify({ errorMessages: [String(error)], errors: {} }));
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    port: address.port,
    url: `http://${host}:${address.port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
