/**
 * `npx tsx bench/write-doc.ts`: regenerates the tables of docs/benchmarks.md from
 * bench/results.json, between the `<!-- results -->` markers, so the figures and the prose that
 * explains them never drift apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Measurement, NotMeasured } from './scenarios';
import { describeParts, type BundleSize, type FirstPanelResult } from './ui-bench';

/** Results written before the breakdown existed have no parts and milestones. */
type StoredFirstPanel = Omit<FirstPanelResult, 'parts' | 'milestones' | 'msSeenByPlaywright'> &
  Partial<Pick<FirstPanelResult, 'parts' | 'milestones' | 'msSeenByPlaywright'>>;

interface Results {
  date: string;
  machine: { cpus: number; node: string; platform: string };
  latencyMs: number;
  scenarios: (Measurement | NotMeasured)[];
  bundles: BundleSize[] | NotMeasured;
  firstPanel: StoredFirstPanel | NotMeasured;
  /** Groups re-measured after the full run (`--only`), merged into this file. */
  partialRuns?: { date: string; only: string }[];
}

const results = JSON.parse(fs.readFileSync(path.join(__dirname, 'results.json'), 'utf8')) as Results;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

const scenarioRows = results.scenarios.map((row) => {
  if ('notMeasured' in row) return `| ${row.scenario} | not measured: ${row.notMeasured} | | | | | | | |`;
  const bound = row.lowerBound;
  return `| ${row.scenario} | ${row.jiraCalls} / ${row.confluenceCalls} / ${row.storageCalls} | ${bound.jiraCalls + bound.confluenceCalls} | ${row.callRatio} | ${row.points.points} | ${row.sequentialDepth} vs ${bound.sequentialRoundTrips} | ${row.depthRatio} | ${row.wallMs} / ${row.wallMsNoLatency} | ${row.outcome} |`;
});

const bundleRows = Array.isArray(results.bundles)
  ? results.bundles.map(
      (b) =>
        `| ${b.app} | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ${kb(b.entryJsGzipBytes)} | ${kb(b.jsGzipBytes)} | ${b.jsGzipBytes <= 150 * 1024 ? 'within' : 'over'} |`,
    )
  : [`| not measured: ${results.bundles.notMeasured} | | | | | |`];

const breakdown = (panel: StoredFirstPanel) =>
  panel.parts && panel.milestones
    ? ` Medians per part (each a duration; milestones in ms from navigation): ${describeParts(panel.parts, panel.milestones)}.`
    : ' (No breakdown in these results: re-run `npm run bench -- --only ui`.)';

const firstPanel =
  'notMeasured' in results.firstPanel
    ? `Not measured: ${results.firstPanel.notMeasured}.`
    : results.firstPanel.msSeenByPlaywright === undefined
      ? `${results.firstPanel.msToFirstPanel} ms median over ${results.firstPanel.runs} runs (${results.firstPanel.samplesMs.join(', ')} ms; the first is a cold browser cache), from \`page.goto\` until Playwright saw the computed priority.${breakdown(results.firstPanel)}`
      : `${results.firstPanel.msToFirstPanel} ms median over ${results.firstPanel.runs} runs (${results.firstPanel.samplesMs.join(', ')} ms; the first is a cold browser cache), from the navigation to the sandbox's Jira issue page until the priority panel's computed priority is painted in its frame, on the browser's clock; Playwright, polling from outside the browser, saw it ${results.firstPanel.msSeenByPlaywright} ms after its \`page.goto\` call (median). It includes the sandbox's server-rendered issue page, the frame, the bundle, and the resolver's round trips against the local site with its contract checks.${breakdown(results.firstPanel)}`;

const block = `<!-- results -->
Run: ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${results.machine.cpus} CPUs, Node ${results.machine.node}, ${results.machine.platform}; simulated latency ${results.latencyMs} ms per request.${(results.partialRuns ?? []).map((run) => ` Re-measured ${run.date.slice(0, 16).replace('T', ' ')} UTC: ${run.only}.`).join('')}

| scenario | calls J / C / kvs | bound | x | Jira points | sequential trips vs bound | x | wall / wall at 0 ms (ms) | outcome |
|---|---|---|---|---|---|---|---|---|
${scenarioRows.join('\n')}

Custom UI bundles (\`static/*/build\` after \`npm run build:ui\`; each file gzipped at level 9):

| app | all files | gzip | main.js gzip | all JS gzip (incl. lazy chunks) | 150 KiB budget (all JS) |
|---|---|---|---|---|---|
${bundleRows.join('\n')}

Time to the first rendered priority panel in headless Chromium: ${firstPanel}
<!-- /results -->`;

const docPath = path.join(__dirname, '..', 'docs', 'benchmarks.md');
const doc = fs.readFileSync(docPath, 'utf8');
const replaced = doc.replace(/<!-- results -->[\s\S]*<!-- \/results -->/, block);
if (replaced === doc && !doc.includes(block)) throw new Error('docs/benchmarks.md has no <!-- results --> ... <!-- /results --> block');
fs.writeFileSync(docPath, replaced);
console.log(`updated ${path.relative(process.cwd(), docPath)} from bench/results.json`);
