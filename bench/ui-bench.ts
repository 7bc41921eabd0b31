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

/**
 * Where the time to the first panel goes, in ms. Milestones are times from the issue page's
 * navigation start (times inside the frame are moved onto the page's clock through the two
 * documents' `performance.timeOrigin`); parts are the durations between them.
 */
export interface FirstPanelTimings {
  /** The issue page's first byte, its HTML complete, its DOMContentLoaded (Navigation Timing). */
  readonly pageFirstByteMs: number;
  readonly pageHtmlMs: number;
  readonly pageDomContentLoadedMs: number;
  /** The panel frame's navigation start (the iframe was parsed and began loading) and its HTML received. */
  readonly frameStartMs: number;
  readonly frameHtmlMs: number;
  /** main.js received (Resource Timing), run (the frame's DOMContentLoaded: module scripts run before it), first React commit into #root. */
  readonly bundleFetchedMs: number;
  readonly bundleRunMs: number;
  readonly firstRenderMs: number;
  /** The view resolver call as the frame's fetch saw it (bridge `invoke`), and the server's time for it (its Server-Timing header). */
  readonly resolverStartMs: number;
  readonly resolverEndMs: number;
  readonly resolverServerMs: number;
  /** The computed priority in the frame's DOM (a MutationObserver mark), then painted (the first task after the next animation frame). */
  readonly computedPriorityMs: number;
  readonly computedPriorityPaintedMs: number;
  /** When Playwright, polling from outside the browser, saw it (from the call to `page.goto`). */
  readonly seenByPlaywrightMs: number;
}

/** The parts of the first-panel time: each a duration, so a part that grows points at its cause. */
export interface FirstPanelParts {
  /** Navigation until the panel's frame starts loading: the server-rendered issue page up to the iframe. */
  readonly page: number;
  /** Frame start until its HTML (with the bridge script) is received. */
  readonly frame: number;
  /** Frame HTML until the app's first React render: main.js fetched, parsed and run. */
  readonly bundle: number;
  /** The view resolver's round trip as the frame saw it. */
  readonly resolver: number;
  /** Of that, the server's time in the resolver (local Forge runtime and the local site, with contract checks). */
  readonly resolverServer: number;
  /** The resolver's answer until the computed priority is painted. */
  readonly render: number;
  /** Navigation until the computed priority is painted, on the browser's clock. */
  readonly inPage: number;
}

export interface FirstPanelResult {
  readonly app: string;
  /** Median, navigation start to the computed priority painted in the frame (FirstPanelParts.inPage). */
  readonly msToFirstPanel: number;
  readonly runs: number;
  readonly samplesMs: readonly number[];
  /** Median time until Playwright saw it, from its call to `page.goto` (the figure this bench reported before the breakdown). */
  readonly msSeenByPlaywright: number;
  /** Median of each part over the runs. */
  readonly parts: FirstPanelParts;
  /** Median of each milestone over the runs. */
  readonly milestones: FirstPanelTimings;
  readonly samples: readonly FirstPanelTimings[];
}

export function partsOf(t: FirstPanelTimings): FirstPanelParts {
  return {
    page: t.frameStartMs,
    frame: t.frameHtmlMs - t.frameStartMs,
    bundle: t.firstRenderMs - t.frameHtmlMs,
    resolver: t.resolverEndMs - t.resolverStartMs,
    resolverServer: t.resolverServerMs,
    render: t.computedPriorityPaintedMs - t.resolverEndMs,
    inPage: t.computedPriorityPaintedMs,
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The median of every numeric field over the samples, rounded to whole ms. */
export function medianOf<T extends object>(samples: readonly T[]): T {
  const first = samples[0];
  if (!first) throw new Error('medianOf needs at least one sample');
  return Object.fromEntries(
    Object.keys(first).map((key) => [key, Math.round(median(samples.map((sample) => Number(Reflect.get(sample, key)))))]),
  ) as T;
}

/** One line per part, for the console and the docs. */
export function describeParts(parts: FirstPanelParts, milestones: FirstPanelTimings): string {
  return [
    `page ${parts.page} ms (navigation to the panel frame's start; the issue page's first byte at ${milestones.pageFirstByteMs}, HTML complete at ${milestones.pageHtmlMs}, DOMContentLoaded at ${milestones.pageDomContentLoadedMs})`,
    `frame ${parts.frame} ms (the frame's HTML)`,
    `bundle ${parts.bundle} ms (main.js received at ${milestones.bundleFetchedMs}, run by ${milestones.bundleRunMs}, first React render at ${milestones.firstRenderMs})`,
    `resolver ${parts.resolver} ms (the view call's round trip from the frame, sent at ${milestones.resolverStartMs}; ${parts.resolverServer} ms of it in the server's resolver)`,
    `render ${parts.render} ms (the answer to the computed priority painted: in the DOM at ${milestones.computedPriorityMs}, painted at ${milestones.computedPriorityPaintedMs}; Playwright saw it at ${milestones.seenByPlaywrightMs})`,
  ].join('; ');
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

export function measureBundles(): BundleSize[] | NotMeasured {
  const apps = fs.existsSync(STATIC_DIR)
    ? fs.readdirSync(STATIC_DIR).filter((name) => fs.existsSync(path.join(STATIC_DIR, name, 'build', 'index.html')))
    : [];
  if (apps.length === 0)
    return { scenario: 'Custom UI bundles', group: 'ui', notMeasured: 'no static/*/build/index.html: run `npm run build:ui` first' };
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
 * Runs in every frame before its own scripts (a Playwright init script, as text so no build helper leaks in): inside an app frame, marks
 * the first React commit into #root, the computed priority's arrival in the DOM (a
 * MutationObserver callback runs in the same task as the DOM change) and the first task after the
 * next animation frame, by when that DOM has been painted.
 */
const MARK_PANEL_MILESTONES = `(() => {
  if (!location.pathname.startsWith('/__app/')) return;
  const marked = new Set();
  const mark = (name) => { if (!marked.has(name)) { marked.add(name); performance.mark(name); } };
  new MutationObserver(() => {
    const root = document.getElementById('root');
    if (root && root.firstChild) mark('bench:first-render');
    if (document.querySelector('[data-testid="computed-priority"]') && !marked.has('bench:computed-priority')) {
      mark('bench:computed-priority');
      // A task after the next animation frame: the frame with the priority has been painted.
      requestAnimationFrame(() => setTimeout(() => mark('bench:computed-priority-painted'), 0));
    }
  }).observe(document, { childList: true, subtree: true });
})();`;

/** What the page and the frame report about one load, read after the panel rendered. */
interface RawTimings {
  page: { timeOrigin: number; responseStart: number; responseEnd: number; domContentLoaded: number };
  frame: {
    timeOrigin: number;
    responseEnd: number;
    domContentLoaded: number;
    mainJsEnd: number | null;
    marks: Record<string, number>;
    invokes: { start: number; end: number; serverTiming: { name: string; duration: number; description: string }[] }[];
  };
}

/** Moves the frame's times onto the page's clock and picks the view resolver's call (by its Server-Timing description). */
export function timingsOf(raw: RawTimings, viewFunctionKey: string, seenByPlaywrightMs: number): FirstPanelTimings {
  const shift = raw.frame.timeOrigin - raw.page.timeOrigin;
  const inFrame = (ms: number) => Math.round(ms + shift);
  const view = raw.frame.invokes.find((call) =>
    call.serverTiming.some((entry) => entry.name === 'resolver' && entry.description === viewFunctionKey),
  );
  const firstRender = raw.frame.marks['bench:first-render'];
  const computed = raw.frame.marks['bench:computed-priority'];
  const painted = raw.frame.marks['bench:computed-priority-painted'];
  if (!view) throw new Error(`the frame made no ${viewFunctionKey} call with a Server-Timing header`);
  if (firstRender === undefined || computed === undefined || painted === undefined)
    throw new Error('the frame has no first-render, computed-priority or painted mark');
  if (raw.frame.mainJsEnd === null) throw new Error('the frame loaded no main.js');
  return {
    pageFirstByteMs: Math.round(raw.page.responseStart),
    pageHtmlMs: Math.round(raw.page.responseEnd),
    pageDomContentLoadedMs: Math.round(raw.page.domContentLoaded),
    frameStartMs: Math.round(shift),
    frameHtmlMs: inFrame(raw.frame.responseEnd),
    bundleFetchedMs: inFrame(raw.frame.mainJsEnd),
    bundleRunMs: inFrame(raw.frame.domContentLoaded),
    firstRenderMs: inFrame(firstRender),
    resolverStartMs: inFrame(view.start),
    resolverEndMs: inFrame(view.end),
    resolverServerMs: Math.round(view.serverTiming.find((entry) => entry.name === 'resolver')?.duration ?? Number.NaN),
    computedPriorityMs: inFrame(computed),
    computedPriorityPaintedMs: inFrame(painted),
    seenByPlaywrightMs: Math.round(seenByPlaywrightMs),
  };
}

/**
 * Time from the navigation to an incident's Jira page in the sandbox (`npm start`'s server, started
 * in-process) to the priority panel's computed priority painted inside its frame, on the browser's
 * own clock, with where the time went (page, frame, bundle, resolver, render: FirstPanelParts) read
 * from the Navigation and Resource Timing of the page and the frame; and when Playwright, polling
 * from outside, saw the priority (its own latency included). The first run is cold (browser cache
 * empty); the figures are medians of all runs, each in a fresh page of one browser context.
 */
export async function measureFirstPanel(runs = 7): Promise<FirstPanelResult | NotMeasured> {
  const notMeasured = (reason: string): NotMeasured => ({ scenario: 'first rendered panel', group: 'ui', notMeasured: reason });
  const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].find((candidate) => candidate && fs.existsSync(candidate));
  if (!chromiumPath) return notMeasured('no Chromium at /usr/bin/chromium');
  const root = path.resolve(__dirname, '..');
  if (!fs.existsSync(path.join(root, 'sandbox', 'start-sandbox.ts')))
    return notMeasured('the sandbox (sandbox/start-sandbox.ts) does not exist');
  if (!fs.existsSync(path.join(STATIC_DIR, 'priority-panel', 'build', 'index.html')))
    return notMeasured('static/priority-panel/build is missing: run `npm run build:ui`');
  const { startSandbox } = await import('../sandbox/start-sandbox');
  const { PRIORITY_RESOLVER_KEYS } = await import('../src/contracts/priority-panel-types');
  const { chromium } = await import('playwright-core');
  const sandbox = await startSandbox({ rootDir: root, seedDir: path.join(root, 'seeds', 'demo'), port: 0, log: () => undefined });
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // Chromium preloads its omnibox popup (browser UI in a renderer of its own) for every new tab:
      // about 0.7 s of CPU per page on a 2-core machine, for UI a headless browser never shows.
      '--disable-features=PreloadTopChromeWebUI,WebUIOmniboxPopup,WebUIOmniboxFullPopup,WebUIOmniboxAimPopup',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await context.addInitScript({ content: MARK_PANEL_MILESTONES });
    const samples: FirstPanelTimings[] = [];
    for (let run = 0; run < runs; run += 1) {
      const page = await context.newPage();
      const startedAt = performance.now();
      await page.goto(`${sandbox.url}/jira/browse/INC-1`);
      const panelFrame = page.locator('iframe[data-module-key="incident-priority-panel"]');
      await page
        .frameLocator('iframe[data-module-key="incident-priority-panel"]')
        .locator('[data-testid="computed-priority"]')
        .first()
        .waitFor({ timeout: 60_000 });
      const seenByPlaywrightMs = performance.now() - startedAt;
      const frame = await (await panelFrame.elementHandle())?.contentFrame();
      if (!frame) throw new Error('the panel frame is gone');
      await frame.waitForFunction(() => performance.getEntriesByName('bench:computed-priority-painted').length > 0);
      const pageTimes = await page.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return {
          timeOrigin: performance.timeOrigin,
          responseStart: navigation.responseStart,
          responseEnd: navigation.responseEnd,
          domContentLoaded: navigation.domContentLoadedEventStart,
        };
      });
      const frameTimes = await frame.evaluate(() => {
        const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const mainJs = resources.find((entry) => new URL(entry.name).pathname.endsWith('/main.js'));
        return {
          timeOrigin: performance.timeOrigin,
          responseEnd: navigation.responseEnd,
          domContentLoaded: navigation.domContentLoadedEventStart,
          mainJsEnd: mainJs ? mainJs.responseEnd : null,
          marks: Object.fromEntries(performance.getEntriesByType('mark').map((entry) => [entry.name, entry.startTime])),
          invokes: resources
            .filter((entry) => new URL(entry.name).pathname.endsWith('/invoke'))
            .map((entry) => ({
              start: entry.startTime,
              end: entry.responseEnd,
              serverTiming: entry.serverTiming.map((timing) => ({
                name: timing.name,
                duration: timing.duration,
                description: timing.description,
              })),
            })),
        };
      });
      samples.push(timingsOf({ page: pageTimes, frame: frameTimes }, PRIORITY_RESOLVER_KEYS.view, seenByPlaywrightMs));
      // The panel's later calls (its communication section) finish before the next run, so no run
      // starts on a server still busy with the previous page.
      await page.waitForLoadState('networkidle');
      await page.close();
    }
    const parts = samples.map(partsOf);
    const samplesMs = parts.map((part) => part.inPage);
    return {
      app: 'priority-panel',
      msToFirstPanel: Math.round(median(samplesMs)),
      runs,
      samplesMs,
      msSeenByPlaywright: Math.round(median(samples.map((sample) => sample.seenByPlaywrightMs))),
      parts: medianOf(parts),
      milestones: medianOf(samples),
      samples,
    };
  } catch (error) {
    return notMeasured(`the panel did not render: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    await browser.close();
    await sandbox.close();
  }
}
