import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadHandler, type AppManifest, type LoadedHandler, type TriggerModule, type ValidatorModule } from './app-manifest';
import type { HostedFrame } from './module-host';

/**
 * What the sandbox needs from the Forge harness (test/support/local-forge.ts): run code inside a
 * Forge invocation as a user (or as the app, for triggers and validators), and drive a resolver
 * through its real @forge/resolver definitions.
 */
export interface ForgeHarness {
  asInvocation<T>(who: { accountId?: string; moduleKey?: string }, fn: () => Promise<T>): Promise<T>;
  invoke(resolverDefinitions: LoadedHandler, functionKey: string, payload: unknown, context: Record<string, unknown>): Promise<unknown>;
  /** Resolves once every async event pushed so far has been consumed. */
  drainEvents?(): Promise<void>;
}

/** An issue event as the local site records it (local-site/jira/jira-state.ts `IssueEvent`). */
export interface SiteIssueEvent {
  eventType: string;
  issue: { id: string; key: string; fields: unknown };
  atlassianId: string;
  actorIsApp: boolean;
  changelog?: unknown;
  comment?: unknown;
  timestamp: string;
}

/** The transition check the local site asks before applying a transition. */
export interface SiteTransitionCheck {
  issueKey: string;
  transitionId: string;
  from: unknown;
  to: unknown;
  actor: { accountId: string; isApp: boolean };
}

export interface SiteIdentity {
  cloudId: string;
  siteUrl: string;
  environmentId: string;
}

/** Which validator modules sit on which transition, per project: read from the seed's workflows.json. */
export type ValidatorBindings = ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;

const WorkflowsWithValidators = z.record(
  z.string(),
  z
    .object({ transitions: z.array(z.object({ id: z.string(), name: z.string(), validators: z.array(z.string()).optional() }).loose()) })
    .loose(),
);

/**
 * Reads `validators: [<jira:workflowValidator module key>, ...]` from each transition of
 * `<seed>/workflows.json`. On a site, an admin adds validators to transitions in the workflow
 * editor; the seed is where the local site keeps that workflow configuration.
 */
export function readValidatorBindings(
  seedDir: string,
  recommended?: (transitionName: string) => readonly string[] | undefined,
): { bindings: ValidatorBindings; fromRecommended: string[] } {
  const file = path.join(seedDir, 'workflows.json');
  const bindings = new Map<string, Map<string, readonly string[]>>();
  const fromRecommended: string[] = [];
  if (!fs.existsSync(file)) return { bindings, fromRecommended };
  const parsed = WorkflowsWithValidators.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${z.prettifyError(parsed.error)}`);
  for (const [projectKey, workflow] of Object.entries(parsed.data)) {
    // A workflow that names no validators anywhere is taken as the app's recommended workflow
    // (the admin followed the app's setup guide): transitions get the validators it recommends.
    const explicit = workflow.transitions.some((transition) => transition.validators !== undefined);
    bindings.set(
      projectKey,
      new Map(
        workflow.transitions.map((transition) => {
          if (explicit || !recommended) return [transition.id, transition.validators ?? []];
          const keys = recommended(transition.name) ?? [];
          if (keys.length > 0) fromRecommended.push(`${projectKey} ${transition.name}: ${keys.join(', ')}`);
          return [transition.id, keys];
        }),
      ),
    );
  }
  return { bindings, fromRecommended };
}

const ValidatorVerdict = z.object({ result: z.boolean(), errorMessage: z.string().optional() }).loose();

const SCHEDULE_INTERVAL_MS = { fiveMinute: 5 * 60_000, hour: 60 * 60_000, day: 24 * 60 * 60_000, week: 7 * 24 * 60 * 60_000 } as const;

export type RuntimeLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The app's backend as the local site runs it: resolvers for hosted frames, function validators
 * on workflow transitions, and triggers on issue events, all found through manifest.yml.
 */
export class AppRuntime {
  private readonly pending = new Set<Promise<unknown>>();
  private readonly handlers = new Map<string, LoadedHandler>();
  readonly triggerLog: {
    at: string;
    trigger: string;
    eventType: string;
    issueKey: string;
    outcome: 'ok' | 'ignoredSelf' | 'failed';
    detail?: string;
  }[] = [];

  constructor(
    readonly manifest: AppManifest,
    private readonly harness: ForgeHarness,
    private readonly site: SiteIdentity,
    private readonly bindings: ValidatorBindings,
    private readonly log: RuntimeLog,
    private readonly requireModule: (file: string) => unknown = require,
  ) {}

  private handler(functionKey: string): LoadedHandler {
    let found = this.handlers.get(functionKey);
    if (!found) {
      found = loadHandler(this.manifest, functionKey, this.requireModule);
      this.handlers.set(functionKey, found);
    }
    return found;
  }

  private installContext(): string {
    return `ari:cloud:jira::site/${this.site.cloudId}`;
  }

  /** Runs the app's own code (adapters, use cases) inside an invocation as `accountId`, so `asUser()` calls act as them. */
  asUser<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
    return this.harness.asInvocation({ accountId }, fn);
  }

  /** Runs a frame's resolver function as the frame's user: `invoke(functionKey, payload)` from the bridge. */
  async invokeResolver(frame: HostedFrame, call: { functionKey: string; payload: unknown }): Promise<unknown> {
    if (frame.resolverFunction === null) throw new Error(`Module ${frame.moduleKey} has no resolver in manifest.yml`);
    const definitions = this.handler(frame.resolverFunction);
    const context = {
      accountId: frame.accountId,
      cloudId: this.site.cloudId,
      siteUrl: this.site.siteUrl,
      moduleKey: frame.moduleKey,
      localId: frame.localId,
      extension: frame.extension,
      installContext: this.installContext(),
      environmentId: this.site.environmentId,
      environmentType: 'DEVELOPMENT',
      locale: 'en-US',
      timezone: 'UTC',
    };
    return this.harness.asInvocation({ accountId: frame.accountId, moduleKey: frame.moduleKey }, () =>
      this.harness.invoke(definitions, call.functionKey, call.payload, context),
    );
  }

  /** The validators bound to a transition, in workflow order. */
  validatorsFor(issueKey: string, transitionId: string): ValidatorModule[] {
    const projectKey = issueKey.slice(0, issueKey.lastIndexOf('-'));
    const keys = this.bindings.get(projectKey)?.get(transitionId) ?? [];
    return keys.flatMap((key) => {
      const module = this.manifest.validators.find((candidate) => candidate.key === key);
      if (!module)
        this.log(
          'warn',
          `workflows.json binds validator "${key}" to ${projectKey} transition ${transitionId}, but manifest.yml has no such jira:workflowValidator`,
        );
      return module ? [module] : [];
    });
  }

  /**
   * The local site's transition hook: runs each function validator bound to the transition with
   * Forge's validator payload, and stops at the first failure with the validator's message.
   */
  async checkTransition(check: SiteTransitionCheck): Promise<{ result: boolean; errorMessage?: string }> {
    for (const module of this.validatorsFor(check.issueKey, check.transitionId)) {
      if (!module.function) {
        // Jira expressions have no offline evaluator (ORACLES.md §7): such validators pass here.
        this.log(
          'warn',
          `validator ${module.key} is an expression validator; the local site cannot evaluate Jira expressions, so it passes`,
        );
        continue;
      }
      const idOf = (status: unknown) => z.object({ id: z.string() }).loose().safeParse(status).data?.id ?? '';
      const payload = {
        issue: { key: check.issueKey },
        transition: { id: check.transitionId, from: { id: idOf(check.from) }, to: { id: idOf(check.to) } },
        configuration: {},
        context: { cloudId: this.site.cloudId, moduleKey: module.key },
      };
      const fn = this.handler(module.function);
      let raw: unknown;
      try {
        raw = await this.harness.asInvocation({ moduleKey: module.key }, async () =>
          fn(payload, { installContext: this.installContext(), principal: { accountId: check.actor.accountId } }),
        );
      } catch (error) {
        this.log(
          'error',
          `validator ${module.key} threw on ${check.issueKey}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        // Jira treats a validator that fails to run as failing: the transition does not happen.
        return { result: false, errorMessage: `The workflow validator "${module.key}" failed to run.` };
      }
      const verdict = ValidatorVerdict.safeParse(raw);
      if (!verdict.success) {
        this.log('error', `validator ${module.key} returned ${JSON.stringify(raw)}, not { result: boolean, errorMessage? }`);
        return { result: false, errorMessage: `The workflow validator "${module.key}" returned an invalid result.` };
      }
      if (!verdict.data.result)
        return {
          result: false,
          errorMessage: verdict.data.errorMessage ?? (typeof module.errorMessage === 'string' ? module.errorMessage : undefined),
        };
    }
    return { result: true };
  }

  /** Delivers a site issue event to every trigger module subscribed to its type, asynchronously as on Forge. */
  deliver(event: SiteIssueEvent): void {
    for (const trigger of this.manifest.triggers) {
      if (!trigger.events.includes(event.eventType)) continue;
      if (trigger.filter?.ignoreSelf === true && event.actorIsApp) {
        this.triggerLog.push({
          at: event.timestamp,
          trigger: trigger.key,
          eventType: event.eventType,
          issueKey: event.issue.key,
          outcome: 'ignoredSelf',
        });
        continue;
      }
      this.track(this.runTrigger(trigger, event));
    }
  }

  /**
   * Runs a `webtrigger` module's function for one HTTP request, as Forge does: the request as
   * `{ method, path, headers (name → values[]), body (string), queryParameters (name → values[]) }`,
   * as the app (no user); the function's `{ statusCode, headers, body }` is the HTTP answer, and
   * anything else is a 500, as on Forge.
   */
  async runWebTrigger(
    moduleKey: string,
    request: { method: string; path: string; headers: Record<string, string[]>; body: string; queryParameters: Record<string, string[]> },
  ): Promise<{ statusCode: number; headers: Record<string, string[]>; body: string }> {
    const module = this.manifest.webTriggers.find((candidate) => candidate.key === moduleKey);
    if (!module) return { statusCode: 404, headers: {}, body: `No web trigger "${moduleKey}"` };
    const fn = this.handler(module.function);
    try {
      const answer = (await this.harness.asInvocation({ moduleKey }, async () =>
        fn(request, { installContext: this.installContext() }),
      )) as { statusCode?: unknown; headers?: unknown; body?: unknown } | undefined;
      if (!answer || typeof answer.statusCode !== 'number') throw new Error('the function did not return { statusCode, headers, body }');
      const headers: Record<string, string[]> = {};
      if (typeof answer.headers === 'object' && answer.headers !== null)
        for (const [name, values] of Object.entries(answer.headers))
          headers[name] = Array.isArray(values) ? values.map(String) : [String(values)];
      return { statusCode: answer.statusCode, headers, body: typeof answer.body === 'string' ? answer.body : '' };
    } catch (error) {
      this.log('error', `web trigger ${moduleKey} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { statusCode: 500, headers: {}, body: 'The web trigger function failed.' };
    }
  }

  /**
   * Runs a `scheduledTrigger` module's function once, as Forge does on its interval: as the app (no
   * user), with `{ context: { cloudId, moduleKey } }`. A failure is logged; Forge does not retry it.
   */
  async runScheduled(moduleKey: string): Promise<void> {
    const module = this.manifest.scheduledTriggers.find((candidate) => candidate.key === moduleKey);
    if (!module?.function) throw new Error(`manifest.yml has no scheduledTrigger "${moduleKey}" with a function`);
    const fn = this.handler(module.function);
    const event = { context: { cloudId: this.site.cloudId, moduleKey } };
    await this.harness
      .asInvocation({ moduleKey }, async () => fn(event, { installContext: this.installContext() }))
      .catch((error: unknown) => {
        this.log(
          'error',
          `scheduled trigger ${moduleKey} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      });
  }

  /** Starts every scheduled trigger on its interval (timers that do not keep the process alive); returns a stop function. */
  startSchedules(): () => void {
    const timers = this.manifest.scheduledTriggers
      .filter((module) => module.function !== undefined)
      .map((module) => {
        const timer = setInterval(() => this.track(this.runScheduled(module.key)), SCHEDULE_INTERVAL_MS[module.interval]);
        timer.unref();
        return timer;
      });
    return () => timers.forEach((timer) => clearInterval(timer));
  }

  /**
   * Runs a `consumer` module's function for one pushed event, as Forge does after the push
   * returned: in its own invocation as the app, with the `AsyncEvent`. A failure is logged (the
   * local site does not redeliver; Forge would retry an `InvocationError`).
   */
  async runConsumer(queue: string, event: Record<string, unknown>): Promise<void> {
    const module = this.manifest.consumers.find((candidate) => candidate.queue === queue);
    if (!module) throw new Error(`manifest.yml has no consumer for queue "${queue}"`);
    const fn = this.handler(module.function);
    const answer = await this.harness
      .asInvocation({ moduleKey: module.key }, async () => fn(event, { installContext: this.installContext() }))
      .catch((error: unknown) => {
        this.log('error', `consumer ${module.key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      });
    if (typeof answer === 'object' && answer !== null && 'retryOptions' in answer)
      this.log('warn', `consumer ${module.key} asked Forge to retry the event ${String(event.eventId)}; the local site does not redeliver`);
  }

  /** Fires `avi:forge:installed:app` triggers, as Forge does once after installation. */
  async fireInstalled(installerAccountId: string): Promise<void> {
    for (const trigger of this.manifest.triggers.filter((candidate) => candidate.events.includes('avi:forge:installed:app'))) {
      if (!trigger.function) continue;
      const fn = this.handler(trigger.function);
      const event = {
        id: `local-install-${this.site.cloudId}`,
        installerAccountId,
        app: { id: this.manifest.appId, version: '1.0.0' },
        environment: { id: this.site.environmentId },
        eventType: 'avi:forge:installed:app',
        context: { cloudId: this.site.cloudId, moduleKey: trigger.key },
      };
      await this.harness
        .asInvocation({ moduleKey: trigger.key }, async () => fn(event, { installContext: this.installContext() }))
        .catch((error: unknown) => {
          this.log(
            'error',
            `trigger ${trigger.key} (avi:forge:installed:app) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
          );
        });
    }
  }

  private async runTrigger(trigger: TriggerModule, event: SiteIssueEvent): Promise<void> {
    if (!trigger.function) return;
    const fn = this.handler(trigger.function);
    const forgeEvent = {
      eventType: event.eventType,
      issue: event.issue,
      atlassianId: event.atlassianId,
      associatedUsers: [{ accountId: event.atlassianId }],
      ...(event.changelog !== undefined ? { changelog: event.changelog } : {}),
      ...(event.comment !== undefined ? { comment: event.comment } : {}),
      context: { cloudId: this.site.cloudId, moduleKey: trigger.key },
      timestamp: event.timestamp,
    };
    try {
      await this.harness.asInvocation({ moduleKey: trigger.key }, async () => fn(forgeEvent, { installContext: this.installContext() }));
      this.triggerLog.push({
        at: event.timestamp,
        trigger: trigger.key,
        eventType: event.eventType,
        issueKey: event.issue.key,
        outcome: 'ok',
      });
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.triggerLog.push({
        at: event.timestamp,
        trigger: trigger.key,
        eventType: event.eventType,
        issueKey: event.issue.key,
        outcome: 'failed',
        detail,
      });
      this.log('error', `trigger ${trigger.key} failed on ${event.eventType} ${event.issue.key}: ${detail}`);
    }
    if (this.triggerLog.length > 500) this.triggerLog.splice(0, this.triggerLog.length - 500);
  }

  private track(work: Promise<unknown>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Resolves once every trigger and async event consumer started so far (and any they caused) has finished. */
  async settled(): Promise<void> {
    for (;;) {
      await this.harness.drainEvents?.();
      if (this.pending.size === 0) return;
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    }
  }
}
