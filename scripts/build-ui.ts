/**
 * Builds the five Custom UI apps: static/<app>/src/index.tsx -> static/<app>/build/
 * (index.html, main.js, chunks/, main.css, icon.svg), minified, production React, ES2020.
 *
 * Output is ES modules with code splitting, the layout Atlaskit is published for: its theme
 * CSS (all ~15 themes, ~300 KB) and @forge/bridge's iframe-resizer sit behind dynamic
 * `import()`s that only run for `setGlobalTheme`/`ThemeProvider` and the ADF renderer, none of
 * which these apps use (the host applies the theme: see static/shared/theme.ts). Bundled into
 * one file they would be shipped and parsed for nothing; as chunks they are never fetched.
 *
 * Budget: the JavaScript a page loads at start (main.js and the chunks it imports statically)
 * must be <= 150 KiB gzip. The lazy chunks are reported beside it; test/ui/ checks in a real
 * browser that opening an app fetches none of them.
 *
 *   npx tsx scripts/build-ui.ts            build all apps
 *   npx tsx scripts/build-ui.ts admin-page build one
 */
import { build, type Plugin } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export const UI_APPS = ['priority-panel', 'admin-page', 'postmortem-macro', 'postmortem-config', 'trends-page'] as const;
export type UiApp = (typeof UI_APPS)[number];

/** Each app's page title; every app shares the page static/shared/index.html. */
const APP_TITLES: Record<UiApp, string> = {
  'priority-panel': 'priority panel',
  'admin-page': 'admin page',
  'postmortem-macro': 'postmortem macro',
  'postmortem-config': 'postmortem config',
  'trends-page': 'incident trends',
};

/** Per-app budget for gzipped JavaScript (bytes). */
export const JS_GZIP_BUDGET_BYTES = 150 * 1024;

const REPO_ROOT = resolve(__dirname, '..');
const STATIC_DIR = join(REPO_ROOT, 'static');
/** Per-app record of which built files load at start; git-ignored, read by test/ui/. */
export const BUILD_RECORD_DIR = join(REPO_ROOT, 'test-artifacts', 'ui-build');

export function buildDirOf(app: UiApp): string {
  return join(STATIC_DIR, app, 'build');
}

export interface AppBuildRecord {
  app: UiApp;
  builtAt: string;
  /** Paths relative to the app's build folder. */
  startupJs: string[];
  lazyJs: string[];
}

export interface AppBundleSize {
  app: UiApp;
  /** main.js plus the chunks it imports statically: what the page loads at start. */
  jsBytes: number;
  jsGzipBytes: number;
  /** Chunks reached only through dynamic import(). */
  lazyJsFiles: number;
  lazyJsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
}

/**
 * Why @atlaskit/platform-feature-flags is replaced. Measured with esbuild on a bare React 18 +
 * @atlaskit/button/new + @forge/bridge bundle (one IIFE file): 121.5 KB gzip with the package,
 * 85.9 KB without. The difference is its Statsig client (@statsig/client-core,
 * @statsig/js-client, @atlaskit/feature-gate-js-client: 122 KB of the 398 KB minified), reached
 * only through the package's `fg()`:
 *
 * - `fg(name)` asks a resolver installed on `window.__PLATFORM_FEATURE_FLAGS__` by the Jira,
 *   Confluence or Bitbucket page, and otherwise `FeatureGates.checkGate(name)`.
 * - A Forge Custom UI runs in its own sandboxed iframe document: the product page's globals are
 *   not visible there, and our code never initialises FeatureGates. On an uninitialised client
 *   `checkGate` throws internally, logs one warning, and returns false
 *   (@atlaskit/feature-gate-js-client 7.0.0, Client.checkGate).
 * - So in this iframe every Atlaskit flag is already off; the stand-in returns the same false
 *   (every component takes its flags-off path, i.e. what a site without the flags sees) and
 *   drops the Statsig client that could never be used.
 * If Atlaskit starts reading flags another way, re-measure and re-check this reasoning.
 */
const featureFlagsOff: Plugin = {
  name: 'atlaskit-feature-flags-off',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@atlaskit\/platform-feature-flags(\/.*)?$/ }, () => ({
      path: join(STATIC_DIR, 'shared', 'feature-flags-off.ts'),
    }));
  },
};

/**
 * Why SectionMessage's dismiss button is replaced. @atlaskit/section-message imports
 * `@atlaskit/button/icon/button` for the close button it renders only with `isDismissible`;
 * that IconButton brings Tooltip, and with it @atlaskit/top-layer, popper, motion, portal and
 * app-provider's theme code: measured on the priority panel, 144.7 KiB gzip at start with them,
 * 110 KiB without (a quarter of the budget for a button that is never drawn). Only imports from
 * section-message are redirected; any other IconButton stays the real one. The stand-in throws
 * if rendered, so a later `isDismissible` fails in tests instead of silently doing nothing.
 */
const sectionMessageDismissOff: Plugin = {
  name: 'section-message-dismiss-off',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^@atlaskit\/button\/icon\/button$/ }, (args) =>
      /[\\/]@atlaskit[\\/]section-message[\\/]/.test(args.importer)
        ? { path: join(STATIC_DIR, 'shared', 'section-message-dismiss-off.tsx') }
        : undefined,
    );
  },
};

/**
 * Why the dynamic imports of @atlaskit/tokens' theme CSS and @forge/bridge's iframe-resizer are
 * replaced. They are reached only by `setGlobalTheme`/`ThemeProvider` and the bridge's ADF
 * renderer, which these apps never call (the Forge host applies the theme: static/shared/theme.ts),
 * and test/ui/ checks in Chromium that no lazy file is fetched. As chunks they still shipped
 * ~55 KiB gzip of JavaScript per app that no page loads, pushing each app's shipped JS past the
 * 150 KiB budget. The stand-in throws if it is ever loaded, so a change that starts to need a
 * theme file fails in the browser tests instead of rendering unthemed.
 */
const unreachedLazyImportsOff: Plugin = {
  name: 'unreached-lazy-imports-off',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && /[\\/]node_modules[\\/](@atlaskit[\\/]tokens|@forge[\\/]bridge)[\\/]/.test(args.importer)
        ? { path: join(STATIC_DIR, 'shared', 'not-shipped.ts') }
        : undefined,
    );
  },
};

function gzipSize(buffer: Buffer): number {
  return gzipSync(buffer, { level: 9 }).length;
}

export async function buildApp(app: UiApp): Promise<AppBundleSize> {
  const appDir = join(STATIC_DIR, app);
  const outDir = join(appDir, 'build');
  const entry = join(appDir, 'src', 'index.tsx');
  if (!existsSync(entry)) throw new Error(`${app}: missing entry ${entry}`);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const result = await build({
    entryPoints: { main: entry },
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    target: 'es2020',
    jsx: 'automatic',
    platform: 'browser',
    outdir: outDir,
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [featureFlagsOff, sectionMessageDismissOff, unreachedLazyImportsOff],
    logLevel: 'warning',
    legalComments: 'none',
    absWorkingDir: REPO_ROOT,
    metafile: true,
  });

  // Atlaskit's "compiled" components import their CSS; an app without any still gets the
  // file so index.html can always link it.
  const cssPath = join(outDir, 'main.css');
  if (!existsSync(cssPath)) writeFileSync(cssPath, '');
  writeFileSync(
    join(outDir, 'index.html'),
    readFileSync(join(STATIC_DIR, 'shared', 'index.html'), 'utf8').replace('%APP_TITLE%', APP_TITLES[app]),
  );
  copyFileSync(join(STATIC_DIR, 'shared', 'icons', 'incident.svg'), join(outDir, 'icon.svg'));

  // Follow static imports from main.js: those files load with the page.
  const outputs = result.metafile.outputs;
  const mainKey = Object.keys(outputs).find((file) => outputs[file]?.entryPoint !== undefined && file.endsWith('/main.js'));
  if (!mainKey) throw new Error(`${app}: esbuild reported no main.js output`);
  const initial = new Set<string>();
  const pending = [mainKey];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (initial.has(file)) continue;
    initial.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) pending.push(imported.path);
    }
  }
  const jsFiles = Object.keys(outputs).filter((file) => file.endsWith('.js'));
  const measure = (files: string[]) =>
    files.reduce(
      (sum, file) => {
        const content = readFileSync(join(REPO_ROOT, file));
        return { bytes: sum.bytes + content.length, gzip: sum.gzip + gzipSize(content) };
      },
      { bytes: 0, gzip: 0 },
    );
  const startupFiles = jsFiles.filter((file) => initial.has(file));
  const lazyFiles = jsFiles.filter((file) => !initial.has(file));
  const startup = measure(startupFiles);
  const lazy = measure(lazyFiles);
  const record: AppBuildRecord = {
    app,
    builtAt: new Date().toISOString(),
    startupJs: startupFiles.map((file) => relative(outDir, join(REPO_ROOT, file))),
    lazyJs: lazyFiles.map((file) => relative(outDir, join(REPO_ROOT, file))),
  };
  mkdirSync(BUILD_RECORD_DIR, { recursive: true });
  writeFileSync(join(BUILD_RECORD_DIR, `${app}.json`), `${JSON.stringify(record, null, 2)}\n`);
  const css = readFileSync(cssPath);
  return {
    app,
    jsBytes: startup.bytes,
    jsGzipBytes: startup.gzip,
    lazyJsFiles: lazyFiles.length,
    lazyJsGzipBytes: lazy.gzip,
    cssBytes: css.length,
    cssGzipBytes: gzipSize(css),
  };
}

export async function buildAllApps(apps: readonly UiApp[] = UI_APPS): Promise<AppBundleSize[]> {
  const sizes: AppBundleSize[] = [];
  for (const app of apps) sizes.push(await buildApp(app));
  return sizes;
}

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => (name === 'build' || name === 'node_modules' ? newest : Math.max(newest, newestMtime(join(path, name)))),
    stats.mtimeMs,
  );
}

/** True when the app's build and its record exist and are newer than every source it is built from. */
export function isBuildFresh(app: UiApp): boolean {
  const recordPath = join(BUILD_RECORD_DIR, `${app}.json`);
  const mainPath = join(buildDirOf(app), 'main.js');
  if (!existsSync(recordPath) || !existsSync(mainPath) || !existsSync(join(buildDirOf(app), 'index.html'))) return false;
  const builtAt = Math.min(statSync(recordPath).mtimeMs, statSync(mainPath).mtimeMs);
  const sources = [join(STATIC_DIR, app), join(STATIC_DIR, 'shared'), join(REPO_ROOT, 'src', 'contracts'), __filename];
  return sources.every((source) => !existsSync(source) || newestMtime(source) <= builtAt);
}

/**
 * Builds the apps whose build is missing or older than their sources. Test files call this;
 * a lock directory keeps parallel jest workers from building the same folder at once.
 */
export async function ensureUiBuilt(apps: readonly UiApp[] = UI_APPS): Promise<void> {
  const lockDir = join(REPO_ROOT, 'test-artifacts', 'ui-build.lock');
  mkdirSync(join(REPO_ROOT, 'test-artifacts'), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`UI build lock ${lockDir} held for 2 minutes: remove it if no build is running`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 200));
    }
  }
  try {
    const stale = apps.filter((app) => !isBuildFresh(app));
    if (stale.length > 0) await buildAllApps(stale);
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function formatSizeTable(sizes: readonly AppBundleSize[]): string {
  const rows = sizes.map((s) => [
    s.app,
    kb(s.jsBytes),
    kb(s.jsGzipBytes),
    s.jsGzipBytes <= JS_GZIP_BUDGET_BYTES ? 'ok' : 'OVER',
    `${s.lazyJsFiles} files, ${kb(s.lazyJsGzipBytes)}`,
    kb(s.cssGzipBytes),
  ]);
  const header = ['app', 'start js', 'start js gzip', `<= ${kb(JS_GZIP_BUDGET_BYTES)}`, 'lazy chunks gzip (not loaded)', 'css gzip'];
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')).join('\n');
}

function isUiApp(name: string): name is UiApp {
  return UI_APPS.some((app) => app === name);
}

async function main(): Promise<void> {
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !isUiApp(name));
  if (unknown.length > 0) throw new Error(`Unknown app(s): ${unknown.join(', ')}. Known: ${UI_APPS.join(', ')}`);
  const apps = requested.filter(isUiApp);
  const sizes = await buildAllApps(apps.length > 0 ? apps : UI_APPS);
  console.log(formatSizeTable(sizes));
  const over = sizes.filter((s) => s.jsGzipBytes > JS_GZIP_BUDGET_BYTES);
  if (over.length > 0) {
    throw new Error(`Over the ${kb(JS_GZIP_BUDGET_BYTES)} gzip budget: ${over.map((s) => `${s.app} ${kb(s.jsGzipBytes)}`).join(', ')}`);
  }
}

if (require.main === module) {
  main().catch((failure: unknown) => {
    console.error(failure instanceof Error ? failure.message : failure);
    process.exit(1);
  });
}
