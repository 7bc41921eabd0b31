import { z } from 'zod';
import { ESCALATION_TIERS } from '../incident/incident-fields';
import { sameName } from './rule-verdict';

/**
 * The admin-editable parameters of the four workflow rules, stored as one app-storage value.
 * The defaults fit the Incident type and the recommended workflow this app provisions
 * (statuses Open, Triaged, In Progress, Escalated, Resolved, Closed; Jira's five default priorities).
 *
 * Versioning: `version` is the shape of this object; a stored value with another version is
 * refused with an error naming `version` (there is no older shape to migrate from yet).
 */
export const RULE_SETTINGS_VERSION = 1;

const Name = z.string().trim().min(1, 'expected a non-empty name');
const Names = z.array(Name).min(1, 'expected at least one name');

export const TRIAGE_FIELD_KEYS = ['impact', 'urgency', 'category'] as const;

export const TriageSettings = z.object({
  enabled: z.boolean(),
  /** Incident fields that must be set before leaving a To Do-category status. */
  requiredFields: z.array(z.enum(TRIAGE_FIELD_KEYS)).min(1, 'expected at least one required field'),
  /** When true, the Jira priority must equal the matrix's, unless a Priority override reason is given. */
  requireMatrixPriority: z.boolean(),
});
export type TriageSettings = z.infer<typeof TriageSettings>;

export const EscalationSettings = z.object({
  enabled: z.boolean(),
  /** Moving into one of these statuses is an escalation. */
  escalationStatusNames: Names,
  /** Escalation tiers from first line upwards; option names of the Escalation tier field. */
  tiers: Names.min(2, 'expected at least two tiers'),
  /**
   * A text custom field (`customfield_N`) that holds the reason for skipping a tier, for sites
   * that add one; null uses only a comment written on the transition screen.
   */
  tierSkipReasonFieldId: z
    .string()
    .regex(/^customfield_\d+$/, 'expected a custom field id like customfield_10070')
    .nullable(),
});
export type EscalationSettings = z.infer<typeof EscalationSettings>;

export const ResolutionSettings = z.object({
  enabled: z.boolean(),
  /** Incidents at or above this priority also need a Root cause or a linked Problem; null: never. */
  rootCauseAtOrAbove: Name.nullable(),
  /** Issue types that count as a Problem when linked. */
  problemIssueTypeNames: Names,
});
export type ResolutionSettings = z.infer<typeof ResolutionSettings>;

export const ClosureSettings = z.object({
  enabled: z.boolean(),
  /** Moving into one of these statuses is closing. */
  closedStatusNames: Names,
  /** Only members of one of these groups may close an incident. */
  serviceDeskGroups: Names,
  /** Incidents at or above this priority need a linked postmortem page; null: never. */
  postmortemAtOrAbove: Name.nullable(),
  /**
   * The reporter confirms by commenting after the resolution. When phrases are given, the comment
   * must contain one of them (case-insensitive), so "still broken" does not count as confirmation.
   */
  confirmationPhrases: z.array(Name),
  /**
   * Every action item of a P1/P2 incident (the two most urgent priorities in `priorityOrder`) needs
   * an assignee and a due date before closing. Off by default, and absent in settings saved before
   * it existed: switched on silently it would block closing incidents whose follow-ups were linked
   * before anyone was asked for owners and dates.
   */
  requireActionItemOwners: z.boolean().default(false),
});
export type ClosureSettings = z.infer<typeof ClosureSettings>;

export const WorkflowRuleSettings = z
  .object({
    version: z.literal(RULE_SETTINGS_VERSION, { error: `expected settings version ${RULE_SETTINGS_VERSION}` }),
    /** The site's Jira priority names, most urgent first; thresholds refer to these. */
    priorityOrder: Names,
    triage: TriageSettings,
    escalation: EscalationSettings,
    resolution: ResolutionSettings,
    closure: ClosureSettings,
  })
  .superRefine((settings, context) => {
    const thresholds: Array<[string | null, (string | number)[]]> = [
      [settings.resolution.rootCauseAtOrAbove, ['resolution', 'rootCauseAtOrAbove']],
      [settings.closure.postmortemAtOrAbove, ['closure', 'postmortemAtOrAbove']],
    ];
    for (const [threshold, path] of thresholds) {
      if (threshold !== null && !settings.priorityOrder.some((name) => sameName(name, threshold))) {
        context.addIssue({ code: 'custom', path, message: `expected one of the priorities in priorityOrder, got "${threshold}"` });
      }
    }
    const seen = new Set<string>();
    settings.escalation.tiers.forEach((tier, index) => {
      const normalised = tier.trim().toLowerCase();
      if (seen.has(normalised))
        context.addIssue({ code: 'custom', path: ['escalation', 'tiers', index], message: `expected each tier once, "${tier}" repeats` });
      seen.add(normalised);
    });
  });
export type WorkflowRuleSettings = z.infer<typeof WorkflowRuleSettings>;

export function defaultWorkflowRuleSettings(): WorkflowRuleSettings {
  return {
    version: RULE_SETTINGS_VERSION,
    priorityOrder: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
    triage: { enabled: true, requiredFields: ['impact', 'urgency', 'category'], requireMatrixPriority: true },
    escalation: { enabled: true, escalationStatusNames: ['Escalated'], tiers: [...ESCALATION_TIERS], tierSkipReasonFieldId: null },
    // P1 and P2 map to Highest and High in the default priority mapping.
    resolution: { enabled: true, rootCauseAtOrAbove: 'High', problemIssueTypeNames: ['Problem'] },
    closure: {
      enabled: true,
      closedStatusNames: ['Closed'],
      // site-admins exists on Jira Cloud sites; jira-servicemanagement-users only where Jira Service
      // Management is licensed, and newer sites suffix product groups with the site name. So these
      // may name no group of a site: setup reports the missing ones, and the admin page only saves
      // groups that exist.
      serviceDeskGroups: ['jira-servicemanagement-users', 'site-admins'],
      postmortemAtOrAbove: 'High',
      confirmationPhrases: [],
      requireActionItemOwners: false,
    },
  };
}

export type RuleSettingsOutcome = { ok: true; settings: WorkflowRuleSettings } | { ok: false; field: string; message: string };

/** Parses a stored or submitted value; the first problem names its dotted field. */
export function parseWorkflowRuleSettings(value: unknown): RuleSettingsOutcome {
  const parsed = WorkflowRuleSettings.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  return { ok: false, field, message: issue?.message ?? 'invalid value' };
}
