import { nonBlank, paragraphsOf } from '../plain-text';
import { type PostmortemSection, type SectionBlock, type SectionInput, text, toneOfCategory } from '../section-content';

/** Generated: the linked Problem and the incident's Root cause field. */
export function rootCauseSection({ source, problem }: SectionInput): PostmortemSection {
  const blocks: SectionBlock[] = [];
  if (problem) {
    const problemLink = source.links.find((link) => link.issue.key === problem.key);
    blocks.push({
      kind: 'paragraph',
      content: [
        text('Problem: ', true),
        { kind: 'link', text: problem.key, href: problem.url },
        text(` ${problem.summary ?? '(not available: the issue is missing or you cannot view it)'} `),
        ...(problem.status
          ? [{ kind: 'status' as const, text: problem.status, tone: toneOfCategory(problemLink?.issue.status?.categoryKey ?? null) }]
          : []),
      ],
    });
  }
  const rootCause = nonBlank(source.incident.rootCause);
  if (rootCause)
    blocks.push({ kind: 'paragraph', content: [text('Recorded root cause: ', true), text(paragraphsOf(rootCause, 4000).join(' '))] });
  if (blocks.length === 0)
    blocks.push({
      kind: 'prompt',
      text: 'No Problem is linked and no root cause is recorded. Link a Problem issue to the incident, or describe the cause below.',
    });
  return { id: 'root-cause', title: 'Root cause', level: 2, authorOwned: false, blocks };
}

/** Author-owned: the analysis that Jira cannot know. */
export function rootCauseAnalysisSection(_input: SectionInput): PostmortemSection {
  return {
    id: 'root-cause-analysis',
    title: 'Root cause analysis',
    level: 3,
    authorOwned: true,
    blocks: [{ kind: 'prompt', text: 'Explain the underlying cause and the contributing factors. Replace this panel with your analysis.' }],
  };
}
