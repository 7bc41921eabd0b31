import { metricMinutes, milestoneAt } from '../../incident/incident-metrics';
import { nonBlank, paragraphsOf } from '../plain-text';
import { siteTimeOf } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';
import { metricValue } from './metrics-section';

export function recoverySection({ source, metrics, milestones }: SectionInput): PostmortemSection {
  const { incident } = source;
  const when = (iso: string) => siteTimeOf(iso, source.siteTimeZone).text;
  const rows: { label: string; value: InlinePart[] }[] = [];
  const restoredAt = milestoneAt(milestones, 'mitigated');
  rows.push({
    label: 'Service restored',
    value: [text(restoredAt ? when(restoredAt) : 'Not recorded (the Service restored field is empty)')],
  });
  const toMitigate = metricMinutes(metrics.durations, 'timeToMitigate');
  if (toMitigate !== null) rows.push({ label: 'Time to mitigate', value: [text(metricValue(toMitigate))] });
  rows.push({
    label: 'Resolved',
    value: metrics.resolvedAt ? [text(when(metrics.resolvedAt))] : [{ kind: 'status', text: 'Unresolved', tone: 'yellow' }],
  });
  rows.push({
    label: 'Time to resolve',
    value: [text(metrics.timeToResolveMinutes === null ? 'Not resolved' : metricValue(metrics.timeToResolveMinutes))],
  });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  const resolution = nonBlank(incident.resolutionSummary);
  if (resolution) {
    for (const paragraph of paragraphsOf(resolution, 4000)) blocks.push({ kind: 'paragraph', content: [text(paragraph)] });
  } else {
    blocks.push({ kind: 'prompt', text: 'How was service restored? Which steps worked, which did not?' });
  }
  return { id: 'recovery', title: 'Recovery', level: 2, authorOwned: false, blocks };
}
