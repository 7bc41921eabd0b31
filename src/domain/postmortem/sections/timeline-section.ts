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
 * Rows in the page's timeline table. The model keeps every entry; the page stops here because a
 * table of thousands of rows is unreadable and each row costs about 700 bytes of page body.
 * Status, priority, assignee and link changes are always shown; field changes and comments fill
 * the rest in time order.
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
    blocks.push({
      kind: 'paragraph',
      content: [text(`${left} more field changes and comments are not listed here; see `), { kind: 'link', text: source.incident.key, href: issueUrl(source.incident.key) }, text(' in Jira.')],
    });
  }
  return { id: 'timeline', title: 'Timeline', level: 2, authorOwned: false, blocks };
}

function rowsToShow(timeline: readonly TimelineEntry[], limit: number): TimelineEntry[] {
  if (timeline.length <= limit) return [...timeline];
  const keyEvents = timeline.filter((entry) => ALWAYS_SHOWN.has(entry.kind)).length;
  let budget = Math.max(0, limit - keyEvents);
  return timeline.filter((entry) => {
    if (ALWAYS_SHOWN.has(entry.kind)) return true;
    if (budget === 0) return false;
    budget -= 1;
    return true;
  });
}
