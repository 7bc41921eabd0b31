import path from 'node:path';

/** What `npm start -- [flags]` asks for, resolved against the working directory. */
export interface StartOptions {
  /** null: no --seed given, so `npm start` writes the demo seed as of the current time. */
  seedDir: string | null;
  stateFile: string | null;
  port: number;
  /** Skip `npm run build:ui` (the bundles are already built, e.g. by CI or a test). */
  skipBuild: boolean;
  help: boolean;
}

export type ParsedStartArgs = { ok: true; options: StartOptions } | { ok: false; message: string };

export const START_USAGE = `Usage: npm start -- [--seed DIR] [--state FILE] [--port N] [--no-build]

  --seed DIR    load the local site from this seed directory as it is (default: the demo seed,
                written as of now into a temporary directory so open incidents' ages and SLA clocks are live)
  --state FILE  keep the site's state in FILE: loaded at start when it exists, written after every change
  --port N      listen on port N (default: $PORT, else 4800; 0 picks a free port)
  --no-build    serve the Custom UI bundles already in static/<app>/build/ without rebuilding them
  --help        show this text

Requests to /rest/api/3/... and /wiki/api/v2/... act as the default admin unless they name another
seeded user: basic auth "email:API token" as on Atlassian Cloud (a seeded user's email, any token),
the header "X-Local-User: <accountId>", or basic auth whose user is the accountId.`;

const DEFAULT_PORT = 4800;

/**
 * Parses the flags after `npm start --`. Flag values may be given as `--seed DIR` or `--seed=DIR`.
 * Unknown flags are an error (exit code 2 by the caller), never ignored, so a typo does not
 * silently start the demo seed instead of the one asked for.
 */
export function parseStartArgs(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ParsedStartArgs {
  let seedDir: string | null = null;
  let stateFile: string | null = null;
  let port: number | null = null;
  let skipBuild = false;
  let help = false;

  for (let index = 0; index < argv.length; index += 1) {
    const raw = argv[index] ?? '';
    const equals = raw.indexOf('=');
    const flag = raw.startsWith('--') && equals > 0 ? raw.slice(0, equals) : raw;
    const inlineValue = raw.startsWith('--') && equals > 0 ? raw.slice(equals + 1) : null;
    const takeValue = (): string | { error: string } => {
      if (inlineValue !== null) return inlineValue.length > 0 ? inlineValue : { error: `${flag} needs a value` };
      const next = argv[index + 1];
      if (next === undefined || next.startsWith('--')) return { error: `${flag} needs a value` };
      index += 1;
      return next;
    };
    switch (flag) {
      case '--seed': {
        const value = takeValue();
        if (typeof value !== 'string') return { ok: false, message: value.error };
        seedDir = path.resolve(cwd, value);
        break;
      }
      case '--state': {
        const value = takeValue();
        if (typeof value !== 'string') return { ok: false, message: value.error };
        stateFile = path.resolve(cwd, value);
        break;
      }
      case '--port': {
        const value = takeValue();
        if (typeof value !== 'string') return { ok: false, message: value.error };
        const parsed = parsePort(value);
        if (parsed === null) return { ok: false, message: `--port expects a port number 0-65535, got "${value}"` };
        port = parsed;
        break;
      }
      case '--no-build':
        if (inlineValue !== null) return { ok: false, message: '--no-build takes no value' };
        skipBuild = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        return {
          ok: false,
          message: raw.startsWith('-') ? `Unknown flag "${raw}"` : `Unexpected argument "${raw}" (flags take the form --seed DIR)`,
        };
    }
  }

  if (port === null) {
    const fromEnv = env.PORT;
    if (fromEnv !== undefined && fromEnv !== '') {
      const parsed = parsePort(fromEnv);
      if (parsed === null) return { ok: false, message: `PORT expects a port number 0-65535, got "${fromEnv}"` };
      port = parsed;
    } else {
      port = DEFAULT_PORT;
    }
  }

  return { ok: true, options: { seedDir, stateFile, port, skipBuild, help } };
}

function parsePort(value: string): number | null {
  if (!/^\d+$/.test(value)) return null;
  const port = Number(value);
  return port <= 65535 ? port : null;
}
