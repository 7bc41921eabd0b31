import type { GeneratedExpression } from '../domain/workflow-rules/jira-expression';
import type { TRIAGE_FIELD_KEYS as DOMAIN_TRIAGE_FIELD_KEYS, WorkflowRuleSettings } from '../domain/workflow-rules/rule-settings';

/**
 * The admin page's validator settings section: resolver keys, constants and the view type. Only
 * `import type`s (erased at build), so static/ imports this file at run time; the payload schemas
 * are in validator-settings.ts.
 */
export type { GeneratedExpression, WorkflowRuleSettings };

/** Resolver keys of the admin page's validator settings section. */
export const VALIDATOR_SETTINGS_RESOLVERS = {
  get: 'validators.settings.get',
  save: 'validators.settings.save',
  reset: 'validators.settings.reset',
} as const;

/** The fields the triage rule may require; typed as the domain's list, so tsc rejects drift. */
export const TRIAGE_FIELD_KEYS: typeof DOMAIN_TRIAGE_FIELD_KEYS = ['impact', 'urgency', 'category'];

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
