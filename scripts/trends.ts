/**
 * Prints the incident trends of a period from a seed directory, read as a user through the app's
 * real adapters and computed by the domain module the page will use:
 *
 *   npm run trends -- --seed DIR --from YYYY-MM-DD --to YYYY-MM-DD [--project KEY] [--as ACCOUNT_ID] [--min-incidents N] --format json
 */
import { resolve } from 'node:path';
import { ZodError } from 'zod';
import { TrendsPeriodSchema } from '../src/domain/trends/incident-trends';
import { loadIncidentTrends, ProjectKey } from '../src/usecases/trends/load-incident-trends';
import { productionTrendsDeps } from '../src/usecases/trends/trends-deps';
import { type CliIo, flagValues, runAsMain, runSeedCommand, UsageError } from './support/seed-cli';

const USAGE = 'usage: npm run trends -- --seed DIR --from YYYY-MM-DD --to YYYY-MM-DD [--project KEY] [--as ACCOUNT_ID] [--min-incidents N] --format json';
const FLAGS = ['--seed', '--from', '--to', '--project', '--as', '--min-incidents', '--format'];

export interface TrendsArgs {
  seed: string;
  from: string;
  to: string;
  as?: string | undefined;
  minIncidents?: number | undefined;
  /** Only this project's incidents, as the project page shows them; all projects without it. */
  project?: string | undefined;
}

export function parseTrendsArgs(argv: readonly string[]): TrendsArgs {
  const values = flagValues(argv, FLAGS);
  for (const flag of ['--seed', '--from', '--to', '--format']) if (!values.get(flag)) throw new UsageError(`${flag} is required`);
  if (values.get('--format') !== 'json') throw new UsageError(`--format must be json, got "${values.get('--format')}"`);
  const minText = values.get('--min-incidents');
  if (minText !== undefined && !/^[1-9]\d*$/.test(minText)) throw new UsageError(`--min-incidents must be a whole number of at least 1, got "${minText}"`);
  const parsed = TrendsPeriodSchema.safeParse({ from: values.get('--from'), to: values.get('--to'), now: new Date(0).toISOString() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0] ?? 'from')} ${issue.message}`);
  }
  const project = values.get('--project');
  if (project !== undefined && !ProjectKey.safeParse(project).success) throw new UsageError(`--project must be a Jira project key like INC, got "${project}"`);
  return { seed: resolve(values.get('--seed')!), from: parsed.data.from, to: parsed.data.to, as: values.get('--as'), minIncidents: minText === undefined ? undefined : Number(minText), project };
}

export function runTrendsCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runSeedCommand(
    {
      name: 'trends',
      usage: USAGE,
      parse: parseTrendsArgs,
      run: async (args, { runtime, accountId }) => {
        try {
          const trends = await runtime.asInvocation({ accountId, moduleKey: 'incident-trends' }, () =>
            loadIncidentTrends(
              productionTrendsDeps(),
              { from: args.from, to: args.to, ...(args.minIncidents === undefined ? {} : { minIncidents: args.minIncidents }), ...(args.project === undefined ? {} : { projectKey: args.project }) },
            ),
          );
          io.out(`${JSON.stringify(trends, null, 2)}\n`);
          return 0;
        } catch (error) {
          if (error instanceof ZodError) {
            io.err(`trends: ${error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
            return 1;
          }
          io.err(`trends: ${error instanceof Error ? error.message : String(error)}`);
          return 1;
        }
      },
    },
    argv,
    io,
  );
}

if (require.main === module) runAsMain('trends', runTrendsCli);
