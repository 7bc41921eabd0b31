import { z } from 'zod';
import { IssueKey } from '../domain/incident/incident';
import { INCIDENT_ROLE_KEYS } from '../domain/communication/incident-roles';
import { StakeholderUpdateDraft, type UpdateState } from '../domain/communication/stakeholder-update';
import type { CadenceLine } from '../domain/communication/cadence';
import type { PriorityLevel } from '../domain/priority/priority-level';
import type { CommunicationSettings } from '../domain/communication/communication-settings';

/** The settings' type, for static/ (which imports contracts only). */
export type { CommunicationSettings };

/**
 * The communication section's resolver contract (issue panel) and the admin page's
 * communication settings. Shared by `src/` and `static/`; UI code imports types only.
 */
export const COMMUNICATION_RESOLVER_KEYS = {
  view: 'comms.view',
  post: 'comms.post',
  takeRole: 'comms.takeRole',
  settingsGet: 'comms.settings.get',
  settingsSave: 'comms.settings.save',
} as const;

export const ViewCommunicationPayload = z.object({ issueKey: IssueKey.optional() });

/** Flat, so a refused field is named by the same path in the payload and in the message (`components.1`). */
export const PostUpdatePayload = StakeholderUpdateDraft.extend({ issueKey: IssueKey.optional() });
export type PostUpdatePayload = z.input<typeof PostUpdatePayload>;

export const IncidentRole = z.enum(INCIDENT_ROLE_KEYS, { error: `expected one of ${INCIDENT_ROLE_KEYS.join(', ')}` });
export const TakeRolePayload = z.object({ issueKey: IssueKey.optional(), role: IncidentRole });
export type TakeRolePayload = z.infer<typeof TakeRolePayload>;

export interface PersonView {
  accountId: string;
  displayName: string;
}

export interface LatestUpdateView {
  id: string;
  state: UpdateState;
  audience: 'internal' | 'external' | 'both';
  at: string;
  nextUpdateDueAt: string | null;
}

export interface CommunicationView {
  issueKey: string;
  level: PriorityLevel | null;
  /** Null when setup has not yet added the role fields (an admin runs Incident setup). */
  roles: { incidentManager: PersonView | null; communicationsManager: PersonView | null } | null;
  viewerAccountId: string | null;
  latestUpdate: LatestUpdateView | null;
  updateCount: number;
  cadence: CadenceLine;
  /** The incident's Jira components, the choices of the form. */
  components: string[];
  /** The message each state's template gives for this incident, as text. */
  templates: Record<UpdateState, string>;
  /** The form's default next-update time: now + the priority's cadence target (30 min without one). */
  suggestedNextUpdateAt: string;
  statuspageConfigured: boolean;
}

export const DELIVERY_KEYS = ['jiraComment', 'jiraProperty', 'email', 'statusPage', 'statuspage'] as const;
export type DeliveryKey = (typeof DELIVERY_KEYS)[number];

export interface DeliveryOutcomeView {
  status: 'pending' | 'done' | 'failed' | 'skipped';
  /** For failed and skipped: why, in words a person can act on. */
  reason: string | null;
  /** Comment id, page id or Statuspage incident id once done. */
  ref: string | null;
  at: string | null;
}

export interface PostUpdateResult {
  issueKey: string;
  updateId: string;
  /** True when every delivery is done or skipped; otherwise Retry re-runs the failed ones. */
  complete: boolean;
  deliveries: Record<DeliveryKey, DeliveryOutcomeView>;
}

/** What the admin page sees: the settings, and only whether a Statuspage API key is stored (never the key). */
export interface CommunicationSettingsView {
  settings: CommunicationSettings;
  apiKeySet: boolean;
}
