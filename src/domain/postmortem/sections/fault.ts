import { nonBlank, paragraphsOf } from '../plain-text';
import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export function faultSection({ source }: SectionInput): PostmortemSection {
  const { incident } = source;
  const blocks: SectionBlock[] = [];
  const category = nonBlank(incident.category);
  if (category) {
    const subcategory = nonBlank(incident.subcategory);
    blocks.push({ kind: 'paragraph', content: [text('Category: ', true), text(subcategory ? `${category} / ${subcategory}` : category)] });
  }
  const diagnosis = nonBlank(incident.initialDiagnosis);
  if (diagnosis)
    blocks.push({ kind: 'paragraph', content: [text('Initial diagnosis: ', true), text(paragraphsOf(diagnosis, 4000).join(' '))] });
  if (blocks.length === 0)
    blocks.push({ kind: 'prompt', text: 'Describe what failed and how it failed: the component, the error, the conditions.' });
  return { id: 'fault', title: 'Fault', level: 2, authorOwned: false, blocks };
}
