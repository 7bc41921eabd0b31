import { metricMinutes } from '../../incident/incident-metrics';
import { slaStartOf, slaStopOfIncident } from '../../priority/sla-for-incident';
import { type SlaStatus, slaClock } from '../../priority/sla-clock';
import { nonBlank } from '../plain-text';
import { statusChanges } from '../status-history';
import { formatMinutes, minutesBetween, siteTimeOf, toUtcIso } from '../time';
import { metricValue } from './metrics-section';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export interface ImpactFacts {
  durationMinutes: number | null;
  /** Null when no SLA target is known or the clock has not stopped (or stopped at an unknown time). */
  slaMet: boolean | null;
  /** The incident's SLA clock by the same rule as the priority panel; null without a target. */
  sla: SlaStatus | null;
}

/** The impact duration is the metric of that name (incident-metrics.ts); the SLA is the priority panel's clock. */
export function impactFacts({ source, metrics }: Pick<SectionInput, 'source' | 'metrics'>): ImpactFacts {
  const target = source.slaTargetMinutes ?? null;
  // The panel's clock: from the start of harm to the stop rule's moment, not creation to resolution.
  // The changelog's last move into a done status stands in when Jira sent no statuscategorychangedate.
  const enteredDoneAt = source.incident.statusCategoryChangedAt ?? lastMoveIntoDone(source);
  const sla =
    target === null
      ? null
      : slaClock(target, slaStartOf(source.incident), source.generatedAt, slaStopOfIncident(source.incident, enteredDoneAt));
  const slaMet = sla?.state === 'met' ? true : sla?.state === 'missed' ? false : null;
  return { durationMinutes: metricMinutes(metrics.durations, 'impactDuration'), slaMet, sla };
}

function lastMoveIntoDone(source: SectionInput['source']): string | null {
  const moves = statusChanges(source.changelog, source.statuses).filter(
    (change) => change.to.categoryKey === 'done' && change.from.categoryKey !== 'done',
  );
  return moves[moves.length - 1]?.at ?? null;
}

/** ", with 12 min to spare" / " by 2 h 5 min", after the Met / Missed lozenge. */
function slaMargin(sla: SlaStatus): string {
  const margin = formatMinutes(Math.abs(sla.minutesLeft ?? 0));
  return sla.state === 'met' ? `, with ${margin} to spare` : ` by ${margin}`;
}

function slaValue(sla: SlaStatus | null, target: number | null): InlinePart[] {
  if (sla === null || target === null) return [text('No resolution target configured for this priority')];
  const targetText = `target ${formatMinutes(target)}`;
  if (sla.state === 'met' || sla.state === 'missed') {
    const met = sla.state === 'met';
    return [{ kind: 'status', text: met ? 'Met' : 'Missed', tone: met ? 'green' : 'red' }, text(`${slaMargin(sla)} (${targetText})`)];
  }
  if (sla.state === 'stopped')
    return [{ kind: 'status', text: 'Unknown', tone: 'neutral' }, text(` no restore or resolution time is recorded (${targetText})`)];
  return [{ kind: 'status', text: 'Open', tone: 'neutral' }, text(` ${targetText}`)];
}

export function impactSection(input: SectionInput): PostmortemSection {
  const { incident } = input.source;
  const facts = impactFacts(input);
  const target = input.source.slaTargetMinutes ?? null;
  const rows: { label: string; value: InlinePart[] }[] = [{ label: 'Priority', value: [text(incident.priority?.name ?? 'Not set')] }];
  if (incident.impact || incident.urgency)
    rows.push({ label: 'Impact × urgency', value: [text(`${incident.impact ?? 'not set'} × ${incident.urgency ?? 'not set'}`)] });
  rows.push({ label: 'Affected users', value: [text(incident.affectedUsers === null ? 'Not recorded' : String(incident.affectedUsers))] });
  if (incident.businessImplications.length > 0)
    rows.push({ label: 'Business implications', value: [text(incident.businessImplications.join(', '))] });
  const impactStartedAt = toUtcIso(incident.impactStartedAt);
  if (impactStartedAt) {
    const lead = minutesBetween(impactStartedAt, input.metrics.createdAt);
    rows.push({
      label: 'Impact started',
      value: [
        text(siteTimeOf(impactStartedAt, input.source.siteTimeZone).text),
        text(
          lead !== null && lead > 0 ? ` (${formatMinutes(lead)} before the incident was reported)` : ' (when the incident was reported)',
        ),
      ],
    });
  }
  rows.push({
    label: 'Impact duration',
    value: [
      text(
        facts.durationMinutes !== null
          ? metricValue(facts.durationMinutes)
          : impactStartedAt
            ? 'Ongoing: not mitigated or resolved yet'
            : 'Not known: no Impact started time is recorded',
      ),
    ],
  });
  rows.push({ label: 'SLA', value: slaValue(facts.sla, target) });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (incident.affectedUsers === null || !nonBlank(incident.summary)) {
    blocks.push({ kind: 'prompt', text: 'Who was affected and how: customers, internal teams, revenue, data.' });
  }
  return { id: 'impact', title: 'Impact', level: 2, authorOwned: false, blocks };
}
