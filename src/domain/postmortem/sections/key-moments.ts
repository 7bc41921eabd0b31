import { MILESTONE_DEFINITIONS, MILESTONE_KINDS, type MilestoneKind } from '../../incident/incident-metrics';
import { siteTimeOf } from '../time';
import { type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

/** Why a moment is missing, in words a reviewer can act on. */
const MISSING: Record<MilestoneKind, string> = {
  impactStarted: 'impact started (the Impact started field is empty)',
  detected: 'detected',
  reported: 'reported',
  acknowledged: 'acknowledged (the status never left To Do)',
  mitigated: 'mitigated (the Service restored field is empty)',
  resolved: 'resolved (the incident is not in a Done status)',
  closed: 'closed (not moved on from the status it was resolved in)',
};

/** The incident's key moments at the top of the page, in the site's zone with UTC beside it. */
export function keyMomentsSection({ source, milestones }: SectionInput): PostmortemSection {
  const zone = siteTimeOf(source.incident.reportedAt, source.siteTimeZone).zone;
  const header = zone === 'UTC' ? ['Key moment', 'Time (UTC)', 'Definition'] : ['Key moment', `Time (${zone})`, 'UTC', 'Definition'];
  const rows = milestones.map((milestone) => {
    const time = siteTimeOf(milestone.at, zone);
    const { label, definition } = MILESTONE_DEFINITIONS[milestone.kind];
    // The UTC date only when it differs from the site's, as in the timeline.
    const utc = time.utc.slice(0, 10) === time.site.slice(0, 10) ? time.utc.slice(11) : time.utc;
    return [[text(label, true)], [text(time.site)], ...(zone === 'UTC' ? [] : [[text(utc)]]), [text(definition)]];
  });
  const blocks: SectionBlock[] = [{ kind: 'table', header, rows }];
  const present = new Set(milestones.map((milestone) => milestone.kind));
  const missing = MILESTONE_KINDS.filter((kind) => !present.has(kind)).map((kind) => MISSING[kind]);
  if (missing.length > 0) blocks.push({ kind: 'paragraph', content: [text('Not recorded: ', true), text(`${missing.join('; ')}.`)] });
  return { id: 'key-moments', title: 'Key moments', level: 2, authorOwned: false, blocks };
}
