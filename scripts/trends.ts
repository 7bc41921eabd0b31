/**
 * Prints the incident trends of a period from a seed directory, read as a user through the app's
 * real adapters and computed by the domain module the page will use:
 *
 *   npm run trends -- --seed DIR --from YYYY-MM-DD --to YYYY-MM-DD [--as ACCOUNT_ID] [--min-incidents N] --format json
 */
import { resolve } from 'node:path';
import { ZodError } from 'zod';
import { JiraClient } from '../src/adapters/jira/jira-client';
import { AppStorage } from '../src/adapters/storage/app-storage';
import { TrendsPeriodSchema } from '../src/domain/trends/incident-trends';
import { loadIncidentTrends } from '../src/usecases/trends/load-incident-trends';
import { createLocalSite, installForgeRuntime, SeedError } from '../local-site';

const USAGE = 'usage: npm run trends -- --seed DIR --from YYYY-MM-DD --to YYYY-MM-DD [--as ACCOUNT_ID] [--min-incidents N] --format json';
const FLAGS = ['--seed', '--from', '--to', '--as', '--min-incidents', '--format'];

class UsageError extends Error {}

export interface TrendsArgs {
  seed: string;
  from: string;
  to: string;
  as?: string | undefined;
  minIncidents?: number | undefined;
}

export function parseTrendsArgs(argv: string[]): TrendsArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i]!;
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  for (const flag of ['--seed', '--from', '--to', '--format']) if (!values.get(flag)) throw new UsageError(`${flag} is required`);
  if (values.get('--format') !== 'json') throw new UsageError(`--format must be json, got "${values.get('--format')}"`);
  const minText = values.get('--min-incidents');
  if (minText !== undefined && !/^[1-9]\d*$/.test(minText)) throw new UsageError(`--min-incidents must be a whole number of at least 1, got "${minText}"`);
  const parsed = TrendsPeriodSchema.safeParse({ from: values.get('--from'), to: values.get('--to'), now: new Date(0).toISOString() });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(`--${String(issue.path[0] ?? 'from')} ${issue.message}`);
  }
  return { seed: resolve(values.get('--seed')!), from: parsed.data.from, to: parsed.data.to, as: values.get('--as'), minIncidents: minText === undefined ? undefined : Number(minText) };
}

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export async function runTrendsCli(argv: string[], io: CliIo): Promise<number> {
  let args: TrendsArgs;
  try {
    args = parseTrendsArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`trends: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  let site;
  try {
    site = await createLocalSite({ seedDir: args.seed });
  } catch (error) {
    if (error instanceof SeedError) {
      io.err(`trends: cannot load the seed in ${args.seed}: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const runtime = installForgeRuntime(site);
  const accountId = args.as ?? site.defaultAccountId;
  try {
    const trends = await runtime.asInvocation({ accountId, moduleKey: 'incident-trends' }, () =>
      loadIncidentTrends(
        { userJira: JiraClient.asUser(), appJira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date().toISOString() },
        { from: args.from, to: args.to, ...(args.minIncidents === undefined ? {} : { minIncidents: args.minIncidents }) },
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
  } finally {
    runtime.dispose();
  }
}

if (require.main === module) {
  runTrendsCli(process.argv.slice(2), { out: (text) => process.stdout.write(text), err: (text) => console.error(text) }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error('trends: unexpected failure', error);
      process.exitCode = 1;
    },
  );
}
