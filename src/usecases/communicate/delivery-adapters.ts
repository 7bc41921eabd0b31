import { UseCaseRefusal } from '../use-case-refusal';
import type { SecretStore } from './communication-settings-store';
import { DeliveryFailure, type DeliveryFailureKind, type StakeholderNotifier, type StatusPageIncidentUpdate, type StatusPagePublisher, UNCONFIGURED_STATUS_PAGE } from './delivery-ports';

/**
 * Production adapters behind the delivery ports. They are written against the shapes of the
 * Statuspage client (`src/adapters/statuspage/statuspage-client.ts`) and `JiraClient.notifyIssue`
 * from the comms-infra branch, so this file compiles with or without them; `productionDeliveryPorts`
 * constructs them (see the note there).
 */

/** `JiraClient.notifyIssue` (POST /rest/api/3/issue/{key}/notify). */
export interface NotifyingJira {
  notifyIssue(issueKey: string, notification: { subject: string; textBody: string; to: { watchers?: boolean; assignee?: boolean; users?: readonly { accountId: string }[]; groups?: readonly { name?: string }[] } }): Promise<void>;
}

export function notifierOver(jira: NotifyingJira): StakeholderNotifier {
  return { notify: (issueKey, notification) => jira.notifyIssue(issueKey, notification) };
}

/** `StatuspageClient`: one per page and key; it paces calls to 1 per second per key and retries 420/429 itself. */
export interface StatuspageClientLike {
  findOpenIncidentFor(jiraIssueKey: string): Promise<{ id: string } | null>;
  createIncident(write: StatuspageWrite): Promise<{ id: string }>;
  updateIncident(incidentId: string, write: StatuspageWrite): Promise<{ id: string }>;
}

interface StatuspageWrite {
  name: string;
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  body: string;
  components: Record<string, 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance'>;
  jiraIssueKey: string;
}

/** Statuspage's incident name limit. */
const NAME_MAX = 255;

function writeOf(update: StatusPageIncidentUpdate): StatuspageWrite {
  return { name: Array.from(update.name).slice(0, NAME_MAX).join(''), status: update.status, body: update.body, components: { ...update.components }, jiraIssueKey: update.issueKey };
}

/**
 * @param clientFor builds the client for a page (reads the API key from the secret store).
 * @param kindOf the Statuspage error kind of a thrown error, or null for anything else (thrown on as is).
 */
export function statusPageOver(clientFor: (pageId: string) => Promise<StatuspageClientLike>, kindOf: (error: unknown) => DeliveryFailureKind | null): StatusPagePublisher {
  const mapped = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      const kind = kindOf(error);
      if (kind === null) throw error;
      throw new DeliveryFailure(kind, error instanceof Error ? error.message : kind);
    }
  };
  return {
    findOpenIncidentFor: (pageId, issueKey) => mapped(async () => (await (await clientFor(pageId)).findOpenIncidentFor(issueKey)) ?? undefined),
    createIncident: (pageId, update) => mapped(async () => (await clientFor(pageId)).createIncident(writeOf(update))),
    updateIncident: (pageId, incidentId, update) => mapped(async () => (await clientFor(pageId)).updateIncident(incidentId, writeOf(update))),
  };
}

const NOT_YET_WIRED = 'Email delivery is not available in this build.';

/**
 * The ports as deployed. Until the comms-infra branch (Statuspage client, `JiraClient.notifyIssue`,
 * `AppStorage` secrets) is merged, email and Statuspage answer NOT_CONFIGURED, which each update
 * reports as that delivery's reason. After the merge this becomes:
 *
 *   const appJira = JiraClient.asApp();
 *   const storage = new AppStorage();
 *   return {
 *     notifier: notifierOver(appJira),
 *     statusPage: statusPageOver(async (pageId) => {
 *       const apiKey = await storage.getSecret(STATUSPAGE_API_KEY_SECRET);
 *       if (!apiKey) throw new DeliveryFailure('UNAUTHORIZED', 'no Statuspage API key is stored');
 *       return new StatuspageClient({ apiKey, pageId });
 *     }, (error) => (isStatuspageError(error) ? error.kind : null)),
 *   };
 */
export function productionDeliveryPorts(): { notifier: StakeholderNotifier; statusPage: StatusPagePublisher } {
  return {
    notifier: { notify: () => Promise.reject(new DeliveryFailure('NOT_CONFIGURED', NOT_YET_WIRED)) },
    statusPage: UNCONFIGURED_STATUS_PAGE,
  };
}

/** Forge secret storage through `AppStorage` (comms-infra); until then keys cannot be stored. */
export function productionSecretStore(): SecretStore {
  const unavailable = () => Promise.reject(new UseCaseRefusal('UNAVAILABLE', 'Secret storage for the Statuspage API key is not available in this build.', 'statuspageApiKey'));
  return { getSecret: async () => undefined, setSecret: unavailable, deleteSecret: unavailable };
}
