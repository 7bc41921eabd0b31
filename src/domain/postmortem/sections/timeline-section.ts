import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';
import type { TimelineEntry, TimelineKind } from '../timeline';
import { usableTimeZone } from '../time';

const KIND_LABELS: Record<TimelineKind, string> = {
  created: 'Created',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  field: 'Field',
  comment: 'Comment',
  link: 'Link',
  update: 'Update',
};

/**
 * Rows in the page's timeline table, at most: the model keeps every entry, but a table of
 * thousands of rows is unreadable and each row costs about 700 bytes of page body. Status,
 * priority, assignee and link changes are chosen first, then field changes and comments, in time
 * order; when the key events alone are more than the limit, the earliest and the latest half are
 * shown. A line under the table says how many rows were left out.
 */
export const TIMELINE_ROW_LIMIT = 1500;
const ALWAYS_SHOWN: ReadonlySet<TimelineKind> = new Set(['created', 'status', 'priority', 'assignee', 'link', 'update']);

export function timelineSection({ source, timeline, issueUrl }: SectionInput): PostmortemSection {
  const zone = usableTimeZone(source.siteTimeZone);
  const shown = rowsToShow(timeline, TIMELINE_ROW_LIMIT);
  const header = zone === 'UTC' ? ['Time (UTC)', 'Who', 'What', 'Event'] : ['Time (UTC)', `Time (${zone})`, 'Who', 'What', 'Event'];
  const rows = shown.map((entry) => {
    const utc = entry.at.slice(0, 16).replace('T', ' ');
    return [[text(utc)], ...(zone === 'UTC' ? [] : [[text(entry.atSiteTime)]]), [text(entry.author ?? 'Unknown user')], [text(entry.text)], [text(KIND_LABELS[entry.kind])]];
  });
  const blocks: SectionBlock[] = [{ kind: 'table', header, rows }];
  const left = timeline.length - shown.length;
  if (left > 0) {
    const shownSet = new Set(shown);
    const leftKeyEvents = timeline.filter((entry) => !shownSet.has(entry) && ALWAYS_SHOWN.has(entry.kind)).length;
    const what = leftKeyEvents === 0 ? 'field changes and comments' : leftKeyEvents === left ? 'status, priority, assignee and link changes' : `${leftKeyEvents} status, priority, assignee and link changes, ${left - leftKeyEvents} field changes and comments`;
    blocks.push({
      kind: 'paragraph',
      content: [
        text(`${left} more ${left === 1 ? 'row' : 'rows'} omitted (${what}): the table lists at most ${TIMELINE_ROW_LIMIT}. The full history is in `),
        { kind: 'link', text: source.incident.key, href: issueUrl(source.incident.key) },
        text(' in Jira.'),
      ],
    });
  }
  const restricted = source.restrictedCommentsOmitted ?? 0;
  if (restricted > 0) {
    blocks.push({
      kind: 'paragraph',
      content: [text(`${restricted} restricted ${restricted === 1 ? 'comment was' : 'comments were'} left out: Jira shows ${restricted === 1 ? 'it' : 'them'} only to some people, and this page is read by everyone in the space.`)],
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
