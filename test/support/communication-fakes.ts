import {
  DeliveryFailure,
  type DeliveryFailureKind,
  type StakeholderNotification,
  type StakeholderNotifier,
  type StatusPageIncidentUpdate,
  type StatusPagePublisher,
} from '../../src/usecases/communicate/delivery-ports';

/**
 * A Statuspage behind the publisher port, as the API documents it: incidents per page, a page
 * that does not exist answers NOT_FOUND, a revoked key UNAUTHORIZED, an outage UNAVAILABLE.
 * `failNext` makes the next calls fail like that; every call is logged so tests can count them.
 */
export class FakeStatuspage implements StatusPagePublisher {
  readonly incidents = new Map<string, { pageId: string; issueKey: string; updates: StatusPageIncidentUpdate[]; status: string }>();
  readonly calls: string[] = [];
  private failures: DeliveryFailureKind[] = [];
  private nextId = 1;

  constructor(private readonly pages: readonly string[]) {}

  failNext(kind: DeliveryFailureKind, times = 1): void {
    this.failures.push(...Array.from({ length: times }, () => kind));
  }

  async findOpenIncidentFor(pageId: string, issueKey: string): Promise<{ id: string } | undefined> {
    this.enter('find', pageId);
    const found = [...this.incidents.entries()].find(
      ([, incident]) => incident.pageId === pageId && incident.issueKey === issueKey && incident.status !== 'resolved',
    );
    return found ? { id: found[0] } : undefined;
  }

  async createIncident(pageId: string, update: StatusPageIncidentUpdate): Promise<{ id: string }> {
    this.enter('create', pageId);
    const id = `inc${String(this.nextId++).padStart(6, '0')}`;
    this.incidents.set(id, { pageId, issueKey: update.issueKey, updates: [update], status: update.status });
    return { id };
  }

  async updateIncident(pageId: string, incidentId: string, update: StatusPageIncidentUpdate): Promise<{ id: string }> {
    this.enter('update', pageId);
    const incident = this.incidents.get(incidentId);
    if (!incident || incident.pageId !== pageId) throw new DeliveryFailure('NOT_FOUND', `incident ${incidentId} not found`);
    incident.updates.push(update);
    incident.status = update.status;
    return { id: incidentId };
  }

  private enter(call: string, pageId: string): void {
    this.calls.push(call);
    const failure = this.failures.shift();
    if (failure) throw new DeliveryFailure(failure, `fake ${failure}`);
    if (!this.pages.includes(pageId)) throw new DeliveryFailure('NOT_FOUND', `page ${pageId} not found`);
  }
}

/** Jira's notify API behind the notifier port: it queues (204) or fails as told. */
export class FakeNotifier implements StakeholderNotifier {
  readonly sent: Array<{ issueKey: string; notification: StakeholderNotification }> = [];
  private failures: DeliveryFailureKind[] = [];

  failNext(kind: DeliveryFailureKind): void {
    this.failures.push(kind);
  }

  async notify(issueKey: string, notification: StakeholderNotification): Promise<void> {
    const failure = this.failures.shift();
    if (failure) throw new DeliveryFailure(failure, `fake ${failure}`);
    this.sent.push({ issueKey, notification });
  }
}
