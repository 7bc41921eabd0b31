import {
  bulletList,
  date,
  doc,
  em,
  heading,
  link,
  listItem,
  p,
  panel,
  status,
  strong,
  table,
  tableCell,
  tableHeader,
  tableRow,
  text as textNode,
} from '@atlaskit/adf-utils/builders';
import type { PanelType } from '@atlaskit/adf-schema';
import type { PostmortemModel } from './postmortem-model';
import type { DocumentStatus } from './postmortem-source';
import { cleanText, oneLine, truncate } from './plain-text';
import type { InlinePart, PostmortemSection, SectionBlock, Tone } from './section-content';
import { epochMillis, formatInZone, siteTimeOf } from './time';

export type AdfDoc = ReturnType<typeof doc>;
type Inline = Exclude<Parameters<typeof p>[number], string>;
type Block = Parameters<typeof doc>[number];
type Row = ReturnType<typeof tableRow>;

/**
 * The schema types `panelType` as a TypeScript enum; importing that enum would pull
 * `@atlaskit/adf-schema` into the runtime bundle for two string constants.
 */
const INFO_PANEL = 'info' as PanelType.INFO;
const NOTE_PANEL = 'note' as PanelType.NOTE;

/**
 * Section headings carry a stable `localId` so a refresh can find them again:
 * `postmortem-section-<id>` for generated sections, `postmortem-author-<id>` for sections authors own.
 */
export const GENERATED_SECTION_PREFIX = 'postmortem-section-';
export const AUTHOR_SECTION_PREFIX = 'postmortem-author-';

export function sectionLocalId(section: Pick<PostmortemSection, 'id' | 'authorOwned'>): string {
  return `${section.authorOwned ? AUTHOR_SECTION_PREFIX : GENERATED_SECTION_PREFIX}${section.id}`;
}

/** Confluence shows lozenges in capitals and cuts long ones; a status name is never longer than this in practice. */
const STATUS_TEXT_LIMIT = 30;

/**
 * The app marks a page it creates with a secret id only it knows before the page exists (kept in
 * its own storage), on the header's info panel. A page with the incident's title but without the
 * id was made by someone else, and is never taken for the incident's postmortem.
 */
export const ORIGIN_PREFIX = 'postmortem-origin-';

export function renderPostmortemAdf(model: PostmortemModel, options: { originId?: string } = {}): AdfDoc {
  return doc(...headerBlocks(model, options.originId), ...model.sections.flatMap((section) => renderSection(section, model.siteTimeZone)));
}

/** True when the stored document carries the origin id the app put on the page it created. */
export function carriesOrigin(adf: unknown, originId: string): boolean {
  const wanted = `${ORIGIN_PREFIX}${originId}`;
  const visit = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null) return false;
    const { attrs, content } = node as { attrs?: unknown; content?: unknown };
    if (typeof attrs === 'object' && attrs !== null && (attrs as { localId?: unknown }).localId === wanted) return true;
    return Array.isArray(content) && content.some(visit);
  };
  return visit(adf);
}

function headerBlocks(model: PostmortemModel, originId: string | undefined): Block[] {
  const { header } = model;
  const zone = model.siteTimeZone;
  const rows: Row[] = [
    factRow('Incident', [link({ href: header.url })(safe(header.key)), textNode(' '), ...inlineText(model.incident.summary)]),
    factRow('Priority', inlineText(header.priority ?? 'Not set')),
    factRow('Incident status', [
      lozenge(
        header.status.name,
        header.status.categoryKey === 'done' ? 'green' : header.status.categoryKey === 'indeterminate' ? 'blue' : 'neutral',
      ),
    ]),
    factRow('Owner', inlineText(header.owner ?? 'Unassigned')),
    factRow('Reporter', inlineText(header.reporter ?? 'Unknown user')),
    factRow('Created', timeInlines(header.createdAt, zone)),
    factRow('Resolved', header.resolvedAt ? timeInlines(header.resolvedAt, zone) : [lozenge('Unresolved', 'yellow')]),
    factRow('Postmortem authors', inlineText(header.authors.length > 0 ? header.authors.join(', ') : 'Not assigned')),
    factRow('Document status', [lozenge(header.documentStatus, documentStatusTone(header.documentStatus))]),
    factRow('Generated', timeInlines(header.generatedAt, zone)),
  ];
  return [
    table(...rows),
    panel({ panelType: INFO_PANEL, ...(originId ? { localId: `${ORIGIN_PREFIX}${originId}` } : {}) })(
      p(
        em(
          'Generated from Jira. “Refresh from Jira” regenerates only what nobody has edited: Leadup, Five whys, Root cause analysis ' +
            'and Lessons learned belong to the authors, and any other section you edit is kept (with a note) instead of regenerated.',
        ),
      ),
    ),
  ];
}

export function documentStatusTone(status: DocumentStatus): Tone {
  return status === 'Published' ? 'green' : status === 'In review' ? 'blue' : 'neutral';
}

function renderSection(section: PostmortemSection, zone: string): Block[] {
  const subheadingLevel = section.level === 2 ? 3 : 4;
  const renderInlines = (parts: InlinePart[]) => renderInlinesIn(parts, zone);
  return [
    heading({ level: section.level, localId: sectionLocalId(section) })(...inlineText(section.title)),
    ...section.blocks.map((block) => renderBlock(block, subheadingLevel, renderInlines)),
  ];
}

function renderBlock(block: SectionBlock, subheadingLevel: 3 | 4, renderInlines: (parts: InlinePart[]) => Inline[]): Block {
  switch (block.kind) {
    case 'paragraph':
      return p(...renderInlines(block.content));
    case 'prompt':
      return panel({ panelType: NOTE_PANEL })(p(em(safe(block.text))));
    case 'subheading':
      return heading({ level: subheadingLevel })(...inlineText(block.text));
    case 'list':
      return block.items.length === 0 ? p() : bulletList(...block.items.map((item) => listItem([p(...renderInlines(item))])));
    case 'facts':
      return block.rows.length === 0 ? p() : table(...block.rows.map((row) => factRow(row.label, renderInlines(row.value))));
    case 'table':
      return table(
        tableRow(block.header.map((label) => tableHeader()(p(...inlineText(label))))),
        ...block.rows.map((cells) => tableRow(cells.map((cell) => tableCell()(p(...renderInlines(cell)))))),
      );
  }
}

/** A label/value row: the label is a header cell, as Confluence's own page properties tables do. */
function factRow(label: string, value: Inline[]): Row {
  const labelCell = tableHeader()(p(...inlineText(label)));
  const valueCell = tableCell()(p(...value));
  // tableRow's type takes one kind of cell per row; ADF allows a header cell beside data cells.
  return { type: 'tableRow', content: [labelCell, valueCell] };
}

/** A `date` part is a date node (shown in the reader's locale) followed by the time in UTC and the site's zone. */
function renderInlinesIn(parts: InlinePart[], zone: string): Inline[] {
  return parts.flatMap((part): Inline[] => {
    switch (part.kind) {
      case 'text': {
        const nodes = inlineText(part.text);
        return part.strong ? nodes.map((node) => ('text' in node && typeof node.text === 'string' ? strong(node.text) : node)) : nodes;
      }
      case 'link': {
        const label = oneLine(part.text);
        return label.length > 0 ? [link({ href: part.href })(label)] : [];
      }
      case 'status':
        return [lozenge(part.text, part.tone)];
      case 'date': {
        const millis = epochMillis(part.at);
        if (millis === null) return inlineText(part.at);
        const utc = formatInZone(part.at, 'UTC').slice(11);
        const site = zone === 'UTC' ? '' : ` (${formatInZone(part.at, zone)})`;
        return [date({ timestamp: String(millis) }), ...inlineText(` ${utc}${site}`)];
      }
    }
  });
}

/**
 * ADF forbids empty text nodes, so blank text yields no node at all. Everything else becomes one
 * text node: HTML, script fragments and RTL marks stay literal characters.
 */
function inlineText(value: string): Inline[] {
  const cleaned = cleanText(value).replace(/\n+/g, ' ');
  return cleaned.length > 0 ? [textNode(cleaned)] : [];
}

function safe(value: string): string {
  const cleaned = oneLine(value);
  return cleaned.length > 0 ? cleaned : '-';
}

function lozenge(value: string, tone: Tone): Inline {
  return status({ text: truncate(safe(value), STATUS_TEXT_LIMIT), color: tone });
}

/** Every time on the page reads the same for every reader: the site's zone, with UTC beside it. */
function timeInlines(iso: string, zone: string): Inline[] {
  return inlineText(siteTimeOf(iso, zone).text);
}
