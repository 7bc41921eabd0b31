import type { PostmortemSection, SectionInput } from '../section-content';

export function fiveWhysSection(_input: SectionInput): PostmortemSection {
  return {
    id: 'five-whys',
    title: 'Five whys',
    level: 2,
    authorOwned: true,
    blocks: [
      {
        kind: 'prompt',
        text: 'Start from the impact and ask "why?" five times; each answer is the next question. Replace this panel with your answers.',
      },
      { kind: 'list', items: [1, 2, 3, 4, 5].map((n) => [{ kind: 'text', text: `Why ${n}?` }]) },
    ],
  };
}
