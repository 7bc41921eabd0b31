/**
 * `npx tsx bench/write-doc.ts`: regenerates the tables of docs/benchmarks.md from
 * bench/results.json, between the `<!-- results -->` markers, so the figures and the prose that
 * explains them never drift apart.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Measurement, NotMeasured } from './scenarios';
import type { BundleSize, FirstPanelResult } from './ui-bench';

interface Results {
  date: string;
  machine: { cpus: number; node: string; platform: string };
  latencyMs: number;
  scenarios: (Measurement | NotMeasured)[];
  bundles: BundleSize[] | NotMeasured;
  firstPanel: FirstPanelResult | NotMeasured;
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
  ? results.bundles.map((b) => `| ${b.app} | ${kb(b.bytes)} | ${kb(b.gzipBytes)} | ${kb(b.entryJsGzipBytes)} | ${kb(b.jsGzipBytes)} | ${b.jsGzipBytes <= 150 * 1024 ? 'within' : 'over'} |`)
  : [`| not measured: ${results.bundles.notMeasured} | | | | | |`];

const firstPanel =
  'notMeasured' in results.firstPanel
    ? `Not measured: ${results.firstPanel.notMeasured}.`
    : `${results.firstPanel.msToFirstPanel} ms median over ${results.firstPanel.runs} runs (${results.firstPanel.samplesMs.join(', ')} ms; the first is a cold browser cache), from \`page.goto\` of the sandbox's Jira issue page to the priority panel's computed priority rendered in its frame. It includes the sandbox's server-rendered issue page, the frame, the bundle, and the resolver's round trips against the local site with its contract checks.`;

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
