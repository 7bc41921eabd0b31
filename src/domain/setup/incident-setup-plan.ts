import {
  INCIDENT_ROLE_FIELDS,
  type IncidentRoleField,
  type IncidentRoleKey,
  USER_PICKER_FIELD_TYPE,
} from '../communication/incident-roles';
import {
  DEFAULT_IMPACT_LEVELS,
  DEFAULT_URGENCY_LEVELS,
  INCIDENT_FIELDS,
  JIRA_CUSTOM_FIELD_TYPES,
  type IncidentFieldDefinition,
  type IncidentFieldKey,
  type IncidentFieldType,
} from '../incident/incident-fields';
import { ISSUE_TYPE_NAMES } from '../incident/work-type';

/**
 * What the Incident setup must create on a Jira site, given what is already there. Pure: the use
 * case reads the site into a `SiteConfiguration`, and executes the steps in order. Everything is
 * matched by name (case-insensitive), so running setup again finds what the first run made.
 */

export const SETUP_ISSUE_TYPES = [
  { workType: 'incident', name: ISSUE_TYPE_NAMES.incident, description: 'An unplanned interruption or reduction in quality of a service.' },
  { workType: 'problem', name: ISSUE_TYPE_NAMES.problem, description: 'The underlying cause of one or more incidents.' },
] as const;
export type SetupIssueTypeName = (typeof SETUP_ISSUE_TYPES)[number]['name'];

/** "Problem causes Incident": outward on the problem, inward on the incident. */
export const CAUSES_LINK_TYPE = { name: 'Causes', outward: 'causes', inward: 'is caused by' } as const;

export interface SiteIssueType {
  readonly id: string;
  readonly name: string;
  readonly subtask: boolean;
  /** Team-managed projects' own types: invisible to other projects, so they do not count. */
  readonly projectScoped: boolean;
}

export interface SiteFieldOption {
  readonly value: string;
  /** Set for the children of a cascading select. */
  readonly parentValue?: string;
  /** A disabled option stays on the issues that have it but cannot be chosen any more. */
  readonly disabled?: boolean;
}

export interface SiteField {
  readonly id: string;
  readonly name: string;
  /** `schema.custom` of GET /field: the custom field type key; undefined for system fields. */
  readonly customType: string | undefined;
  /** The context the app uses (the global one, else the first); null when the field has none. */
  readonly context: { readonly id: string; readonly options: readonly SiteFieldOption[] } | null;
}

export interface SiteLinkType {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export interface SiteProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly teamManaged: boolean;
  /** Null for team-managed projects (they have no issue type scheme). */
  readonly scheme: {
    readonly id: string;
    readonly name: string;
    readonly isDefault: boolean;
    readonly issueTypeIds: readonly string[];
  } | null;
}

export interface SiteConfiguration {
  readonly issueTypes: readonly SiteIssueType[];
  readonly fields: readonly SiteField[];
  readonly linkTypes: readonly SiteLinkType[];
  /** The projects the admin picked, as found on the site. */
  readonly projects: readonly SiteProject[];
  /** Picked project keys that the site does not have (or the admin cannot see). */
  readonly unknownProjectKeys?: readonly string[];
  /**
   * The level names of the priority matrix in force: the Impact and Urgency options must be
   * exactly these (others are disabled, never deleted: issues may still carry them). Undefined:
   * the default 3×3 levels; null (the stored settings are unreadable): only missing options are added.
   */
  readonly matrixLevels?: { readonly impact: readonly string[]; readonly urgency: readonly string[]; readonly size: number } | null;
  /**
   * The groups the closure rule lets close incidents, and which of them the site has; null when
   * setup could not ask (the report says so).
   */
  readonly closureGroups?: { readonly configured: readonly string[]; readonly existing: readonly string[] } | null;
}

interface StepBase {
  /** Stable across runs, so a report can say which step failed and a rerun finds the same step. */
  readonly id: string;
  readonly label: string;
}

export type SetupStep =
  | (StepBase & { readonly kind: 'createIssueType'; readonly name: SetupIssueTypeName; readonly description: string })
  | (StepBase & {
      readonly kind: 'createField';
      readonly fieldKey: IncidentFieldKey;
      readonly name: string;
      readonly description: string;
      readonly type: string;
      readonly searcherKey: string;
    })
  | (StepBase & { readonly kind: 'createFieldContext'; readonly fieldKey: IncidentFieldKey; readonly fieldName: string })
  | (StepBase & {
      readonly kind: 'addFieldOptions';
      readonly fieldKey: IncidentFieldKey;
      readonly fieldName: string;
      readonly options: readonly SiteFieldOption[];
      /** For Impact and Urgency: the matrix's levels, which are put first in this order afterwards. */
      readonly levelOrder?: readonly string[];
    })
  | (StepBase & {
      readonly kind: 'setFieldOptionsEnabled';
      readonly fieldKey: IncidentFieldKey;
      readonly fieldName: string;
      readonly enable: readonly string[];
      readonly disable: readonly string[];
      readonly levelOrder?: readonly string[];
    })
  | (StepBase & { readonly kind: 'createLinkType'; readonly name: string; readonly inward: string; readonly outward: string })
  | (StepBase & {
      readonly kind: 'addIssueTypesToScheme';
      readonly schemeId: string;
      readonly projectKeys: readonly string[];
      readonly issueTypeNames: readonly SetupIssueTypeName[];
    })
  | (StepBase & {
      readonly kind: 'createRoleField';
      readonly roleKey: IncidentRoleKey;
      readonly name: string;
      readonly description: string;
      readonly type: string;
      readonly searcherKey: string;
    });

export interface SetupItem {
  readonly id: string;
  readonly label: string;
}

export interface SkippedItem extends SetupItem {
  readonly reason: string;
}

export interface IncidentSetupPlan {
  readonly existing: readonly SetupItem[];
  readonly steps: readonly SetupStep[];
  /** Things setup will not do, with the reason (a name clash, a team-managed project). */
  readonly skipped: readonly SkippedItem[];
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function findSetupIssueType(issueTypes: readonly SiteIssueType[], name: string): SiteIssueType | undefined {
  return issueTypes.find((type) => !type.projectScoped && !type.subtask && same(type.name, name));
}

/** The app's field for a catalog entry: a custom field with its name and type. */
export function findSetupField(fields: readonly SiteField[], definition: IncidentFieldDefinition): SiteField | undefined {
  const expected = JIRA_CUSTOM_FIELD_TYPES[definition.type].type;
  return fields
    .filter((field) => same(field.name, definition.name) && field.customType === expected)
    .sort((a, b) => fieldNumber(a.id) - fieldNumber(b.id))[0];
}

function fieldNumber(id: string): number {
  const number = Number(id.replace(/^customfield_/, ''));
  return Number.isFinite(number) ? number : Number.MAX_SAFE_INTEGER;
}

/** An incident role's field: a single user picker with the role's name. */
export function findRoleField(fields: readonly SiteField[], role: IncidentRoleField): SiteField | undefined {
  return fields
    .filter((field) => same(field.name, role.name) && field.customType === USER_PICKER_FIELD_TYPE.type)
    .sort((a, b) => fieldNumber(a.id) - fieldNumber(b.id))[0];
}

/** The role fields (Incident manager, Communications manager): user pickers need no options. */
function planRoleFields(site: SiteConfiguration, existing: SetupItem[], steps: SetupStep[], skipped: SkippedItem[]): void {
  for (const role of INCIDENT_ROLE_FIELDS) {
    const id = `roleField:${role.key}`;
    const found = findRoleField(site.fields, role);
    if (found) {
      existing.push({ id, label: `Field ${found.name} (${found.id})` });
      continue;
    }
    const clash = site.fields.find((field) => same(field.name, role.name));
    if (clash) {
      skipped.push({
        id,
        label: `Field ${role.name}`,
        reason: `A field named "${clash.name}" (${clash.id}) of another type exists; rename it, then run setup again.`,
      });
      continue;
    }
    steps.push({
      id,
      kind: 'createRoleField',
      roleKey: role.key,
      name: role.name,
      description: role.description,
      ...USER_PICKER_FIELD_TYPE,
      label: `Create field ${role.name} (user picker)`,
    });
  }
}

/** Any link type that reads "causes / is caused by" serves (Jira Service Management ships one as "Problem/Incident"). */
export function findCausesLinkType(linkTypes: readonly SiteLinkType[]): SiteLinkType | undefined {
  return (
    linkTypes.find((type) => same(type.outward, CAUSES_LINK_TYPE.outward) && same(type.inward, CAUSES_LINK_TYPE.inward)) ??
    linkTypes.find((type) => same(type.name, CAUSES_LINK_TYPE.name) && same(type.outward, CAUSES_LINK_TYPE.outward))
  );
}

const OPTION_TYPES: ReadonlySet<IncidentFieldType> = new Set(['select', 'multiCheckboxes', 'cascadingSelect']);

/** The options a catalog field should have, parents before children. */
export function wantedOptions(definition: IncidentFieldDefinition): SiteFieldOption[] {
  if (definition.type === 'cascadingSelect') {
    const parents = Object.keys(definition.cascadingOptions ?? {});
    const children = Object.entries(definition.cascadingOptions ?? {}).flatMap(([parent, values]) =>
      values.map((value) => ({ value, parentValue: parent })),
    );
    return [...parents.map((value) => ({ value })), ...children];
  }
  return (definition.options ?? []).map((value) => ({ value }));
}

/** The fields whose options are the matrix's level names. */
export const MATRIX_LEVEL_FIELDS = ['impact', 'urgency'] as const satisfies readonly IncidentFieldKey[];
export type MatrixLevelField = (typeof MATRIX_LEVEL_FIELDS)[number];

export interface LevelOptionChanges {
  /** Level names the field has no option for. */
  readonly add: readonly string[];
  /** Disabled options whose names are levels (existing values, as the site spells them). */
  readonly enable: readonly string[];
  /** Enabled options that are no level of the matrix. */
  readonly disable: readonly string[];
}

/**
 * What makes a level field's options the matrix's levels: add the missing, enable the disabled
 * ones that are levels, disable the rest. Options are disabled rather than deleted because issues
 * keep their values, and Jira refuses to delete an option in use.
 */
export function levelOptionChanges(existing: readonly SiteFieldOption[], levels: readonly string[]): LevelOptionChanges {
  const topLevel = existing.filter((option) => option.parentValue === undefined);
  const isLevel = (value: string) => levels.some((level) => same(level, value));
  return {
    add: levels.filter((level) => !topLevel.some((option) => same(option.value, level))),
    enable: topLevel.filter((option) => option.disabled === true && isLevel(option.value)).map((option) => option.value),
    disable: topLevel.filter((option) => option.disabled !== true && !isLevel(option.value)).map((option) => option.value),
  };
}

function matrixLevelsFor(site: SiteConfiguration, key: IncidentFieldKey): readonly string[] | undefined {
  if ((key !== 'impact' && key !== 'urgency') || site.matrixLevels === null) return undefined;
  return site.matrixLevels?.[key] ?? (key === 'impact' ? DEFAULT_IMPACT_LEVELS : DEFAULT_URGENCY_LEVELS);
}

function missingOptions(definition: IncidentFieldDefinition, existing: readonly SiteFieldOption[]): SiteFieldOption[] {
  return wantedOptions(definition).filter(
    (wanted) =>
      !existing.some(
        (option) =>
          same(option.value, wanted.value) &&
          (wanted.parentValue === undefined
            ? option.parentValue === undefined
            : option.parentValue !== undefined && same(option.parentValue, wanted.parentValue)),
      ),
  );
}

function planIssueTypes(site: SiteConfiguration, existing: SetupItem[], steps: SetupStep[]): void {
  for (const type of SETUP_ISSUE_TYPES) {
    const found = findSetupIssueType(site.issueTypes, type.name);
    const id = `issueType:${type.workType}`;
    if (found) existing.push({ id, label: `Issue type ${found.name}` });
    else
      steps.push({ id, kind: 'createIssueType', name: type.name, description: type.description, label: `Create issue type ${type.name}` });
  }
}

function planFields(site: SiteConfiguration, existing: SetupItem[], steps: SetupStep[], skipped: SkippedItem[]): void {
  for (const definition of INCIDENT_FIELDS) {
    const id = `field:${definition.key}`;
    const found = findSetupField(site.fields, definition);
    const hasOptions = OPTION_TYPES.has(definition.type);
    const levels = matrixLevelsFor(site, definition.key);
    if (!found) {
      const clash = site.fields.find((field) => same(field.name, definition.name));
      if (clash) {
        // Two fields with one name make JQL ambiguous and the map guess; the admin decides.
        skipped.push({
          id,
          label: `Field ${definition.name}`,
          reason: `A field named "${clash.name}" (${clash.id}) of another type exists; rename it, then run setup again.`,
        });
        continue;
      }
      const jiraType = JIRA_CUSTOM_FIELD_TYPES[definition.type];
      steps.push({
        id,
        kind: 'createField',
        fieldKey: definition.key,
        name: definition.name,
        description: definition.description,
        type: jiraType.type,
        searcherKey: jiraType.searcherKey,
        label: `Create field ${definition.name}`,
      });
      if (hasOptions) {
        const options: SiteFieldOption[] = levels === undefined ? wantedOptions(definition) : levels.map((value) => ({ value }));
        steps.push({
          id: `fieldOptions:${definition.key}`,
          kind: 'addFieldOptions',
          fieldKey: definition.key,
          fieldName: definition.name,
          options,
          label: `Add ${options.length} options to ${definition.name}: ${options
            .filter((option) => option.parentValue === undefined)
            .map((option) => option.value)
            .join(', ')}`,
        });
      }
      continue;
    }
    existing.push({ id, label: `Field ${found.name} (${found.id})` });
    if (found.context === null && !hasOptions) {
      steps.push({
        id: `fieldContext:${definition.key}`,
        kind: 'createFieldContext',
        fieldKey: definition.key,
        fieldName: definition.name,
        label: `Add a global context to ${definition.name}`,
      });
    }
    if (!hasOptions) continue;
    if (levels !== undefined) {
      planLevelOptions(definition, found, levels, site, existing, steps);
      continue;
    }
    const missing = missingOptions(definition, found.context?.options ?? []);
    if (missing.length === 0) existing.push({ id: `fieldOptions:${definition.key}`, label: `Options of ${found.name}` });
    else
      steps.push({
        id: `fieldOptions:${definition.key}`,
        kind: 'addFieldOptions',
        fieldKey: definition.key,
        fieldName: definition.name,
        options: missing,
        label: `Add ${missing.length} options to ${definition.name}: ${missing.map((option) => option.value).join(', ')}`,
      });
  }
}

function planLevelOptions(
  definition: IncidentFieldDefinition,
  found: SiteField,
  levels: readonly string[],
  site: SiteConfiguration,
  existing: SetupItem[],
  steps: SetupStep[],
): void {
  const changes = levelOptionChanges(found.context?.options ?? [], levels);
  const size = site.matrixLevels?.size ?? levels.length;
  const optionsId = `fieldOptions:${definition.key}`;
  if (changes.add.length > 0) {
    steps.push({
      id: optionsId,
      kind: 'addFieldOptions',
      fieldKey: definition.key,
      fieldName: definition.name,
      options: changes.add.map((value) => ({ value })),
      levelOrder: levels,
      label: `Add ${changes.add.length} options to ${definition.name}: ${changes.add.join(', ')}`,
    });
  }
  if (changes.enable.length > 0 || changes.disable.length > 0) {
    const parts = [
      changes.enable.length > 0 ? `enable ${changes.enable.join(', ')}` : null,
      changes.disable.length > 0 ? `disable ${changes.disable.join(', ')}` : null,
    ].filter((part) => part !== null);
    const label = `${definition.name} options: ${parts.join(' and ')} (the priority matrix is ${size}×${size})`;
    steps.push({
      id: `fieldOptionsEnabled:${definition.key}`,
      kind: 'setFieldOptionsEnabled',
      fieldKey: definition.key,
      fieldName: definition.name,
      enable: changes.enable,
      disable: changes.disable,
      levelOrder: levels,
      label: label.charAt(0).toUpperCase() + label.slice(1),
    });
  }
  if (changes.add.length === 0 && changes.enable.length === 0 && changes.disable.length === 0) {
    existing.push({ id: optionsId, label: `Options of ${found.name}: ${levels.join(', ')} (the ${size}×${size} matrix's levels)` });
  }
}

function planLinkType(site: SiteConfiguration, existing: SetupItem[], steps: SetupStep[], skipped: SkippedItem[]): void {
  const id = 'linkType:causes';
  const found = findCausesLinkType(site.linkTypes);
  if (found) {
    existing.push({ id, label: `Link type ${found.name} (${found.outward} / ${found.inward})` });
    return;
  }
  const clash = site.linkTypes.find((type) => same(type.name, CAUSES_LINK_TYPE.name));
  if (clash) {
    skipped.push({
      id,
      label: `Link type ${CAUSES_LINK_TYPE.name}`,
      reason: `A link type named "${clash.name}" reads "${clash.outward} / ${clash.inward}"; rename it, then run setup again.`,
    });
    return;
  }
  steps.push({
    id,
    kind: 'createLinkType',
    ...CAUSES_LINK_TYPE,
    label: `Create link type ${CAUSES_LINK_TYPE.name} (${CAUSES_LINK_TYPE.outward} / ${CAUSES_LINK_TYPE.inward})`,
  });
}

/**
 * The closure rule lets only members of the configured groups close incidents. Group names differ
 * between sites (Jira Service Management's agent group exists only with JSM, newer sites suffix
 * product groups with the site name), so a configured group the site lacks is reported: if none
 * exists, nobody can close an incident.
 */
function planClosureGroups(site: SiteConfiguration, existing: SetupItem[], skipped: SkippedItem[]): void {
  const groups = site.closureGroups;
  if (groups === undefined) return;
  const id = 'closureGroups';
  const label = 'Groups allowed to close incidents';
  const where = 'Choose your service desk group on this page under Workflow validators, Closure, "Groups allowed to close incidents".';
  if (groups === null) {
    skipped.push({ id, label, reason: `Could not check that the groups exist. ${where}` });
    return;
  }
  const found = groups.configured.filter((name) => groups.existing.some((group) => same(group, name)));
  const missing = groups.configured.filter((name) => !found.includes(name));
  if (missing.length === 0) {
    existing.push({ id, label: `${label}: ${found.join(', ')}` });
    return;
  }
  const quoted = (names: readonly string[]) => names.map((name) => `"${name}"`).join(names.length === 2 ? ' or ' : ', ');
  const consequence = found.length === 0 ? 'nobody can close an incident' : `only members of ${quoted(found)} can close incidents`;
  skipped.push({ id, label, reason: `This site has no group named ${quoted(missing)}, so ${consequence}. ${where}` });
}

function planProjects(site: SiteConfiguration, existing: SetupItem[], steps: SetupStep[], skipped: SkippedItem[]): void {
  for (const key of site.unknownProjectKeys ?? []) {
    skipped.push({ id: `project:${key}`, label: `Project ${key}`, reason: 'No such project, or you cannot see it.' });
  }
  const bySchemeId = new Map<string, { scheme: NonNullable<SiteProject['scheme']>; projects: SiteProject[] }>();
  for (const project of site.projects) {
    if (project.teamManaged || project.scheme === null) {
      skipped.push({
        id: `project:${project.key}`,
        label: `Project ${project.key}`,
        reason: 'Team-managed projects keep their own issue types; add Incident and Problem in the project settings.',
      });
      continue;
    }
    const entry = bySchemeId.get(project.scheme.id) ?? { scheme: project.scheme, projects: [] };
    entry.projects.push(project);
    bySchemeId.set(project.scheme.id, entry);
  }
  for (const { scheme, projects } of bySchemeId.values()) {
    const keys = projects.map((project) => project.key);
    const id = `scheme:${scheme.id}`;
    // Jira adds every new issue type to the default scheme by itself.
    const missing = scheme.isDefault
      ? []
      : SETUP_ISSUE_TYPES.filter((type) => {
          const found = findSetupIssueType(site.issueTypes, type.name);
          return found === undefined || !scheme.issueTypeIds.includes(found.id);
        }).map((type) => type.name);
    if (missing.length === 0) existing.push({ id, label: `Incident and Problem in ${keys.join(', ')} (scheme "${scheme.name}")` });
    else
      steps.push({
        id,
        kind: 'addIssueTypesToScheme',
        schemeId: scheme.id,
        projectKeys: keys,
        issueTypeNames: missing,
        label: `Add ${missing.join(' and ')} to ${keys.join(', ')} (scheme "${scheme.name}")`,
      });
  }
}

/**
 * The steps that bring the site to the app's configuration, in an order that works: issue types
 * and fields before the schemes and options that need them.
 */
export function planIncidentSetup(site: SiteConfiguration): IncidentSetupPlan {
  const existing: SetupItem[] = [];
  const steps: SetupStep[] = [];
  const skipped: SkippedItem[] = [];
  planIssueTypes(site, existing, steps);
  planFields(site, existing, steps, skipped);
  planRoleFields(site, existing, steps, skipped);
  planLinkType(site, existing, steps, skipped);
  planProjects(site, existing, steps, skipped);
  planClosureGroups(site, existing, skipped);
  return { existing, steps, skipped };
}
