import { metricMinutes, milestoneAt } from '../../incident/incident-metrics';
import { nonBlank } from '../plain-text';
import { siteTimeOf } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';
import { metricValue } from './metrics-section';

export function detectionSection({ source, metrics, milestones }: SectionInput): PostmortemSection {
  const { incident } = source;
  const when = (iso: string) => siteTimeOf(iso, source.siteTimeZone).text;
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Reported', value: [text(`${when(metrics.createdAt)} by ${nonBlank(incident.reporter?.displayName) ?? 'an unknown user'}`)] },
  ];
  const sourceName = nonBlank(incident.detectionSource);
  if (sourceName) rows.push({ label: 'Detection source', value: [text(sourceName)] });
  const toDetect = metricMinutes(metrics.durations, 'timeToDetect');
  rows.push({
    label: 'Time to detect',
    value: [text(toDetect === null ? 'Not known: no Impact started time is recorded' : metricValue(toDetect))],
  });
  const acknowledgedAt = milestoneAt(milestones, 'acknowledged');
  const toAcknowledge = metricMinutes(metrics.durations, 'timeToAcknowledge');
  rows.push({
    label: 'Time to acknowledge',
    value: [
      text(
        toAcknowledge === null || acknowledgedAt === null
          ? 'Not acknowledged'
          : `${metricValue(toAcknowledge)} (acknowledged ${when(acknowledgedAt)})`,
      ),
    ],
  });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (!sourceName)
    blocks.push({ kind: 'prompt', text: 'How was the incident detected (alert, customer report, …)? How could it be detected sooner?' });
  return { id: 'detection', title: 'Detection', level: 2, authorOwned: false, blocks };
}
