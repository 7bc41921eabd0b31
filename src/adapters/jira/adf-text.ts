import { z } from 'zod';

/**
 * Plain text from Atlassian Document Format, and ADF from plain text. Jira REST v3 sends and takes
 * the description, comments and multi-line text custom fields as ADF documents.
 */

const AdfNode: z.ZodType<AdfNode> = z.lazy(() =>
  z.object({
    type: z.string(),
    text: z.string().optional(),
    attrs: z.record(z.string(), z.unknown()).optional(),
    content: z.array(AdfNode).optional(),
  }),
);
export interface AdfNode {
  type: string;
  text?: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
}

export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfNode[];
}

const BLOCK_TYPES = new Set([
  'paragraph',
  'heading',
  'blockquote',
  'codeBlock',
  'listItem',
  'bulletList',
  'orderedList',
  'panel',
  'rule',
  'table',
  'tableRow',
  'mediaSingle',
  'mediaGroup',
  'expand',
  'nestedExpand',
  'decisionList',
  'decisionItem',
  'taskList',
  'taskItem',
]);

function attrText(node: AdfNode, ...names: string[]): string {
  for (const name of names) {
    const value = node.attrs?.[name];
    if (typeof value === 'string') return value;
  }
  return '';
}

function inlineText(node: AdfNode): string {
  switch (node.type) {
    case 'text':
      return node.text ?? '';
    case 'hardBreak':
      return '\n';
    case 'mention':
      return attrText(node, 'text');
    case 'emoji':
      return attrText(node, 'text', 'shortName');
    case 'status':
      return attrText(node, 'text');
    case 'inlineCard':
    case 'blockCard':
      return attrText(node, 'url');
    case 'date': {
      const timestamp = Number(attrText(node, 'timestamp'));
      return Number.isFinite(timestamp) && timestamp > 0 ? new Date(timestamp).toISOString().slice(0, 10) : '';
    }
    default:
      return '';
  }
}

function collect(node: AdfNode, lines: string[], current: { text: string }): void {
  if (node.content === undefined || node.content.length === 0) {
    if (node.type === 'rule') flush(lines, current);
    current.text += inlineText(node);
    return;
  }
  const isBlock = BLOCK_TYPES.has(node.type) || node.type === 'doc' || node.type === 'tableCell' || node.type === 'tableHeader';
  if (isBlock) flush(lines, current);
  for (const child of node.content) collect(child, lines, current);
  if (node.type === 'tableCell' || node.type === 'tableHeader') current.text += '\t';
  if (isBlock) flush(lines, current);
}

function flush(lines: string[], current: { text: string }): void {
  const text = current.text.replace(/\t+$/, '');
  if (text !== '') lines.push(text);
  current.text = '';
}

/** Text of an ADF document, one line per block. Strings pass through; anything else is ''. */
export function adfToPlainText(value: unknown): string {
  if (typeof value === 'string') return value;
  const parsed = AdfNode.safeParse(value);
  if (!parsed.success) return '';
  const lines: string[] = [];
  const current = { text: '' };
  collect(parsed.data, lines, current);
  flush(lines, current);
  return lines.join('\n');
}

/** One paragraph per line; an empty string gives an empty document. */
export function plainTextToAdf(text: string): AdfDoc {
  const content: AdfNode[] =
    text === ''
      ? []
      : text
          .split(/\r?\n/)
          .map((line) =>
            line === '' ? { type: 'paragraph', content: [] } : { type: 'paragraph', content: [{ type: 'text', text: line }] },
          );
  return { version: 1, type: 'doc', content };
}
