import type { ValidatorSettingsView } from '../../contracts/validator-settings';
import { closerInGroupExpression, type GeneratedExpression } from '../../domain/workflow-rules/jira-expression';
import { defaultWorkflowRuleSettings, type WorkflowRuleSettings } from '../../domain/workflow-rules/rule-settings';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { UseCaseRefusal } from '../use-case-refusal';
import {
  closureGroupsNotOnSite,
  type LoadedRuleSettings,
  saveCheckedValidatorSettings,
  ValidatorSettingsStore,
} from './validator-settings-store';

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
  if (!loaded.ok)
    return {
      settings: defaults,
      defaults,
      source: 'unreadable',
      storedProblem: { field: loaded.field, message: loaded.message },
      closerGroupExpression: expressionFor(defaults),
    };
  return {
    settings: loaded.settings,
    defaults,
    source: loaded.source,
    storedProblem: null,
    closerGroupExpression: expressionFor(loaded.settings),
  };
}

/** With the closure groups the site lacks, so the admin sees at once that nobody in them can close an incident. */
export async function viewValidatorSettings(
  store: ValidatorSettingsStore,
  jira: Pick<JiraClient, 'getGroupsByName'>,
): Promise<ValidatorSettingsView> {
  const view = viewOf(await store.load());
  return { ...view, unknownClosureGroups: await closureGroupsNotOnSite(jira, view.settings) };
}

/**
 * `settings` has passed the payload schema (SaveValidatorSettingsPayload); nothing is written when
 * a closure group does not exist on the site.
 * @throws UseCaseRefusal BAD_REQUEST naming the groups.
 */
export async function saveValidatorSettings(
  store: ValidatorSettingsStore,
  jira: Pick<JiraClient, 'getGroupsByName'>,
  settings: WorkflowRuleSettings,
): Promise<ValidatorSettingsView> {
  const saved = await saveCheckedValidatorSettings(store, jira, settings);
  if (!saved.ok) throw new UseCaseRefusal('BAD_REQUEST', saved.message, saved.field);
  return viewOf({ ok: true, settings: saved.settings, source: 'stored' });
}

export async function resetValidatorSettings(store: ValidatorSettingsStore): Promise<ValidatorSettingsView> {
  return viewOf({ ok: true, settings: await store.reset(), source: 'defaults' });
}
