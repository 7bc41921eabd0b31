import { z } from 'zod';
import { BusinessImplication, IssueKey } from '../domain/incident/incident';
import { PriorityLevel } from '../domain/priority/priority-level';
import type { PrioritySettings } from '../domain/priority/priority-settings';
import type { SlaState } from '../domain/priority/sla-clock';

/**
 * The priority panel's and the admin page's resolver contract. Shared by `src/` and `static/`:
 * it imports only zod and the pure domain (no `@forge/*`, no Node). UI code should use
 * `import type` for the types and may import the key constants.
 */
export const PRIORITY_RESOLVER_KEYS = {
  view: 'priority.view',
  apply: 'priority.apply',
  settingsGet: 'priority.settings.get',
  settingsSave: 'priority.settings.save',
  settingsReset: 'priority.settings.reset',
  /** Switches the matrix size, keeping the SLA targets, modifiers and mapping. */
  settingsMatrixSize: 'priority.settings.matrixSize',
  /** The admin page asks once whether the viewer may change anything. */
  adminAccess: 'admin.access',
} as const;

/** The issue property Apply writes with the reasons, in the same PUT as the fields. */
export const PRIORITY_ASSESSMENT_PROPERTY = 'incident-priority-assessment';

// ---- Payloads ---------------------------------------------------------------------------------

/** `issueKey` may be left out inside the issue panel: the resolver then takes it from the panel's context. */
export const ViewPriorityPayload = z.object({ issueKey: IssueKey.optional() });
export type ViewPriorityPayload = z.infer<typeof ViewPriorityPayload>;

export const AssessmentInput = z.object({
  impact: z.string().trim().min(1, 'expected an impact level'),
  urgency: z.string().trim().min(1, 'expected an urgency level'),
  affectedUsers: z.number().int('expected a whole number of users').min(0, 'expected 0 or more users').nullable(),
  businessImplications: z.array(BusinessImplication).refine((values) => new Set(values).size === values.length, { message: 'expected each implication once' }),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/**
 * Apply writes the assessment and the computed priority; with `override`, the person's chosen
 * Jira priority and their reason instead (the trigger then leaves the priority alone). Without
 * `override`, a previous override reason is cleared.
 */
export const ApplyPriorityPayload = z.object({
  issueKey: IssueKey.optional(),
  assessment: AssessmentInput,
  override: z
    .object({
      jiraPriorityName: z.string().trim().min(1, 'expected the name of a Jira priority'),
      reason: z.string().trim().min(1, 'expected a reason for overriding the computed priority').max(255, 'expected at most 255 characters'),
    })
    .nullable()
    .default(null),
});
export type ApplyPriorityPayload = z.input<typeof ApplyPriorityPayload>;

export const GetPrioritySettingsPayload = z.object({}).optional();
/** `settings` is validated by the domain's settings schema, so its errors name the exact setting. */
export const SavePrioritySettingsPayload = z.object({ settings: z.unknown() });
export type SavePrioritySettingsPayload = z.infer<typeof SavePrioritySettingsPayload>;
export const ResetPrioritySettingsPayload = z.object({ matrixSize: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(3) }).optional();
/** `settings`, when sent, is the admin's unsaved draft whose other values are kept; without it, the stored ones are. */
export const ChangeMatrixSizePayload = z.object({ matrixSize: z.union([z.literal(3), z.literal(4), z.literal(5)], { error: 'expected 3, 4 or 5' }), settings: z.unknown().optional() });
export type ChangeMatrixSizePayload = z.infer<typeof ChangeMatrixSizePayload>;

// ---- Results ----------------------------------------------------------------------------------

export interface PriorityAssessmentView {
  impact: string | null;
  urgency: string | null;
  affectedUsers: number | null;
  businessImplications: BusinessImplication[];
}

export interface ComputedPriorityView {
  level: PriorityLevel;
  matrixLevel: PriorityLevel;
  jiraPriorityName: string;
  raisedBy: number;
  capped: boolean;
  /** "P2 from matrix", "raised to P1: security implication". */
  reasons: string[];
  summary: string;
}

export interface OverrideView {
  reason: string;
  /** The hand-set priority the incident carries. */
  currentPriorityName: string | null;
  /** What the matrix would give, for comparison; null when the assessment is incomplete. */
  computedPriorityName: string | null;
  /** For the panel: why the app does not change the priority. */
  message: string;
}

/**
 * The Jira priority differs from what the assessment gives and no override reason explains it
 * (someone changed it in Jira's own edit form, say). The panel offers both ways out: apply the
 * computed priority, or keep this one with a reason.
 */
export interface PriorityDriftView {
  currentPriorityName: string | null;
  computedPriorityName: string;
  message: string;
}

export interface SlaView {
  level: PriorityLevel | null;
  /** Only `running` counts on in the browser; a stopped clock is final (`text` says met or missed). */
  state: SlaState;
  targetMinutes: number | null;
  dueAt: string | null;
  minutesLeft: number | null;
  overdue: boolean;
  /** When the clock stopped (service restored, else resolution, else the move into a done status). */
  stoppedAt: string | null;
  startedAt: string;
  /** "3 h 20 min left", "met, with 12 min to spare", "missed by 2 h 5 min". */
  text: string;
}

/** A neighbour the viewer may browse, or only the fact that there is one. */
export type RankNeighbourView = { key: string; summary: string } | { hidden: true };

export interface RankView {
  position: number;
  total: number;
  above?: RankNeighbourView;
  below?: RankNeighbourView;
  /** Set when the ranking index is over a day old (a rebuild is due): when it was built. */
  asOf?: string;
}

export interface LastAppliedView {
  appliedAt: string;
  appliedByAccountId: string | null;
  source: 'panel' | 'trigger';
  summary: string;
}

export interface PriorityPanelView {
  incident: { key: string; summary: string; statusName: string; open: boolean; priorityName: string | null; reportedAt: string };
  assessment: PriorityAssessmentView;
  /** Choices for the form, from the settings. */
  options: { impactLevels: string[]; urgencyLevels: string[]; businessImplications: BusinessImplication[]; jiraPriorityNames: string[] };
  computed: ComputedPriorityView | null;
  /** Why `computed` is null: the assessment field at fault. */
  assessmentProblem: { field: string; message: string } | null;
  override: OverrideView | null;
  drift: PriorityDriftView | null;
  sla: SlaView;
  /** null for a closed incident: it has no place among open ones. */
  rank: RankView | null;
  /** True when an open incident has no rank yet because the ranking index is being (re)built. */
  rankPending?: boolean;
  canEdit: boolean;
  lastApplied: LastAppliedView | null;
}

export interface PrioritySettingsView {
  settings: PrioritySettings;
  /** True when nothing is stored and the defaults are in effect. */
  isDefault: boolean;
  /** After a change of the matrix levels: what happened to the Impact and Urgency options, or what to do. */
  fieldOptionsNote?: string;
}

export interface AdminAccessView {
  canAdminister: boolean;
  /** For a viewer who may not change anything: the one explanation the page shows. */
  message: string | null;
}

// ---- The stored assessment property -------------------------------------------------------------

/** The value of the `incident-priority-assessment` issue property: what was applied, by whom, and why. */
export const StoredPriorityAssessment = z.object({
  version: z.literal(1),
  appliedAt: z.string(),
  appliedByAccountId: z.string().nullable(),
  source: z.enum(['panel', 'trigger']),
  assessment: z.object({
    impact: z.string().nullable(),
    urgency: z.string().nullable(),
    affectedUsers: z.number().int().nonnegative().nullable(),
    businessImplications: z.array(BusinessImplication),
  }),
  level: PriorityLevel.nullable(),
  jiraPriorityName: z.string(),
  reasons: z.array(z.string()),
  summary: z.string(),
  overrideReason: z.string().nullable(),
});
export type StoredPriorityAssessment = z.infer<typeof StoredPriorityAssessment>;
