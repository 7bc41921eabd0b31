import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findUIKit1Modules } from '@forge/cli-shared';
import type { ManifestSchema } from '@forge/manifest';
import { ensureUiBuilt } from '../../scripts/build-ui';
import { readManifest, REPO_ROOT } from './forge-lint-runner';

/** What validate() does not check: UI technology, and resource folders and icons as built. */
type ModuleEntry = { key: string; [property: string]: unknown };

function modulesOf(manifest: ManifestSchema): Array<[string, ModuleEntry]> {
  return Object.entries(manifest.modules ?? {}).flatMap(([type, entries]) =>
    Array.isArray(entries) ? entries.map((entry: ModuleEntry) => [type, entry] as [string, ModuleEntry]) : [],
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'build') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('manifest wiring', () => {
  let manifest: ManifestSchema;

  beforeAll(async () => {
    await ensureUiBuilt();
    manifest = await readManifest();
  }, 180_000);

  it('uses no UI Kit 1 (removed 28 Feb 2025) and no UI Kit rendering: every UI module is Custom UI', () => {
    expect(findUIKit1Modules(manifest.modules ?? {})).toEqual([]);
    const rendered = modulesOf(manifest).filter(
      ([, entry]) => 'render' in entry || (typeof entry.config === 'object' && entry.config !== null && 'render' in entry.config),
    );
    expect(rendered.map(([, entry]) => entry.key)).toEqual([]);
    const packageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(Object.keys({ ...packageJson.dependencies, ...packageJson.devDependencies })).not.toContain('@forge/ui');
    const importsForgeUi = [...filesUnder(join(REPO_ROOT, 'src')), ...filesUnder(join(REPO_ROOT, 'static'))].filter(
      (file) => /\.(ts|tsx)$/.test(file) && /from ['"]@forge\/ui['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(importsForgeUi).toEqual([]);
  });

  it('declares storage:app exactly when src/ uses the App storage API (@forge/kvs)', () => {
    const usesKvs = filesUnder(join(REPO_ROOT, 'src')).some((file) => /from ['"]@forge\/kvs['"]/.test(readFileSync(file, 'utf8')));
    const scopes = manifest.permissions?.scopes;
    const declared = Array.isArray(scopes) ? scopes : Object.keys(scopes ?? {});
    expect(declared.includes('storage:app')).toBe(usesKvs);
  });

  it('has a built index.html in every resource folder', () => {
    const missing = (manifest.resources ?? []).filter((resource) => !existsSync(join(REPO_ROOT, resource.path, 'index.html')));
    expect(missing).toEqual([]);
    expect((manifest.resources ?? []).length).toBe(5);
  });

  it('points every resource icon at a file that exists in its resource folder', () => {
    const icons = modulesOf(manifest)
      .map(([, entry]) => entry.icon)
      .filter((icon): icon is string => typeof icon === 'string');
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) {
      const match = /^resource:([^;]+);(.+)$/.exec(icon);
      expect(match).not.toBeNull();
      const resource = (manifest.resources ?? []).find((candidate) => candidate.key === match?.[1]);
      expect(resource).toBeDefined();
      expect(existsSync(join(REPO_ROOT, resource?.path ?? '', match?.[2] ?? ''))).toBe(true);
    }
  });

  it('gives every Custom UI module a resolver function that the manifest defines', () => {
    const functionKeys = new Set(
      modulesOf(manifest)
        .filter(([type]) => type === 'function')
        .map(([, entry]) => entry.key),
    );
    const withResource = modulesOf(manifest).filter(([, entry]) => typeof entry.resource === 'string');
    expect(withResource.length).toBe(4);
    for (const [, entry] of withResource) {
      const resolver = entry.resolver;
      const functionKey = typeof resolver === 'object' && resolver !== null && 'function' in resolver ? resolver.function : undefined;
      expect({ module: entry.key, defined: typeof functionKey === 'string' && functionKeys.has(functionKey) }).toEqual({
        module: entry.key,
        defined: true,
      });
    }
  });
});
