import { buildTimeline, TIMELINE_TEXT_LIMIT } from '../../../src/domain/postmortem/timeline';
import { aComment, aFieldChange, aPostmortemSource, aStatusChange, bob, status } from './postmortem-factories';

describe('buildTimeline', () => {
  it('merges creation, changelog items and comments in time order with UTC and site times', () => {
    const timeline = buildTimeline(
      aPostmortemSource({
        changelog: [
          {
            id: '5',
            created: '2026-11-20T10:30:00.000+0000',
            author: bob,
            items: [
              { field: 'priority', fieldId: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' },
              { field: 'assignee', fieldId: 'assignee', from: null, fromString: null, to: 'acc-alice', toString: 'Alice Responder' },
            ],
          },
          aStatusChange('4', '2026-11-20T10:10:00.000+0000', status('Open'), status('In Progress')),
        ],
        comments: [aComment('c1', '2026-11-20T10:20:00.000+0000', 'Rolling back the deploy')],
      }),
    );
    expect(timeline.map((entry) => [entry.at, entry.kind, entry.author, entry.text])).toEqual([
      ['2026-11-20T10:00:00.000Z', 'created', 'Bob Reporter', 'Incident INC-7 reported: Checkout fails with 502'],
      ['2026-11-20T10:10:00.000Z', 'status', 'Alice Responder', 'Status: Open → In Progress'],
      ['2026-11-20T10:20:00.000Z', 'comment', 'Alice Responder', 'Commented: Rolling back the deploy'],
      ['2026-11-20T10:30:00.000Z', 'priority', 'Bob Reporter', 'Priority: Medium → High'],
      ['2026-11-20T10:30:00.000Z', 'assignee', 'Bob Reporter', 'Assigned to Alice Responder'],
    ]);
    expect(timeline[1]?.atSiteTime).toBe('2026-11-20 11:10 Europe/Berlin');
  });

  it('falls back to UTC for an unknown site time zone', () => {
    const [created] = buildTimeline(aPostmortemSource({ siteTimeZone: 'Mars/Olympus' }));
    expect(created?.atSiteTime).toBe('2026-11-20 10:00 UTC');
  });

  it('keeps changes of deleted fields, drops ranking noise, and hides long text values', () => {
    const timeline = buildTimeline(
      aPostmortemSource({
        changelog: [
          aFieldChange('1', '2026-11-20T10:01:00.000+0000', 'customfield_10999', 'a', 'b'),
          aFieldChange('2', '2026-11-20T10:02:00.000+0000', 'Rank', null, 'Ranked higher'),
          aFieldChange('3', '2026-11-20T10:03:00.000+0000', 'description', 'old text', 'new text'),
          aFieldChange('4', '2026-11-20T10:04:00.000+0000', 'Link', null, 'This issue is caused by PRB-1'),
          aFieldChange('5', '2026-11-20T10:05:00.000+0000', 'Escalation tier', null, 'Tier 2'),
        ],
      }),
    );
    expect(timeline.slice(1).map((entry) => [entry.kind, entry.text])).toEqual([
      ['field', 'customfield_10999: a → b'],
      ['field', 'description updated'],
      ['link', 'Link added: This issue is caused by PRB-1'],
      ['field', 'Escalation tier set to Tier 2'],
    ]);
  });

  it('reads a cascading select change as "parent / child", as a reader would say it', () => {
    const timeline = buildTimeline(
      aPostmortemSource({
        changelog: [
          aFieldChange('1', '2026-11-20T10:01:00.000+0000', 'Incident category', null, 'Parent values: Network(10202)Level 1 values: DNS(10210)'),
          aFieldChange('2', '2026-11-20T10:02:00.000+0000', 'Incident category', 'Parent values: Network(10202)Level 1 values: DNS(10210)', 'Parent values: Security(10220)'),
        ],
      }),
    );
    expect(timeline.slice(1).map((entry) => entry.text)).toEqual(['Incident category set to Network / DNS', 'Incident category: Network / DNS → Security']);
  });

  it('cuts huge comments without splitting emoji and keeps markup as literal text', () => {
    const huge = '😀'.repeat(3000);
    const timeline = buildTimeline(
      aPostmortemSource({ comments: [aComment('c1', '2026-11-20T10:20:00.000+0000', huge), aComment('c2', '2026-11-20T10:21:00.000+0000', '<script>alert(1)</script>', null)] }),
    );
    const cut = timeline[1]!.text;
    expect(Array.from(cut.replace('Commented: ', '')).length).toBe(TIMELINE_TEXT_LIMIT);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(timeline[2]).toMatchObject({ author: null, text: 'Commented: <script>alert(1)</script>' });
  });

  it('skips entries whose time does not parse instead of failing the whole page', () => {
    const timeline = buildTimeline(aPostmortemSource({ comments: [aComment('c1', 'not a date', 'hello')] }));
    expect(timeline.map((entry) => entry.kind)).toEqual(['created']);
  });
});
