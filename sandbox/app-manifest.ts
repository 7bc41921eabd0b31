import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * The parts of manifest.yml the local site acts on. The sandbox follows the manifest instead of
 * naming handlers itself, so adding a module (or renaming a function) needs no sandbox change.
 * Only the fields read here are checked; @forge/manifest's own validator is the full check.
 */
const FunctionDecl = z.object({ key: z.string(), handler: z.string() }).loose();
const ResourceDecl = z.object({ key: z.string(), path: z.string() }).loose();
const ResolverRef = z.object({ function: z.string().optional(), endpoint: z.string().optional() }).loose();
const UiModuleDecl = z
  .object({
    key: z.string(),
    resource: z.string().optional(),
    resolver: ResolverRef.optional(),
    title: z.unknown().optional(),
    config: z.union([z.boolean(), z.object({ resource: z.string().optional() }).loose()]).optional(),
  })
  .loose();
const TriggerDecl = z
  .object({
    key: z.string(),
    function: z.string().optional(),
    endpoint: z.string().optional(),
    events: z.array(z.string()).default([]),
    filter: z.object({ ignoreSelf: z.boolean().optional() }).loose().optional(),
  })
  .loose();
const ScheduledTriggerDecl = z
  .object({
    key: z.string(),
    function: z.string().optional(),
    endpoint: z.string().optional(),
    interval: z.enum(['fiveMinute', 'hour', 'day', 'week']),
  })
  .loose();
const WebTriggerDecl = z.object({ key: z.string(), function: z.string() }).loose();
/** @forge/events 2+ consumer: a queue read by a function. */
const ConsumerDecl = z.object({ key: z.string(), queue: z.string(), function: z.string() }).loose();
const ValidatorDecl = z
  .object({
    key: z.string(),
    name: z.unknown().optional(),
    function: z.string().optional(),
    expression: z.string().optional(),
    errorMessage: z.unknown().optional(),
  })
  .loose();

const ManifestDoc = z
  .object({
    app: z.object({ id: z.string().optional() }).loose().optional(),
    modules: z.record(z.string(), z.array(z.unknown())).default({}),
    resources: z.array(ResourceDecl).default([]),
  })
  .loose();

export type UiModule = z.infer<typeof UiModuleDecl> & { type: string };
export type TriggerModule = z.infer<typeof TriggerDecl>;
export type ScheduledTriggerModule = z.infer<typeof ScheduledTriggerDecl>;
export type ValidatorModule = z.infer<typeof ValidatorDecl>;
export type WebTriggerModule = z.infer<typeof WebTriggerDecl>;
export type ConsumerModule = z.infer<typeof ConsumerDecl>;

export interface AppManifest {
  readonly file: string;
  readonly appId: string;
  readonly functions: ReadonlyMap<string, string>;
  readonly resources: ReadonlyMap<string, string>;
  readonly uiModules: readonly UiModule[];
  readonly triggers: readonly TriggerModule[];
  readonly scheduledTriggers: readonly ScheduledTriggerModule[];
  readonly validators: readonly ValidatorModule[];
  readonly webTriggers: readonly WebTriggerModule[];
  readonly consumers: readonly ConsumerModule[];
}

/** Module types rendered as Custom UI frames by the local site's pages. */
export const UI_MODULE_TYPES = [
  'jira:issuePanel',
  'jira:adminPage',
  'jira:projectPage',
  'jira:globalPage',
  'jira:issueAction',
  'jira:issueGlance',
  'macro',
  'confluence:globalPage',
  'confluence:spacePage',
] as const;

export function loadAppManifest(file: string): AppManifest {
  if (!fs.existsSync(file)) throw new Error(`manifest not found at ${file}`);
  const parsed = ManifestDoc.safeParse(parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`manifest ${file}: ${z.prettifyError(parsed.error)}`);
  const doc = parsed.data;
  const modulesOf = <T extends z.ZodType>(type: string, schema: T): z.infer<T>[] =>
    (doc.modules[type] ?? []).map((entry, index) => {
      const result = schema.safeParse(entry);
      if (!result.success) throw new Error(`manifest ${file}: modules.${type}[${index}]: ${z.prettifyError(result.error)}`);
      return result.data;
    });

  const functions = new Map(modulesOf('function', FunctionDecl).map((fn) => [fn.key, fn.handler]));
  const resources = new Map(doc.resources.map((resource) => [resource.key, resource.path]));
  const uiModules: UiModule[] = [];
  for (const type of Object.keys(doc.modules)) {
    if (!(UI_MODULE_TYPES as readonly string[]).includes(type)) continue;
    for (const module of modulesOf(type, UiModuleDecl)) uiModules.push({ ...module, type });
  }
  return {
    file,
    appId: doc.app?.id ?? 'ari:cloud:ecosystem::app/local-app',
    functions,
    resources,
    uiModules,
    triggers: modulesOf('trigger', TriggerDecl),
    scheduledTriggers: modulesOf('scheduledTrigger', ScheduledTriggerDecl),
    validators: modulesOf('jira:workflowValidator', ValidatorDecl),
    webTriggers: modulesOf('webtrigger', WebTriggerDecl),
    consumers: modulesOf('consumer', ConsumerDecl),
  };
}

export function uiModulesOfType(manifest: AppManifest, type: string): UiModule[] {
  return manifest.uiModules.filter((module) => module.type === type);
}

export function findUiModule(manifest: AppManifest, moduleKey: string): UiModule | undefined {
  return manifest.uiModules.find((module) => module.key === moduleKey);
}

/** The resource a module shows: its own, or (for a macro) its custom config resource. */
export function resourceKeyOf(module: UiModule, role: 'view' | 'config'): string | null {
  if (role === 'view') return module.resource ?? null;
  const config = module.config;
  return typeof config === 'object' && config !== null && typeof config.resource === 'string' ? config.resource : null;
}

export function resourceDir(manifest: AppManifest, resourceKey: string): string {
  const relative = manifest.resources.get(resourceKey);
  if (relative === undefined) throw new Error(`manifest ${manifest.file}: no resource "${resourceKey}"`);
  return path.resolve(path.dirname(manifest.file), relative);
}

export type LoadedHandler = (...args: unknown[]) => unknown;

/**
 * Finds the function a manifest `function` key names. Forge resolves `handler: index.run` as the
 * export `run` of `src/index`; the same rule applies here, loading the TypeScript source through
 * the running TypeScript loader (tsx for `npm start`, @swc/jest in tests).
 */
export function loadHandler(manifest: AppManifest, functionKey: string, requireModule: (file: string) => unknown = require): LoadedHandler {
  const handler = manifest.functions.get(functionKey);
  if (handler === undefined) throw new Error(`manifest ${manifest.file}: no function "${functionKey}"`);
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`manifest ${manifest.file}: function "${functionKey}" handler "${handler}" is not of the form file.export`);
  const moduleFile = path.resolve(path.dirname(manifest.file), 'src', handler.slice(0, dot));
  const exportName = handler.slice(dot + 1);
  const loaded = requireModule(moduleFile) as Record<string, unknown>;
  const fn = loaded[exportName];
  if (typeof fn !== 'function') throw new Error(`function "${functionKey}": ${moduleFile} has no exported function "${exportName}"`);
  return fn as LoadedHandler;
}
