import { z } from 'zod';
import { AppStorage, storageKey, StoredValueInvalidError } from '../../../src/adapters/storage/app-storage';
import { jsonResponse, scriptForgeFetch } from './scripted-forge-fetch';

const Settings = z.object({ matrixSize: z.number().int().min(3).max(5), names: z.array(z.string()) });
const SETTINGS = storageKey('priority:settings', Settings);

/** The KVS HTTP contract as @forge/kvs speaks it: POST /api/v1/{get,set,delete} with JSON bodies. */
function scriptKvs(initial: Record<string, unknown> = {}) {
  const store = new Map(Object.entries(initial));
  const script = scriptForgeFetch((call) => {
    const body = z.object({ key: z.string(), value: z.unknown().optional(), options: z.object({ keyPolicy: z.string().optional() }).optional() }).parse(call.body);
    if (call.path === '/api/v1/get') {
      return store.has(body.key) ? jsonResponse({ key: body.key, value: store.get(body.key) }) : jsonResponse({ code: 'KEY_NOT_FOUND', message: 'not found' }, 404);
    }
    if (call.path === '/api/v1/set') {
      if (body.options?.keyPolicy === 'FAIL_IF_EXISTS' && store.has(body.key)) return jsonResponse({ code: 'KEY_CONFLICT', message: 'exists' }, 409);
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
