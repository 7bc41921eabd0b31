import { minutesBetween, toUtcIso, formatMinutes } from '../time';
import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export function leadupSection({ source, metrics }: SectionInput): PostmortemSection {
  const blocks: SectionBlock[] = [];
  const impactStartedAt = toUtcIso(source.incident.impactStartedAt);
  if (impactStartedAt) {
    const lead = minutesBetween(impactStartedAt, metrics.createdAt);
    blocks.push({
      kind: 'paragraph',
      content: [
        text('Impact started: ', true),
        { kind: 'date', at: impactStartedAt },
        text(lead !== null && lead > 0 ? ` (${formatMinutes(lead)} before the incident was reported)` : ' (when the incident was reported)'),
      ],
    });
  }
  blocks.push({ kind: 'prompt', text: 'Describe the circumstances and changes (deployments, configuration, traffic) that led up to the incident.' });
  return { id: 'leadup', title: 'Leadup', level: 2, authorOwned: false, blocks };
}
