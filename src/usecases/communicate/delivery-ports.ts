import type { ComponentStatus } from '../../domain/communication/communication-settings';
import type { UpdateState } from '../../domain/communication/stakeholder-update';

/**
 * What posting an update needs from the two outside deliveries. The use case depends on these
 * narrow ports; the production adapters wrap the Statuspage client and Jira's notify API
 * (`POST /rest/api/3/issue/{key}/notify`), tests plug in fakes that speak the same contracts.
 */

/** Why an outside delivery failed, in the Statuspage client's terms (also used for notify). */
export type DeliveryFailureKind = 'UNAUTHORIZED' | 'NOT_FOUND' | 'INVALID' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'NOT_CONFIGURED';

export class DeliveryFailure extends Error {
  override readonly name = 'DeliveryFailure';
  constructor(
    readonly kind: DeliveryFailureKind,
    message: string,
  ) {
    super(message);
  }
}

export interface StatusPageIncidentUpdate {
  /** The Jira issue the Statuspage incident stands for (kept in its metadata so a lost record can be found again). */
  readonly issueKey: string;
  readonly name: string;
  readonly status: Lowercase<UpdateState>;
  readonly body: string;
  /** Statuspage component id → the status customers see. */
  readonly components: Readonly<Record<string, ComponentStatus>>;
}

export interface StatusPagePublisher {
  /** The open Statuspage incident made for this Jira issue, if any (after a crash between create and record). */
  findOpenIncidentFor(pageId: string, issueKey: string): Promise<{ id: string } | undefined>;
  createIncident(pageId: string, update: StatusPageIncidentUpdate): Promise<{ id: string }>;
  updateIncident(pageId: string, incidentId: string, update: StatusPageIncidentUpdate): Promise<{ id: string }>;
}

export interface StakeholderNotification {
  readonly subject: string;
  readonly textBody: string;
  readonly to: {
    readonly watchers?: boolean;
    readonly assignee?: boolean;
    readonly users?: readonly { accountId: string }[];
    readonly groups?: readonly { name: string }[];
  };
}

export interface StakeholderNotifier {
  /** Jira queues the email (notify answers 204); recipients are resolved by Jira, never by the app. */
  notify(issueKey: string, notification: StakeholderNotification): Promise<void>;
}

/** Stands in for a delivery this build cannot make, so the update says so instead of failing. */
export const UNCONFIGURED_STATUS_PAGE: StatusPagePublisher = {
  findOpenIncidentFor: () => Promise.reject(new DeliveryFailure('NOT_CONFIGURED', 'Statuspage is not available in this installation.')),
  createIncident: () => Promise.reject(new DeliveryFailure('NOT_CONFIGURED', 'Statuspage is not available in this installation.')),
  updateIncident: () => Promise.reject(new DeliveryFailure('NOT_CONFIGURED', 'Statuspage is not available in this installation.')),
};
