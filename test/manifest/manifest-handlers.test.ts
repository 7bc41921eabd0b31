import { readManifest } from './forge-lint-runner';

/**
 * validate() only checks that src/index.ts exists; whether it exports each `index.<name>` is
 * found out at invocation time on a real site. This test finds it out here.
 */
describe('manifest function handlers', () => {
  it('are each exported by src/index.ts as a function, and src/index.ts exports nothing else', async () => {
    const manifest = await readManifest();
    const handlers = (manifest.modules?.function ?? []).map((entry) => entry.handler);
    expect(handlers.length).toBeGreaterThan(0);
    expect(handlers.every((handler) => handler.startsWith('index.'))).toBe(true);
    const names = handlers.map((handler) => handler.slice('index.'.length));

    // eslint-disable-next-line @typescript-eslint/no-require-imports -- load the entry module as the Forge runtime does
    const entry: Record<string, unknown> = require('../../src/index');
    const exported = Object.keys(entry).filter((name) => name !== '__esModule');
    expect(names.filter((name) => typeof entry[name] !== 'function')).toEqual([]);
    expect(exported.filter((name) => !names.includes(name))).toEqual([]);
  });
});
