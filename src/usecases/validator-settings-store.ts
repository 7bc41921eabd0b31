import { z } from 'zod';
import { AppStorage, storageKey } from '../adapters/storage/app-storage';
import {
  defaultWorkflowRuleSettings,
  parseWorkflowRuleSettings,
  type RuleSettingsOutcome,
  WorkflowRuleSettings,
} from '../domain/workflow-rules/rule-settings';

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
    return WorkflowRuleSettings.parse(settings);
  }

  /** Removes the stored value, so the defaults apply again. */
  async reset(): Promise<WorkflowRuleSettings> {
    await this.storage.delete(STORED_RULE_SETTINGS);
    return defaultWorkflowRuleSettings();
  }
}
