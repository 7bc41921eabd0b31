/**
 * An alert source on the local site and a way to deliver to the web trigger exactly as Forge does:
 * the HTTP request serialised as `{ method, headers (arrays), body (string), queryParameters }`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { handleAlertIncidentEvent } from '../../../src/entry/triggers/incident-alerts-consumer';
import { ALERT_INCIDENT_QUEUE, handleAlertDelivery, type WebTriggerResponse } from '../../../src/entry/triggers/incident-alerts-webtrigger';
import { AlertSourceStore, newAlertSource } from '../../../src/usecases/alerts/alert-source-store';
import { SEED_BASIC, startLocalForge, type LocalForge } from '../../support/local-forge';

export const TOKEN = 'test-alert-token-0123456789';
export const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../fixtures/alerts', name), 'utf8'));

export interface AlertSite {
  forge: LocalForge;
  clock: { now: Date; advance(ms: number): void };
  /** Waits until the `incident-alerts` queue's consumer has handled every pushed event (Forge runs it after the 202). */
  drain(): Promise<void>;
  /** Each value the consumer returned (an InvocationError asks Forge to retry). */
  consumerResults: unknown[];
  deliver(
    body: unknown,
    options?: { token?: string | null; rawBody?: string; method?: string },
  ): Promise<WebTriggerResponse & { json: Record<string, unknown> }>;
  incidents(): { key: string; fields: Record<string, unknown>; comments: unknown[]; properties: Map<string, unknown> }[];
  close(issueKey: string): void;
}

export async function startAlertSite(options: { projectKey?: string } = {}): Promise<AlertSite> {
  const clock = {
    now: new Date('2026-11-30T10:00:00.000Z'),
    advance(ms: number) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
  };
  const forge = await startLocalForge({ seedDir: SEED_BASIC, clock: () => clock.now });
  const before = new Set(forge.site.jira.state.issues.keys());
  const storage = new AppStorage(undefined, { sleep: async () => {} });
  const store = new AlertSourceStore(storage);
  await store.save(
    newAlertSource({ id: 'prometheus', name: 'Prometheus', projectKey: options.projectKey ?? 'INC', now: clock.now.toISOString() }),
  );
  await store.setToken('prometheus', TOKEN);
  const consumerResults: unknown[] = [];
  forge.setQueueConsumer(ALERT_INCIDENT_QUEUE, async (event) => {
    consumerResults.push(await handleAlertIncidentEvent(event, { storage, jira: JiraClient.asApp(), now: () => clock.now.toISOString() }));
  });
  return {
    forge,
    clock,
    consumerResults,
    drain: () => forge.drainEvents(),
    async deliver(body, opts = {}) {
      const headers: Record<string, string[]> = { 'Content-Type': ['application/json'] };
      const token = opts.token === undefined ? TOKEN : opts.token;
      if (token !== null) headers.Authorization = [`Bearer ${token}`];
      const request = {
        method: opts.method ?? 'POST',
        path: '/',
        headers,
        body: opts.rawBody ?? JSON.stringify(body),
        queryParameters: {},
      };
      const response = await handleAlertDelivery(request, { storage, jira: JiraClient.asApp(), now: () => clock.now.toISOString() });
      return { ...response, json: JSON.parse(response.body) as Record<string, unknown> };
    },
    incidents() {
      return [...forge.site.jira.state.issues.values()]
        .filter((issue) => !before.has(issue.key))
        .map((issue) => ({ key: issue.key, fields: issue.fields, comments: issue.comments, properties: issue.properties }));
    },
    close(issueKey) {
      const issue = forge.site.jira.issue(issueKey)!;
      issue.fields.status = forge.site.jira.state.findStatus('10004')!;
    },
  };
}
