import fc from 'fast-check';
import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { AUTHOR_SECTION_PREFIX, renderPostmortemAdf, type AdfDoc } from '../../../src/domain/postmortem/postmortem-adf';
import type { ChangelogEntry, CommentSummary, PostmortemSource } from '../../../src/domain/postmortem/postmortem-source';
import { adfProblems, expectValidAdf } from '../../support/adf-validators';
import { aComment, aFieldChange, aLink, aPostmortemSource, alice, anIncident, aStatusChange, bob, status } from './postmortem-factories';
import { randomSource } from './postmortem-arbitraries';
import { TIMELINE_ROW_LIMIT } from '../../../src/domain/postmortem/sections/timeline-section';

function render(source: PostmortemSource): AdfDoc {
  return renderPostmortemAdf(buildPostmortem(source));
}

function allText(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const record = node as { text?: unknown; content?: unknown; attrs?: { text?: unknown } };
  const own = typeof record.text === 'string' ? [record.text] : [];
  const children = Array.isArray(record.content) ? record.content.flatMap(allText) : [];
  return [...own, ...children];
}

function attrsOf(node: unknown): { localId?: string; level?: number } {
  return typeof node === 'object' && node !== null && 'attrs' in node && typeof node.attrs === 'object' && node.attrs !== null
    ? node.attrs
    : {};
}

describe('renderPostmortemAdf', () => {
  it('produces a document all three validators accept, with links back to Jira and status lozenges', () => {
    const adf = render(
      aPostmortemSource({
        incident: anIncident({ status: { id: '5', name: 'Resolved', categoryKey: 'done' }, affectedUsers: 40 }),
        changelog: [aStatusChange('1', '2026-11-20T10:10:00.000+0000', status('Open'), status('Resolved'))],
        links: [aLink('PRB-1', { issueTypeName: 'Problem' }, 'is caused by'), aLink('OPS-2')],
        slaTargetMinutes: 240,
      }),
    );
    expectValidAdf(adf);
    const json = JSON.stringify(adf);
    expect(json).toContain('"href":"https://acme.atlassian.net/browse/INC-7"');
    expect(json).toContain('"href":"https://acme.atlassian.net/browse/OPS-2"');
    expect(json).toMatch(/"type":"status","attrs":\{"text":"Resolved","color":"green"/);
    expect(json).toMatch(/"type":"status","attrs":\{"text":"Met","color":"green"/);
    // Times read the same for every reader: the site's zone with UTC beside it, never a reader-local date node.
    expect(json).toContain('"text":"2026-11-20 11:10 Europe/Berlin, 10:10 UTC"');
    expect(json).not.toContain('"type":"date"');
  });

  it('marks the author-owned sections with stable heading localIds', () => {
    const adf = render(aPostmortemSource());
    const authorHeadings = adf.content
      .map((node) => [attrsOf(node).localId, allText(node).join('')])
      .filter(([localId]) => String(localId).startsWith(AUTHOR_SECTION_PREFIX));
    expect(authorHeadings).toEqual([
      ['postmortem-author-leadup', 'Leadup'],
      ['postmortem-author-five-whys', 'Five whys'],
      ['postmortem-author-root-cause-analysis', 'Root cause analysis'],
      ['postmortem-author-lessons-learned', 'Lessons learned'],
    ]);
  });

  it('keeps hostile text as literal text: HTML, script, RTL, emoji, control characters, lone surrogates', () => {
    const hostile = '<img src=x onerror=alert(1)> <script>x</script> \u202Eمرحبا שלום\u202C 👩🏽‍🚒 \u0000\u0007 \uD800 end';
    const adf = render(
      aPostmortemSource({
        incident: anIncident({ summary: hostile, description: hostile, reporter: { accountId: 'gone', displayName: '' } }),
        comments: [
          aComment('c1', '2026-11-20T10:20:00.000+0000', `@Former user ${hostile}`, { accountId: 'deleted', displayName: '' }),
          aComment('c2', '2026-11-20T10:21:00.000+0000', '   '),
        ],
        changelog: [aFieldChange('1', '2026-11-20T10:05:00.000+0000', '', null, hostile)],
        links: [aLink('OPS-404', { summary: null, status: null, issueTypeName: null, assignee: null })],
      }),
    );
    expectValidAdf(adf);
    const texts = allText(adf).join('\n');
    expect(texts).toContain('<script>x</script>');
    expect(texts).toContain('\u202Eمرحبا שלום\u202C');
    expect(texts).toContain('👩🏽‍🚒');
    expect(texts).not.toMatch(/[\u0000\u0007]/);
    expect(texts).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(JSON.stringify(adf)).not.toContain('"type":"html"');
  });

  it('stays valid for an incident with thousands of changelog entries and comments', () => {
    const changelog: ChangelogEntry[] = [];
    const comments: CommentSummary[] = [];
    for (let i = 0; i < 2000; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 20, 10) + i * 60_000).toISOString();
      changelog.push(aFieldChange(String(i), at, 'labels', null, `label-${i}`));
      comments.push(aComment(`c${i}`, at, `comment ${i} ${'x'.repeat(i % 50)}`));
    }
    const started = performance.now();
    const adf = render(aPostmortemSource({ changelog, comments }));
    expect(performance.now() - started).toBeLessThan(3000);
    const timelineTable = adf.content.find(
      (node, index) =>
        node.type === 'table' && adf.content[index - 1]?.type === 'heading' && allText(adf.content[index - 1]).join('') === 'Timeline',
    );
    // Header row + every key event (creation) + field changes and comments up to the row limit.
    expect(timelineTable && 'content' in timelineTable ? timelineTable.content?.length : 0).toBe(1 + TIMELINE_ROW_LIMIT);
    expect(allText(adf).join(' ')).toContain(
      `${1 + 4000 - TIMELINE_ROW_LIMIT} more rows omitted (field changes and comments): the table lists at most ${TIMELINE_ROW_LIMIT}.`,
    );
    expect(adfProblems(adf)).toEqual([]);
  });

  it('always lists status, priority, assignee and link changes even past the row limit', () => {
    const changelog: ChangelogEntry[] = [];
    for (let i = 0; i < TIMELINE_ROW_LIMIT + 200; i += 1) {
      // Two people taking turns: consecutive changes of one person would merge into one row.
      changelog.push(
        aFieldChange(
          String(i),
          new Date(Date.UTC(2026, 10, 20, 10) + i * 1000).toISOString(),
          'labels',
          null,
          `label-${i}`,
          i % 2 ? alice : bob,
        ),
      );
    }
    changelog.push(aStatusChange('late', '2026-11-21T10:00:00.000Z', status('Open'), status('Resolved')));
    const model = buildPostmortem(aPostmortemSource({ changelog }));
    expect(model.timeline).toHaveLength(1 + TIMELINE_ROW_LIMIT + 200 + 1);
    const table = model.sections.find((section) => section.id === 'timeline')!.blocks[0]!;
    const rows = table.kind === 'table' ? table.rows : [];
    expect(rows).toHaveLength(TIMELINE_ROW_LIMIT);
    expect(JSON.stringify(rows[rows.length - 1])).toContain('Status: Open → Resolved');
  });

  it('never lists more than the row limit, even when status changes alone exceed it, and says what was left out', () => {
    const changelog: ChangelogEntry[] = [];
    const names = ['Open', 'In Progress'];
    for (let i = 0; i < TIMELINE_ROW_LIMIT + 500; i += 1) {
      changelog.push(
        aStatusChange(
          `s${i}`,
          new Date(Date.UTC(2026, 10, 20, 10) + i * 1000).toISOString(),
          status(names[i % 2]!),
          status(names[(i + 1) % 2]!),
        ),
      );
      changelog.push(
        aFieldChange(`f${i}`, new Date(Date.UTC(2026, 10, 20, 10) + i * 1000 + 500).toISOString(), 'labels', null, `label-${i}`),
      );
    }
    const model = buildPostmortem(aPostmortemSource({ changelog }));
    const blocks = model.sections.find((section) => section.id === 'timeline')!.blocks;
    const rows = blocks[0]!.kind === 'table' ? blocks[0]!.rows : [];
    expect(rows).toHaveLength(TIMELINE_ROW_LIMIT);
    // The first events (creation, the first status changes) and the last status change are both shown.
    expect(JSON.stringify(rows[0])).toContain('Created');
    expect(JSON.stringify(rows[rows.length - 1])).toContain('Status: In Progress → Open');
    const omitted = model.timeline.length - TIMELINE_ROW_LIMIT;
    const adfText = allText(renderPostmortemAdf(model)).join(' ');
    expect(adfText).toContain(
      `${omitted} more rows omitted (${TIMELINE_ROW_LIMIT + 500 + 1 - TIMELINE_ROW_LIMIT} status, priority, assignee and link changes, ${TIMELINE_ROW_LIMIT + 500} field changes and comments): the table lists at most ${TIMELINE_ROW_LIMIT}.`,
    );
  });
});

describe('renderPostmortemAdf over random histories', () => {
  it('always yields ADF that passes all three validators', () => {
    fc.assert(
      fc.property(randomSource, (source) => {
        expect(adfProblems(render(source))).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('always keeps the model invariants: sorted UTC timeline, non-negative metrics', () => {
    fc.assert(
      fc.property(randomSource, (source) => {
        const model = buildPostmortem(source);
        const times = model.timeline.map((entry) => entry.at);
        expect([...times].sort()).toEqual(times);
        for (const at of times) expect(at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        for (const minutes of [model.metrics.timeToAcknowledgeMinutes, model.metrics.timeToResolveMinutes]) {
          if (minutes !== null) expect(minutes).toBeGreaterThanOrEqual(0);
        }
        for (const entry of model.metrics.timeInStatus) expect(entry.minutes).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 100 },
    );
  });
});
