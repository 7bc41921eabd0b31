import { Queue, RateLimitError } from '@forge/events';
import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { parseAlertPayload } from '../../domain/alerts/alert-group';
import { AlertSourceStore } from '../../usecases/alerts/alert-source-store';
import { receiveAlert, type AlertIncidentJob, type AlertOutcome } from '../../usecases/alerts/receive-alert';

/**
 * The `incident-alerts` web trigger: monitoring senders POST alert groups here (README, "Alerts
 * in"). Forge passes the HTTP request as `{ method, headers, body, queryParameters, ... }` with
 * each header's values as an array, and sends back `{ statusCode, headers, body }`; a web trigger
 * has no authentication of its own, so every delivery must carry a source's token.
 */
const WebTriggerRequest = z
  .object({
    method: z.string(),
    headers: z.record(z.string(), z.array(z.string())).default({}),
    body: z.string().optional(),
  })
  .loose();

export interface WebTriggerResponse {
  statusCode: number;
  headers: Record<string, string[]>;
  body: string;
}

/** The largest body accepted (1 MiB); Alertmanager groups are far smaller unless truncation is off. */
export const MAX_ALERT_BODY_BYTES = 1024 * 1024;

function reply(statusCode: number, body: Record<string, unknown>, extraHeaders: Record<string, string[]> = {}): WebTriggerResponse {
  return { statusCode, headers: { 'Content-Type': ['application/json'], ...extraHeaders }, body: JSON.stringify(body) };
}

function header(headers: Record<string, string[]>, name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return found?.[1][0];
}

export interface AlertWebTriggerDeps {
  storage: AppStorage;
  jira: JiraClient;
  now: () => string;
  /** Defaults to pushing onto the `incident-alerts` queue (manifest.yml `consumer`). */
  enqueue?: (job: AlertIncidentJob) => Promise<void>;
}

/** The queue read by the `incident-alerts-consumer` module (manifest.yml). */
export const ALERT_INCIDENT_QUEUE = 'incident-alerts';

export async function pushAlertIncidentJob(job: AlertIncidentJob): Promise<void> {
  await new Queue({ key: ALERT_INCIDENT_QUEUE }).push({ body: job });
}

export async function handleAlertDelivery(request: unknown, deps: AlertWebTriggerDeps): Promise<WebTriggerResponse> {
  const parsedRequest = WebTriggerRequest.safeParse(request);
  if (!parsedRequest.success) return reply(400, { error: 'The request could not be read.' });
  const { method, headers, body = '' } = parsedRequest.data;
  if (method.toUpperCase() !== 'POST')
    return reply(405, { error: `Method ${method} not allowed: POST the alert as JSON.` }, { Allow: ['POST'] });
  // Checked before the token so an oversized body costs no storage reads.
  if (Buffer.byteLength(body, 'utf8') > MAX_ALERT_BODY_BYTES)
    return reply(413, { error: `The body is larger than ${MAX_ALERT_BODY_BYTES} bytes.` });

  const authorization = header(headers, 'authorization');
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const store = new AlertSourceStore(deps.storage);
  const source = token === undefined ? undefined : await store.sourceForToken(token);
  if (source === undefined) {
    return reply(
      401,
      { error: token === undefined ? 'Missing "Authorization: Bearer <token>" header.' : 'The token does not belong to any alert source.' },
      { 'WWW-Authenticate': ['Bearer'] },
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return reply(400, { error: `body: not valid JSON (${error instanceof SyntaxError ? error.message : 'unreadable'})` });
  }
  const parsed = parseAlertPayload(json);
  if (!parsed.ok) return reply(400, { error: parsed.problem });

  try {
    const outcome: AlertOutcome = await receiveAlert(
      { jira: deps.jira, storage: deps.storage, now: deps.now, enqueue: deps.enqueue ?? pushAlertIncidentJob },
      source,
      parsed.group,
    );
    // 202: the incident is made after this answer (queued), by another delivery (pending), or waits for the admin (parked).
    const status =
      outcome.outcome === 'created'
        ? 201
        : outcome.outcome === 'queued' || outcome.outcome === 'pending' || outcome.outcome === 'parked'
          ? 202
          : 200;
    return reply(status, { source: source.id, ...outcome });
  } catch (error) {
    // 5xx makes Alertmanager and Grafana retry; the claim was released, so the retry creates once.
    console.error(`incident-alerts: delivery from ${source.id} failed`, error);
    const busy = isProductApiError(error, 'rateLimited') || isProductApiError(error, 'unavailable') || error instanceof RateLimitError;
    return reply(
      busy ? 503 : 500,
      { error: busy ? 'Jira or app storage is busy; retry later.' : 'The alert could not be processed; see the app logs.' },
      busy ? { 'Retry-After': ['30'] } : {},
    );
  }
}

/** The handler named in manifest.yml: the app acts as itself (no user invoked it). */
export const incidentAlertsWebTrigger = (request: unknown): Promise<WebTriggerResponse> =>
  handleAlertDelivery(request, { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => new Date().toISOString() });
