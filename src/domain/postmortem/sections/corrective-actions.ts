import { type PostmortemSection, type SectionInput, text, toneOfCategory } from '../section-content';

export function correctiveActionsSection({ actionItems }: SectionInput): PostmortemSection {
  if (actionItems.length === 0) {
    return {
      id: 'corrective-actions',
      title: 'Corrective actions',
      level: 2,
      authorOwned: false,
      blocks: [{ kind: 'prompt', text: 'No follow-up issues are linked to the incident yet. Link one Jira issue per corrective action, then refresh this page.' }],
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
        header: ['Issue', 'Summary', 'Status', 'Owner', 'Link'],
        rows: actionItems.map((item) => [
          [{ kind: 'link', text: item.key, href: item.url }],
          [text(item.summary ?? 'Not available: the issue is missing or you cannot view it')],
          [item.status ? { kind: 'status', text: item.status, tone: toneOfCategory(item.statusCategoryKey) } : text('Unknown')],
          [text(item.owner ?? 'Unassigned')],
          [text(item.relation)],
        ]),
      },
    ],
  };
}
