import { nonBlank, paragraphsOf } from '../plain-text';
import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

const DESCRIPTION_LIMIT = 4000;

export function summarySection({ source }: SectionInput): PostmortemSection {
  const { incident } = source;
  const blocks: SectionBlock[] = [{ kind: 'paragraph', content: [text(`${incident.key}: `, true), text(nonBlank(incident.summary) ?? 'No summary')] }];
  const description = nonBlank(incident.description);
  if (description) {
    for (const paragraph of paragraphsOf(description, DESCRIPTION_LIMIT)) blocks.push({ kind: 'paragraph', content: [text(paragraph)] });
  }
  const resolution = nonBlank(incident.resolutionSummary);
  if (resolution) blocks.push({ kind: 'paragraph', content: [text('Resolution: ', true), text(paragraphsOf(resolution, DESCRIPTION_LIMIT).join(' '))] });
  if (!description && !resolution) {
    blocks.push({ kind: 'prompt', text: 'In two or three sentences: what happened, who was affected, and how it was fixed.' });
  }
  return { id: 'summary', title: 'Summary', level: 2, authorOwned: false, blocks };
}
