import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigFile, FileSystemReader, FileSystemWriter, StatsigReader, type StatsigService } from '@forge/cli-shared';
import { lint, parseSourceFile, problemCount, reportLintResults, tsParser, type LintConfig, type ProblemCount } from '@forge/lint';
import type { ManifestSchema } from '@forge/manifest';
import { findProductCalls, linterFormOf } from './product-calls';

/**
 * Runs the linter that `forge lint` runs, offline (ORACLES.md §2). Pinned: @forge/lint 6.3.1,
 * @forge/cli-shared 9.8.0. These are undocumented internals: keep this file small.
 */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Gates off: what an app sees when Statsig cannot be reached. */
class GatesOff extends StatsigReader {
  override async checkGate(): Promise<boolean> {
    return false;
  }
  override async getDynamicConfig(): Promise<null> {
    return null;
  }
}

/** The official specs; FORGE_SPECS_DIR overrides ../shared/specs (relative to the repo root). */
export function specsDir(): string {
  const dir = resolve(REPO_ROOT, process.env.FORGE_SPECS_DIR ?? '../shared/specs');
  for (const file of ['jira-platform-v3.openapi.json', 'confluence-v2.openapi.json']) {
    if (!existsSync(join(dir, file))) {
      throw new Error(
        `Missing ${join(dir, file)}: set FORGE_SPECS_DIR to the folder with Atlassian's OpenAPI documents (see ../shared/specs/README.md).`,
      );
    }
  }
  return dir;
}

/**
 * The permission linter fetches each product's spec unless all six LOCAL_*_SWAGGER variables
 * name files. Jira platform and Confluence v2 are the products this app calls; the others get an
 * empty spec, so a call to one of them would show up as an unknown operation, not pass silently.
 */
function useLocalSpecs(): void {
  const dir = specsDir();
  const empty = join(mkdtempSync(join(tmpdir(), 'forge-lint-specs-')), 'empty.json');
  writeFileSync(empty, JSON.stringify({ paths: {} }));
  Object.assign(process.env, {
    USE_LOCAL_SWAGGER: '1',
    LOCAL_JIRA_SWAGGER: join(dir, 'jira-platform-v3.openapi.json'),
    LOCAL_CONF_V2_SWAGGER: join(dir, 'confluence-v2.openapi.json'),
    LOCAL_CONF_SWAGGER: empty,
    LOCAL_JSM_SWAGGER: empty,
    LOCAL_JSW_SWAGGER: empty,
    LOCAL_BB_SWAGGER: empty,
  });
}

export async function readManifest(): Promise<ManifestSchema> {
  return new ConfigFile(new FileSystemReader(), new FileSystemWriter()).readConfig();
}

export interface ForgeLintOutcome {
  count: ProblemCount;
  report: string;
  /** How many adapter calls were lifted into the linter's form (see product-calls.ts). */
  liftedCalls: number;
}

/** Writes the adapters' product calls in the form the linter reads; returns the file's absolute path. */
function writeLiftedCalls(): { path: string; count: number } {
  const calls = findProductCalls(REPO_ROOT);
  const path = join(mkdtempSync(join(tmpdir(), 'forge-lint-calls-')), 'product-calls.js');
  writeFileSync(path, linterFormOf(calls));
  return { path, count: calls.length };
}

/** Lints ./src against `manifest` (the repo's manifest.yml unless given) the way `forge lint` does. */
export async function runForgeLint(manifest?: ManifestSchema): Promise<ForgeLintOutcome> {
  if (process.cwd() !== REPO_ROOT) process.chdir(REPO_ROOT);
  useLocalSpecs();
  const linted = manifest ?? (await readManifest());
  const lifted = writeLiftedCalls();
  const files = [...(await new FileSystemReader().recursiveReadDir('./src', ['node_modules'])), lifted.path];
  const lines: string[] = [];
  const logger = { info: (line: string) => void lines.push(line) };
  // lint() is typed for the CLI's StatsigService; it only calls the StatsigReader methods.
  const gates: StatsigReader = new GatesOff();
  // Files are parsed without a TypeScript program: the linters read syntax trees only, and
  // building the program for the whole tsconfig.json costs over a minute here (the CLI does it).
  // The lifted file lies outside tsconfig.json and could not be parsed with one anyway.
  const parseFunction: LintConfig['parseFunction'] = (filepath) =>
    parseSourceFile(filepath, (code, path) => tsParser(code, path, { project: undefined }));
  const results = await lint(files, linted, 'development', logger, gates as StatsigService, {
    linter: { mode: 'client-side' },
    parseFunction,
  });
  const exitCode = process.exitCode;
  reportLintResults(logger, results);
  // reportLintResults sets process.exitCode on errors, which would fail the jest run by itself.
  process.exitCode = exitCode;
  return { count: problemCount(results), report: lines.join('\n'), liftedCalls: lifted.count };
}
