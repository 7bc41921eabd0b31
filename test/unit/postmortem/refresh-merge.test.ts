import fc from 'fast-check';
import { bulletList, heading, listItem, p, table, tableCell, tableRow } from '@atlaskit/adf-utils/builders';
import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { renderPostmortemAdf, type AdfDoc } from '../../../src/domain/postmortem/postmortem-adf';
import {
  FLAG_PREFIX,
  generatedPartFingerprints,
  refreshPostmortemAdf,
  unwrittenAuthorSections,
} from '../../../src/domain/postmortem/refresh-merge';
import type { PostmortemSource } from '../../../src/domain/postmortem/postmortem-source';
import { adfProblems } from '../../support/adf-validators';
import { randomSource } from './postmortem-arbitraries';
import { aComment, anIncident, aPostmortemSource } from './postmortem-factories';

type Node = AdfDoc['content'][number];

const render = (source: PostmortemSource) => renderPostmortemAdf(buildPostmortem(source));

function textOf(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as { text?: unknown; content?: unknown };
  return (typeof record.text === 'string' ? record.text : '') + (Array.isArray(record.content) ? record.content.map(textOf).join('') : '');
}

/** Index range of the section whose heading has `title`: the heading and its body up to the next heading of the same or a higher level. */
function sectionRange(adf: AdfDoc, title: string): [number, number] {
  const start = adf.content.findIndex((node) => node.type === 'heading' && textOf(node) === title);
  if (start < 0) throw new Error(`no section ${title}`);
  let end = start + 1;
  while (
    end < adf.content.length &&
    !(
      adf.content[end]!.type === 'heading' &&
      String((adf.content[end] as { attrs?: { localId?: unknown } }).attrs?.localId ?? '').startsWith('postmortem-')
    )
  )
    end += 1;
  return [start, end];
}

/** Replaces the body of the section whose heading has `title` with `body`, as an author editing the page would. */
function editSection(adf: AdfDoc, title: string, body: Node[]): AdfDoc {
  const [start, end] = sectionRange(adf, title);
  return { ...adf, content: [...adf.content.slice(0, start + 1), ...body, ...adf.content.slice(end)] };
}

function appendToSection(adf: AdfDoc, title: string, extra: Node[]): AdfDoc {
  const [, end] = sectionRange(adf, title);
  return { ...adf, content: [...adf.content.slice(0, end), ...extra, ...adf.content.slice(end)] };
}

function sectionNodes(adf: AdfDoc, title: string): Node[] {
  const [start, end] = sectionRange(adf, title);
  return adf.content.slice(start + 1, end);
}

const sectionBody = (adf: AdfDoc, title: string) => sectionNodes(adf, title).map(textOf).join('|');
const flagsIn = (nodes: Node[]) =>
  nodes.filter((node) => String((node as { attrs?: { localId?: unknown } }).attrs?.localId ?? '').startsWith(FLAG_PREFIX));

const stripLocalIds = (adf: AdfDoc): AdfDoc => JSON.parse(JSON.stringify(adf, (key, value) => (key === 'localId' ? undefined : value)));

/**
 * What Confluence may do to a stored document without anyone editing it: give paragraphs and
 * tables localIds, set table layout, and split a text node in two.
 */
function confluenceNormalised(adf: AdfDoc): AdfDoc {
  let counter = 0;
  const visit = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const record = { ...(node as Record<string, unknown>) };
    if (record.type === 'paragraph' || record.type === 'table')
      record.attrs = {
        ...((record.attrs as object) ?? {}),
        localId: `uuid-${(counter += 1)}`,
        ...(record.type === 'table' ? { layout: 'default' } : {}),
      };
    if (Array.isArray(record.content)) {
      record.content = record.content.flatMap((child: unknown) => {
        const c = child as { type?: string; text?: string; marks?: unknown };
        if (c?.type === 'text' && typeof c.text === 'string' && c.text.length > 6 && !c.marks) {
          return [
            { type: 'text', text: c.text.slice(0, 3) },
            { type: 'text', text: c.text.slice(3) },
          ];
        }
        return [visit(child)];
      });
    }
    return record;
  };
  return visit(adf) as AdfDoc;
}

const authorWhys: Node[] = [
  p('Why 1: checkout returned 502 because the gateway had no healthy upstream.'),
  heading({ level: 3 })({ type: 'text', text: 'Our own sub-heading' }),
  table(tableRow([tableCell()(p('author table'))])),
  bulletList(listItem([p('Why 2: the config push removed the pool.')])),
];

const AUTHOR_SECTIONS = ['Leadup', 'Five whys', 'Root cause analysis', 'Lessons learned'];

describe('refreshPostmortemAdf', () => {
  const before = aPostmortemSource();
  const after = aPostmortemSource({ comments: [aComment('c9', '2026-11-20T10:30:00.000+0000', 'New finding after the page was created')] });
  const written = render(before);
  const lastWritten = generatedPartFingerprints(written);

  it('regenerates every generated part of an unedited page, keeps the author sections, and says which is which', () => {
    const fresh = render(after);
    const outcome = refreshPostmortemAdf(written, fresh, lastWritten);
    expect(outcome.adf).toEqual(fresh);
    expect(outcome.regenerated).toEqual([
      'Page header',
      'Key moments',
      'Metrics',
      'Summary',
      'Fault',
      'Impact',
      'Detection',
      'Response',
      'Recovery',
      'Timeline',
      'Root cause',
      'Corrective actions',
    ]);
    expect(outcome.keptAuthorSections).toEqual(AUTHOR_SECTIONS);
    expect(outcome.keptEdited).toEqual([]);
    expect(outcome.fingerprints).toEqual(generatedPartFingerprints(fresh));
  });

  it('adds Key moments to a page written before the section existed, in its place at the top, and takes the old Metrics part over', () => {
    const [start, end] = sectionRange(written, 'Key moments');
    const older: AdfDoc = { ...written, content: [...written.content.slice(0, start), ...written.content.slice(end)] };
    const fresh = render(after);
    const outcome = refreshPostmortemAdf(older, fresh, generatedPartFingerprints(older));
    expect(outcome.adf).toEqual(fresh);
    expect(outcome.regenerated.slice(0, 3)).toEqual(['Page header', 'Key moments', 'Metrics']);
    expect(outcome.keptEdited).toEqual([]);
  });

  it('counts a page Confluence only re-encoded (localIds, table layout, split text nodes) as unedited', () => {
    const outcome = refreshPostmortemAdf(confluenceNormalised(written), render(after), lastWritten);
    expect(outcome.keptEdited).toEqual([]);
    expect(outcome.regenerated).toEqual(refreshPostmortemAdf(written, render(after), lastWritten).regenerated);
    expect(textOf(outcome.adf)).toContain('New finding after the page was created');
  });

  it('keeps what authors wrote in their sections, including their own headings and tables', () => {
    const edited = editSection(editSection(written, 'Five whys', authorWhys), 'What went well', [p('Paging worked within a minute.')]);
    const outcome = refreshPostmortemAdf(edited, render(after), lastWritten);
    const merged = outcome.adf;
    expect(sectionBody(merged, 'Five whys')).toContain('gateway had no healthy upstream');
    expect(sectionBody(merged, 'Five whys')).toContain('Our own sub-heading');
    expect(sectionBody(merged, 'Five whys')).toContain('author table');
    expect(sectionBody(merged, 'Lessons learned')).toContain('Paging worked within a minute.');
    expect(sectionBody(merged, 'Five whys')).not.toContain('Replace this panel');
    expect(textOf(merged)).toContain('New finding after the page was created');
    expect(adfProblems(merged)).toEqual([]);
  });

  it('never regenerates Leadup, which invites the author to write', () => {
    const edited = editSection(written, 'Leadup', [p('A config push at 09:55 removed the upstream pool.')]);
    const outcome = refreshPostmortemAdf(edited, render(after), lastWritten);
    expect(sectionBody(outcome.adf, 'Leadup')).toBe('A config push at 09:55 removed the upstream pool.');
    expect(outcome.keptAuthorSections).toContain('Leadup');
    expect(outcome.regenerated).not.toContain('Leadup');
    // Pages made while Leadup was a generated section carry its old heading id.
    const older = JSON.parse(JSON.stringify(edited).replace('postmortem-author-leadup', 'postmortem-section-leadup')) as AdfDoc;
    expect(sectionBody(refreshPostmortemAdf(older, render(after), lastWritten).adf, 'Leadup')).toBe(
      'A config push at 09:55 removed the upstream pool.',
    );
  });

  it('keeps an edited generated section as written, flags it with what Jira now says, and regenerates the others', () => {
    // The Fault prompt asks the author to describe what failed; they did.
    const edited = editSection(written, 'Fault', [p('The gateway pool config was pushed empty.')]);
    const changed = aPostmortemSource({ incident: anIncident({ category: 'Network', subcategory: 'DNS' }), comments: after.comments });
    const outcome = refreshPostmortemAdf(edited, render(changed), lastWritten);
    const fault = sectionNodes(outcome.adf, 'Fault');
    expect(fault.map(textOf)).toContain('The gateway pool config was pushed empty.');
    const flags = flagsIn(fault);
    expect(flags.map((node) => node.type)).toEqual(['panel', 'expand']);
    expect(textOf(flags[0])).toMatch(/^Kept your edits: .*Jira now says something else/);
    expect(textOf(flags[1])).toContain('Network / DNS');
    expect(outcome.keptEdited).toEqual(['Fault']);
    expect(outcome.regenerated).not.toContain('Fault');
    expect(outcome.regenerated).toContain('Summary');
    expect(textOf(outcome.adf)).toContain('New finding after the page was created');
    expect(adfProblems(outcome.adf)).toEqual([]);
  });

  it('flags an edited section without an expand when Jira has nothing new for it', () => {
    const edited = editSection(written, 'Summary', [p('hand-edited summary')]);
    const outcome = refreshPostmortemAdf(edited, render(after), lastWritten);
    const flags = flagsIn(sectionNodes(outcome.adf, 'Summary'));
    expect(flags.map((node) => node.type)).toEqual(['panel']);
    expect(textOf(flags[0])).toContain('has not changed since the page was last generated');
    expect(sectionBody(outcome.adf, 'Summary')).toContain('hand-edited summary');
  });

  it('keeps a paragraph an author added after a generated section’s text, and an edit to the page header', () => {
    const edited = appendToSection(
      { ...written, content: [p('Reviewed with the payments team on 27 Nov.'), ...written.content] },
      'Impact',
      [p('Also: 40 merchants called support.')],
    );
    const outcome = refreshPostmortemAdf(edited, render(after), lastWritten);
    expect(textOf(outcome.adf)).toContain('Reviewed with the payments team on 27 Nov.');
    expect(sectionBody(outcome.adf, 'Impact')).toContain('Also: 40 merchants called support.');
    expect(outcome.keptEdited).toEqual(['Page header', 'Impact']);
    expect(outcome.regenerated).toContain('Timeline');
    expect(adfProblems(outcome.adf)).toEqual([]);
  });

  it('keeps the flag once, not one more per refresh, and keeps the section until the author empties it', () => {
    const edited = editSection(written, 'Summary', [p('hand-edited summary')]);
    const fresh = render(after);
    const first = refreshPostmortemAdf(edited, fresh, lastWritten);
    const second = refreshPostmortemAdf(first.adf, fresh, first.fingerprints);
    expect(second.adf).toEqual(first.adf);
    expect(second.keptEdited).toEqual(['Summary']);
    const emptied = editSection(second.adf, 'Summary', [p()]);
    const third = refreshPostmortemAdf(emptied, fresh, second.fingerprints);
    expect(sectionBody(third.adf, 'Summary')).toBe(sectionBody(fresh, 'Summary'));
    expect(third.regenerated).toContain('Summary');
  });

  it('keeps a section that differs from Jira when no fingerprint was stored (pages made before fingerprints)', () => {
    const edited = editSection(written, 'Summary', [p('hand-edited summary')]);
    const outcome = refreshPostmortemAdf(edited, render(after), {});
    expect(sectionBody(outcome.adf, 'Summary')).toContain('hand-edited summary');
    expect(outcome.keptEdited).toContain('Summary');
    expect(outcome.regenerated).toContain('Detection');
  });

  it('finds author sections by heading text when the editor dropped the localIds', () => {
    const edited = stripLocalIds(editSection(written, 'Root cause analysis', [p('A missing validation step.')]));
    const merged = refreshPostmortemAdf(edited, render(after), lastWritten).adf;
    expect(sectionBody(merged, 'Root cause analysis')).toContain('A missing validation step.');
  });

  it('brings the prompt back when an author deleted their section', () => {
    const fresh = render(after);
    const withoutWhys = editSection(written, 'Five whys', []);
    const removedHeading = { ...withoutWhys, content: withoutWhys.content.filter((node) => textOf(node) !== 'Five whys') };
    const outcome = refreshPostmortemAdf(removedHeading, fresh, lastWritten);
    expect(sectionBody(outcome.adf, 'Five whys')).toBe(sectionBody(fresh, 'Five whys'));
    expect(outcome.regenerated).toContain('Five whys');
  });

  it('treats a stored body that is not an ADF document as absent', () => {
    const fresh = render(after);
    for (const garbage of [null, 'text', 42, { type: 'paragraph' }, { type: 'doc', content: 'x' }]) {
      expect(refreshPostmortemAdf(garbage, fresh, lastWritten).adf).toEqual(fresh);
    }
  });

  it('ignores junk nodes in the stored document instead of failing', () => {
    const edited = editSection(written, 'Five whys', authorWhys);
    const withJunk = { ...edited, content: [null, 7, ...edited.content] };
    expect(sectionBody(refreshPostmortemAdf(withJunk, render(after), lastWritten).adf, 'Five whys')).toContain('healthy upstream');
  });

  it('over random histories and edits to any section: keeps the edit, stays valid, and is idempotent', () => {
    const titles = [
      'Summary',
      'Leadup',
      'Fault',
      'Impact',
      'Detection',
      'Response',
      'Recovery',
      'Timeline',
      'Five whys',
      'Root cause',
      'Root cause analysis',
      'Corrective actions',
      'Lessons learned',
    ];
    fc.assert(
      fc.property(
        randomSource,
        randomSource,
        fc.constantFrom(...titles),
        fc.string({ minLength: 1, maxLength: 40 }),
        (old, next, title, words) => {
          const oldAdf = render(old);
          const words2 = `edit: ${words.replace(/\s+/g, ' ').trim() || 'x'}`;
          const edited = editSection(oldAdf, title, [p(words2)]);
          const fresh = render(next);
          const outcome = refreshPostmortemAdf(edited, fresh, generatedPartFingerprints(oldAdf));
          expect(textOf(outcome.adf)).toContain(words2);
          expect([...outcome.keptEdited, ...outcome.keptAuthorSections]).toContain(title);
          expect(refreshPostmortemAdf(outcome.adf, fresh, outcome.fingerprints).adf).toEqual(outcome.adf);
          expect(adfProblems(outcome.adf)).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('unwrittenAuthorSections', () => {
  const template = renderPostmortemAdf(buildPostmortem(aPostmortemSource()));
  const authorTitles = ['Leadup', 'Five whys', 'Root cause analysis', 'Lessons learned'];

  it('names every author section still holding only the prompt, missing, or emptied', () => {
    expect(unwrittenAuthorSections(template, template)).toEqual(authorTitles);
    expect(unwrittenAuthorSections({ type: 'doc', version: 1, content: [] }, template)).toEqual(authorTitles);
    expect(unwrittenAuthorSections(null, template)).toEqual(authorTitles);
  });

  it('leaves out a section once an author wrote in it, even next to the prompt', () => {
    const content = [...template.content];
    const whys = content.findIndex((node) => (node as { attrs?: { localId?: string } }).attrs?.localId === 'postmortem-author-five-whys');
    content.splice(whys + 2, 0, { type: 'paragraph', content: [{ type: 'text', text: 'Why 1: the replica lagged.' }] });
    expect(unwrittenAuthorSections({ ...template, content }, template)).toEqual(['Leadup', 'Root cause analysis', 'Lessons learned']);
  });
});
