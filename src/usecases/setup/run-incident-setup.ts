import { ROLE_FIELD_IDS, roleFieldIdsFrom } from '../communicate/role-fields';
import type { SetupPreview, SetupReport } from '../../contracts/admin-setup';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { mapWithConcurrency } from '../../adapters/http/product-http';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { incidentFieldMapFrom } from '../../adapters/jira/incident-mapper';
import type { JiraField } from '../../adapters/jira/jira-schemas';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { SITE_STATUSES } from '../../adapters/jira/site-statuses';
import {
  INCIDENT_FIELD_MAP,
  INCIDENT_SETUP_LOCK,
  INCIDENT_SETUP_LOCK_TTL_SECONDS,
  INCIDENT_SETUP_STATE,
} from '../../adapters/storage/setup-storage-keys';
import { INCIDENT_FIELDS, type IncidentFieldKey } from '../../domain/incident/incident-fields';
import {
  findCausesLinkType,
  findSetupField,
  findSetupIssueType,
  planIncidentSetup,
  SETUP_ISSUE_TYPES,
  type SetupStep,
  type SiteConfiguration,
  type SiteField,
  type SiteFieldOption,
  type SiteProject,
} from '../../domain/setup/incident-setup-plan';
import { defaultWorkflowRuleSettings } from '../../domain/workflow-rules/rule-settings';
import { PrioritySettingsInvalidError, PrioritySettingsStore } from '../priority/priority-settings-store';
import { ensureContext, orderLevelOptions, setOptionsEnabled, toSiteOptions, usableContext } from '../priority/sync-level-options';
import { ValidatorSettingsStore } from '../workflow/validator-settings-store';

export interface IncidentSetupDeps {
  /** Must be `JiraClient.asApp()`: creating types, fields and link types needs manage:jira-configuration. */
  readonly jira: JiraClient;
  readonly storage: AppStorage;
  readonly now: () => Date;
}

async function readField(jira: JiraClient, field: JiraField, withOptions: boolean): Promise<SiteField> {
  const context = usableContext(await jira.getFieldContexts(field.id));
  return {
    id: field.id,
    name: field.name,
    customType: field.schema?.custom,
    context:
      context === undefined
        ? null
        : { id: context.id, options: withOptions ? toSiteOptions(await jira.getFieldContextOptions(field.id, context.id)) : [] },
  };
}

async function readProjects(
  jira: JiraClient,
  projectKeys: readonly string[],
): Promise<{ projects: SiteProject[]; unknownProjectKeys: string[] }> {
  if (projectKeys.length === 0) return { projects: [], unknownProjectKeys: [] };
  const found = await jira.searchProjects({ keys: projectKeys });
  const unknownProjectKeys = projectKeys.filter((key) => !found.some((project) => project.key === key));
  const companyManaged = found.filter((project) => project.simplified !== true && project.style !== 'next-gen');
  const schemes = await jira.getIssueTypeSchemesForProjects(companyManaged.map((project) => project.id));
  const mappings = await jira.getIssueTypeSchemeMappings([...new Set(schemes.map((entry) => entry.issueTypeScheme.id))]);
  const projects = found.map((project): SiteProject => {
    const entry = schemes.find((candidate) => candidate.projectIds.includes(project.id));
    const teamManaged = !companyManaged.includes(project);
    return {
      id: project.id,
      key: project.key,
      name: project.name,
      teamManaged,
      scheme:
        entry === undefined || teamManaged
          ? null
          : {
              id: entry.issueTypeScheme.id,
              name: entry.issueTypeScheme.name,
              isDefault: entry.issueTypeScheme.isDefault === true,
              issueTypeIds: mappings
                .filter((mapping) => mapping.issueTypeSchemeId === entry.issueTypeScheme.id)
                .map((mapping) => mapping.issueTypeId),
            },
    };
  });
  return { projects, unknownProjectKeys };
}

/** The app's own settings that setup brings the site in line with: the matrix levels and the closure groups. */
async function readAppConfiguration(
  jira: JiraClient,
  storage: AppStorage | undefined,
): Promise<Pick<SiteConfiguration, 'matrixLevels' | 'closureGroups'>> {
  if (storage === undefined) return {};
  let matrixLevels: SiteConfiguration['matrixLevels'];
  try {
    const { matrix } = (await new PrioritySettingsStore(storage).load()).settings;
    matrixLevels = { impact: matrix.impactLevels, urgency: matrix.urgencyLevels, size: matrix.size };
  } catch (error) {
    if (!(error instanceof PrioritySettingsInvalidError)) throw error;
    // Unreadable settings name no levels: add what is missing, disable nothing.
    matrixLevels = null;
  }
  const rules = await new ValidatorSettingsStore(storage).load();
  // Validators fall back to the defaults while the stored value is unreadable.
  const closure = rules.ok ? rules.settings.closure : defaultWorkflowRuleSettings().closure;
  if (!closure.enabled) return { matrixLevels };
  // As the app: it may browse groups whoever runs setup.
  const existing = await jira.getGroupsByName(closure.serviceDeskGroups).then(
    (groups) => groups.map((group) => group.name),
    () => null,
  );
  return { matrixLevels, closureGroups: existing === null ? null : { configured: closure.serviceDeskGroups, existing } };
}

/** Reads what the plan needs: issue types, the app's fields with their options, link types, the picked projects, and the app's settings. */
export async function readSiteConfiguration(
  jira: JiraClient,
  projectKeys: readonly string[],
  storage?: AppStorage,
): Promise<SiteConfiguration> {
  const [issueTypes, fields, linkTypes, projectState, appConfiguration] = await Promise.all([
    jira.getIssueTypes(),
    jira.getFields(),
    jira.getIssueLinkTypes(),
    readProjects(jira, projectKeys),
    readAppConfiguration(jira, storage),
  ]);
  const bare = fields.map((field): SiteField => ({ id: field.id, name: field.name, customType: field.schema?.custom, context: null }));
  const ours = INCIDENT_FIELDS.flatMap((definition) => {
    const match = findSetupField(bare, definition);
    const field = match && fields.find((candidate) => candidate.id === match.id);
    return field ? [{ field, withOptions: definition.options !== undefined || definition.cascadingOptions !== undefined }] : [];
  });
  const read = await mapWithConcurrency(ours, 4, ({ field, withOptions }) => readField(jira, field, withOptions));
  return {
    issueTypes: issueTypes.map((type) => ({
      id: type.id,
      name: type.name,
      subtask: type.subtask === true || (type.hierarchyLevel ?? 0) < 0,
      projectScoped: type.scope !== undefined,
    })),
    fields: bare.map((field) => read.find((candidate) => candidate.id === field.id) ?? field),
    linkTypes,
    projects: projectState.projects,
    unknownProjectKeys: projectState.unknownProjectKeys,
    ...appConfiguration,
  };
}

/** What a run would do, without changing anything. */
export async function previewIncidentSetup(
  deps: Pick<IncidentSetupDeps, 'jira' | 'storage'>,
  input: { projectKeys: readonly string[] },
): Promise<SetupPreview> {
  const plan = planIncidentSetup(await readSiteConfiguration(deps.jira, input.projectKeys, deps.storage));
  return {
    existing: plan.existing.map(({ id, label }) => ({ id, label })),
    planned: plan.steps.map(({ id, label }) => ({ id, label })),
    skipped: plan.skipped.map(({ id, label, reason }) => ({ id, label, reason })),
  };
}

/** Ids learned while executing, so later steps can use what earlier ones created. */
interface ExecutionState {
  readonly issueTypeIds: Map<string, string>;
  readonly fieldIds: Map<IncidentFieldKey, string>;
}

function fieldIdFor(state: ExecutionState, key: IncidentFieldKey, fieldName: string): string {
  const id = state.fieldIds.get(key);
  if (id === undefined) throw new Error(`Needs the field ${fieldName}, which does not exist yet`);
  return id;
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Adds options missing from the field's context; re-reads them first so a retried step never adds twice. */
async function addOptions(jira: JiraClient, fieldId: string, fieldName: string, wanted: readonly SiteFieldOption[]): Promise<number> {
  const contextId = await ensureContext(jira, fieldId, fieldName);
  let current = await jira.getFieldContextOptions(fieldId, contextId);
  const parents = wanted.filter(
    (option) =>
      option.parentValue === undefined &&
      !current.some((existing) => existing.optionId === undefined && same(existing.value, option.value)),
  );
  if (parents.length > 0) {
    await jira.createFieldContextOptions(
      fieldId,
      contextId,
      parents.map((option) => ({ value: option.value })),
    );
    current = await jira.getFieldContextOptions(fieldId, contextId);
  }
  const children = wanted.flatMap((option) => {
    if (option.parentValue === undefined) return [];
    const parent = current.find((existing) => existing.optionId === undefined && same(existing.value, option.parentValue ?? ''));
    if (parent === undefined) throw new Error(`Option "${option.parentValue}" of ${fieldName} is missing`);
    const exists = current.some((existing) => existing.optionId === parent.id && same(existing.value, option.value));
    return exists ? [] : [{ value: option.value, optionId: parent.id }];
  });
  if (children.length > 0) await jira.createFieldContextOptions(fieldId, contextId, children);
  return parents.length + children.length;
}

/** Runs one step; answers the label for the report. */
async function executeStep(jira: JiraClient, step: SetupStep, state: ExecutionState): Promise<string> {
  switch (step.kind) {
    case 'createIssueType': {
      const created = await jira.createIssueType({ name: step.name, description: step.description });
      state.issueTypeIds.set(step.name, created.id);
      return `Issue type ${created.name} (${created.id})`;
    }
    case 'createField': {
      const created = await jira.createField({
        name: step.name,
        description: step.description,
        type: step.type,
        searcherKey: step.searcherKey,
      });
      state.fieldIds.set(step.fieldKey, created.id);
      // Jira Cloud gives a new field a global context; a site that did not still gets one here.
      await ensureContext(jira, created.id, step.name);
      return `Field ${created.name} (${created.id})`;
    }
    case 'createFieldContext': {
      await ensureContext(jira, fieldIdFor(state, step.fieldKey, step.fieldName), step.fieldName);
      return `Global context of ${step.fieldName}`;
    }
    case 'addFieldOptions': {
      const fieldId = fieldIdFor(state, step.fieldKey, step.fieldName);
      const added = await addOptions(jira, fieldId, step.fieldName, step.options);
      if (step.levelOrder) await orderLevelOptions(jira, fieldId, await ensureContext(jira, fieldId, step.fieldName), step.levelOrder);
      return `${added} options of ${step.fieldName}`;
    }
    case 'setFieldOptionsEnabled': {
      const fieldId = fieldIdFor(state, step.fieldKey, step.fieldName);
      const contextId = await ensureContext(jira, fieldId, step.fieldName);
      const changed = await setOptionsEnabled(jira, fieldId, contextId, step);
      if (step.levelOrder) await orderLevelOptions(jira, fieldId, contextId, step.levelOrder);
      return `${changed} options of ${step.fieldName} enabled or disabled`;
    }
    case 'createLinkType': {
      const created = await jira.createIssueLinkType({ name: step.name, inward: step.inward, outward: step.outward });
      return `Link type ${created.name} (${created.outward} / ${created.inward})`;
    }
    case 'addIssueTypesToScheme': {
      const wanted = step.issueTypeNames.map((name) => {
        const id = state.issueTypeIds.get(name);
        if (id === undefined) throw new Error(`Needs the issue type ${name}, which does not exist yet`);
        return id;
      });
      // Jira refuses the whole call if any type is already in the scheme.
      const present = new Set((await jira.getIssueTypeSchemeMappings([step.schemeId])).map((mapping) => mapping.issueTypeId));
      const missing = wanted.filter((id) => !present.has(id));
      if (missing.length > 0) await jira.addIssueTypesToScheme(step.schemeId, missing);
      return `${step.issueTypeNames.join(' and ')} in ${step.projectKeys.join(', ')}`;
    }
    case 'createRoleField': {
      const created = await jira.createField({
        name: step.name,
        description: step.description,
        type: step.type,
        searcherKey: step.searcherKey,
      });
      await ensureContext(jira, created.id, step.name);
      return `Field ${created.name} (${created.id})`;
    }
  }
}

const SETUP_CONCURRENCY = 4;

/** Steps grouped so that each group only needs what an earlier step of the same group creates. */
function chainsOf(steps: readonly SetupStep[]): { chains: SetupStep[][]; afterwards: SetupStep[] } {
  const byKey = new Map<string, SetupStep[]>();
  const afterwards: SetupStep[] = [];
  for (const step of steps) {
    if (step.kind === 'addIssueTypesToScheme') {
      afterwards.push(step);
      continue;
    }
    const key = 'fieldKey' in step ? `field:${step.fieldKey}` : step.id;
    byKey.set(key, [...(byKey.get(key) ?? []), step]);
  }
  return { chains: [...byKey.values()], afterwards };
}

function errorText(error: unknown): string {
  if (isProductApiError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Another run holds the setup lock. */
export class SetupAlreadyRunningError extends Error {
  override readonly name = 'SetupAlreadyRunningError';
  constructor() {
    super('The Incident setup is already running; wait for it to finish, then refresh.');
  }
}

/**
 * Creates what is missing, as the app, under the setup lock. A failed step does not stop the others
 * (steps that need it fail with a reason); the report lists it, and a second run retries it,
 * because the plan is computed afresh from the site each time. Stores the field map at the end.
 */
export async function runIncidentSetup(deps: IncidentSetupDeps, input: { projectKeys: readonly string[] }): Promise<SetupReport> {
  const acquired = await deps.storage.setIfAbsent(
    INCIDENT_SETUP_LOCK,
    { startedAt: deps.now().toISOString() },
    INCIDENT_SETUP_LOCK_TTL_SECONDS,
  );
  if (!acquired) throw new SetupAlreadyRunningError();
  try {
    return await runUnderLock(deps, input);
  } finally {
    await deps.storage.delete(INCIDENT_SETUP_LOCK);
  }
}

async function runUnderLock(deps: IncidentSetupDeps, input: { projectKeys: readonly string[] }): Promise<SetupReport> {
  const site = await readSiteConfiguration(deps.jira, input.projectKeys, deps.storage);
  const plan = planIncidentSetup(site);
  const state: ExecutionState = { issueTypeIds: new Map(), fieldIds: new Map() };
  for (const type of SETUP_ISSUE_TYPES) {
    const found = findSetupIssueType(site.issueTypes, type.name);
    if (found) state.issueTypeIds.set(type.name, found.id);
  }
  for (const definition of INCIDENT_FIELDS) {
    const found = findSetupField(site.fields, definition);
    if (found) state.fieldIds.set(definition.key, found.id);
  }

  const outcomes = new Map<string, { ok: true; label: string } | { ok: false; error: string }>();
  const runChain = async (chain: readonly SetupStep[]): Promise<void> => {
    for (const step of chain) {
      try {
        outcomes.set(step.id, { ok: true, label: await executeStep(deps.jira, step, state) });
      } catch (error) {
        outcomes.set(step.id, { ok: false, error: errorText(error) });
      }
    }
  };
  // A real site answers each configuration write in a few hundred ms and a resolver has 25 s:
  // independent chains (one per issue type, per field, the link type) run a few at a time, and
  // the scheme steps, which need the issue type ids, run after them.
  const { chains, afterwards } = chainsOf(plan.steps);
  await mapWithConcurrency(chains, SETUP_CONCURRENCY, runChain);
  await runChain(afterwards);

  const created: SetupReport['created'] = [];
  const failed: SetupReport['failed'] = [];
  for (const step of plan.steps) {
    const outcome = outcomes.get(step.id);
    if (outcome?.ok) created.push({ id: step.id, label: outcome.label });
    else failed.push({ id: step.id, label: step.label, error: outcome?.error ?? 'Not run' });
  }

  const fields = await deps.jira.getFields();
  await deps.storage.set(INCIDENT_FIELD_MAP, incidentFieldMapFrom(fields));
  await deps.storage.set(ROLE_FIELD_IDS, roleFieldIdsFrom(fields));
  // Setup may have added statuses or changed the workflow: the validators read the statuses afresh.
  await deps.storage.delete(SITE_STATUSES);
  const linkType = plan.steps.some((step) => step.kind === 'createLinkType' && created.some((item) => item.id === step.id))
    ? findCausesLinkType(await deps.jira.getIssueLinkTypes())
    : findCausesLinkType(site.linkTypes);
  await deps.storage.set(INCIDENT_SETUP_STATE, {
    issueTypeIds: { incident: state.issueTypeIds.get('Incident'), problem: state.issueTypeIds.get('Problem') },
    causesLinkTypeName: linkType?.name ?? null,
    completedAt: deps.now().toISOString(),
    complete: failed.length === 0 && plan.skipped.length === 0,
  });

  return {
    existing: plan.existing.map(({ id, label }) => ({ id, label })),
    created,
    failed,
    skipped: plan.skipped.map(({ id, label, reason }) => ({ id, label, reason })),
  };
}
