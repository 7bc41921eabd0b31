import { nonBlank } from '../plain-text';
import { formatMinutes } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export function detectionSection({ source, metrics }: SectionInput): PostmortemSection {
  const { incident } = source;
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Reported', value: [{ kind: 'date', at: metrics.createdAt }, text(` by ${nonBlank(incident.reporter?.displayName) ?? 'an unknown user'}`)] },
  ];
  const sourceName = nonBlank(incident.detectionSource);
  if (sourceName) rows.push({ label: 'Detection source', value: [text(sourceName)] });
  rows.push({
    label: 'Time to acknowledge',
    value: [text(metrics.timeToAcknowledgeMinutes === null ? 'Not acknowledged' : formatMinutes(metrics.timeToAcknowledgeMinutes))],
  });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (!sourceName) blocks.push({ kind: 'prompt', text: 'How was the incident detected (alert, customer report, …)? How could it be detected sooner?' });
  return { id: 'detection', title: 'Detection', level: 2, authorOwned: false, blocks };
}
