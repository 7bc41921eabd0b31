import { AUTHOR_SECTION_PREFIX, GENERATED_SECTION_PREFIX, documentStatusTone } from './postmortem-adf';
import { DOCUMENT_STATUSES, type DocumentStatus } from './postmortem-source';

/**
 * The header's "Document status" lozenge, as people may change it on the page in Confluence's
 * editor (the macro is the other way). Only the header (everything before the first section
 * heading) is read, only a status lozenge in the row labelled "Document status" counts, and only
 * the three statuses' names (any case: Confluence shows lozenges in capitals). Pure.
 */
export const DOCUMENT_STATUS_LABEL = 'Document status';

interface Node {
  type: string;
  attrs?: Record<string, unknown>;
  content?: unknown[];
  text?: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function childrenOf(node: Node): Node[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function textOf(node: Node): string {
  return (typeof node.text === 'string' ? node.text : '') + childrenOf(node).map(textOf).join('');
}

function headerNodes(adf: unknown): Node[] {
  if (!isNode(adf) || adf.type !== 'doc') return [];
  const header: Node[] = [];
  for (const node of childrenOf(adf)) {
    const localId = node.attrs?.localId;
    if (
      node.type === 'heading' &&
      typeof localId === 'string' &&
      (localId.startsWith(GENERATED_SECTION_PREFIX) || localId.startsWith(AUTHOR_SECTION_PREFIX))
    )
      break;
    header.push(node);
  }
  return header;
}

/** The status lozenge node in the header's "Document status" row, or undefined. */
function statusLozenge(adf: unknown): Node | undefined {
  const rows = headerNodes(adf)
    .filter((node) => node.type === 'table')
    .flatMap(childrenOf)
    .filter((row) => row.type === 'tableRow');
  for (const row of rows) {
    const [label, value] = childrenOf(row);
    if (!label || !value || textOf(label).trim() !== DOCUMENT_STATUS_LABEL) continue;
    const find = (node: Node): Node | undefined =>
      node.type === 'status'
        ? node
        : childrenOf(node)
            .map(find)
            .find((found) => found !== undefined);
    return find(value);
  }
  return undefined;
}

export function documentStatusOnPage(adf: unknown): DocumentStatus | null {
  const text = statusLozenge(adf)?.attrs?.text;
  if (typeof text !== 'string') return null;
  return DOCUMENT_STATUSES.find((status) => status.toLowerCase() === text.trim().toLowerCase()) ?? null;
}

/**
 * A copy of the page with the header's status lozenge written the way the app writes `status`
 * (its name and colour), so a header whose only change is a status someone set on the page
 * counts as unedited and is regenerated without a "kept your edits" note.
 */
export function withAppStatusLozenge(adf: unknown, status: DocumentStatus): unknown {
  const lozenge = statusLozenge(adf);
  if (!lozenge) return adf;
  const copy: unknown = structuredClone(adf);
  const target = statusLozenge(copy)!;
  target.attrs = { ...target.attrs, text: status, color: documentStatusTone(status) };
  return copy;
}
