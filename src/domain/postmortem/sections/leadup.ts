import type { PostmortemSection, SectionInput } from '../section-content';

/**
 * Author-owned: what led up to the incident is rarely in Jira, and the section asks for it. A
 * refresh never rewrites it (see refresh-merge.ts); when impact started is in the Impact section.
 */
export function leadupSection(_input: SectionInput): PostmortemSection {
  return {
    id: 'leadup',
    title: 'Leadup',
    level: 2,
    authorOwned: true,
    blocks: [
      { kind: 'prompt', text: 'Describe the circumstances and changes (deployments, configuration, traffic) that led up to the incident.' },
    ],
  };
}
