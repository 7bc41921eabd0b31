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
    for (const file of files) {
      const content = fs.readFileSync(file);
      const gz = gzipSync(content, { level: 9 }).length;
      bytes += content.length;
      gzipBytes += gz;
      if (file.endsWith('.js')) {
        jsBytes += content.length;
        jsGzipBytes += gz;
      }
    }
    return { app, files: files.length, bytes, gzipBytes, jsBytes, jsGzipBytes };
  });
}

export async function measureFirstPanel(): Promise<FirstPanelResult | NotMeasured> {
  const notMeasured = (reason: string): NotMeasured => ({ scenario: 'first rendered panel', group: 'ui', notMeasured: reason });
  const chromiumPath = ['/usr/bin/chromium', process.env.CHROMIUM_PATH].find((candidate) => candidate && fs.existsSync(candidate));
  if (!chromiumPath) return notMeasured('no Chromium at /usr/bin/chromium');
  const launcher = path.resolve(__dirname, '..', 'sandbox', 'start-sandbox.ts');
  if (!fs.existsSync(launcher)) return notMeasured('the sandbox has no in-process launcher yet (sandbox/start-sandbox.ts), so no host page to load the panel in');
  return notMeasured('the sandbox launcher exists but this benchmark does not drive it yet');
}
