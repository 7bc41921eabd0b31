import { type PostmortemSection, type SectionInput, text, toneOfCategory } from '../section-content';

export function correctiveActionsSection({ actionItems }: SectionInput): PostmortemSection {
  if (actionItems.length === 0) {
    return {
      id: 'corrective-actions',
      title: 'Corrective actions',
      level: 2,
      authorOwned: false,
      blocks: [
        {
          kind: 'prompt',
          text:
            'No follow-up issues are linked to the incident yet. Use “Add action item” in the postmortem macro (or link one Jira ' +
            'issue per corrective action), then refresh this page.',
        },
      ],
    };
  }
  return {
    id: 'corrective-actions',
    title: 'Corrective actions',
    level: 2,
    authorOwned: false,
    blocks: [
      {
        kind: 'table',
        header: ['Issue', 'Summary', 'Owner', 'Due date', 'Status', 'Overdue', 'Link'],
        rows: actionItems.map((item) => [
          [{ kind: 'link', text: item.key, href: item.url }],
          [text(item.summary ?? 'Not available: the issue is missing or you cannot view it')],
          [text(item.owner ?? 'No owner')],
          // A calendar date as Jira stores it: it has no time or zone to convert.
          [text(item.dueDate ?? 'No due date')],
          [item.status ? { kind: 'status', text: item.status, tone: toneOfCategory(item.statusCategoryKey) } : text('Unknown')],
          [item.overdue ? { kind: 'status', text: 'Overdue', tone: 'red' } : text(item.dueDate === null ? '-' : 'No')],
          [text(item.relation)],
        ]),
      },
    ],
  };
}
