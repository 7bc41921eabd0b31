import fc from 'fast-check';
import { bulletList, heading, listItem, p, table, tableCell, tableRow } from '@atlaskit/adf-utils/builders';
import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { renderPostmortemAdf, type AdfDoc } from '../../../src/domain/postmortem/postmortem-adf';
import { refreshPostmortemAdf } from '../../../src/domain/postmortem/refresh-merge';
import type { PostmortemSource } from '../../../src/domain/postmortem/postmortem-source';
import { adfProblems } from '../../support/adf-validators';
import { randomSource } from './postmortem-arbitraries';
import { aComment, aPostmortemSource } from './postmortem-factories';

type Node = AdfDoc['content'][number];

function levelOf(node: unknown): number {
  const attrs = typeof node === 'object' && node !== null && 'attrs' in node ? node.attrs : null;
  return typeof attrs === 'object' && attrs !== null && 'level' in attrs && typeof attrs.level === 'number' ? attrs.level : 0;
}

const render = (source: PostmortemSource) => renderPostmortemAdf(buildPostmortem(source));

function textOf(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const record = node as { text?: unknown; content?: unknown };
  return (typeof record.text === 'string' ? record.text : '') + (Array.isArray(record.content) ? record.content.map(textOf).join('') : '');
}

/** Replaces the body of the section whose heading has `title` with `body`, as an author editing the page would. */
function editSection(adf: AdfDoc, title: string, body: Node[]): AdfDoc {
  const start = adf.content.findIndex((node) => node.type === 'heading' && textOf(node) === title);
  if (start < 0) throw new Error(`no section ${title}`);
  const level = levelOf(adf.content[start]);
  let end = start + 1;
  while (end < adf.content.length && !(adf.content[end]!.type === 'heading' && levelOf(adf.content[end]) <= level)) end += 1;
  return { ...adf, content: [...adf.content.slice(0, start + 1), ...body, ...adf.content.slice(end)] };
}

function sectionBody(adf: AdfDoc, title: string): string {
  const start = adf.content.findIndex((node) => node.type === 'heading' && textOf(node) === title);
  const level = levelOf(adf.content[start]);
  const body: string[] = [];
  for (const node of adf.content.slice(start + 1)) {
    if (node.type === 'heading' && levelOf(node) <= level && /^(Root cause|Corrective actions|Lessons learned|Root cause analysis)$/.test(textOf(node))) break;
    body.push(textOf(node));
  }
  return body.join('|');
}

const stripLocalIds = (adf: AdfDoc): AdfDoc => JSON.parse(JSON.stringify(adf, (key, value) => (key === 'localId' ? undefined : value)));

const authorWhys: Node[] = [
  p('Why 1: checkout returned 502 because the gateway had no healthy upstream.'),
  heading({ level: 3 })({ type: 'text', text: 'Our own sub-heading' }),
  table(tableRow([tableCell()(p('author table'))])),
  bulletList(listItem([p('Why 2: the config push removed the pool.')])),
];

describe('refreshPostmortemAdf', () => {
  const before = aPostmortemSource();
  const after = aPostmortemSource({ comments: [aComment('c9', '2026-11-20T10:30:00.000+0000', 'New finding after the page was created')] });

  it('returns the fresh document unchanged when nobody edited the page', () => {
    const fresh = render(after);
    expect(refreshPostmortemAdf(render(before), fresh)).toEqual(fresh);
  });

  it('keeps what authors wrote in their sections, including their own headings, and regenerates the rest', () => {
    const edited = editSection(editSection(render(before), 'Five whys', authorWhys), 'What went well', [p('Paging worked within a minute.')]);
    const merged = refreshPostmortemAdf(edited, render(after));
    expect(sectionBody(merged, 'Five whys')).toContain('gateway had no healthy upstream');
    expect(sectionBody(merged, 'Five whys')).toContain('Our own sub-heading');
    expect(sectionBody(merged, 'Five whys')).toContain('author table');
    expect(sectionBody(merged, 'Lessons learned')).toContain('Paging worked within a minute.');
    expect(sectionBody(merged, 'Five whys')).not.toContain('Replace this panel');
    expect(textOf(merged)).toContain('New finding after the page was created');
    expect(adfProblems(merged)).toEqual([]);
  });

  it('drops edits made to generated sections: Jira is their source', () => {
    const edited = editSection(render(before), 'Summary', [p('hand-edited summary')]);
    expect(textOf(refreshPostmortemAdf(edited, render(after)))).not.toContain('hand-edited summary');
  });

  it('finds author sections by heading text when the editor dropped the localIds', () => {
    const edited = stripLocalIds(editSection(render(before), 'Root cause analysis', [p('A missing validation step.')]));
    const merged = refreshPostmortemAdf(edited, render(after));
    expect(sectionBody(merged, 'Root cause analysis')).toContain('A missing validation step.');
  });

  it('brings the prompt back when an author deleted their section', () => {
    const fresh = render(after);
    const withoutWhys = editSection(render(before), 'Five whys', []);
    const removedHeading = { ...withoutWhys, content: withoutWhys.content.filter((node) => textOf(node) !== 'Five whys') };
    expect(sectionBody(refreshPostmortemAdf(removedHeading, fresh), 'Five whys')).toBe(sectionBody(fresh, 'Five whys'));
  });

  it('treats a stored body that is not an ADF document as absent', () => {
    const fresh = render(after);
    for (const garbage of [null, 'text', 42, { type: 'paragraph' }, { type: 'doc', content: 'x' }]) {
      expect(refreshPostmortemAdf(garbage, fresh)).toEqual(fresh);
    }
  });

  it('ignores junk nodes in the stored document instead of failing', () => {
    const edited = editSection(render(before), 'Five whys', authorWhys);
    const withJunk = { ...edited, content: [null, 7, ...edited.content] };
    expect(sectionBody(refreshPostmortemAdf(withJunk, render(after)), 'Five whys')).toContain('healthy upstream');
  });

  it('is idempotent and always valid over random histories and author edits', () => {
    fc.assert(
      fc.property(randomSource, randomSource, fc.constantFrom('Five whys', 'Root cause analysis', 'Lessons learned'), fc.string({ minLength: 1, maxLength: 40 }), (old, next, title, words) => {
        const edited = editSection(render(old), title, [p(words.trim().length > 0 ? words : 'x')]);
        const fresh = render(next);
        const merged = refreshPostmortemAdf(edited, fresh);
        expect(refreshPostmortemAdf(merged, fresh)).toEqual(merged);
        expect(adfProblems(merged)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
