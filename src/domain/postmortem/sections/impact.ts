import { nonBlank } from '../plain-text';
import { formatMinutes, minutesBetween, toUtcIso } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export interface ImpactFacts {
  durationMinutes: number | null;
  /** Null when no SLA target is known or the incident is not resolved yet. */
  slaMet: boolean | null;
}

/** Impact lasts from when users were first affected (else the report) until service came back (else resolution). */
export function impactFacts({ source, metrics }: SectionInput): ImpactFacts {
  const start = toUtcIso(source.incident.impactStartedAt) ?? metrics.createdAt;
  const end = toUtcIso(source.incident.serviceRestoredAt) ?? metrics.resolvedAt;
  const target = source.slaTargetMinutes ?? null;
  const ttr = metrics.timeToResolveMinutes;
  return { durationMinutes: minutesBetween(start, end), slaMet: target === null || ttr === null ? null : ttr <= target };
}

export function impactSection(input: SectionInput): PostmortemSection {
  const { incident } = input.source;
  const facts = impactFacts(input);
  const target = input.source.slaTargetMinutes ?? null;
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Priority', value: [text(incident.priority?.name ?? 'Not set')] },
  ];
  if (incident.impact || incident.urgency) rows.push({ label: 'Impact × urgency', value: [text(`${incident.impact ?? 'not set'} × ${incident.urgency ?? 'not set'}`)] });
  rows.push({ label: 'Affected users', value: [text(incident.affectedUsers === null ? 'Not recorded' : String(incident.affectedUsers))] });
  if (incident.businessImplications.length > 0) rows.push({ label: 'Business implications', value: [text(incident.businessImplications.join(', '))] });
  const impactStartedAt = toUtcIso(incident.impactStartedAt);
  if (impactStartedAt) {
    const lead = minutesBetween(impactStartedAt, input.metrics.createdAt);
    rows.push({
      label: 'Impact started',
      value: [{ kind: 'date', at: impactStartedAt }, text(lead !== null && lead > 0 ? ` (${formatMinutes(lead)} before the incident was reported)` : ' (when the incident was reported)')],
    });
  }
  rows.push({ label: 'Duration', value: [text(facts.durationMinutes === null ? 'Ongoing' : formatMinutes(facts.durationMinutes))] });
  rows.push({
    label: 'SLA',
    value:
      target === null
        ? [text('No resolution target configured for this priority')]
        : facts.slaMet === null
          ? [{ kind: 'status', text: 'Open', tone: 'neutral' }, text(` target ${formatMinutes(target)}`)]
          : [{ kind: 'status', text: facts.slaMet ? 'Met' : 'Breached', tone: facts.slaMet ? 'green' : 'red' }, text(` target ${formatMinutes(target)}`)],
  });
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (incident.affectedUsers === null || !nonBlank(incident.summary)) {
    blocks.push({ kind: 'prompt', text: 'Who was affected and how: customers, internal teams, revenue, data.' });
  }
  return { id: 'impact', title: 'Impact', level: 2, authorOwned: false, blocks };
}
