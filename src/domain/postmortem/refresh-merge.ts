import { expand, p, panel, strong, text } from '@atlaskit/adf-utils/builders';
import type { PanelType } from '@atlaskit/adf-schema';
import { AUTHOR_SECTION_PREFIX, GENERATED_SECTION_PREFIX, type AdfDoc } from './postmortem-adf';

/**
 * A refresh regenerates the page from Jira without ever destroying what people wrote on it.
 *
 * The page is cut into parts: the header (everything before the first section heading) and the
 * sections, found by their heading's `localId` (`postmortem-author-<id>` / `postmortem-section-<id>`)
 * or, when an editor dropped the id, by the exact heading text and level. A section runs until
 * the next such heading, so whatever an author adds after a section's text belongs to it.
 *
 * - Author sections (Leadup, Five whys, Root cause analysis, Lessons learned) are never
 *   regenerated; only an author section that is missing or empty gets its prompt back.
 * - A generated part is regenerated only when its content is still what the app last wrote there:
 *   the app keeps a fingerprint of each generated part it writes (`partFingerprints`). A part
 *   whose content differs was edited by someone: it is kept as they left it and flagged on the page
 *   with a note (and, when Jira's data for it changed, the regenerated version in an expand), never
 *   overwritten. Without a stored fingerprint (pages from before fingerprints) a part that differs
 *   from the fresh one counts as edited: keeping text is the safe mistake.
 * - To take Jira's version again, an author deletes the part's content (the note too) and refreshes.
 *
 * Pure: neither document is changed.
 */
type AdfNode = AdfDoc['content'][number];

/** Fingerprint per part key (a section heading's localId, or HEADER_PART for the header). */
export type PartFingerprints = Record<string, string>;

export const HEADER_PART = 'postmortem-header';
const HEADER_TITLE = 'Page header';
/** Flag nodes the refresh adds to a kept, edited part; removed and re-made on every refresh. */
export const FLAG_PREFIX = 'postmortem-flag-';
/** See postmortem-adf.ts: the schema's enum would pull the whole schema into the bundle. */
const NOTE_PANEL = 'note' as PanelType.NOTE;

export interface RefreshOutcome {
  adf: AdfDoc;
  /** Parts rewritten from Jira, in page order (section titles; "Page header" for the header). */
  regenerated: string[];
  /** Author sections kept as written. */
  keptAuthorSections: string[];
  /** Generated parts someone edited: kept as they are, and flagged on the page. */
  keptEdited: string[];
  /** What to store for the next refresh: the fingerprint of what the app last wrote in each generated part. */
  fingerprints: PartFingerprints;
}

interface Marker {
  localId: string;
  level: number;
  title: string;
  authorOwned: boolean;
}

interface Part {
  key: string;
  title: string;
  authorOwned: boolean;
  heading: AdfNode | null;
  body: AdfNode[];
}

/** The fingerprints of the generated parts of a page the app wrote, stored when it creates the page. */
export function generatedPartFingerprints(adf: unknown): PartFingerprints {
  const content = (topLevelContent(adf) ?? []).filter(isNode);
  const fingerprints: PartFingerprints = {};
  for (const part of partsOf(content, markersOf(content))) {
    if (!part.authorOwned) fingerprints[part.key] = fingerprintOf(part);
  }
  return fingerprints;
}

/**
 * Titles of the author sections (from `templateAdf`, a freshly rendered page) that hold nothing an
 * author wrote on `pageAdf`: missing, empty, or still only the app's prompt. A page with any of
 * these is not ready to be published.
 */
export function unwrittenAuthorSections(pageAdf: unknown, templateAdf: AdfDoc): string[] {
  const markers = markersOf(templateAdf.content);
  const templateParts = partsOf(templateAdf.content, markers).filter((part) => part.authorOwned);
  const pageContent = (topLevelContent(pageAdf) ?? []).filter(isNode);
  const pageParts = partsOf(pageContent, markers);
  return templateParts
    .filter((template) => {
      const written = pageParts.find((candidate) => candidate.key === template.key);
      if (!written) return true;
      const body = written.body.filter((node) => !isFlag(node));
      return !hasContent(body) || fingerprintOf({ heading: null, body }) === fingerprintOf({ heading: null, body: template.body });
    })
    .map((template) => template.title);
}

export function refreshPostmortemAdf(existingAdf: unknown, freshAdf: AdfDoc, lastWritten: PartFingerprints = {}): RefreshOutcome {
  const markers = markersOf(freshAdf.content);
  const freshParts = partsOf(freshAdf.content, markers);
  const existingContent = topLevelContent(existingAdf);
  const existingParts = existingContent === null ? [] : partsOf(existingContent.filter(isNode), markers);

  const outcome: RefreshOutcome = { adf: freshAdf, regenerated: [], keptAuthorSections: [], keptEdited: [], fingerprints: {} };
  const merged: AdfNode[] = [];
  for (const fresh of freshParts) {
    const found = existingParts.find((candidate) => candidate.key === fresh.key);
    const existing = found ? { ...found, body: found.body.filter((node) => !isFlag(node)) } : undefined;
    const freshFingerprint = fingerprintOf(fresh);
    const useFresh = () => {
      merged.push(...nodesOf(fresh));
      outcome.regenerated.push(fresh.title);
      if (!fresh.authorOwned) outcome.fingerprints[fresh.key] = freshFingerprint;
    };

    if (existing === undefined || !hasContent(existing.body)) {
      useFresh();
    } else if (fresh.authorOwned) {
      merged.push(...nodesOf(existing));
      outcome.keptAuthorSections.push(fresh.title);
    } else {
      const current = fingerprintOf(existing);
      const previous = lastWritten[fresh.key];
      if (current === previous || current === freshFingerprint) {
        useFresh();
      } else {
        const jiraChanged = previous === undefined || previous !== freshFingerprint;
        merged.push(...(existing.heading ? [existing.heading] : []), ...flagNodes(fresh, jiraChanged), ...existing.body);
        outcome.keptEdited.push(fresh.title);
        if (previous !== undefined) outcome.fingerprints[fresh.key] = previous;
      }
    }
  }
  outcome.adf = { ...freshAdf, content: merged };
  return outcome;
}

function nodesOf(part: Part): AdfNode[] {
  return part.heading ? [part.heading, ...part.body] : [...part.body];
}

/**
 * A note saying the part was kept and how to get Jira's version back; when Jira's data for the
 * part changed since the app last wrote it, an expand below holds the regenerated version.
 */
function flagNodes(fresh: Part, jiraChanged: boolean): AdfNode[] {
  const where = fresh.heading ? 'under this heading' : 'above the first section';
  const news = jiraChanged
    ? 'Jira now says something else: the regenerated version is in “Jira now says” below.'
    : 'Jira’s data for it has not changed since the page was last generated.';
  const note = panel({ panelType: NOTE_PANEL, localId: `${FLAG_PREFIX}${fresh.key}` })(
    p(
      strong('Kept your edits: '),
      text(
        `“Refresh from Jira” no longer rewrites this ${fresh.heading ? 'section' : 'header'}. ${news} To use Jira’s version instead, ` +
          `delete everything ${where} and refresh.`,
      ),
    ),
  );
  if (!jiraChanged) return [note];
  // Every block the generator emits (paragraph, heading, list, table, panel) may sit in an expand.
  const body = fresh.body.filter((node) => node.type !== 'expand') as Parameters<ReturnType<typeof expand>>;
  return [note, expand({ title: 'Jira now says', localId: `${FLAG_PREFIX}jira-${fresh.key}` })(...(body.length > 0 ? body : [p()]))];
}

function isFlag(node: AdfNode): boolean {
  const localId = attrsOf(node).localId;
  return typeof localId === 'string' && localId.startsWith(FLAG_PREFIX);
}

function markersOf(content: readonly AdfNode[]): Marker[] {
  const markers: Marker[] = [];
  for (const node of content) {
    const localId = headingLocalId(node);
    if (localId !== null && (localId.startsWith(AUTHOR_SECTION_PREFIX) || localId.startsWith(GENERATED_SECTION_PREFIX))) {
      markers.push({
        localId,
        level: headingLevel(node),
        title: headingText(node),
        authorOwned: localId.startsWith(AUTHOR_SECTION_PREFIX),
      });
    }
  }
  return markers;
}

/** The header (possibly empty) followed by one part per section heading, in document order. */
function partsOf(content: readonly AdfNode[], markers: readonly Marker[]): Part[] {
  const parts: Part[] = [{ key: HEADER_PART, title: HEADER_TITLE, authorOwned: false, heading: null, body: [] }];
  const used = new Set<string>();
  for (const node of content) {
    const marker = markerOfHeading(node, markers);
    // Only the first heading for a marker opens a section: a copy pasted further down is ordinary content.
    if (marker && !used.has(marker.localId)) {
      used.add(marker.localId);
      parts.push({ key: marker.localId, title: marker.title, authorOwned: marker.authorOwned, heading: node, body: [] });
      continue;
    }
    parts[parts.length - 1]!.body.push(node);
  }
  return parts;
}

function markerOfHeading(node: AdfNode, markers: readonly Marker[]): Marker | undefined {
  if (node.type !== 'heading') return undefined;
  const localId = headingLocalId(node);
  if (localId !== null) {
    const byId = markers.find((marker) => marker.localId === localId);
    if (byId) return byId;
  }
  const title = headingText(node);
  const level = headingLevel(node);
  return markers.find((marker) => marker.title === title && marker.level === level);
}

/** Something other than empty paragraphs (which the Confluence editor leaves behind). */
function hasContent(body: readonly AdfNode[]): boolean {
  return body.some((node) => !isEmptyParagraph(node));
}

function isEmptyParagraph(node: unknown): boolean {
  if (!isNode(node) || node.type !== 'paragraph') return false;
  const content = (node as { content?: unknown }).content;
  return (
    !Array.isArray(content) ||
    content.every((child) => isAnyNode(child) && child.type === 'text' && typeof child.text === 'string' && child.text.trim() === '')
  );
}

/**
 * What people can change on a page, and nothing Confluence may rewrite on its own when it stores
 * ADF (generated localIds, table layout and width, panel icons, the order of marks, how text is
 * split into nodes): node types, text, and the attributes that carry meaning.
 */
const MEANINGFUL_ATTRS = ['level', 'panelType', 'text', 'color', 'timestamp', 'id', 'url', 'href', 'title', 'order', 'language'] as const;

export function fingerprintOf(part: Pick<Part, 'heading' | 'body'>): string {
  const nodes = [...(part.heading ? [part.heading] : []), ...part.body.filter((node) => !isEmptyParagraph(node))];
  return hash(nodes.map(canonical).join('\n'));
}

function canonical(node: unknown): string {
  if (!isAnyNode(node)) return '';
  const attrs = attrsOf(node);
  const kept = MEANINGFUL_ATTRS.filter((name) => attrs[name] !== undefined && attrs[name] !== null).map(
    (name) => `${name}=${JSON.stringify(attrs[name])}`,
  );
  const { content } = node;
  const children = Array.isArray(content) ? canonicalChildren(content) : [];
  return `${node.type}${kept.length > 0 ? `[${kept.join(',')}]` : ''}(${children.join(' ')})`;
}

/** Canonical children: adjacent text nodes with the same marks read as one run of text, however the editor split them. */
function canonicalChildren(content: readonly unknown[]): string[] {
  const out: string[] = [];
  let runMarks: string | null = null;
  let runText = '';
  const flush = () => {
    const collapsed = runText.replace(/\s+/g, ' ');
    if (runMarks !== null && collapsed.length > 0) out.push(`text{${runMarks}}${JSON.stringify(collapsed)}`);
    runMarks = null;
    runText = '';
  };
  for (const child of content) {
    if (isAnyNode(child) && child.type === 'text' && typeof child.text === 'string') {
      const marks = marksOf(child);
      if (runMarks !== marks) {
        flush();
        runMarks = marks;
      }
      runText += child.text;
      continue;
    }
    flush();
    out.push(canonical(child));
  }
  flush();
  return out;
}

function marksOf(node: AnyNode): string {
  const { marks } = node;
  if (!Array.isArray(marks)) return '';
  return marks
    .filter(isAnyNode)
    .map((mark) => {
      const href = attrsOf(mark).href;
      return typeof href === 'string' ? `${mark.type}:${href}` : mark.type;
    })
    .sort()
    .join(',');
}

/** cyrb53: a fast 53-bit string hash; fingerprints only need to tell edited text from unedited. */
function hash(value: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function topLevelContent(adf: unknown): unknown[] | null {
  if (typeof adf !== 'object' || adf === null) return null;
  const record = adf as { type?: unknown; content?: unknown };
  return record.type === 'doc' && Array.isArray(record.content) ? record.content : null;
}

/** A stored page is outside our control; only objects with a string `type` count as nodes. */
function isNode(value: unknown): value is AdfNode {
  return isAnyNode(value);
}

/** Any ADF node or mark, block or inline. */
interface AnyNode {
  type: string;
  text?: unknown;
  content?: unknown;
  attrs?: unknown;
  marks?: unknown;
}

function isAnyNode(value: unknown): value is AnyNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function attrsOf(node: AnyNode): Record<string, unknown> {
  const attrs = (node as { attrs?: unknown }).attrs;
  return typeof attrs === 'object' && attrs !== null ? (attrs as Record<string, unknown>) : {};
}

function headingLocalId(node: AdfNode): string | null {
  if (node.type !== 'heading') return null;
  const localId = attrsOf(node).localId;
  return typeof localId === 'string' && localId.length > 0 ? localId : null;
}

function headingLevel(node: AdfNode): number {
  const level = attrsOf(node).level;
  return typeof level === 'number' ? level : 0;
}

function headingText(node: AdfNode): string {
  const content = (node as { content?: unknown }).content;
  if (!Array.isArray(content)) return '';
  return content
    .map((child) =>
      typeof child === 'object' && child !== null && typeof (child as { text?: unknown }).text === 'string'
        ? (child as { text: string }).text
        : '',
    )
    .join('')
    .trim();
}
