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
import { renderAdf } from '../sandbox/adf-html';
import { type CliIo, flagValues, runAsMain, runSeedCommand, UsageError } from './support/seed-cli';

const FORMATS = ['model', 'adf', 'html'] as const;
type Format = (typeof FORMATS)[number];
const USAGE = 'usage: npm run postmortem -- --seed DIR --issue KEY [--format model|adf|html] [--as ACCOUNT_ID]';

export function parsePostmortemArgs(argv: readonly string[]): { seed: string; issue: string; format: Format; as?: string | undefined } {
  const values = flagValues(argv, ['--seed', '--issue', '--format', '--as']);
  const seed = values.get('--seed');
  const issue = values.get('--issue');
  if (!seed) throw new UsageError('--seed DIR is required');
  if (!issue) throw new UsageError('--issue KEY is required');
  const format = values.get('--format') ?? 'model';
  if (!FORMATS.includes(format as Format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got "${format}"`);
  return { seed: resolve(seed), issue, format: format as Format, as: values.get('--as') };
}

export function runPostmortemCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runSeedCommand(
    {
      name: 'postmortem',
      usage: USAGE,
      parse: parsePostmortemArgs,
      run: async (args, { runtime, accountId }) => {
        const result = await runtime.asInvocation({ accountId, moduleKey: 'incident-postmortem' }, () =>
          answer(() => previewPostmortem(productionPostmortemDeps(), args.issue)),
        );
        if (!result.success) {
          io.err(`postmortem: ${result.error.code}: ${result.error.message}`);
          return 1;
        }
        const { model } = result.data;
        const adf = renderPostmortemAdf(model);
        const output =
          args.format === 'model'
            ? JSON.stringify(model, null, 2)
            : args.format === 'adf'
              ? JSON.stringify(adf, null, 2)
              : renderAdf(adf).html.toString();
        io.out(`${output}\n`);
        return 0;
      },
    },
    argv,
    io,
  );
}

if (require.main === module) runAsMain('postmortem', runPostmortemCli);
