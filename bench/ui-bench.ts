/**
 * Custom UI figures: the size of each built app (static/<app>/build after `npm run build:ui`) and
 * the time from navigation to the first rendered priority panel in headless Chromium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { NotMeasured } from './scenarios';

const STATIC_DIR = path.resolve(__dirname, '..', 'static');

export interface BundleSize {
  readonly app: string;
  readonly files: number;
  readonly bytes: number;
  /** Sum of each file gzipped on its own (how a CDN serves them). */
  readonly gzipBytes: number;
  readonly jsBytes: number;
  readonly jsGzipBytes: number;
  /** main.js alone: what the frame loads before it renders (theme chunks load lazily). */
  readonly entryJsGzipBytes: number;
}

export interface FirstPanelResult {
  readonly app: string;
  readonly msToFirstPanel: number;
  readonly runs: number;
  readonly samplesMs: readonly number[];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

export function measureBundles(): BundleSize[] | NotMeasured {
  const apps = fs.existsSync(STATIC_DIR) ? fs.readdirSync(STATIC_DIR).filter((name) => fs.existsSync(path.join(STATIC_DIR, name, 'build', 'index.html'))) : [];
  if (apps.length === 0) return { scenario: 'Custom UI bundles', group: 'ui', notMeasured: 'no static/*/build/index.html: run `npm run build:ui` first' };
  return apps.map((app) => {
    const files = filesUnder(path.join(STATIC_DIR, app, 'build'));
    let bytes = 0;
    let gzipBytes = 0;
    let jsBytes = 0;
    let jsGzipBytes = 0;
    let entryJsGzipBytes = 0;
    for (const file of files) {
      const content = fs.readFileSync(file);
      const gz = gzipSync(content, { level: 9 }).length;
      bytes += content.length;
      gzipBytes += gz;
      if (file.endsWith('.js')) {
        jsBytes += content.length;
        jsGzipBytes += gz;
        if (path.basename(file) === 'main.js') entryJsGzipBytes = gz;
      }
    }
    return { app, files: files.length, bytes, gzipBytes, jsBytes, jsGzipBytes, entryJsGzipBytes };
  });
}

/**
 * Time from `page.goto` of an incident's Jira page in the sandbox (`npm start`'s server, started
 * in-process) to the priority panel's computed priority rendered inside its frame. The first run
 * is cold (browser cache empty); the figure is the median of all runs, each in a fresh page.
 */
export async function measureFirstPanel(runs = 5): Promise<FirstPanelResult | NotMeasured> {
  const notMeasured = (reason: string): NotMeasured => ({ scenario: 'first rendered panel', group: 'ui', notMeasured: reason });
  const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((candidate) => candidate && fs.existsSync(candidate));
  if (!chromiumPath) return notMeasured('no Chromium at /usr/bin/chromium');
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, 'sandbox', 'start-sandbox.ts'))) return notMeasured('the sandbox (sandbox/start-sandbox.ts) does not exist');
  if (!fs.existsSync(path.join(STATIC_DIR, 'priority-panel', 'build', 'index.html'))) return notMeasured('static/priority-panel/build is missing: run `npm run build:ui`');
  const { startSandbox } = await import('../sandbox/start-sandbox');
  const { chromium } = await import('playwright-core');
  const sandbox = await startSandbox({ rootDir: root, seedDir: path.join(root, 'seeds', 'demo'), port: 0, log: () => undefined });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const samplesMs: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const page = await context.newPage();
      const startedAt = performance.now();
      await page.goto(`${sandbox.url}/jira/browse/INC-1`);
      await page.frameLocator('iframe[data-module-key="incident-priority-panel"]').locator('[data-testid="computed-priority"]').first().waitFor({ timeout: 60_000 });
      samplesMs.push(Math.round(performance.now() - startedAt));
      await page.close();
    }
    const sorted = [...samplesMs].sort((a, b) => a - b);
    return { app: 'priority-panel', msToFirstPanel: sorted[Math.floor(sorted.length / 2)]!, runs, samplesMs };
  } catch (error) {
    return notMeasured(`the panel did not render: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await browser.close();
    await sandbox.close();
  }
}
