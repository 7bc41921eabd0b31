import { type IncidentMetric, metricMinutes } from '../../incident/incident-metrics';
import { nonBlank, paragraphsOf } from '../plain-text';
import { formatMinutes } from '../time';
import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

const DESCRIPTION_LIMIT = 4000;

/**
 * The generated sentence of numbers, taken from the metrics (never from the summary or the
 * description, which are the authors' words): the page states one number per thing.
 */
export function metricsSentence(durations: readonly IncidentMetric[]): string | null {
  const minutes = (kind: IncidentMetric['kind']) => {
    const value = metricMinutes(durations, kind);
    return value === null ? null : formatMinutes(value);
  };
  const impact = minutes('impactDuration');
  const parts = [
    impact === null ? null : `impact lasted ${impact}`,
    minutes('timeToDetect') === null ? null : `detected ${minutes('timeToDetect')} after impact started`,
    minutes('timeToMitigate') === null ? null : `service restored ${minutes('timeToMitigate')} after impact started`,
    minutes('timeToAcknowledge') === null ? null : `acknowledged ${minutes('timeToAcknowledge')} after it was reported`,
    minutes('timeToResolve') === null ? null : `resolved ${minutes('timeToResolve')} after it was reported`,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return null;
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} (see Metrics for the definitions).`;
}

export function summarySection({ source, metrics }: SectionInput): PostmortemSection {
  const { incident } = source;
  const blocks: SectionBlock[] = [
    { kind: 'paragraph', content: [text(`${incident.key}: `, true), text(nonBlank(incident.summary) ?? 'No summary')] },
  ];
  const numbers = metricsSentence(metrics.durations);
  if (numbers) blocks.push({ kind: 'paragraph', content: [text('In numbers: ', true), text(numbers)] });
  const description = nonBlank(incident.description);
  if (description) {
    for (const paragraph of paragraphsOf(description, DESCRIPTION_LIMIT)) blocks.push({ kind: 'paragraph', content: [text(paragraph)] });
  }
  const resolution = nonBlank(incident.resolutionSummary);
  if (resolution)
    blocks.push({ kind: 'paragraph', content: [text('Resolution: ', true), text(paragraphsOf(resolution, DESCRIPTION_LIMIT).join(' '))] });
  if (!description && !resolution) {
    blocks.push({ kind: 'prompt', text: 'In two or three sentences: what happened, who was affected, and how it was fixed.' });
  }
  return { id: 'summary', title: 'Summary', level: 2, authorOwned: false, blocks };
}
