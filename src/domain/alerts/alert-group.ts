import { z } from 'zod';

/**
 * Monitoring alerts, as the app reads them. Three sender formats (Prometheus Alertmanager's
 * webhook v4, Grafana alerting's webhook, and the app's own generic format) normalise to one
 * AlertGroup: the unit that becomes one incident. Pure: no clock, no I/O.
 */

export const ALERT_FORMATS = ['alertmanager', 'grafana', 'generic'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

export const AlertLink = z.object({ title: z.string().min(1).max(255), url: z.string().url() });
export type AlertLink = z.infer<typeof AlertLink>;

export interface AlertGroup {
  readonly format: AlertFormat;
  /** The sender's identity of the group (Alertmanager/Grafana `groupKey`, generic `dedupKey`). */
  readonly groupKey: string;
  readonly status: 'firing' | 'resolved';
  readonly title: string;
  readonly description: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly links: readonly AlertLink[];
  /** ISO instants; null when the sender gave none (Alertmanager's zero time `0001-01-01T00:00:00Z` counts as none). */
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  /** The `severity` label (or the generic field), lower-cased; null when absent. */
  readonly severity: string | null;
  /** Alerts in the delivery (1 for the generic format). */
  readonly alertCount: number;
}

const Labels = z.record(z.string(), z.string());
const Status = z.enum(['firing', 'resolved']);

/** An AlertGroup as it crosses the app's async event queue (JSON), re-read by the consumer. */
export const AlertGroupShape = z.object({
  format: z.enum(ALERT_FORMATS),
  groupKey: z.string().min(1),
  status: Status,
  title: z.string(),
  description: z.string(),
  labels: Labels,
  links: z.array(AlertLink),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  severity: z.string().nullable(),
  alertCount: z.number().int().nonnegative(),
});

/** One alert of Alertmanager's and Grafana's payloads (Grafana adds silence/dashboard/panel URLs and values). */
const WebhookAlert = z
  .object({
    status: Status,
    labels: Labels,
    annotations: Labels.default({}),
    startsAt: z.string().optional(),
    endsAt: z.string().optional(),
    generatorURL: z.string().optional(),
    fingerprint: z.string().optional(),
    silenceURL: z.string().optional(),
    dashboardURL: z.string().optional(),
    panelURL: z.string().optional(),
  })
  .loose();

/** @see https://prometheus.io/docs/alerting/latest/configuration/#webhook_config */
export const AlertmanagerPayload = z
  .object({
    version: z.literal('4'),
    groupKey: z.string().min(1),
    truncatedAlerts: z.number().int().nonnegative().optional(),
    status: Status,
    receiver: z.string().optional(),
    groupLabels: Labels.default({}),
    commonLabels: Labels.default({}),
    commonAnnotations: Labels.default({}),
    externalURL: z.string().optional(),
    alerts: z.array(WebhookAlert).min(1),
  })
  .loose();

/** Grafana alerting's webhook contact point: Alertmanager's shape (version "1") plus orgId, title, state, message. */
export const GrafanaPayload = z
  .object({
    version: z.string().optional(),
    orgId: z.number(),
    groupKey: z.string().min(1),
    status: Status,
    receiver: z.string().optional(),
    groupLabels: Labels.default({}),
    commonLabels: Labels.default({}),
    commonAnnotations: Labels.default({}),
    externalURL: z.string().optional(),
    alerts: z.array(WebhookAlert).min(1),
    title: z.string().optional(),
    state: z.string().optional(),
    message: z.string().optional(),
  })
  .loose();

/** The app's own format, for senders that are neither (README: "Alerts in"). */
export const GenericAlertPayload = z
  .object({
    title: z.string().trim().min(1).max(1000),
    dedupKey: z.string().trim().min(1).max(500),
    status: Status.default('firing'),
    severity: z.string().trim().min(1).max(50).optional(),
    description: z.string().max(20_000).optional(),
    labels: Labels.default({}),
    links: z.array(AlertLink).max(20).default([]),
    startsAt: z.iso.datetime({ offset: true }).optional(),
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

export type AlertParse = { ok: true; group: AlertGroup } | { ok: false; problem: string };

const FORMAT_HINT =
  'expected an Alertmanager webhook (version "4", groupKey, alerts[]), a Grafana alerting webhook (orgId, groupKey, alerts[]) or the ' +
  'generic format (title, dedupKey)';

/** Reads a parsed JSON body as one of the three formats; the problem names the field at fault. */
export function parseAlertPayload(body: unknown): AlertParse {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, problem: `body: ${FORMAT_HINT}, got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : typeof body}` };
  const record = body as Record<string, unknown>;
  if ('alerts' in record && 'orgId' in record) return parsedWith('Grafana', GrafanaPayload, body, (p) => fromWebhook('grafana', p));
  if ('alerts' in record || 'groupKey' in record) {
    if (record.version !== '4')
      return {
        ok: false,
        problem:
          `version: expected "4" (Alertmanager webhook v4), got ` +
          `${JSON.stringify(record.version ?? null)}; Grafana payloads carry orgId`,
      };
    return parsedWith('Alertmanager', AlertmanagerPayload, body, (p) => fromWebhook('alertmanager', p));
  }
  if ('dedupKey' in record || 'title' in record) return parsedWith('generic', GenericAlertPayload, body, fromGeneric);
  return { ok: false, problem: `body: unknown format: ${FORMAT_HINT}` };
}

function parsedWith<S extends z.ZodType>(name: string, schema: S, body: unknown, map: (payload: z.output<S>) => AlertGroup): AlertParse {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    return { ok: false, problem: `${name} payload: ${field}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, group: map(parsed.data) };
}

/** Alertmanager writes `0001-01-01T00:00:00Z` for "no end yet". */
function instantOrNull(value: string | undefined): string | null {
  if (value === undefined || value.startsWith('0001-01-01')) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function earliest(values: readonly (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null).sort();
  return present[0] ?? null;
}

function latest(values: readonly (string | null)[]): string | null {
  const present = values.filter((value): value is string => value !== null).sort();
  return present[present.length - 1] ?? null;
}

function httpLink(title: string, url: string | undefined): AlertLink[] {
  if (url === undefined || url === '') return [];
  const parsed = AlertLink.safeParse({ title, url });
  return parsed.success && /^https?:\/\//i.test(url) ? [parsed.data] : [];
}

function fromWebhook(
  format: 'alertmanager' | 'grafana',
  payload: z.output<typeof AlertmanagerPayload> | z.output<typeof GrafanaPayload>,
): AlertGroup {
  const first = payload.alerts[0]!;
  const labels = Object.keys(payload.commonLabels).length > 0 ? payload.commonLabels : first.labels;
  const annotations = Object.keys(payload.commonAnnotations).length > 0 ? payload.commonAnnotations : first.annotations;
  const title = annotations.summary ?? labels.alertname ?? first.labels.alertname ?? senderTitle(payload) ?? payload.groupKey;
  const descriptions = [
    ...new Set(
      payload.alerts.map((alert) => alert.annotations.description ?? alert.annotations.summary).filter((text): text is string => !!text),
    ),
  ];
  const links: AlertLink[] = [];
  for (const [index, alert] of payload.alerts.entries()) {
    const name = alert.labels.alertname ?? `alert ${index + 1}`;
    links.push(...httpLink(`Source of ${name}`, alert.generatorURL));
    links.push(...httpLink(`Runbook for ${name}`, alert.annotations.runbook_url));
    links.push(...httpLink(`Dashboard for ${name}`, alert.dashboardURL));
  }
  links.push(...httpLink(format === 'grafana' ? 'Grafana' : 'Alertmanager', payload.externalURL));
  // The first link to a URL keeps its title (a runbook shared by several alerts is listed once).
  const unique = links.filter((link, index) => links.findIndex((other) => other.url === link.url) === index).slice(0, 20);
  const severity = labels.severity ?? payload.alerts.find((alert) => alert.labels.severity)?.labels.severity;
  return {
    format,
    groupKey: payload.groupKey,
    status: payload.status,
    title: title.trim().slice(0, 1000) || payload.groupKey,
    description: descriptions.join('\n'),
    labels,
    links: unique,
    startsAt: earliest(payload.alerts.map((alert) => instantOrNull(alert.startsAt))),
    endsAt: payload.status === 'resolved' ? latest(payload.alerts.map((alert) => instantOrNull(alert.endsAt))) : null,
    severity: severity ? severity.toLowerCase() : null,
    alertCount: payload.alerts.length,
  };
}

function senderTitle(payload: object): string | undefined {
  const title = (payload as { title?: unknown }).title;
  return typeof title === 'string' && title.trim() !== '' ? title : undefined;
}

function fromGeneric(payload: z.output<typeof GenericAlertPayload>): AlertGroup {
  return {
    format: 'generic',
    groupKey: payload.dedupKey,
    status: payload.status,
    title: payload.title,
    description: payload.description ?? '',
    labels: payload.labels,
    links: payload.links,
    startsAt: instantOrNull(payload.startsAt),
    endsAt: instantOrNull(payload.endsAt),
    severity: (payload.severity ?? payload.labels.severity)?.toLowerCase() ?? null,
    alertCount: 1,
  };
}

/** Jira's summary holds at most 255 characters. */
export function incidentSummaryOf(group: AlertGroup): string {
  const oneLine = group.title.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 255 ? oneLine : `${oneLine.slice(0, 254)}…`;
}
