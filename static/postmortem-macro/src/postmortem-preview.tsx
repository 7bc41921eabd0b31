import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';
import type { InlinePart, PostmortemModel, PostmortemSection, SectionBlock, Tone } from '../../../src/contracts/postmortem-macro-types';
import { Badge, type BadgeAppearance } from '../../shared/badge';

/**
 * The postmortem model drawn as React elements: every string from Jira is a text node, links
 * open through the host (a Custom UI iframe cannot navigate the Confluence page itself).
 */
const TONE: Record<Tone, BadgeAppearance> = {
  neutral: 'default',
  blue: 'inprogress',
  green: 'success',
  yellow: 'moved',
  red: 'removed',
  purple: 'new',
};

function Inline({ parts }: { parts: InlinePart[] }) {
  return (
    <>
      {parts.map((part, index) => {
        switch (part.kind) {
          case 'text':
            return part.strong ? <strong key={index}>{part.text}</strong> : <span key={index}>{part.text}</span>;
          case 'link':
            return (
              <a
                key={index}
                href={part.href}
                onClick={(event) => {
                  event.preventDefault();
                  void router.open(part.href);
                }}
                style={{ color: token('color.link', '#0C66E4') }}
              >
                {part.text}
              </a>
            );
          case 'status':
            return (
              <Badge key={index} appearance={TONE[part.tone]}>
                {part.text}
              </Badge>
            );
          case 'date':
            return <span key={index}>{new Date(part.at).toLocaleDateString()}</span>;
        }
      })}
    </>
  );
}

const cellStyle = {
  border: `1px solid ${token('color.border', '#091E4224')}`,
  padding: '4px 8px',
  textAlign: 'left' as const,
  verticalAlign: 'top' as const,
};

function Block({ block }: { block: SectionBlock }) {
  switch (block.kind) {
    case 'paragraph':
      return (
        <p style={{ margin: 0 }}>
          <Inline parts={block.content} />
        </p>
      );
    case 'prompt':
      return (
        <Text color="color.text.subtlest" as="em">
          {block.text}
        </Text>
      );
    case 'subheading':
      return (
        <Heading size="xxsmall" as="h4">
          {block.text}
        </Heading>
      );
    case 'list':
      return (
        <ul style={{ margin: 0, paddingInlineStart: '20px' }}>
          {block.items.map((item, index) => (
            <li key={index}>
              <Inline parts={item} />
            </li>
          ))}
        </ul>
      );
    case 'facts':
      return (
        <table style={{ borderCollapse: 'collapse' }}>
          <tbody>
            {block.rows.map((row) => (
              <tr key={row.label}>
                <th style={cellStyle}>{row.label}</th>
                <td style={cellStyle}>
                  <Inline parts={row.value} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'table':
      return (
        <table style={{ borderCollapse: 'collapse', width: '100%' }}>
          <thead>
            <tr>
              {block.header.map((cell) => (
                <th key={cell} style={cellStyle}>
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {block.rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, cellIndex) => (
                  <td key={cellIndex} style={cellStyle}>
                    <Inline parts={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
  }
}

function Section({ section }: { section: PostmortemSection }) {
  return (
    <Stack space="space.100" testId={`section-${section.id}`}>
      <Heading size={section.level === 2 ? 'small' : 'xsmall'} as={section.level === 2 ? 'h3' : 'h4'}>
        {section.title}
      </Heading>
      {section.blocks.map((block, index) => (
        <Block key={index} block={block} />
      ))}
    </Stack>
  );
}

export function PostmortemPreviewView({ model }: { model: PostmortemModel }) {
  return (
    <Stack space="space.200" testId="postmortem-preview">
      {model.sections.map((section) => (
        <Section key={section.id} section={section} />
      ))}
    </Stack>
  );
}
