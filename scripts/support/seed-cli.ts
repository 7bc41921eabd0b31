import { createLocalSite, installForgeRuntime, SeedError, type LocalSite } from '../../local-site';
import type { ForgeRuntime } from '../../local-site/forge-runtime';

/** Commands that read a seed through the app's real code: `npm run postmortem`, `npm run trends`. */

/** A bad flag: the command prints the message and its usage and exits 2. */
export class UsageError extends Error {}

/** `--flag value` pairs, each flag one of `allowed`; anything else is a UsageError naming it. */
export function flagValues(argv: readonly string[], allowed: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (!allowed.includes(flag)) throw new UsageError(`unknown argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  return values;
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface SeedCommand<A extends { seed: string; as?: string | undefined }> {
  /** The command's name, the prefix of every message (`postmortem: ...`). */
  name: string;
  usage: string;
  parse: (argv: readonly string[]) => A;
  /** Runs inside the local site with the Forge runtime installed, as the `--as` user (else the seed's first site admin). */
  run: (args: A, session: { site: LocalSite; runtime: ForgeRuntime; accountId: string }) => Promise<number>;
}

/**
 * Parses the flags, loads the seed into a local site, installs the Forge runtime, runs the command
 * and removes the runtime again. Exit codes: 2 for a bad flag or a seed that does not load (the
 * message says which), else what `run` answers.
 */
export async function runSeedCommand<A extends { seed: string; as?: string | undefined }>(
  command: SeedCommand<A>,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  let args: A;
  try {
    args = command.parse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${command.name}: ${error.message}\n${command.usage}`);
      return 2;
    }
    throw error;
  }
  let site: LocalSite;
  try {
    site = await createLocalSite({ seedDir: args.seed });
  } catch (error) {
    if (error instanceof SeedError) {
      io.err(`${command.name}: cannot load the seed in ${args.seed}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const runtime = installForgeRuntime(site);
  try {
    return await command.run(args, { site, runtime, accountId: args.as ?? site.defaultAccountId });
  } finally {
    runtime.dispose();
  }
}

/**
 * Runs a command when its file is the process's entry point. process.exit() does not wait for a
 * piped stdout to drain (pipes are asynchronous in Node), so `... | jq` used to get the first 64 KiB
 * only: the exit code is set instead and the process ends once every write has been flushed.
 */
export function runAsMain(name: string, main: (argv: readonly string[], io: CliIo) => Promise<number>): void {
  main(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => console.error(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${name}: unexpected failure`, error);
      process.exitCode = 1;
    },
  );
}
