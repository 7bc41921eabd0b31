import { JiraClient } from '../../adapters/jira/jira-client';
import { isStatuspageError, StatuspageClient } from '../../adapters/statuspage/statuspage-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { STATUSPAGE_API_KEY_SECRET, type SecretStore } from './communication-settings-store';
import {
  DeliveryFailure,
  type DeliveryFailureKind,
  type StakeholderNotifier,
  type StatusPageIncidentUpdate,
  type StatusPagePublisher,
} from './delivery-ports';

/**
 * Production adapters behind the delivery ports: `JiraClient.notifyIssue` for email and the
 * Statuspage client (one per page, paced to 1 request per second per key) for customers.
 */

/** `JiraClient.notifyIssue` (POST /rest/api/3/issue/{key}/notify). */
export interface NotifyingJira {
  notifyIssue(
    issueKey: string,
    notification: {
      subject: string;
      textBody: string;
      to: { watchers?: boolean; assignee?: boolean; users?: readonly { accountId: string }[]; groups?: readonly { name?: string }[] };
    },
  ): Promise<void>;
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
  return {
    name: Array.from(update.name).slice(0, NAME_MAX).join(''),
    status: update.status,
    body: update.body,
    components: { ...update.components },
    jiraIssueKey: update.issueKey,
  };
}

/**
 * @param clientFor builds the client for a page (reads the API key from the secret store).
 * @param kindOf the Statuspage error kind of a thrown error, or null for anything else (thrown on as is).
 */
export function statusPageOver(
  clientFor: (pageId: string) => Promise<StatuspageClientLike>,
  kindOf: (error: unknown) => DeliveryFailureKind | null,
): StatusPagePublisher {
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
    findOpenIncidentFor: (pageId, issueKey) =>
      mapped(async () => (await (await clientFor(pageId)).findOpenIncidentFor(issueKey)) ?? undefined),
    createIncident: (pageId, update) => mapped(async () => (await clientFor(pageId)).createIncident(writeOf(update))),
    updateIncident: (pageId, incidentId, update) =>
      mapped(async () => (await clientFor(pageId)).updateIncident(incidentId, writeOf(update))),
  };
}

/** The ports as deployed: Jira's notify API as the app, and a Statuspage client per page with the key from the secret store. */
export function productionDeliveryPorts(): { notifier: StakeholderNotifier; statusPage: StatusPagePublisher } {
  const appJira = JiraClient.asApp();
  const storage = new AppStorage();
  return {
    notifier: notifierOver(appJira),
    statusPage: statusPageOver(
      async (pageId) => {
        const apiKey = await storage.getSecret(STATUSPAGE_API_KEY_SECRET);
        if (!apiKey) throw new DeliveryFailure('UNAUTHORIZED', 'no Statuspage API key is stored');
        return new StatuspageClient({ apiKey, pageId });
      },
      (error) => (isStatuspageError(error) ? error.kind : null),
    ),
  };
}

/** Forge secret storage through AppStorage. */
export function productionSecretStore(): SecretStore {
  return new AppStorage();
}
