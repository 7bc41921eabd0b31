import { z } from 'zod';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { SITE_STATUSES } from '../../adapters/jira/site-statuses';
import { AppStorage, storageKey } from '../../adapters/storage/app-storage';
import {
  defaultWorkflowRuleSettings,
  parseWorkflowRuleSettings,
  type RuleSettingsOutcome,
  WorkflowRuleSettings,
} from '../../domain/workflow-rules/rule-settings';

/** Read raw so an unreadable value can be reported field by field instead of thrown. */
const STORED_RULE_SETTINGS = storageKey('workflow-rules:settings', z.unknown());
const VALID_RULE_SETTINGS = storageKey(STORED_RULE_SETTINGS.key, WorkflowRuleSettings);

/** Whether the settings in force came from storage or are the defaults (nothing saved yet). */
export type RuleSettingsSource = 'stored' | 'defaults';

export type LoadedRuleSettings = (RuleSettingsOutcome & { ok: true; source: RuleSettingsSource }) | (RuleSettingsOutcome & { ok: false });

/**
 * The workflow rules' settings in app storage (one value). Unset means the defaults, which fit
 * the provisioned Incident type; a stored value that no longer parses is reported, never replaced
 * silently, so validators can say what is wrong and an admin can fix or reset it.
 */
export class ValidatorSettingsStore {
  constructor(private readonly storage: AppStorage = new AppStorage()) {}

  async load(): Promise<LoadedRuleSettings> {
    const raw = await this.storage.get(STORED_RULE_SETTINGS);
    if (raw === undefined || raw === null) return { ok: true, settings: defaultWorkflowRuleSettings(), source: 'defaults' };
    const parsed = parseWorkflowRuleSettings(raw);
    return parsed.ok ? { ...parsed, source: 'stored' } : parsed;
  }

  /** Saves settings that parse; returns what was stored (trimmed names). */
  async save(settings: WorkflowRuleSettings): Promise<WorkflowRuleSettings> {
    await this.storage.set(VALID_RULE_SETTINGS, settings);
    // An admin who changes the status names has often just renamed or added statuses: read them afresh.
    await this.storage.delete(SITE_STATUSES);
    return WorkflowRuleSettings.parse(settings);
  }

  /** Removes the stored value, so the defaults apply again. */
  async reset(): Promise<WorkflowRuleSettings> {
    await this.storage.delete(STORED_RULE_SETTINGS);
    await this.storage.delete(SITE_STATUSES);
    return defaultWorkflowRuleSettings();
  }
}

/** The configured names the site has no group for (Jira group names are case-insensitive). */
export async function unknownGroups(jira: Pick<JiraClient, 'getGroupsByName'>, names: readonly string[]): Promise<string[]> {
  const found = await jira.getGroupsByName(names);
  return names.filter((name) => !found.some((group) => group.name.trim().toLowerCase() === name.trim().toLowerCase()));
}

export type CheckedSave = { ok: true; settings: WorkflowRuleSettings } | { ok: false; field: string; message: string };

/**
 * Saves validator settings whose closure groups all exist on the site. A group that does not
 * exist would let nobody in it close an incident, and the mistake would show only when someone
 * tries; so it is refused here, by name, and nothing is written.
 */
export async function saveCheckedValidatorSettings(
  store: ValidatorSettingsStore,
  jira: Pick<JiraClient, 'getGroupsByName'>,
  settings: WorkflowRuleSettings,
): Promise<CheckedSave> {
  if (settings.closure.enabled) {
    const missing = await unknownGroups(jira, settings.closure.serviceDeskGroups);
    if (missing.length > 0) {
      const names = missing.map((name) => `"${name}"`).join(', ');
      return {
        ok: false,
        field: 'settings.closure.serviceDeskGroups',
        message:
          `settings.closure.serviceDeskGroups: this site has no group named ${names}: expected the names of existing groups (see ` +
          `Jira's user management), or the closure check would stop their members from closing incidents.`,
      };
    }
  }
  return { ok: true, settings: await store.save(settings) };
}

/**
 * For the admin page: the closure groups in force that the site lacks, so the admin sees at once
 * that nobody in them can close an incident. Null when the closure check is off or the site did not
 * answer (the page then shows nothing rather than a guess).
 */
export async function closureGroupsNotOnSite(
  jira: Pick<JiraClient, 'getGroupsByName'>,
  settings: WorkflowRuleSettings,
): Promise<string[] | null> {
  if (!settings.closure.enabled) return null;
  return unknownGroups(jira, settings.closure.serviceDeskGroups).catch(() => null);
}
