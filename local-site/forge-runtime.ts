/**
 * Runs unchanged @forge/api, @forge/kvs and @forge/resolver code against a local site by
 * installing the two globals those packages call (ORACLES.md §4):
 * - `__forge_runtime__`: metrics, appContext (moduleKey of the current invocation), lambdaContext, aaid;
 * - `__forge_fetch__(meta, path, init)`: `fpp` product calls (remote jira|confluence, provider
 *   app|user|none) and `kvs` storage calls, answered with a real `Response`. Product calls arrive
 *   as through Forge's product proxy: Jira's `self` links point at the API gateway
 *   (`https://api.atlassian.com/ex/jira/<cloudId>/rest/...`), not at the site.
 * The current invocation (user, module) is carried by AsyncLocalStorage, as Forge scopes each
 * invocation: `asUser()` acts as that user, `asApp()` as the app's service account.
 * A user who has not allowed the app to act as them (`withholdConsent`) gets what Forge's product
 * proxy answers then: 401 with `forge-proxy-error: NEEDS_AUTHENTICATION_ERR`, which @forge/api
 * turns into `NeedsAuthenticationError`; on Forge that error, thrown out of the function, makes the
 * platform show the user the consent prompt.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ConnectionResetError } from './faults';
import { ACTOR_HEADER, APP_ACTOR_HEADER, type LocalSite } from './local-site';
import { FORGE_PROXY_HEADER } from './jira/jira-routes';
import { parseTarget } from './site-http';

/** What `resolver.getDefinitions()` returns; called as Forge calls it: `({ call, context }, backendRuntimePayload)`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ResolverDefinitions = (...args: any[]) => unknown;

export interface InvocationContext {
  accountId: string;
  moduleKey?: string;
}

export interface ForgeRuntime {
  asInvocation<T>(ctx: InvocationContext, fn: () => Promise<T>): Promise<T>;
  invoke(
    resolverDefinitions: ResolverDefinitions,
    functionKey: string,
    payload: unknown,
    ctx: { accountId: string; extension?: Record<string, unknown>; moduleKey?: string; localId?: string },
  ): Promise<unknown>;
  /** The invocation running now, if any. */
  current(): InvocationContext | undefined;
  /** From now on this user's asUser() calls fail as they do before the user allows the app access. */
  withholdConsent(accountId: string): void;
  /** The user allowed access (the consent prompt's "Allow access"). */
  grantConsent(accountId: string): void;
  /** The manifest's `consumer` module for `queue`: its function is called with each pushed event, as the app. */
  setQueueConsumer(queue: string, consumer: QueueConsumer): void;
  /** Resolves once every event pushed so far (and any its consumer pushed) has been consumed. */
  drainEvents(): Promise<void>;
  dispose(): void;
}

/** A consumer function as Forge calls it (@forge/events 2+): `(AsyncEvent, context)`; the registrant runs it in an invocation as the app. A failure is logged. */
export type QueueConsumer = (
  event: { body: unknown; queueName: string; jobId: string; eventId: string; delayInSeconds?: number },
  context: Record<string, unknown>,
) => Promise<unknown>;

/** Where @forge/events `Queue.push` posts, through the `fpp` stargate remote as the app (node_modules/@forge/events/out/queries.js). */
const QUEUE_PUBLISH_PATH = '/webhook/queue/publish/';
/** Forge's push limits (Async events API): 50 events and 200 KB a push. */
const MAX_EVENTS_PER_PUSH = 50;
const MAX_PUSH_PAYLOAD_BYTES = 200 * 1024;

export const LOCAL_APP_ID = '00000000-0000-4000-8000-000000000001';
export const LOCAL_ENVIRONMENT_ID = '00000000-0000-4000-8000-0000000000e1';
export const LOCAL_CLOUD_ID = '00000000-0000-4000-8000-00000000c10d';

interface FetchMeta {
  type?: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}

type GlobalWithForge = typeof globalThis & { __forge_runtime__?: unknown; __forge_fetch__?: unknown };

const noopMetrics = {
  counter: () => ({ incr() {}, decr() {} }),
  timing: () => ({ measure: () => ({ stop() {} }) }),
  gauge: () => ({ set() {} }),
};

/** Install the Forge globals for `site`; `dispose()` restores what was there before. */
export function installForgeRuntime(
  site: LocalSite,
  options: { defaultModuleKey?: string; resolverTimeoutMs?: number } = {},
): ForgeRuntime {
  const storage = new AsyncLocalStorage<InvocationContext>();
  const g = globalThis as GlobalWithForge;
  const previous = { runtime: g.__forge_runtime__, fetch: g.__forge_fetch__ };
  const timeoutMs = options.resolverTimeoutMs ?? 25_000;
  const withoutConsent = new Set<string>();
  const consumers = new Map<string, QueueConsumer>();
  const consuming = new Set<Promise<unknown>>();
  let eventCounter = 0;

  /**
   * Forge accepts the push (201) and runs the consumer later, in its own invocation as the app:
   * never inside the pusher's invocation, so the pusher's answer does not wait for it.
   */
  const publish = (body: unknown): Response => {
    const push = body as { queueName?: unknown; jobId?: unknown; payload?: unknown };
    if (typeof push?.queueName !== 'string' || typeof push.jobId !== 'string' || !Array.isArray(push.payload))
      return respond(400, { errorMessage: 'queueName, jobId and payload are required.' });
    if (push.payload.length === 0 || push.payload.length > MAX_EVENTS_PER_PUSH)
      return respond(400, { errorMessage: `Push 1 to ${MAX_EVENTS_PER_PUSH} events.` });
    if (Buffer.byteLength(JSON.stringify(push.payload), 'utf8') > MAX_PUSH_PAYLOAD_BYTES)
      return respond(413, { errorMessage: `The combined payload is larger than ${MAX_PUSH_PAYLOAD_BYTES / 1024} KB.` });
    const consumer = consumers.get(push.queueName);
    if (!consumer) throw new Error(`The app pushed to queue "${push.queueName}", which no consumer module in manifest.yml reads`);
    const queueName = push.queueName;
    const jobId = push.jobId;
    for (const event of push.payload as { body: unknown; delayInSeconds?: number }[]) {
      const eventId = `local-event-${++eventCounter}`;
      const run = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() =>
          consumer(
            { ...JSON.parse(JSON.stringify(event)), queueName, jobId, eventId },
            { installContext: `ari:cloud:jira::site/${LOCAL_CLOUD_ID}` },
          ),
        )
        .catch((error: unknown) => console.error(`queue ${queueName}: the consumer failed on ${eventId}`, error));
      consuming.add(run);
      void run.finally(() => consuming.delete(run));
    }
    return respond(201, {});
  };

  const runtime = {
    metrics: noopMetrics,
    get appContext() {
      return {
        appId: LOCAL_APP_ID,
        appVersion: '1.0.0',
        environmentId: LOCAL_ENVIRONMENT_ID,
        environmentType: 'DEVELOPMENT',
        invocationId: 'local-invocation',
        installationId: `ari:cloud:ecosystem::installation/${LOCAL_CLOUD_ID}`,
        moduleKey: storage.getStore()?.moduleKey ?? options.defaultModuleKey ?? 'local-module',
        permissions: { scopes: [], external: {} },
      };
    },
    lambdaContext: { getRemainingTimeInMillis: () => timeoutMs },
    get aaid() {
      return storage.getStore()?.accountId;
    },
    tracing: { traceId: 'local-trace', spanId: 'local-span' },
  };

  const forgeFetch = async (meta: FetchMeta, path: string, init?: RequestInit): Promise<Response> => {
    const parts = requestParts(init);
    if (parts === undefined) return respond(400, { errorMessages: ['The request body is not valid JSON.'], errors: {} });
    const { method, headers, body } = parts;
    if (meta.type === 'kvs') {
      return toResponse(await site.handle({ method, path: parseTarget(path).path, headers, body }));
    }
    if (
      meta.type === 'fpp' &&
      meta.remote === 'stargate' &&
      meta.provider === 'app' &&
      method === 'POST' &&
      path.startsWith(QUEUE_PUBLISH_PATH)
    )
      return publish(body);
    if (meta.type !== 'fpp' || (meta.remote !== 'jira' && meta.remote !== 'confluence')) {
      throw new Error(`The local Forge runtime serves Jira, Confluence and app storage only; got ${JSON.stringify(meta)} ${path}`);
    }
    if (meta.provider === 'user') {
      const accountId = meta.accountId ?? storage.getStore()?.accountId;
      if (!accountId) throw new Error('asUser() called outside an invocation: wrap the call in localForge.asInvocation({ accountId }, fn)');
      if (withoutConsent.has(accountId))
        return new Response(null, {
          status: 401,
          statusText: 'Unauthorized',
          headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
        });
      headers[ACTOR_HEADER] = accountId;
      delete headers[APP_ACTOR_HEADER];
    } else {
      // asApp() and the bare requestJira()/requestConfluence() act as the app.
      headers[APP_ACTOR_HEADER] = 'true';
    }
    // Product calls go through Forge's proxy, the API gateway: Jira answers `self` links on it.
    headers[FORGE_PROXY_HEADER] = LOCAL_CLOUD_ID;
    const { path: cleanPath, query } = parseTarget(path);
    if (meta.remote === 'confluence' && !cleanPath.startsWith('/wiki/'))
      throw new Error(`requestConfluence path must start with /wiki/: ${path}`);
    if (meta.remote === 'jira' && !cleanPath.startsWith('/rest/')) throw new Error(`requestJira path must start with /rest/: ${path}`);
    try {
      return toResponse(await site.handle({ method, path: cleanPath, query, headers, body }));
    } catch (error) {
      if (error instanceof ConnectionResetError) {
        // What undici's fetch throws when the peer resets the connection.
        throw new TypeError('fetch failed', { cause: error });
      }
      throw error;
    }
  };

  g.__forge_runtime__ = runtime;
  g.__forge_fetch__ = forgeFetch;
  const restoreEgress = installLocalEgress(site);

  const asInvocation = <T>(ctx: InvocationContext, fn: () => Promise<T>): Promise<T> => storage.run({ ...ctx }, fn);

  return {
    asInvocation,
    current: () => storage.getStore(),
    withholdConsent: (accountId) => void withoutConsent.add(accountId),
    grantConsent: (accountId) => void withoutConsent.delete(accountId),
    setQueueConsumer: (queue, consumer) => void consumers.set(queue, consumer),
    async drainEvents() {
      while (consuming.size > 0) await Promise.allSettled([...consuming]);
    },
    async invoke(resolverDefinitions, functionKey, payload, ctx) {
      const moduleKey = ctx.moduleKey ?? options.defaultModuleKey ?? 'local-module';
      // Payloads cross the bridge as JSON, as they do between Custom UI and Forge.
      const wirePayload = payload === undefined ? undefined : JSON.parse(JSON.stringify(payload));
      const context = {
        accountId: ctx.accountId,
        cloudId: LOCAL_CLOUD_ID,
        siteUrl: site.baseUrl,
        moduleKey,
        localId: ctx.localId ?? `${moduleKey}-local`,
        environmentId: LOCAL_ENVIRONMENT_ID,
        environmentType: 'DEVELOPMENT',
        extension: ctx.extension ?? {},
      };
      const backendRuntimePayload = { principal: { accountId: ctx.accountId }, installContext: `ari:cloud:jira::site/${LOCAL_CLOUD_ID}` };
      const result = await asInvocation({ accountId: ctx.accountId, moduleKey }, async () =>
        resolverDefinitions({ call: { functionKey, payload: wirePayload }, context }, backendRuntimePayload),
      );
      return result === undefined ? undefined : JSON.parse(JSON.stringify(result));
    },
    dispose() {
      g.__forge_runtime__ = previous.runtime;
      g.__forge_fetch__ = previous.fetch;
      restoreEgress();
    },
  };
}

/** The external host the local site stands in for, and where it serves it. */
export const STATUSPAGE_API_BASE = 'https://api.statuspage.io/v1';
export const LOCAL_STATUSPAGE_PREFIX = '/statuspage/v1';

type ExternalFetch = (url: unknown, init?: RequestInit) => Promise<Response>;

/**
 * Egress (`fetch` from @forge/api) to the local site. Unlike product calls, @forge/api 8.3 does
 * not send `fetch` through `__forge_fetch__`: its `fetch` export wraps the global `fetch` it found
 * when the module loaded (on Forge, the runtime's egress-proxied fetch, installed before the app
 * loads). App code reads the export at call time (`(0, api_1.fetch)(...)` in compiled CommonJS), so
 * replacing the export of the loaded module routes the unchanged app code here:
 * `https://api.statuspage.io/v1/...` is served by the local site under `/statuspage/v1/...`, and
 * any other host is refused, as Forge refuses hosts the manifest does not declare.
 */
function installLocalEgress(site: LocalSite): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const forgeApi = require('@forge/api') as { fetch: ExternalFetch; default?: { fetch?: ExternalFetch } };
  const previousNamed = forgeApi.fetch;
  const previousDefault = forgeApi.default?.fetch;
  const localFetch: ExternalFetch = async (url, init) => {
    const target = typeof url === 'string' ? url : isRouteLike(url) ? url.value : String(url);
    if (!target.startsWith(`${STATUSPAGE_API_BASE}/`)) {
      throw new Error(
        `The local Forge runtime has egress to ${STATUSPAGE_API_BASE} only (served by the local site); got ${target.split('?')[0]}`,
      );
    }
    const parts = requestParts(init);
    if (parts === undefined) return respond(400, { message: 'The request body is not valid JSON.' });
    const { method, headers, body } = parts;
    const { path, query } = parseTarget(LOCAL_STATUSPAGE_PREFIX + target.slice(STATUSPAGE_API_BASE.length));
    try {
      return toResponse(await site.handle({ method, path, query, headers, body }));
    } catch (error) {
      if (error instanceof ConnectionResetError) throw new TypeError('fetch failed', { cause: error });
      throw error;
    }
  };
  forgeApi.fetch = localFetch;
  if (forgeApi.default && typeof forgeApi.default === 'object') forgeApi.default.fetch = localFetch;
  return () => {
    forgeApi.fetch = previousNamed;
    if (forgeApi.default && previousDefault) forgeApi.default.fetch = previousDefault;
  };
}

function isRouteLike(value: unknown): value is { value: string } {
  return typeof value === 'object' && value !== null && typeof (value as { value?: unknown }).value === 'string';
}

function respond(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function toResponse(res: { status: number; headers: Record<string, string>; body?: unknown; rawBody?: string }): Response {
  const text = res.rawBody ?? (res.body === undefined ? null : JSON.stringify(res.body));
  // 204/304 must not carry a body.
  const body = res.status === 204 || res.status === 304 ? null : text;
  return new Response(body, { status: res.status, statusText: STATUS_TEXT[res.status] ?? '', headers: res.headers });
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  420: 'Enhance Your Calm',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Method, headers and JSON body of a fetch the app made; undefined when the body is not JSON. */
function requestParts(init: RequestInit | undefined): { method: string; headers: Record<string, string>; body: unknown } | undefined {
  const method = (init?.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = {};
  new Headers(init?.headers as HeadersInit | undefined).forEach((value, key) => {
    headers[key] = value;
  });
  if (init?.body === undefined || init.body === null) return { method, headers, body: undefined };
  const text = typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer).toString('utf8');
  try {
    return { method, headers, body: text === '' ? undefined : JSON.parse(text) };
  } catch {
    return undefined;
  }
}
