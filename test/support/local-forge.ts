/**
 * Test harness: a local site plus the Forge runtime globals, so the app's real @forge/api,
 * @forge/kvs and @forge/resolver code runs against it (ORACLES.md §4).
 *
 *   const forge = await startLocalForge({ seedDir: SEED_BASIC });
 *   await forge.asInvocation({ accountId: RESPONDER }, () => api.asUser().requestJira(route`/rest/api/3/myself`));
 *   await forge.dispose();
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { APP_ACCOUNT_ID } from '../../local-site/jira/jira-state';
import {
  createLocalSite,
  entitiesFromManifest,
  installForgeRuntime,
  type EntityDefinition,
  type LocalSite,
  type ResolverDefinitions,
} from '../../local-site';

export const SEED_BASIC = path.resolve(__dirname, '..', 'fixtures', 'seed-basic');

/** Account ids of the users in test/fixtures/seed-basic/users.json. */
export const SEED_USERS = {
  admin: '5b10a2844c20165700ede21g',
  responder: '5b10ac8d82e05b22cc7d4ef5',
  viewer: '5b10ac8d82e05b22cc7d4ef6',
} as const;

export interface LocalForge {
  site: LocalSite;
  /** Run fn as an invocation by this user: asUser() calls act as them, asApp() as the app. */
  asInvocation<T>(ctx: { accountId: string; moduleKey?: string }, fn: () => Promise<T>): Promise<T>;
  /** Drive a @forge/resolver definition exactly as Forge does. */
  invoke(
    resolverDefinitions: ResolverDefinitions,
    functionKey: string,
    payload: unknown,
    ctx: { accountId: string; extension?: Record<string, unknown>; moduleKey?: string },
  ): Promise<unknown>;
  /** Until `grantConsent`, this user's asUser() calls fail as on Forge before the user allows the app access (NeedsAuthenticationError). */
  withholdConsent(accountId: string): void;
  grantConsent(accountId: string): void;
  /** The manifest's `consumer` for `queue`: each pushed event runs `consumer(event)` later, in its own invocation as the app. */
  setQueueConsumer(queue: string, consumer: (event: Record<string, unknown>) => Promise<unknown>): void;
  /** Resolves once every async event pushed so far (and any its consumer pushed) has been consumed. */
  drainEvents(): Promise<void>;
  dispose(): Promise<void>;
}

export interface StartLocalForgeOptions {
  seedDir?: string;
  latencyMs?: number;
  clock?: () => Date;
  /** App storage entities; by default read from the repository's manifest.yml (app.storage.entities). */
  entities?: EntityDefinition[];
}

function manifestEntities(): EntityDefinition[] | undefined {
  const manifestPath = path.resolve(__dirname, '..', '..', 'manifest.yml');
  if (!fs.existsSync(manifestPath)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as { parse: (text: string) => unknown };
  const entities = entitiesFromManifest(parse(fs.readFileSync(manifestPath, 'utf8')));
  return entities.length > 0 ? entities : undefined;
}

export async function startLocalForge(opts: StartLocalForgeOptions = {}): Promise<LocalForge> {
  const site = await createLocalSite({
    seedDir: opts.seedDir,
    latencyMs: opts.latencyMs,
    clock: opts.clock,
    entities: opts.entities ?? manifestEntities(),
  });
  const runtime = installForgeRuntime(site);
  return {
    site,
    asInvocation: (ctx, fn) => runtime.asInvocation(ctx, fn),
    invoke: (definitions, functionKey, payload, ctx) => runtime.invoke(definitions, functionKey, payload, ctx),
    withholdConsent: (accountId) => runtime.withholdConsent(accountId),
    grantConsent: (accountId) => runtime.grantConsent(accountId),
    setQueueConsumer: (queue, consumer) =>
      runtime.setQueueConsumer(queue, (event) =>
        runtime.asInvocation({ accountId: APP_ACCOUNT_ID, moduleKey: `${queue}-consumer` }, () => consumer({ ...event })),
      ),
    drainEvents: () => runtime.drainEvents(),
    async dispose() {
      runtime.dispose();
    },
  };
}
