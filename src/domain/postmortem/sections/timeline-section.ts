import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';
import {
  APP_FOLD_WINDOW_MINUTES,
  MERGE_WINDOW_MINUTES,
  milestoneLabel,
  type TimelineEntry,
  type TimelineFolding,
  type TimelineKind,
} from '../timeline';
import { siteTimeOf, usableTimeZone } from '../time';

const KIND_LABELS: Record<TimelineKind, string> = {
  created: 'Created',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  field: 'Field',
  comment: 'Comment',
  link: 'Link',
  update: 'Update',
  milestone: 'Key moment',
};

/**
 * Rows in the page's timeline table, at most: the model keeps every entry, but a table of
 * thousands of rows is unreadable and each row costs about 700 bytes of page body. Status,
 * priority, assignee and link changes are chosen first, then field changes and comments, in time
 * order; when the key events alone are more than the limit, the earliest and the latest half are
 * shown. A line under the table says how many rows were left out.
 */
export const TIMELINE_ROW_LIMIT = 1500;
const ALWAYS_SHOWN: ReadonlySet<TimelineKind> = new Set(['created', 'status', 'priority', 'assignee', 'link', 'update', 'milestone']);

/** Key moments are marked in the Event column, so the table can be scanned for them. */
function eventCell(entry: TimelineEntry): InlinePart[] {
  const moments = (entry.milestones ?? []).map((kind): InlinePart => ({ kind: 'status', text: milestoneLabel(kind), tone: 'purple' }));
  return entry.kind === 'milestone' ? moments : [...moments, ...(moments.length > 0 ? [text(' ')] : []), text(KIND_LABELS[entry.kind])];
}

/** "12 changes folded into the rows above: …": what curation merged or left out, counted. */
export function foldingNote(folding: TimelineFolding): string | null {
  const parts = [
    folding.appEntries > 0
      ? `${folding.appEntries} by the app, folded into the change they followed (within ${APP_FOLD_WINDOW_MINUTES} min)`
      : null,
    folding.mergedChanges > 0
      ? `${folding.mergedChanges} repeated ${folding.mergedChanges === 1 ? 'change' : 'changes'} of one field by one person within ` +
        `${MERGE_WINDOW_MINUTES} min, merged into one row`
      : null,
    folding.hiddenChanges > 0
      ? `${folding.hiddenChanges} ranking, time-tracking or page-link ${folding.hiddenChanges === 1 ? 'change' : 'changes'} not shown`
      : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  const total = folding.appEntries + folding.mergedChanges + folding.hiddenChanges;
  return `${total} minor ${total === 1 ? 'change' : 'changes'} folded: ${parts.join('; ')}.`;
}

export function timelineSection({ source, timeline, timelineFolding, issueUrl }: SectionInput): PostmortemSection {
  const zone = usableTimeZone(source.siteTimeZone);
  const shown = rowsToShow(timeline, TIMELINE_ROW_LIMIT);
  // One zone for every reader: the site's default, with UTC beside it (the UTC date only when it differs).
  const header = zone === 'UTC' ? ['Time (UTC)', 'Who', 'What', 'Event'] : [`Time (${zone})`, 'UTC', 'Who', 'What', 'Event'];
  const rows = shown.map((entry) => {
    const time = siteTimeOf(entry.at, zone);
    const utc = time.utc.slice(0, 10) === time.site.slice(0, 10) ? time.utc.slice(11) : time.utc;
    const who = entry.kind === 'milestone' ? '' : (entry.author ?? 'Unknown user');
    return [[text(time.site)], ...(zone === 'UTC' ? [] : [[text(utc)]]), who ? [text(who)] : [], [text(entry.text)], eventCell(entry)];
  });
  const blocks: SectionBlock[] = [{ kind: 'table', header, rows }];
  const folded = timelineFolding ? foldingNote(timelineFolding) : null;
  if (folded) blocks.push({ kind: 'paragraph', content: [text(folded)] });
  const left = timeline.length - shown.length;
  if (left > 0) {
    const shownSet = new Set(shown);
    const leftKeyEvents = timeline.filter((entry) => !shownSet.has(entry) && ALWAYS_SHOWN.has(entry.kind)).length;
    const what =
      leftKeyEvents === 0
        ? 'field changes and comments'
        : leftKeyEvents === left
          ? 'status, priority, assignee and link changes'
          : `${leftKeyEvents} status, priority, assignee and link changes, ${left - leftKeyEvents} field changes and comments`;
    blocks.push({
      kind: 'paragraph',
      content: [
        text(
          `${left} more ${left === 1 ? 'row' : 'rows'} omitted (${what}): the table lists at most ${TIMELINE_ROW_LIMIT}. The full ` +
            `history is in `,
        ),
        { kind: 'link', text: source.incident.key, href: issueUrl(source.incident.key) },
        text(' in Jira.'),
      ],
    });
  }
  const restricted = source.restrictedCommentsOmitted ?? 0;
  if (restricted > 0) {
    blocks.push({
      kind: 'paragraph',
      content: [
        text(
          `${restricted} restricted ${restricted === 1 ? 'comment was' : 'comments were'} left out: Jira shows ` +
            `${restricted === 1 ? 'it' : 'them'} only to some people, and this page is read by everyone in the space.`,
        ),
      ],
    });
  }
  return { id: 'timeline', title: 'Timeline', level: 2, authorOwned: false, blocks };
}

function rowsToShow(timeline: readonly TimelineEntry[], limit: number): TimelineEntry[] {
  if (timeline.length <= limit) return [...timeline];
  const keyEvents = timeline.filter((entry) => ALWAYS_SHOWN.has(entry.kind));
  const chosen = new Set<TimelineEntry>();
  if (keyEvents.length > limit) {
    const head = Math.ceil(limit / 2);
    for (const entry of [...keyEvents.slice(0, head), ...keyEvents.slice(keyEvents.length - (limit - head))]) chosen.add(entry);
  } else {
    for (const entry of keyEvents) chosen.add(entry);
    let budget = limit - keyEvents.length;
    for (const entry of timeline) {
      if (budget === 0) break;
      if (!chosen.has(entry)) {
        chosen.add(entry);
        budget -= 1;
      }
    }
  }
  return timeline.filter((entry) => chosen.has(entry));
}
