import { nonBlank, paragraphsOf } from '../plain-text';
import { formatMinutes, toUtcIso } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export function recoverySection({ source, metrics }: SectionInput): PostmortemSection {
  const { incident } = source;
  const rows: { label: string; value: InlinePart[] }[] = [];
  const restoredAt = toUtcIso(incident.serviceRestoredAt);
  if (restoredAt) rows.push({ label: 'Service restored', value: [{ kind: 'date', at: restoredAt }] });
  rows.push({ label: 'Resolved', value: metrics.resolvedAt ? [{ kind: 'date', at: metrics.resolvedAt }] : [{ kind: 'status', text: 'Unresolved', tone: 'yellow' }] });
  rows.push({ label: 'Time to resolve', value: [text(metrics.timeToResolveMinutes === null ? 'Not resolved' : formatMinutes(metrics.timeToResolveMinutes))] });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  const resolution = nonBlank(incident.resolutionSummary);
  if (resolution) {
    for (const paragraph of paragraphsOf(resolution, 4000)) blocks.push({ kind: 'paragraph', content: [text(paragraph)] });
  } else {
    blocks.push({ kind: 'prompt', text: 'How was service restored? Which steps worked, which did not?' });
  }
  return { id: 'recovery', title: 'Recovery', level: 2, authorOwned: false, blocks };
}
