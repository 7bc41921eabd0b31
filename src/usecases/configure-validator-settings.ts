import type { ValidatorSettingsView } from '../contracts/validator-settings';
import { closerInGroupExpression, type GeneratedExpression } from '../domain/workflow-rules/jira-expression';
import { defaultWorkflowRuleSettings, type WorkflowRuleSettings } from '../domain/workflow-rules/rule-settings';
import { type LoadedRuleSettings, ValidatorSettingsStore } from './validator-settings-store';

/**
 * The admin page's validator settings actions: read, save, reset, each answered with the view the
 * page shows. Only Jira administrators reach these: the entry layer checks before calling them.
 */

function expressionFor(settings: WorkflowRuleSettings): GeneratedExpression | null {
  try {
    return closerInGroupExpression(settings.closure);
  } catch {
    // Too many group names for one expression: the function validator still checks them.
    return null;
  }
}

function viewOf(loaded: LoadedRuleSettings): ValidatorSettingsView {
  const defaults = defaultWorkflowRuleSettings();
  if (!loaded.ok) return { settings: defaults, defaults, source: 'unreadable', storedProblem: { field: loaded.field, message: loaded.message }, closerGroupExpression: expressionFor(defaults) };
  return { settings: loaded.settings, defaults, source: loaded.source, storedProblem: null, closerGroupExpression: expressionFor(loaded.settings) };
}

export async function viewValidatorSettings(store: ValidatorSettingsStore): Promise<ValidatorSettingsView> {
  return viewOf(await store.load());
}

/** `settings` has passed the payload schema (SaveValidatorSettingsPayload). */
export async function saveValidatorSettings(store: ValidatorSettingsStore, settings: WorkflowRuleSettings): Promise<ValidatorSettingsView> {
  return viewOf({ ok: true, settings: await store.save(settings), source: 'stored' });
}

export async function resetValidatorSettings(store: ValidatorSettingsStore): Promise<ValidatorSettingsView> {
  return viewOf({ ok: true, settings: await store.reset(), source: 'defaults' });
}
