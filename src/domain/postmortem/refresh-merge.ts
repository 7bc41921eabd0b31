import { AUTHOR_SECTION_PREFIX, GENERATED_SECTION_PREFIX, type AdfDoc } from './postmortem-adf';

/**
 * A refresh regenerates the page from Jira but keeps what authors wrote in their sections.
 *
 * Sections are the top-level headings the generator emits, found by their `localId`
 * (`postmortem-author-<id>` / `postmortem-section-<id>`), or, when an editor dropped the id, by the
 * exact heading text and level. A section runs until the next such heading, so headings,
 * tables or panels an author adds inside an author section stay in it. Everything outside author
 * sections is replaced by the fresh document. When the existing page no longer has an author
 * section (deleted, renamed), the fresh prompt comes back. Pure: neither document is changed.
 */
type AdfNode = AdfDoc['content'][number];

interface Marker {
  localId: string;
  level: number;
  title: string;
  authorOwned: boolean;
}

export function refreshPostmortemAdf(existingAdf: unknown, freshAdf: AdfDoc): AdfDoc {
  const existingContent = topLevelContent(existingAdf);
  if (existingContent === null) return freshAdf;
  const markers = markersOf(freshAdf.content);
  const existing = splitIntoSections(existingContent, markers);
  const fresh = splitIntoSections(freshAdf.content, markers);

  const merged: AdfNode[] = [...fresh.preamble];
  for (const section of fresh.sections) {
    const kept = section.marker.authorOwned ? existing.sections.find((candidate) => candidate.marker.localId === section.marker.localId) : undefined;
    merged.push(section.heading, ...(kept && kept.body.length > 0 ? kept.body : section.body));
  }
  return { ...freshAdf, content: merged };
}

function markersOf(content: readonly AdfNode[]): Marker[] {
  const markers: Marker[] = [];
  for (const node of content) {
    const localId = headingLocalId(node);
    if (localId !== null && (localId.startsWith(AUTHOR_SECTION_PREFIX) || localId.startsWith(GENERATED_SECTION_PREFIX))) {
      markers.push({ localId, level: headingLevel(node), title: headingText(node), authorOwned: localId.startsWith(AUTHOR_SECTION_PREFIX) });
    }
  }
  return markers;
}

interface Section {
  marker: Marker;
  heading: AdfNode;
  body: AdfNode[];
}

function splitIntoSections(content: readonly unknown[], markers: readonly Marker[]): { preamble: AdfNode[]; sections: Section[] } {
  const preamble: AdfNode[] = [];
  const sections: Section[] = [];
  const used = new Set<string>();
  for (const raw of content) {
    if (!isNode(raw)) continue;
    const node = raw;
    const marker = markerOfHeading(node, markers);
    // Only the first heading for a marker opens a section: a copy pasted further down is ordinary content.
    if (marker && !used.has(marker.localId)) {
      used.add(marker.localId);
      sections.push({ marker, heading: node, body: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (current) current.body.push(node);
    else preamble.push(node);
  }
  return { preamble, sections };
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

function topLevelContent(adf: unknown): unknown[] | null {
  if (typeof adf !== 'object' || adf === null) return null;
  const record = adf as { type?: unknown; content?: unknown };
  return record.type === 'doc' && Array.isArray(record.content) ? record.content : null;
}

/** A stored page is outside our control; only objects with a string `type` count as nodes. */
function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function attrsOf(node: AdfNode): Record<string, unknown> {
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
    .map((child) => (typeof child === 'object' && child !== null && typeof (child as { text?: unknown }).text === 'string' ? (child as { text: string }).text : ''))
    .join('')
    .trim();
}
