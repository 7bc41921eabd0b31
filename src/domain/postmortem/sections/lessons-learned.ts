import type { PostmortemSection, SectionInput } from '../section-content';

export function lessonsLearnedSection(_input: SectionInput): PostmortemSection {
  return {
    id: 'lessons-learned',
    title: 'Lessons learned',
    level: 2,
    authorOwned: true,
    blocks: [
      { kind: 'subheading', text: 'What went well' },
      { kind: 'prompt', text: 'Which tools, alerts or decisions helped?' },
      { kind: 'subheading', text: 'What went wrong' },
      { kind: 'prompt', text: 'What made the impact larger or the response slower?' },
      { kind: 'subheading', text: 'Where we got lucky' },
      { kind: 'prompt', text: 'What went right by chance and must not be relied on next time?' },
    ],
  };
}
