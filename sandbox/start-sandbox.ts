import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createLocalSite, type LocalSite } from '../local-site/local-site';
import { installForgeRuntime, LOCAL_CLOUD_ID, LOCAL_ENVIRONMENT_ID } from '../local-site/forge-runtime';
import { APP_ACCOUNT_ID } from '../local-site/jira/jira-state';
import { entitiesFromManifest } from '../local-site/kvs/kvs-store';
import { describeViolation } from '../local-site/contract/spec-checker';
import { parse } from 'yaml';
import { loadAppManifest } from './app-manifest';
import { RECOMMENDED_TRANSITIONS } from '../src/domain/workflow-rules/recommended-workflow';
import { AppRuntime, readValidatorBindings, type ForgeHarness, type RuntimeLog } from './app-runtime';
import { Sandbox, WEB_TRIGGER_PATH, type ContractViolationView } from './server';
import { ensureDemoAlertSource } from './demo-alert-source';
import { SiteClock, journalWrites, readJournal, replayJournal } from './state-journal';
import type { SiteUser } from './pages/layout';

export interface StartSandboxOptions {
  rootDir: string;
  seedDir: string;
  port: number;
  host?: string;
  stateFile?: string | null;
  specsDir?: string;
  log?: RuntimeLog;
  /** Adds the demo alert source (token `demo-alert-token`) mapped to this project. */
  demoAlertProject?: string;
}

export interface StartedSandbox {
  url: string;
  site: LocalSite;
  sandbox: Sandbox;
  runtime: AppRuntime;
  /** Entries replayed from the state file at start. */
  restored: number;
  /** Each `webtrigger` module and its local URL. */
  webTriggers: { key: string; url: string }[];
  close(): Promise<void>;
}

export const consoleLog: RuntimeLog = (level, message) => {
  const line = `[local-site] ${level.toUpperCase()} ${message}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

/**
 * Builds the whole local site: the seeded Jira + Confluence + app storage, the app's unchanged
 * backend connected to it through the Forge runtime globals, validators on transitions and triggers
 * on issue events as manifest.yml declares them, and the pages and frames server. `npm start` and
 * the browser tests both start it this way.
 */
export async function startSandbox(options: StartSandboxOptions): Promise<StartedSandbox> {
  const log = options.log ?? consoleLog;
  const manifestFile = path.join(options.rootDir, 'manifest.yml');
  const manifest = loadAppManifest(manifestFile);
  const clock = new SiteClock();
  const entities = entitiesFromManifest(parse(fs.readFileSync(manifestFile, 'utf8')));
  // The site's address is where it is served, so the absolute links the app builds from the Forge
  // context's siteUrl and Confluence's `_links.base` open here (port 0: a free port, chosen now).
  const host = options.host ?? '127.0.0.1';
  const port = options.port === 0 ? await freePort(host) : options.port;
  const baseUrl = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const site = await createLocalSite({
    seedDir: options.seedDir,
    clock: clock.now,
    baseUrl,
    ...(options.specsDir ? { specsDir: options.specsDir } : {}),
    ...(entities.length > 0 ? { entities } : {}),
  });

  let restored = 0;
  if (options.stateFile) {
    const journal = readJournal(options.stateFile);
    if (journal.droppedTail) log('warn', `${options.stateFile}: dropped a partly written last entry`);
    restored = await replayJournal(site, clock, journal.entries, (message) => log('warn', message));
    journalWrites(site, clock, options.stateFile);
  }

  const forgeRuntime = installForgeRuntime(site);
  const harness: ForgeHarness = {
    asInvocation: (who, fn) =>
      forgeRuntime.asInvocation({ accountId: who.accountId ?? APP_ACCOUNT_ID, ...(who.moduleKey ? { moduleKey: who.moduleKey } : {}) }, fn),
    invoke: (definitions, functionKey, payload, context) =>
      forgeRuntime.invoke(definitions, functionKey, payload, {
        accountId: String(context.accountId),
        moduleKey: String(context.moduleKey),
        localId: String(context.localId),
        extension:
          typeof context.extension === 'object' && context.extension !== null ? Object.fromEntries(Object.entries(context.extension)) : {},
      }),
    drainEvents: () => forgeRuntime.drainEvents(),
  };
  const identity = { cloudId: LOCAL_CLOUD_ID, siteUrl: site.baseUrl, environmentId: LOCAL_ENVIRONMENT_ID };
  const { bindings, fromRecommended } = readValidatorBindings(
    options.seedDir,
    (name) => RECOMMENDED_TRANSITIONS.find((transition) => transition.name === name)?.validators,
  );
  if (fromRecommended.length > 0)
    log('info', `workflows.json names no validators; using the app's recommended workflow: ${fromRecommended.join('; ')}`);
  if ([...bindings.values()].every((transitions) => [...transitions.values()].every((keys) => keys.length === 0))) {
    log(
      'warn',
      `${path.join(options.seedDir, 'workflows.json')} binds no workflow validators to transitions ("validators": [...] on a transition): transitions will not run the app's validators`,
    );
  }
  const runtime = new AppRuntime(manifest, harness, identity, bindings, log);
  const removeValidator = site.jira.addTransitionValidator((check) => runtime.checkTransition(check));
  const removeListener = site.onIssueEvent((event) => runtime.deliver(event));
  for (const consumer of manifest.consumers)
    forgeRuntime.setQueueConsumer(consumer.queue, (event) => runtime.runConsumer(consumer.queue, event));
  const stopSchedules = runtime.startSchedules();

  // Contract checks stay on: every new violation is logged loudly and listed on /__local/contract.
  let reported = 0;
  const reportViolations = () => {
    const all = site.contract.violations;
    for (const violation of all.slice(reported)) log('error', `CONTRACT VIOLATION ${describeViolation(violation)}`);
    reported = all.length;
  };
  const timer = setInterval(reportViolations, 500);
  timer.unref();
  const violationViews = (): ContractViolationView[] => {
    reportViolations();
    return site.contract.violations.map((violation) => ({
      direction: violation.kind,
      method: violation.method,
      path: violation.path,
      status: violation.status,
      message: violation.errors.join('; '),
    }));
  };

  const users: SiteUser[] = [...site.jira.state.users.values()].map((user) => ({
    accountId: user.accountId,
    displayName: user.displayName,
    siteAdmin: user.siteAdmin === true,
    ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}),
  }));
  const consent = {
    grant: (accountId: string) => forgeRuntime.grantConsent(accountId),
    withhold: (accountId: string) => forgeRuntime.withholdConsent(accountId),
  };
  const sandbox = new Sandbox({
    site,
    manifest,
    runtime,
    identity,
    users,
    defaultAccountId: site.defaultAccountId,
    contractViolations: violationViews,
    consent,
    log: (message) => log('error', message),
    outbox: () => site.notifications.outbox,
    statuspage: site.statuspage,
  });
  if (options.demoAlertProject)
    await forgeRuntime.asInvocation({ accountId: APP_ACCOUNT_ID }, () => ensureDemoAlertSource(options.demoAlertProject!, clock.now()));
  const listening = await sandbox.listen(port, host);
  return {
    url: listening.url,
    site,
    sandbox,
    runtime,
    restored,
    webTriggers: manifest.webTriggers.map((module) => ({ key: module.key, url: `${listening.url}${WEB_TRIGGER_PATH}${module.key}` })),
    async close() {
      clearInterval(timer);
      stopSchedules();
      await listening.close();
      await runtime.settled();
      removeValidator();
      removeListener();
      forgeRuntime.dispose();
    },
  };
}

/** A port free right now on `host` (the OS picks it; the sandbox binds it moments later). */
async function freePort(host: string): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, () => resolve());
  });
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
