/**
 * Prints the postmortem of one incident from a seed directory (the local site's format, which is
 * what a real site's REST answers look like), through the same use case, adapters and renderer as
 * the Confluence macro:
 *
 *   npm run postmortem -- --seed DIR --issue KEY [--format model|adf|html] [--as ACCOUNT_ID]
 */
import { resolve } from 'node:path';
import { renderPostmortemAdf } from '../src/domain/postmortem/postmortem-adf';
import { previewPostmortem } from '../src/usecases/postmortem/preview-postmortem';
import { answer } from '../src/entry/entry-point';
import { productionPostmortemDeps } from '../src/usecases/postmortem/postmortem-deps';
import { createLocalSite, installForgeRuntime, SeedError } from '../local-site';
import { renderAdf } from '../sandbox/adf-html';

const FORMATS = ['model', 'adf', 'html'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: npm run postmortem -- --seed DIR --issue KEY [--format model|adf|html] [--as ACCOUNT_ID]';

class UsageError extends Error {}

export function parsePostmortemArgs(argv: string[]): { seed: string; issue: string; format: Format; as?: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (!['--seed', '--issue', '--format', '--as'].includes(flag)) throw new UsageError(`unknown argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const seed = values.get('--seed');
  const issue = values.get('--issue');
  if (!seed) throw new UsageError('--seed DIR is required');
  if (!issue) throw new UsageError('--issue KEY is required');
  const format = values.get('--format') ?? 'model';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  return { seed: resolve(seed), issue, format: format as Format, as: values.get('--as') };
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runPostmortemCli(argv: string[], io: CliIo): Promise<number> {
  let args;
  try {
    args = parsePostmortemArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`postmortem: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  let site;
  try {
    site = await createLocalSite({ seedDir: args.seed });
  } catch (error) {
    if (error instanceof SeedError) {
      io.err(`postmortem: cannot load the seed in ${args.seed}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const runtime = installForgeRuntime(site);
  const accountId = args.as ?? site.defaultAccountId;
  let result;
  try {
    result = await runtime.asInvocation({ accountId, moduleKey: 'incident-postmortem' }, () => answer(() => previewPostmortem(productionPostmortemDeps(), args.issue)));
  } finally {
    runtime.dispose();
  }
  if (!result.success) {
    io.err(`postmortem: ${result.error.code}: ${result.error.message}`);
    return 1;
  }
  const { model } = result.data;
  const adf = renderPostmortemAdf(model);
  const output = args.format === 'model' ? JSON.stringify(model, null, 2) : args.format === 'adf' ? JSON.stringify(adf, null, 2) : renderAdf(adf).html.toString();
  io.out(`${output}\n`);
  return 0;
}

if (require.main === module) {
  // process.exit() does not wait for a piped stdout to drain (pipes are asynchronous in Node), so
  // `... --format adf | jq` used to get the first 64 KiB only. The exit code is set instead and
  // the process ends once every write has been flushed.
  runPostmortemCli(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => console.error(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('postmortem: unexpected failure', error);
      process.exitCode = 1;
    },
  );
}
