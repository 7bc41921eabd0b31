import { z } from 'zod';
import type { GeneratedExpression } from '../domain/workflow-rules/jira-expression';
import { WorkflowRuleSettings } from '../domain/workflow-rules/rule-settings';

/** Resolver keys of the admin page's validator settings section. */
export const VALIDATOR_SETTINGS_RESOLVERS = {
  get: 'validators.settings.get',
  save: 'validators.settings.save',
  reset: 'validators.settings.reset',
} as const;

export const GetValidatorSettingsPayload = z.object({}).passthrough().optional();
export const SaveValidatorSettingsPayload = z.object({ settings: WorkflowRuleSettings });
export type SaveValidatorSettingsPayload = z.infer<typeof SaveValidatorSettingsPayload>;
export const ResetValidatorSettingsPayload = GetValidatorSettingsPayload;

export type { WorkflowRuleSettings };

/** What the admin page shows: the settings in force, where they came from, and the defaults. */
export interface ValidatorSettingsView {
  /** The settings validators use now; the defaults when nothing is stored or the stored value is unreadable. */
  settings: WorkflowRuleSettings;
  defaults: WorkflowRuleSettings;
  source: 'stored' | 'defaults' | 'unreadable';
  /** Why the stored value is unreadable (validators refuse or skip until it is saved or reset). */
  storedProblem: { field: string; message: string } | null;
  /** The expression for the optional closer-in-group expression validator, from these settings. */
  closerGroupExpression: GeneratedExpression | null;
  /** On reading: the closure groups in force that the site has no group for; null or absent when not checked. */
  unknownClosureGroups?: string[] | null;
}
