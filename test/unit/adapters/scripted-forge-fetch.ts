/**
 * A scripted stand-in for the Forge runtime's `forgeGlobals.__forge_fetch__`, through which the real
 * @forge/api and @forge/kvs send every request. Each test answers requests with real `Response`
 * objects in the product's shapes; the calls are recorded for assertions.
 */
export interface RecordedCall {
  readonly meta: { type: string; provider?: string; remote?: string; accountId?: string };
  readonly path: string;
  readonly method: string;
  readonly body: unknown;
}

export type ScriptedHandler = (call: RecordedCall) => Response | Promise<Response>;

/** The two globals the Forge runtime provides (see /work/shared/ORACLES.md §4). */
interface ForgeGlobals {
  __forge_fetch__?: (meta: RecordedCall['meta'], path: string, init?: RequestInit) => Promise<Response>;
  __forge_runtime__?: unknown;
}
const forgeGlobals = globalThis as unknown as ForgeGlobals;

export function scriptForgeFetch(handler: ScriptedHandler): { calls: RecordedCall[]; restore: () => void } {
  const calls: RecordedCall[] = [];
  const previousFetch = forgeGlobals.__forge_fetch__;
  const previousRuntime = forgeGlobals.__forge_runtime__;
  forgeGlobals.__forge_runtime__ = {
    metrics: { counter: () => ({ incr() {} }), timing: () => ({ measure: () => ({ stop() {} }) }) },
    appContext: { appId: 'test-app', environmentId: 'test-env', environmentType: 'DEVELOPMENT', moduleKey: 'test' },
    lambdaContext: {},
  };
  forgeGlobals.__forge_fetch__ = async (meta, path, init) => {
    const text = typeof init?.body === 'string' ? init.body : undefined;
    const call: RecordedCall = { meta, path, method: init?.method ?? 'GET', body: text === undefined ? undefined : JSON.parse(text) };
    calls.push(call);
    return handler(call);
  };
  return {
    calls,
    restore: () => {
      forgeGlobals.__forge_fetch__ = previousFetch;
      forgeGlobals.__forge_runtime__ = previousRuntime;
    },
  };
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** A sleep that records the waits instead of waiting, and advances a fake clock. */
export function fakeClock(start = Date.parse('2026-11-26T10:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}
