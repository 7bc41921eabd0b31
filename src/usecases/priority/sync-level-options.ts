import type { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraFieldContext, JiraFieldOption } from '../../adapters/jira/jira-schemas';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { incidentFieldDefinition } from '../../domain/incident/incident-fields';
import type { PriorityMatrix } from '../../domain/priority/priority-matrix';
import {
  type LevelOptionChanges,
  MATRIX_LEVEL_FIELDS,
  type SiteFieldOption,
  levelOptionChanges,
} from '../../domain/setup/incident-setup-plan';

/** Global contexts apply to every project; among several contexts the app uses that one. */
export function usableContext(contexts: readonly JiraFieldContext[]): JiraFieldContext | undefined {
  return contexts.find((context) => context.isGlobalContext) ?? contexts[0];
}

export async function ensureContext(jira: JiraClient, fieldId: string, fieldName: string): Promise<string> {
  const existing = usableContext(await jira.getFieldContexts(fieldId));
  if (existing) return existing.id;
  const created = await jira.createFieldContext(fieldId, {
    name: `${fieldName} (all projects)`,
    description: 'Created by the Incident setup.',
  });
  return created.id;
}

export function toSiteOptions(options: readonly JiraFieldOption[]): SiteFieldOption[] {
  const valueById = new Map(options.map((option) => [option.id, option.value]));
  return options.map((option) => {
    const parentValue = option.optionId === undefined ? undefined : valueById.get(option.optionId);
    const disabled = option.disabled === true ? { disabled: true } : {};
    return parentValue === undefined ? { value: option.value, ...disabled } : { value: option.value, parentValue, ...disabled };
  });
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Enables and disables top-level options by value, after reading them again (so a retry changes
 * only what is still different). One PUT: Jira changes all the options or none.
 */
export async function setOptionsEnabled(
  jira: JiraClient,
  fieldId: string,
  contextId: string,
  change: { enable: readonly string[]; disable: readonly string[] },
): Promise<number> {
  const current = (await jira.getFieldContextOptions(fieldId, contextId)).filter((option) => option.optionId === undefined);
  const updates = [
    ...current
      .filter((option) => option.disabled === true && change.enable.some((value) => same(value, option.value)))
      .map((option) => ({ id: option.id, disabled: false })),
    ...current
      .filter((option) => option.disabled !== true && change.disable.some((value) => same(value, option.value)))
      .map((option) => ({ id: option.id, disabled: true })),
  ];
  if (updates.length > 0) await jira.updateFieldContextOptions(fieldId, contextId, updates);
  return updates.length;
}

/**
 * Puts the level options first, most severe first, as the matrix lists them: Jira appends new
 * options, so after a switch to 4×4 Critical would otherwise come after Low in every dropdown.
 * One move, and only when the order is not already right.
 */
export async function orderLevelOptions(jira: JiraClient, fieldId: string, contextId: string, levels: readonly string[]): Promise<boolean> {
  const topLevel = (await jira.getFieldContextOptions(fieldId, contextId)).filter((option) => option.optionId === undefined);
  const ordered = levels.map((level) => topLevel.find((option) => same(option.value, level)));
  if (ordered.some((option) => option === undefined)) return false;
  const ids = ordered.map((option) => option!.id);
  if (topLevel.slice(0, ids.length).every((option, index) => option.id === ids[index])) return false;
  await jira.moveFieldContextOptionsFirst(fieldId, contextId, ids);
  return true;
}

/** Makes one level field's options exactly `levels`, in the matrix's order: adds the missing, enables and disables the rest. */
export async function syncLevelField(
  jira: JiraClient,
  fieldId: string,
  fieldName: string,
  levels: readonly string[],
): Promise<LevelOptionChanges> {
  const contextId = await ensureContext(jira, fieldId, fieldName);
  const changes = levelOptionChanges(toSiteOptions(await jira.getFieldContextOptions(fieldId, contextId)), levels);
  if (changes.add.length > 0)
    await jira.createFieldContextOptions(
      fieldId,
      contextId,
      changes.add.map((value) => ({ value })),
    );
  if (changes.enable.length > 0 || changes.disable.length > 0) await setOptionsEnabled(jira, fieldId, contextId, changes);
  if (changes.add.length > 0 || changes.enable.length > 0) await orderLevelOptions(jira, fieldId, contextId, levels);
  return changes;
}

function describe(fieldName: string, changes: LevelOptionChanges): string | null {
  const parts = [
    changes.add.length > 0 ? `added ${changes.add.join(', ')}` : null,
    changes.enable.length > 0 ? `enabled ${changes.enable.join(', ')}` : null,
    changes.disable.length > 0 ? `disabled ${changes.disable.join(', ')}` : null,
  ].filter((part) => part !== null);
  return parts.length === 0 ? null : `${fieldName}: ${parts.join(', ')}`;
}

/**
 * After the matrix changed: brings the Impact and Urgency options in line with its levels, as the
 * app (field configuration needs manage:jira-configuration). Answers one line for the admin: what
 * changed, or why the options could not be changed and what to do. Never throws: the settings are
 * saved either way, and the Incident setup does the same later.
 */
export async function syncMatrixLevelOptions(appJira: JiraClient, storage: AppStorage, matrix: PriorityMatrix): Promise<string> {
  try {
    const fieldMap = await loadIncidentFieldMap(appJira, storage);
    const done: string[] = [];
    const missing: string[] = [];
    for (const key of MATRIX_LEVEL_FIELDS) {
      const fieldId = fieldMap[key];
      const name = incidentFieldDefinition(key).name;
      if (fieldId === undefined) {
        missing.push(name);
        continue;
      }
      const line = describe(
        name,
        await syncLevelField(appJira, fieldId, name, key === 'impact' ? matrix.impactLevels : matrix.urgencyLevels),
      );
      if (line !== null) done.push(line);
    }
    if (missing.length > 0)
      return (
        `The site has no ${missing.join(' or ')} field yet: run the Incident setup to create ` +
        `${missing.length === 1 ? 'it' : 'them'} with the matrix's levels.`
      );
    return done.length === 0
      ? `Impact and Urgency options already match the ${matrix.size}×${matrix.size} matrix.`
      : `Field options now match the ${matrix.size}×${matrix.size} matrix (${done.join('; ')}).`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return (
      `The Impact and Urgency options could not be updated (${reason}): run the Incident setup on this page to bring them in line ` +
      `with the ${matrix.size}×${matrix.size} matrix.`
    );
  }
}
