import { nonBlank } from '../plain-text';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

/** People who acted on the incident, in the order they first appear in the timeline. */
export function responders({ timeline }: SectionInput): string[] {
  const names: string[] = [];
  for (const entry of timeline) {
    if (entry.author && !names.includes(entry.author)) names.push(entry.author);
  }
  return names;
}

export function responseSection(input: SectionInput): PostmortemSection {
  const { incident } = input.source;
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Owner', value: [text(nonBlank(incident.assignee?.displayName) ?? 'Unassigned')] },
  ];
  const people = responders(input);
  rows.push({ label: 'Responders', value: [text(people.length > 0 ? people.join(', ') : 'None recorded')] });
  const tier = nonBlank(incident.escalationTier);
  if (tier) rows.push({ label: 'Escalation tier', value: [text(tier)] });

  const escalations = input.timeline.filter(
    (entry) => entry.kind === 'assignee' || entry.kind === 'priority' || (entry.kind === 'field' && /^escalation tier\b/i.test(entry.text)),
  );
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (escalations.length > 0) {
    blocks.push({ kind: 'subheading', text: 'Escalations and hand-overs' });
    blocks.push({
      kind: 'list',
      items: escalations.map((entry) => [text(`${entry.atSiteTime}: `, true), text(`${entry.text} (by ${entry.author ?? 'unknown user'})`)]),
    });
  } else {
    blocks.push({ kind: 'prompt', text: 'Who responded, who was paged or escalated to, and what slowed the response down?' });
  }
  return { id: 'response', title: 'Response', level: 2, authorOwned: false, blocks };
}
