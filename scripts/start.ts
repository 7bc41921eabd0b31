/**
 * `npm start [-- --seed DIR] [--state FILE] [--port N] [--no-build]`: builds the Custom UI apps and
 * serves the whole app offline on a local Jira + Confluence site (see docs/local-site.md).
 * Exit codes: 2 for bad flags, a missing or invalid seed, or an unreadable state file; 1 when
 * the UI build or the server fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseStartArgs, START_USAGE } from '../sandbox/cli';
import { startSandbox } from '../sandbox/start-sandbox';
import { StateFileError } from '../sandbox/state-journal';
import { SeedError } from '../local-site/seed';
import { SpecsMissingError } from '../local-site/contract/spec-checker';
import { writeLiveDemoSeed } from '../sandbox/live-demo-seed';

const rootDir = path.resolve(__dirname, '..');

function fail(code: number, message: string): never {
  console.error(`npm start: ${message}`);
  if (code === 2) console.error(`\n${START_USAGE}`);
  process.exit(code);
}

async function main(): Promise<void> {
  const parsed = parseStartArgs(process.argv.slice(2), process.env, process.cwd());
  if (!parsed.ok) fail(2, parsed.message);
  const options = parsed.options;
  if (options.help) {
    console.log(START_USAGE);
    return;
  }
  if (options.seedDir !== null && (!fs.existsSync(options.seedDir) || !fs.statSync(options.seedDir).isDirectory()))
    fail(2, `seed directory ${options.seedDir} does not exist`);

  if (!options.skipBuild) {
    console.log('Building the Custom UI apps (npm run build:ui)...');
    const build = spawnSync('npm', ['run', '--silent', 'build:ui'], { cwd: rootDir, stdio: 'inherit' });
    if (build.status !== 0) fail(1, 'npm run build:ui failed; fix the build or start with --no-build to serve the bundles already built');
  }

  let started;
  let seedLine: string;
  let temporarySeedDir: string | null = null;
  try {
    let seedDir = options.seedDir;
    if (seedDir === null) {
      const live = writeLiveDemoSeed(new Date(), options.stateFile);
      seedDir = live.dir;
      temporarySeedDir = live.dir;
      seedLine = `demo data as of ${live.asOf.toISOString()}${live.datedByState ? " (the state file's first change)" : ''} in ${live.dir}`;
    } else {
      seedLine = path.relative(process.cwd(), seedDir) || '.';
    }
    started = await startSandbox({
      rootDir,
      seedDir,
      port: options.port,
      host: process.env.HOST ?? '127.0.0.1',
      stateFile: options.stateFile,
      ...(options.seedDir === null ? { demoAlertProject: 'INC' } : {}),
    });
  } catch (error) {
    if (error instanceof SeedError || error instanceof StateFileError) fail(2, error.message);
    if (error instanceof SpecsMissingError) fail(1, error.message);
    if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE')
      fail(1, `port ${options.port} is in use: pass --port N or set PORT`);
    throw error;
  }

  console.log(`
Local Jira + Confluence with the app: ${started.url}
  Incidents      ${started.url}/jira/incidents
  Create         ${started.url}/jira/create
  App admin      ${started.url}/jira/admin
  Confluence     ${started.url}/wiki/spaces
  Contract log   ${started.url}/__local/contract
  REST           ${started.url}/rest/api/3/...  ${started.url}/wiki/api/v2/...  (header X-Local-User: <accountId> to act as another user)
Seed: ${seedLine}${options.stateFile ? `   State: ${options.stateFile} (${started.restored} change(s) restored)` : ''}
Press Ctrl+C to stop.`);
  // One line per web trigger, for scripts and the README's curl examples (demo alert token: demo-alert-token).
  for (const trigger of started.webTriggers) console.log(`webtrigger ${trigger.key} ${trigger.url}`);

  const stop = () => {
    void started.close().finally(() => {
      // The live demo seed is rewritten at every start; the state file, not this copy, keeps changes.
      if (temporarySeedDir !== null) fs.rmSync(temporarySeedDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
