import { z } from 'zod';
import { AppStorage, storageKey, StoredValueInvalidError } from '../../../src/adapters/storage/app-storage';
import { jsonResponse, scriptForgeFetch } from './scripted-forge-fetch';

const Settings = z.object({ matrixSize: z.number().int().min(3).max(5), names: z.array(z.string()) });
const SETTINGS = storageKey('priority:settings', Settings);

/** The KVS HTTP contract as @forge/kvs speaks it: POST /api/v1/{get,set,delete} with JSON bodies. */
function scriptKvs(initial: Record<string, unknown> = {}) {
  const store = new Map(Object.entries(initial));
  const script = scriptForgeFetch((call) => {
    const body = z
      .object({ key: z.string(), value: z.unknown().optional(), options: z.object({ keyPolicy: z.string().optional() }).optional() })
      .parse(call.body);
    if (call.path === '/api/v1/get') {
      return store.has(body.key)
        ? jsonResponse({ key: body.key, value: store.get(body.key) })
        : jsonResponse({ code: 'KEY_NOT_FOUND', message: 'not found' }, 404);
    }
    if (call.path === '/api/v1/set') {
      if (body.options?.keyPolicy === 'FAIL_IF_EXISTS' && store.has(body.key))
        return jsonResponse({ code: 'KEY_CONFLICT', message: 'exists' }, 409);
      store.set(body.key, body.value);
      return new Response('', { status: 200 });
    }
    if (call.path === '/api/v1/delete') {
      store.delete(body.key);
      return new Response(null, { status: 204 });
    }
    return jsonResponse({ code: 'NOT_IMPLEMENTED', message: call.path }, 500);
  });
  return { store, script };
}

describe('AppStorage over @forge/kvs', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('stores and reads a value through its schema', async () => {
    const { store, script } = scriptKvs();
    restore = script.restore;
    const storage = new AppStorage();
    await expect(storage.get(SETTINGS)).resolves.toBeUndefined();
    await storage.set(SETTINGS, { matrixSize: 3, names: ['High'] });
    expect(store.get('priority:settings')).toEqual({ matrixSize: 3, names: ['High'] });
    await expect(storage.get(SETTINGS)).resolves.toEqual({ matrixSize: 3, names: ['High'] });
    expect(script.calls.every((call) => call.meta.type === 'kvs')).toBe(true);
  });

  it('names the key and field when a stored value breaks its schema', async () => {
    const { script } = scriptKvs({ 'priority:settings': { matrixSize: 9, names: [] } });
    restore = script.restore;
    const read = new AppStorage().get(SETTINGS);
    await expect(read).rejects.toBeInstanceOf(StoredValueInvalidError);
    await expect(new AppStorage().get(SETTINGS)).rejects.toThrow(/priority:settings\.matrixSize/);
  });

  it('refuses to write a value that breaks its schema, before any request', async () => {
    const { script } = scriptKvs();
    restore = script.restore;
    await expect(new AppStorage().set(SETTINGS, { matrixSize: 2, names: [] })).rejects.toThrow(/priority:settings\.matrixSize/);
    expect(script.calls).toHaveLength(0);
  });

  it('setIfAbsent lets exactly one writer claim a key', async () => {
    const { store, script } = scriptKvs();
    restore = script.restore;
    const CLAIM = storageKey('postmortem:claim:INC-1', z.object({ by: z.string() }));
    const storage = new AppStorage();
    await expect(storage.setIfAbsent(CLAIM, { by: 'first' })).resolves.toBe(true);
    await expect(storage.setIfAbsent(CLAIM, { by: 'second' })).resolves.toBe(false);
    expect(store.get('postmortem:claim:INC-1')).toEqual({ by: 'first' });
    expect(script.calls[0]?.body).toMatchObject({ options: { keyPolicy: 'FAIL_IF_EXISTS' } });
  });

  it('rejects keys Forge KVS would refuse', () => {
    expect(() => storageKey('bad/key', z.string())).toThrow(/Invalid storage key/);
    expect(() => storageKey('x'.repeat(501), z.string())).toThrow(/Invalid storage key/);
  });
});

describe('AppStorage on a busy or failing KVS', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  /** The KVS contract of scriptKvs, answering the given statuses first (one per request). */
  function failingKvs(statuses: number[], initial: Record<string, unknown> = {}) {
    const store = new Map(Object.entries(initial));
    const calls: string[] = [];
    const script = scriptForgeFetch((call) => {
      const body = z
        .object({ key: z.string(), value: z.unknown().optional(), options: z.object({ keyPolicy: z.string().optional() }).optional() })
        .parse(call.body);
      calls.push(call.path);
      const status = statuses.shift();
      if (status !== undefined)
        return jsonResponse({ code: status === 429 ? 'RATE_LIMIT_EXCEEDED' : 'INTERNAL_SERVER_ERROR', message: 'injected' }, status);
      if (call.path === '/api/v1/get')
        return store.has(body.key)
          ? jsonResponse({ key: body.key, value: store.get(body.key) })
          : jsonResponse({ code: 'KEY_NOT_FOUND', message: 'not found' }, 404);
      if (body.options?.keyPolicy === 'FAIL_IF_EXISTS' && store.has(body.key))
        return jsonResponse({ code: 'KEY_CONFLICT', message: 'exists' }, 409);
      store.set(body.key, body.value);
      return new Response('', { status: 200 });
    });
    restore = script.restore;
    return { store, calls };
  }

  it('retries a 503 or 429 twice with short waits and then succeeds', async () => {
    const { calls } = failingKvs([503, 429], { 'priority:settings': { matrixSize: 3, names: [] } });
    const waits: number[] = [];
    const storage = new AppStorage(undefined, { sleep: async (ms) => void waits.push(ms) });
    await expect(storage.get(SETTINGS)).resolves.toEqual({ matrixSize: 3, names: [] });
    expect(calls).toHaveLength(3);
    expect(waits).toEqual([150, 400]);
  });

  it('reports a KVS that stays down as unavailable storage, naming the key', async () => {
    failingKvs([503, 503, 503, 503]);
    const storage = new AppStorage(undefined, { sleep: async () => undefined });
    await expect(storage.set(SETTINGS, { matrixSize: 3, names: [] })).rejects.toMatchObject({
      name: 'ProductApiError',
      kind: 'unavailable',
      message: expect.stringContaining('"priority:settings"'),
      details: { product: 'storage', status: 503 },
    });
  });

  it('does not resend a conditional write after a 5xx, which might have landed, but does after a 429', async () => {
    const after503 = failingKvs([503]);
    const storage = new AppStorage(undefined, { sleep: async () => undefined });
    await expect(storage.setIfAbsent(SETTINGS, { matrixSize: 3, names: [] })).rejects.toMatchObject({ kind: 'unavailable' });
    expect(after503.calls).toHaveLength(1);
    restore();
    const after429 = failingKvs([429]);
    await expect(storage.setIfAbsent(SETTINGS, { matrixSize: 3, names: [] })).resolves.toBe(true);
    expect(after429.calls).toHaveLength(2);
  });
});
