import { z } from 'zod';

/**
 * What one delivery of an alert group does to Jira, given what the app recorded for the group.
 * Pure: `now` is passed in. The use case (src/usecases/alerts/receive-alert.ts) carries the decision out.
 */

/** Repeat firings comment on the incident at most this often; in between they only count. */
export const COMMENT_INTERVAL_MS = 10 * 60 * 1000;
/** A known group's incident status is re-read from Jira at most this often (closed-then-firing). */
export const STATUS_CHECK_INTERVAL_MS = 60 * 1000;

/** The app's record of one alert group (storage), once its incident exists. */
export const AlertGroupRecord = z.object({
  issueKey: z.string().min(1),
  /** Firing deliveries since the incident was opened, including the first. */
  count: z.number().int().nonnegative(),
  /** Count already written to the incident's property. */
  flushedCount: z.number().int().nonnegative(),
  openedAt: z.iso.datetime(),
  lastFiringAt: z.iso.datetime(),
  /** When the app last commented on the incident about repeats; null until the first repeat comment. */
  lastCommentAt: z.iso.datetime().nullable(),
  /** When the app last read the incident's status from Jira. */
  checkedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  /** When the app noted the resolution on the incident; null until then. */
  resolvedNotedAt: z.iso.datetime().nullable().default(null),
  /** The last status check found the incident done (closed or resolved): the next firing opens a new one. */
  incidentDone: z.boolean().default(false),
});
export type AlertGroupRecord = z.infer<typeof AlertGroupRecord>;

export type AlertDecision =
  /** No incident for the group yet: open one. */
  | { kind: 'create' }
  /** The group's incident was closed: open a new one linked "relates to" the old. */
  | { kind: 'createRelated'; previousIssueKey: string }
  /** Repeat firing: count it in storage only (no Jira call). */
  | { kind: 'count' }
  /** Repeat firing whose status check is due: read the incident's status first, then decide again with it. */
  | { kind: 'checkStatus' }
  /** Repeat firing, the comment interval passed: write the count to the incident's property and comment. */
  | { kind: 'flush' }
  /** The group resolved: comment "alert resolved at …" and record the time as a Service restored candidate. */
  | { kind: 'resolvedNote' }
  /** Nothing to do (a resolved group the app never opened an incident for, or for a closed one). */
  | { kind: 'ignore'; reason: string };

export interface DecisionInput {
  status: 'firing' | 'resolved';
  record: AlertGroupRecord | undefined;
  /** The incident's status category when the caller knows it (after `checkStatus`), else undefined. */
  incidentDone?: boolean;
  now: string;
}

export function decideAlertAction(input: DecisionInput): AlertDecision {
  const { record, now } = input;
  if (record === undefined)
    return input.status === 'firing' ? { kind: 'create' } : { kind: 'ignore', reason: 'a resolved alert for a group with no incident' };
  if (input.incidentDone === true || (input.incidentDone === undefined && record.incidentDone)) {
    return input.status === 'firing'
      ? { kind: 'createRelated', previousIssueKey: record.issueKey }
      : { kind: 'ignore', reason: `${record.issueKey} is already closed` };
  }
  if (input.status === 'resolved') {
    // A resend of the same resolution (no firing since it was noted) adds nothing.
    if (record.resolvedNotedAt !== null && Date.parse(record.resolvedNotedAt) >= Date.parse(record.lastFiringAt))
      return { kind: 'ignore', reason: `the resolution is already noted on ${record.issueKey}` };
    return input.incidentDone === undefined ? { kind: 'checkStatus' } : { kind: 'resolvedNote' };
  }
  const nowMs = Date.parse(now);
  // A group firing again after its resolution was noted starts a new episode: people may have closed the incident meanwhile.
  const refiring = record.resolvedNotedAt !== null && Date.parse(record.resolvedNotedAt) >= Date.parse(record.lastFiringAt);
  if (input.incidentDone === undefined && (refiring || nowMs - Date.parse(record.checkedAt) >= STATUS_CHECK_INTERVAL_MS))
    return { kind: 'checkStatus' };
  // The first repeat after creation waits the interval too: the creation itself told people.
  const lastWrite = record.lastCommentAt ?? record.openedAt;
  if (nowMs - Date.parse(lastWrite) >= COMMENT_INTERVAL_MS) return { kind: 'flush' };
  return { kind: 'count' };
}
