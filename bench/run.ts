/**
 * `npm run bench [-- --latency MS] [--quick]`: runs the scenarios against the local site, prints a
 * table and writes bench/results.json. `--quick` keeps the small sizes only (a smoke run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { measureBundles, measureFirstPanel, type BundleSize, type FirstPanelResult } from './ui-bench';
import {
  historyReadScenario,
  measure,
  panelApplyScenario,
  indexRebuildScenario,
  panelColdViewScenario,
  panelViewScenario,
  validatorScenario,
  alertDeliveryScenario,
  type Measurement,
  type NotMeasured,
  type Scenario,
} from './scenarios';
import { postmortemScenarios } from './postmortem-scenarios';
import { cadenceJobScenario, postUpdateScenario } from './communication-scenarios';
import { trendsPageScenario } from './trends-scenarios';

interface Options {
  latencyMs: number;
  quick: boolean;
  only?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { latencyMs: 50, quick: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--latency') {
      const value = Number(argv[(i += 1)]);
      if (!Number.isFinite(value) || value < 0) throw new Error('--latency expects a number of milliseconds, e.g. --latency 50');
      options.latencyMs = value;
    } else if (arg === '--only') options.only = argv[(i += 1)];
    else throw new Error(`Unknown option ${arg}; use --latency MS, --quick, --only TEXT (a scenario name part, or "ui")`);
  }
  return options;
}

function scenarios(quick: boolean): Scenario[] {
  const historySizes = quick ? [50, 500] : [50, 500, 5000];
  const incidentCounts = quick ? [10, 100] : [10, 100, 1000];
  return [
    ...historySizes.map(historyReadScenario),
    ...postmortemScenarios(historySizes),
    // The panel view at 10,000 open incidents too: the ranking index must not grow its cost.
    ...(quick ? incidentCounts : [...incidentCounts, 10_000]).map(panelViewScenario),
    ...incidentCounts.map(panelColdViewScenario),
    ...incidentCounts.map(indexRebuildScenario),
    ...incidentCounts.map(panelApplyScenario),
    ...(['triage-complete', 'escalation-ready', 'resolution-ready', 'closure'] as const).map((rule) => validatorScenario(rule, quick ? 50 : 200)),
    postUpdateScenario(),
    ...incidentCounts.map(cadenceJobScenario),
    ...(['new group', 'new group, consumer', 'known group', 'known group, comment due'] as const).map(alertDeliveryScenario),
    ...(quick ? [100, 1000] : [100, 1000, 10_000]).map(trendsPageScenario),
  ];
}

const pad = (text: string | number, width: number) => String(text).padStart(width);

function printTable(rows: readonly (Measurement | NotMeasured)[], latencyMs: number): void {
  console.log(`\nlatency ${latencyMs} ms per request; calls = Jira+Confluence; bound = fewest calls; wait = wall(L) - wall(0); ratio = wait / (sequential round trips x L); seq = requests made one after another (from the log), x = seq / rt\n`);
  console.log(['scenario'.padEnd(64), pad('jira', 5), pad('conf', 5), pad('kvs', 4), pad('points', 7), pad('bound', 6), pad('x', 5), pad('wall', 7), pad('wall0', 7), pad('wait', 6), pad('rt', 3), pad('x', 5), pad('seq', 4), pad('x', 5), '  outcome'].join(' '));
  for (const row of rows) {
    if ('notMeasured' in row) {
      console.log(`${row.scenario.padEnd(64)} not measured: ${row.notMeasured}`);
      continue;
    }
    console.log(
      [
        row.scenario.padEnd(64),
        pad(row.jiraCalls, 5),
        pad(row.confluenceCalls, 5),
        pad(row.storageCalls, 4),
        pad(row.points.points, 7),
        pad(row.lowerBound.jiraCalls + row.lowerBound.confluenceCalls, 6),
        pad(row.callRatio, 5),
        pad(row.wallMs, 7),
        pad(row.wallMsNoLatency, 7),
        pad(row.latencyShareMs, 6),
        pad(row.lowerBound.sequentialRoundTrips, 3),
        pad(row.wallRatio, 5),
        pad(row.sequentialDepth, 4),
        pad(row.depthRatio, 5),
        `  ${row.outcome.slice(0, 70)}`,
      ].join(' '),
    );
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const rows: (Measurement | NotMeasured)[] = [];
  // The first action in a process pays for module loading and JIT warm-up: run one and discard it.
  await measure(historyReadScenario(50), 0);
  for (const scenario of scenarios(options.quick)) {
    if (options.only && (options.only === 'ui' || !scenario.name.includes(options.only))) continue;
    process.stderr.write(`running: ${scenario.name}\n`);
    try {
      rows.push(await measure(scenario, options.latencyMs));
    } catch (error) {
      rows.push({ scenario: scenario.name, group: scenario.group, notMeasured: `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
    }
  }
  let bundles: BundleSize[] | NotMeasured = { scenario: 'Custom UI bundles', group: 'ui', notMeasured: 'skipped by --only' };
  let firstPanel: FirstPanelResult | NotMeasured = { scenario: 'first rendered panel', group: 'ui', notMeasured: 'skipped by --only' };
  if (!options.only || options.only === 'ui') {
    process.stderr.write('running: Custom UI bundle sizes and first panel\n');
    bundles = measureBundles();
    firstPanel = await measureFirstPanel();
  }
  printTable(rows, options.latencyMs);
  if (Array.isArray(bundles)) {
    console.log('\nCustom UI bundles (static/*/build):');
    for (const bundle of bundles) console.log(`  ${bundle.app.padEnd(20)} ${pad(bundle.bytes, 9)} bytes  ${pad(bundle.gzipBytes, 8)} gzip  (all JS ${bundle.jsGzipBytes} gzip, main.js ${bundle.entryJsGzipBytes} gzip; 150 KiB budget on main.js: ${bundle.entryJsGzipBytes <= 153_600 ? 'within' : 'OVER'})`);
  } else console.log(`\nCustom UI bundles: not measured: ${bundles.notMeasured}`);
  if ('notMeasured' in firstPanel) console.log(`First rendered panel: not measured: ${firstPanel.notMeasured}`);
  else console.log(`First rendered panel (${firstPanel.app}): ${firstPanel.msToFirstPanel} ms from navigation to the panel's content (median of ${firstPanel.runs} runs: ${firstPanel.samplesMs.join(', ')} ms)`);

  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    latencyMs: options.latencyMs,
    quick: options.quick,
    scenarios: rows,
    bundles,
    firstPanel,
  };
  // A partial run (--only, --quick) must not replace the full figures the docs quote.
  const file = path.join(__dirname, options.only || options.quick ? 'results.partial.json' : 'results.json');
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
