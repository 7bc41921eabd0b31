import { type PostmortemSection, type SectionInput, text } from '../section-content';
import type { TimelineKind } from '../timeline';
import { usableTimeZone } from '../time';

const KIND_LABELS: Record<TimelineKind, string> = {
  created: 'Created',
  status: 'Status',
  priority: 'Priority',
  assignee: 'Assignee',
  field: 'Field',
  comment: 'Comment',
  link: 'Link',
};

export function timelineSection({ source, timeline }: SectionInput): PostmortemSection {
  const zone = usableTimeZone(source.siteTimeZone);
  const header = zone === 'UTC' ? ['Time (UTC)', 'Who', 'What', 'Event'] : ['Time (UTC)', `Time (${zone})`, 'Who', 'What', 'Event'];
  const rows = timeline.map((entry) => {
    const utc = entry.at.slice(0, 16).replace('T', ' ');
    const cells = [[text(utc)], ...(zone === 'UTC' ? [] : [[text(entry.atSiteTime)]]), [text(entry.author ?? 'Unknown user')], [text(entry.text)], [text(KIND_LABELS[entry.kind])]];
    return cells;
  });
  return { id: 'timeline', title: 'Timeline', level: 2, authorOwned: false, blocks: [{ kind: 'table', header, rows }] };
}
