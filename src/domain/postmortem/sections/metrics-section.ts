import { type IncidentMetric, METRIC_DEFINITIONS, MILESTONE_DEFINITIONS, type MilestoneKind } from '../../incident/incident-metrics';
import { formatMinutes } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text, toneOfCategory } from '../section-content';

/** "2 h 5 min (125 min)": the page shows the plain minutes too, so every number can be checked against the model. */
export function metricValue(minutes: number): string {
  const readable = formatMinutes(minutes);
  return readable === `${minutes} min` ? readable : `${readable} (${minutes} min)`;
}

/** Which moment is missing: the start ("no Impact started time") or the end ("not Mitigated or Resolved yet"). */
function missingValue(metric: IncidentMetric, present: ReadonlySet<MilestoneKind>): string {
  if (!present.has(metric.from)) return `Not known: no ${MILESTONE_DEFINITIONS[metric.from].label} time is recorded`;
  return `Not ${METRIC_DEFINITIONS[metric.kind].to.map((kind) => MILESTONE_DEFINITIONS[kind].label.toLowerCase()).join(' or ')} yet`;
}

/** The five durations, each with its definition beside it, then the time spent in each status. */
export function metricsSection({ metrics, milestones }: SectionInput): PostmortemSection {
  const present = new Set<MilestoneKind>(milestones.map((milestone) => milestone.kind));
  const rows: InlinePart[][][] = metrics.durations.map((metric) => [
    [text(metric.label, true)],
    [text(metric.minutes === null ? missingValue(metric, present) : metricValue(metric.minutes))],
    [text(metric.definition)],
  ]);
  const blocks: SectionBlock[] = [{ kind: 'table', header: ['Metric', 'Value', 'Definition'], rows }];
  if (metrics.timeInStatus.length > 0) {
    blocks.push({ kind: 'subheading', text: 'Time in each status' });
    blocks.push({
      kind: 'table',
      header: ['Status', 'Time spent'],
      rows: metrics.timeInStatus.map((entry) => [
        [{ kind: 'status', text: entry.status, tone: toneOfCategory(entry.categoryKey) }],
        [text(`${formatMinutes(entry.minutes)}${entry.ongoing ? ' (ongoing)' : ''}`)],
      ]),
    });
  }
  return { id: 'metrics', title: 'Metrics', level: 2, authorOwned: false, blocks };
}
