import type { ChangelogItem, PersonRef, PostmortemSource } from './postmortem-source';
import { oneLine, truncate } from './plain-text';
import { chronological, isStatusItem } from './status-history';
import { epochMillis, formatInZone, toUtcIso, usableTimeZone } from './time';

export const TIMELINE_KINDS = ['created', 'status', 'priority', 'assignee', 'field', 'comment', 'link', 'update'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** ISO-8601 UTC. */
  at: string;
  /** The same instant in the site's time zone, e.g. `2026-11-26 11:15 Europe/Berlin`. */
  atSiteTime: string;
  kind: TimelineKind;
  /** Display name; null when Jira no longer knows the person (deleted user, automation). */
  author: string | null;
  authorAccountId: string | null;
  text: string;
}

/** Long comments are cut in the timeline; the full text stays in Jira. */
export const TIMELINE_TEXT_LIMIT = 500;
const FIELD_VALUE_LIMIT = 120;

/**
 * Changelog fields that say nothing about the response: board ranking, time tracking, and the
 * remote link this app adds when it creates the postmortem page.
 */
const IGNORED_FIELDS = new Set(['rank', 'remoteissuelink', 'worklogid', 'timespent', 'timeestimate', 'timeoriginalestimate', 'workflow', 'attachment']);

/** Rich-text fields whose values are too long for a timeline line; their change is noted without the text. */
const LONG_TEXT_FIELDS = new Set(['description', 'environment', 'initial diagnosis', 'resolution summary', 'root cause']);

export function buildTimeline(source: PostmortemSource): TimelineEntry[] {
  const zone = usableTimeZone(source.siteTimeZone);
  const rows: { millis: number; order: number; entry: TimelineEntry }[] = [];
  const push = (at: string | null, kind: TimelineKind, author: PersonRef | null, text: string) => {
    const iso = toUtcIso(at);
    if (iso === null) return;
    rows.push({
      millis: epochMillis(iso) ?? 0,
      order: rows.length,
      entry: { at: iso, atSiteTime: formatInZone(iso, zone), kind, author: author ? oneLine(author.displayName) || null : null, authorAccountId: author?.accountId ?? null, text },
    });
  };

  const { incident } = source;
  push(incident.reportedAt, 'created', incident.reporter, truncate(`Incident ${incident.key} reported: ${oneLine(incident.summary)}`, TIMELINE_TEXT_LIMIT));
  for (const entry of chronological(source.changelog)) {
    for (const item of entry.items) {
      const described = describeItem(item);
      if (described) push(entry.created, described.kind, entry.author, described.text);
    }
  }
  const updateByComment = new Map((source.communication?.updates ?? []).flatMap((update) => (update.commentId === null ? [] : [[update.commentId, update] as const])));
  for (const comment of source.comments) {
    const body = oneLine(comment.body);
    const update = updateByComment.get(comment.id);
    // A stakeholder update's comment begins with its own heading line; the timeline names it once.
    if (update) {
      push(comment.created, 'update', comment.author, truncate(`Stakeholder update (${update.state}, ${update.audience}): ${body.replace(/^Stakeholder update: \S+ \([^)]*\)\s*/, '')}`, TIMELINE_TEXT_LIMIT));
      continue;
    }
    push(comment.created, 'comment', comment.author, body.length > 0 ? `Commented: ${truncate(body, TIMELINE_TEXT_LIMIT)}` : 'Commented (no text)');
  }
  return rows.sort((a, b) => a.millis - b.millis || a.order - b.order).map((row) => row.entry);
}

function describeItem(item: ChangelogItem): { kind: TimelineKind; text: string } | null {
  const field = oneLine(item.field) || oneLine(item.fieldId ?? '') || 'Unknown field';
  const lower = field.toLowerCase();
  const from = value(item.fromString);
  const to = value(item.toString);
  if (isStatusItem(item.field, item.fieldId)) return { kind: 'status', text: `Status: ${from ?? 'none'} → ${to ?? 'none'}` };
  if (item.fieldId === 'priority' || lower === 'priority') return { kind: 'priority', text: `Priority: ${from ?? 'none'} → ${to ?? 'none'}` };
  if (item.fieldId === 'assignee' || lower === 'assignee') {
    return { kind: 'assignee', text: to === null ? `Unassigned${from ? ` (was ${from})` : ''}` : `Assigned to ${to}${from ? ` (was ${from})` : ''}` };
  }
  if (lower === 'link' || item.fieldId === 'issuelinks') {
    // Jira logs links as "This issue is caused by INC-7" in toString (added) or fromString (removed).
    return to !== null ? { kind: 'link', text: `Link added: ${to}` } : { kind: 'link', text: `Link removed: ${from ?? 'unknown issue'}` };
  }
  if (IGNORED_FIELDS.has(lower) || IGNORED_FIELDS.has((item.fieldId ?? '').toLowerCase())) return null;
  if (LONG_TEXT_FIELDS.has(lower)) return { kind: 'field', text: `${field} updated` };
  if (from === null && to === null) return { kind: 'field', text: `${field} changed` };
  if (from === null) return { kind: 'field', text: `${field} set to ${to}` };
  if (to === null) return { kind: 'field', text: `${field} cleared (was ${from})` };
  return { kind: 'field', text: `${field}: ${from} → ${to}` };
}

/**
 * Jira writes a cascading select's change as `Parent values: Network(10202)Level 1 values: DNS(10210)`;
 * a reader wants `Network / DNS`.
 */
const CASCADING_CHANGE = /^Parent values: (.*?)\(\d+\)(?:Level 1 values: (.*?)\(\d+\))?$/;

function value(raw: string | null): string | null {
  if (raw === null) return null;
  const cascading = CASCADING_CHANGE.exec(oneLine(raw));
  const line = cascading ? [cascading[1], cascading[2]].filter((part) => part !== undefined && part !== '').join(' / ') : oneLine(raw);
  return line.length > 0 ? truncate(line, FIELD_VALUE_LIMIT) : null;
}
