import type { BusinessImplication } from '../domain/incident/incident';
import type { BUSINESS_IMPLICATIONS as DOMAIN_BUSINESS_IMPLICATIONS } from '../domain/incident/incident-fields';
import type { PriorityLevel } from '../domain/priority/priority-level';
import type { MAX_RAISE_LIMIT as DOMAIN_MAX_RAISE_LIMIT, ModifierSettings } from '../domain/priority/priority-modifiers';
import type { PrioritySettings } from '../domain/priority/priority-settings';
import type { SlaState } from '../domain/priority/sla-clock';

/**
 * The priority panel's and the admin page's resolver contract: keys, constants and types. Only
 * `import type`s (erased at build), so static/ imports this file at run time without pulling zod
 * into a bundle; the schemas that parse these payloads are in priority-panel.ts, proven to match.
 */
export type { BusinessImplication, ModifierSettings, PriorityLevel, PrioritySettings, SlaState };

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

/** The choices of the business-implication modifier; typed as the domain's list, so tsc rejects drift. */
export const BUSINESS_IMPLICATIONS: typeof DOMAIN_BUSINESS_IMPLICATIONS = ['Security', 'Financial', 'Compliance', 'SLA at risk'];
/** The most levels the modifiers may raise a priority by (the domain's limit, checked by tsc). */
export const MAX_RAISE_LIMIT: typeof DOMAIN_MAX_RAISE_LIMIT = 4;

// ---- Payloads (as the UI sends them) ------------------------------------------------------------

/** `issueKey` may be left out inside the issue panel: the resolver then takes it from the panel's context. */
export type ViewPriorityPayload = {
  issueKey?: string;
};

export type AssessmentInput = {
  impact: string;
  urgency: string;
  /** A whole number, 0 or more; null when unknown. */
  affectedUsers: number | null;
  /** Each implication at most once. */
  businessImplications: BusinessImplication[];
};

/**
 * Apply writes the assessment and the computed priority; with `override`, the person's chosen
 * Jira priority and their reason instead (the trigger then leaves the priority alone). Without
 * `override`, a previous override reason is cleared.
 */
// Type aliases, not interfaces: the resolver bridge takes a `Record<string, unknown>` payload.
export type ApplyPriorityPayload = {
  issueKey?: string;
  assessment: AssessmentInput;
  /** `reason`: at most 255 characters. */
  override?: { jiraPriorityName: string; reason: string } | null;
};

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
