import { type Milestone, MILESTONE_DEFINITIONS, type MilestoneKind } from '../incident/incident-metrics';
import { milestonesOf } from './metrics';
import type { ChangelogItem, PersonRef, PostmortemSource } from './postmortem-source';
import { isAppAccount } from './postmortem-source';
import { oneLine, truncate } from './plain-text';
import { chronological, isStatusItem } from './status-history';
import { epochMillis, formatInZone, siteTimeOf, toUtcIso, usableTimeZone } from './time';

/** Kinds of timeline rows; new sources of rows add their own kind here. */
export const TIMELINE_KINDS = ['created', 'status', 'priority', 'assignee', 'field', 'comment', 'link', 'update', 'milestone'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineEntry {
  /** ISO-8601 UTC. */
  at: string;
  /** The same instant in the site's default time zone, e.g. `2026-11-26 11:15 Europe/Berlin`. */
  atSiteTime: string;
  kind: TimelineKind;
  /** Display name; null when Jira no longer knows the person (deleted user, automation), and for key-moment rows. */
  author: string | null;
  authorAccountId: string | null;
  text: string;
  /** Key moments (incident-metrics.ts) that happened at this row. */
  milestones?: MilestoneKind[];
  /** Changes folded into this row besides its own: the app's entries it explains, repeated changes of the same field. */
  folded?: number;
}

/** What the curated timeline folded or left out, so the page can say so: nothing disappears without a count. */
export interface TimelineFolding {
  /** Entries by the app (its priority writes and their comments) folded into the change they followed. */
  appEntries: number;
  /** Changes of one field by one person merged into the row of their first change. */
  mergedChanges: number;
  /** Changes that say nothing about the response (board ranking, time tracking, the page's remote link), not shown. */
  hiddenChanges: number;
}

/** Long comments are cut in the timeline; the full text stays in Jira. */
export const TIMELINE_TEXT_LIMIT = 500;
const FIELD_VALUE_LIMIT = 120;
/** An app entry this soon after a person's change is taken as the app's reaction to it. */
export const APP_FOLD_WINDOW_MINUTES = 5;
/** Consecutive changes of one field by one person within this time of the first are one decision. */
export const MERGE_WINDOW_MINUTES = 5;

/**
 * Changelog fields that say nothing about the response: board ranking, time tracking, and the
 * remote link this app adds when it creates the postmortem page.
 */
const IGNORED_FIELDS = new Set([
  'rank',
  'remoteissuelink',
  'worklogid',
  'timespent',
  'timeestimate',
  'timeoriginalestimate',
  'workflow',
  'attachment',
]);

/** Rich-text fields too long for a timeline line; their change is noted without the text. */
const LONG_TEXT_FIELDS = new Set(['description', 'environment']);
/** Text fields a reviewer wants to read in the timeline: what was found, done and concluded (cut at TIMELINE_TEXT_LIMIT). */
const FINDING_FIELDS = new Set(['initial diagnosis', 'resolution summary', 'root cause']);

/** A timestamp as Jira writes datetime field values in the changelog (`2026-11-17T14:14:00.000+0000`). */
const TIMESTAMP_VALUE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

interface RawRow {
  millis: number;
  lastMillis: number;
  order: number;
  kind: TimelineKind;
  author: PersonRef | null;
  /** What a repeated change must share to merge: the field (or kind) it changes. */
  mergeKey: string | null;
  /** For merging "a → b" then "b → c" into "a → b → c". */
  label: string | null;
  chain: string[];
  text: string;
  appNotes: string[];
  folded: number;
  milestones: MilestoneKind[];
  /** The fields of one edit combined into this row. */
  combined: string[];
}

export function buildTimeline(source: PostmortemSource): TimelineEntry[] {
  return curatedTimeline(source).entries;
}

/**
 * The timeline a reviewer reads: creation, every change and every shareable comment, in time
 * order, with the app's own entries folded into the change they explain, consecutive changes of
 * one field by one person within a few minutes merged into one row, values in words, and the key
 * moments marked (on the row where they happened, or as a row of their own).
 */
export function curatedTimeline(source: PostmortemSource): { entries: TimelineEntry[]; folding: TimelineFolding } {
  const zone = usableTimeZone(source.siteTimeZone);
  const folding: TimelineFolding = { appEntries: 0, mergedChanges: 0, hiddenChanges: 0 };
  const raw: RawRow[] = [];
  const push = (
    at: string | null,
    kind: TimelineKind,
    author: PersonRef | null,
    text: string,
    merge: { key: string; label: string; from: string; to: string } | null = null,
  ) => {
    const millis = epochMillis(at);
    if (millis === null) return;
    raw.push({
      millis,
      lastMillis: millis,
      order: raw.length,
      kind,
      author,
      mergeKey: merge?.key ?? null,
      label: merge?.label ?? null,
      chain: merge ? [merge.from, merge.to] : [],
      text,
      appNotes: [],
      folded: 0,
      milestones: [],
      combined: merge ? [merge.key] : [],
    });
  };

  const { incident } = source;
  push(
    incident.reportedAt,
    'created',
    incident.reporter,
    truncate(`Incident ${incident.key} reported: ${oneLine(incident.summary)}`, TIMELINE_TEXT_LIMIT),
  );
  for (const entry of chronological(source.changelog)) {
    const hasStatus = entry.items.some((item) => isStatusItem(item.field, item.fieldId));
    const rowsBefore = raw.length;
    for (const item of entry.items) {
      // Jira logs the resolution beside the status change that set it: one decision, one row.
      if (hasStatus && isResolutionItem(item)) continue;
      const described = describeItem(item, zone);
      if (described === null) folding.hiddenChanges += 1;
      else push(entry.created, described.kind, entry.author, described.text, described.merge);
    }
    const resolution = hasStatus ? entry.items.find(isResolutionItem) : undefined;
    const statusRow = raw.slice(rowsBefore).find((row) => row.kind === 'status');
    if (resolution && statusRow)
      statusRow.text += resolution.toString ? ` (resolution: ${oneLine(resolution.toString)})` : ' (resolution cleared)';
  }
  const updateByComment = new Map(
    (source.communication?.updates ?? []).flatMap((update) => (update.commentId === null ? [] : [[update.commentId, update] as const])),
  );
  for (const comment of source.comments) {
    const body = oneLine(comment.body);
    const update = updateByComment.get(comment.id);
    // A stakeholder update's comment begins with its own heading line; the timeline names it once.
    if (update) {
      push(
        comment.created,
        'update',
        comment.author,
        truncate(
          `Stakeholder update (${update.state}, ${update.audience}): ${body.replace(/^Stakeholder update: \S+ \([^)]*\)\s*/, '')}`,
          TIMELINE_TEXT_LIMIT,
        ),
      );
      continue;
    }
    push(
      comment.created,
      'comment',
      comment.author,
      body.length > 0 ? `Commented: ${truncate(body, TIMELINE_TEXT_LIMIT)}` : 'Commented (no text)',
    );
  }
  raw.sort((a, b) => a.millis - b.millis || a.order - b.order);

  const kept = mergeRepeats(foldAppEntries(raw, folding), folding);
  const withMoments = markMilestones(kept, milestonesOf(source));
  return { entries: withMoments.map((row) => entryOf(row, zone)), folding };
}

/** Every value of a short run; the first and the last three of a long one (the count follows in the row). */
function chainText(chain: readonly string[]): string {
  const shown = chain.length <= 6 ? chain : [chain[0]!, '…', ...chain.slice(-3)];
  return truncate(shown.join(' → '), TIMELINE_TEXT_LIMIT);
}

function foldAppEntries(rows: readonly RawRow[], folding: TimelineFolding): RawRow[] {
  const kept: RawRow[] = [];
  for (const row of rows) {
    if (isAppAccount(row.author)) {
      const target = [...kept].reverse().find((candidate) => !isAppAccount(candidate.author));
      if (target && row.millis - target.millis <= APP_FOLD_WINDOW_MINUTES * 60_000) {
        target.appNotes.push(row.kind === 'comment' ? 'explained it in a comment' : row.text);
        target.folded += 1;
        folding.appEntries += 1;
        continue;
      }
    }
    kept.push(row);
  }
  return kept;
}

function mergeRepeats(rows: readonly RawRow[], folding: TimelineFolding): RawRow[] {
  const kept: RawRow[] = [];
  for (const row of rows) {
    const previous = kept[kept.length - 1];
    const sameChange =
      previous !== undefined &&
      row.mergeKey !== null &&
      previous.mergeKey === row.mergeKey &&
      previous.author !== null &&
      row.author?.accountId === previous.author.accountId &&
      !isAppAccount(row.author) &&
      row.appNotes.length === 0 &&
      row.millis - previous.millis <= MERGE_WINDOW_MINUTES * 60_000;
    // One person's edit of several fields at once (a triage form) reads as one row; every value stays in its text.
    const sameEdit =
      previous !== undefined &&
      previous.kind === 'field' &&
      row.kind === 'field' &&
      previous.author !== null &&
      row.author?.accountId === previous.author.accountId &&
      row.mergeKey !== null &&
      // Findings (diagnosis, root cause) keep a row of their own: they are read, not scanned.
      previous.combined.length > 0 &&
      previous.mergeKey !== row.mergeKey &&
      !previous.combined.includes(row.mergeKey) &&
      previous.chain.length <= 2 &&
      row.appNotes.length === 0 &&
      previous.appNotes.length === 0 &&
      row.millis - previous.millis <= 60_000;
    if (previous && sameEdit) {
      previous.text = `${previous.text}; ${row.text}`;
      previous.mergeKey = null;
      previous.combined.push(row.mergeKey ?? '');
      previous.lastMillis = row.millis;
      continue;
    }
    if (previous && sameChange) {
      previous.chain.push(row.chain[row.chain.length - 1] ?? 'none');
      previous.text = `${previous.label}: ${chainText(previous.chain)}`;
      previous.lastMillis = row.millis;
      previous.folded += 1;
      folding.mergedChanges += 1;
      continue;
    }
    kept.push(row);
  }
  return kept;
}

/** Row kinds that are the evidence of a key moment when they happen at its instant. */
const EVIDENCE: Record<MilestoneKind, TimelineKind | null> = {
  impactStarted: null,
  detected: 'created',
  reported: 'created',
  acknowledged: 'status',
  mitigated: null,
  resolved: 'status',
  closed: 'status',
};

const MOMENT_TEXT: Record<MilestoneKind, string> = {
  impactStarted: 'Impact started (the Impact started field)',
  detected: 'Detected',
  reported: 'Reported',
  acknowledged: 'Acknowledged',
  mitigated: 'Service restored (the Service restored field)',
  resolved: 'Resolved (Jira’s resolution date)',
  closed: 'Closed',
};

function markMilestones(rows: readonly RawRow[], milestones: readonly Milestone[]): RawRow[] {
  const out = [...rows];
  for (const milestone of milestones) {
    const millis = epochMillis(milestone.at);
    if (millis === null) continue;
    const evidence = EVIDENCE[milestone.kind];
    const row =
      evidence === null
        ? undefined
        : out.find((candidate) => candidate.kind === evidence && candidate.millis <= millis && millis <= candidate.lastMillis);
    if (row) {
      row.milestones.push(milestone.kind);
      continue;
    }
    const existing = out.find((candidate) => candidate.kind === 'milestone' && candidate.millis === millis);
    if (existing) {
      existing.milestones.push(milestone.kind);
      existing.text = `${existing.text}; ${MOMENT_TEXT[milestone.kind]}`;
      continue;
    }
    // A key moment with no row of its own (a time typed into a field) sorts before the rows at its instant.
    out.push({
      millis,
      lastMillis: millis,
      order: -1,
      kind: 'milestone',
      author: null,
      mergeKey: null,
      label: null,
      chain: [],
      text: MOMENT_TEXT[milestone.kind],
      appNotes: [],
      folded: 0,
      milestones: [milestone.kind],
      combined: [],
    });
  }
  return out.sort((a, b) => a.millis - b.millis || (a.kind === 'milestone' ? -1 : 0) - (b.kind === 'milestone' ? -1 : 0));
}

function entryOf(row: RawRow, zone: string): TimelineEntry {
  const at = new Date(row.millis).toISOString();
  const text =
    row.appNotes.length > 0 ? truncate(`${row.text} (then the app: ${row.appNotes.join('; ')})`, TIMELINE_TEXT_LIMIT * 2) : row.text;
  const minutes = Math.round((row.lastMillis - row.millis) / 60_000);
  const span =
    row.mergeKey !== null && row.chain.length > 2 ? ` (${row.chain.length - 1} changes${minutes > 0 ? ` within ${minutes} min` : ''})` : '';
  return {
    at,
    atSiteTime: formatInZone(at, zone),
    kind: row.kind,
    author: row.author ? oneLine(row.author.displayName) || null : null,
    authorAccountId: row.author?.accountId ?? null,
    text: `${text}${span}`,
    ...(row.milestones.length > 0 ? { milestones: [...row.milestones] } : {}),
    ...(row.folded > 0 ? { folded: row.folded } : {}),
  };
}

export function milestoneLabel(kind: MilestoneKind): string {
  return MILESTONE_DEFINITIONS[kind].label;
}

function isResolutionItem(item: ChangelogItem): boolean {
  return item.fieldId === 'resolution' || item.field.toLowerCase() === 'resolution';
}

interface DescribedItem {
  kind: TimelineKind;
  text: string;
  merge: { key: string; label: string; from: string; to: string } | null;
}

function describeItem(item: ChangelogItem, zone: string): DescribedItem | null {
  const field = oneLine(item.field) || oneLine(item.fieldId ?? '') || 'Unknown field';
  const lower = field.toLowerCase();
  const from = value(timestampOnly(item.from), zone) ?? value(item.fromString, zone);
  const to = value(timestampOnly(item.to), zone) ?? value(item.toString, zone);
  const chain = (key: string, label: string) => ({ key, label, from: from ?? 'none', to: to ?? 'none' });
  if (isStatusItem(item.field, item.fieldId))
    return { kind: 'status', text: `Status: ${from ?? 'none'} → ${to ?? 'none'}`, merge: chain('status', 'Status') };
  if (item.fieldId === 'priority' || lower === 'priority')
    return { kind: 'priority', text: `Priority: ${from ?? 'none'} → ${to ?? 'none'}`, merge: chain('priority', 'Priority') };
  if (item.fieldId === 'assignee' || lower === 'assignee') {
    return {
      kind: 'assignee',
      text: to === null ? `Unassigned${from ? ` (was ${from})` : ''}` : `Assigned to ${to}${from ? ` (was ${from})` : ''}`,
      merge: chain('assignee', 'Assignee'),
    };
  }
  if (lower === 'link' || item.fieldId === 'issuelinks') {
    // Jira logs links as "This issue is caused by INC-7" in toString (added) or fromString (removed).
    return to !== null
      ? { kind: 'link', text: `Link added: ${to}`, merge: null }
      : { kind: 'link', text: `Link removed: ${from ?? 'unknown issue'}`, merge: null };
  }
  if (IGNORED_FIELDS.has(lower) || IGNORED_FIELDS.has((item.fieldId ?? '').toLowerCase())) return null;
  if (LONG_TEXT_FIELDS.has(lower)) return { kind: 'field', text: `${field} updated`, merge: null };
  if (FINDING_FIELDS.has(lower)) {
    const finding = item.toString === null ? null : oneLine(item.toString);
    return { kind: 'field', text: finding ? `${field}: ${truncate(finding, TIMELINE_TEXT_LIMIT)}` : `${field} cleared`, merge: null };
  }
  const merge = chain(`field:${lower}`, field);
  if (from === null && to === null) return { kind: 'field', text: `${field} changed`, merge: null };
  if (from === null) return { kind: 'field', text: `${field} set to ${to}`, merge };
  if (to === null) return { kind: 'field', text: `${field} cleared (was ${from})`, merge };
  return { kind: 'field', text: `${field}: ${from} → ${to}`, merge };
}

/** Jira puts a datetime field's value in `to`/`from`; other fields put ids there, which mean nothing to a reader. */
function timestampOnly(raw: string | null): string | null {
  return raw !== null && TIMESTAMP_VALUE.test(raw.trim()) ? raw : null;
}

/**
 * Jira writes a cascading select's change as `Parent values: Network(10202)Level 1 values: DNS(10210)`;
 * a reader wants `Network / DNS`.
 */
const CASCADING_CHANGE = /^Parent values: (.*?)\(\d+\)(?:Level 1 values: (.*?)\(\d+\))?$/;

function value(raw: string | null, zone: string): string | null {
  if (raw === null) return null;
  const line = oneLine(raw);
  // A datetime field's value: in the site's zone with UTC beside it, like every time on the page.
  if (TIMESTAMP_VALUE.test(line) && toUtcIso(line) !== null) return siteTimeOf(line, zone).text;
  const cascading = CASCADING_CHANGE.exec(line);
  const text = cascading ? [cascading[1], cascading[2]].filter((part) => part !== undefined && part !== '').join(' / ') : line;
  return text.length > 0 ? truncate(text, FIELD_VALUE_LIMIT) : null;
}
