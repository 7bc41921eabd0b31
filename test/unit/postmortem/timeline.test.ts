import { foldingNote } from '../../../src/domain/postmortem/sections/timeline-section';
import { buildTimeline, curatedTimeline, TIMELINE_TEXT_LIMIT } from '../../../src/domain/postmortem/timeline';
import { aComment, aFieldChange, aPostmortemSource, anIncident, aStatusChange, bob, status } from './postmortem-factories';

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
          aFieldChange(
            '1',
            '2026-11-20T10:01:00.000+0000',
            'Incident category',
            null,
            'Parent values: Network(10202)Level 1 values: DNS(10210)',
          ),
          aFieldChange(
            '2',
            '2026-11-20T10:20:00.000+0000',
            'Incident category',
            'Parent values: Network(10202)Level 1 values: DNS(10210)',
            'Parent values: Security(10220)',
          ),
        ],
      }),
    );
    expect(timeline.slice(1).map((entry) => entry.text)).toEqual([
      'Incident category set to Network / DNS',
      'Incident category: Network / DNS → Security',
    ]);
  });

  it('cuts huge comments without splitting emoji and keeps markup as literal text', () => {
    const huge = '😀'.repeat(3000);
    const timeline = buildTimeline(
      aPostmortemSource({
        comments: [
          aComment('c1', '2026-11-20T10:20:00.000+0000', huge),
          aComment('c2', '2026-11-20T10:21:00.000+0000', '<script>alert(1)</script>', null),
        ],
      }),
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

describe('curatedTimeline: what a reviewer reads', () => {
  const theApp = { accountId: 'app-incident-response', displayName: 'Incident Response', accountType: 'app' };
  const carol = { accountId: 'acc-carol', displayName: 'Carol Oncall', accountType: 'atlassian' };

  it('folds the app’s priority write and its comment into the person’s change they explain, and counts them', () => {
    const { entries, folding } = curatedTimeline(
      aPostmortemSource({
        changelog: [
          aFieldChange('1', '2026-11-20T10:02:00.000+0000', 'Impact', null, 'High', carol),
          {
            id: '2',
            created: '2026-11-20T10:02:05.000+0000',
            author: theApp,
            items: [{ field: 'priority', fieldId: 'priority', from: '3', fromString: 'Medium', to: '1', toString: 'Highest' }],
          },
        ],
        comments: [
          aComment('c1', '2026-11-20T10:02:06.000+0000', 'Priority set automatically: P1 from impact High × urgency High.', theApp),
        ],
      }),
    );
    expect(entries.map((entry) => [entry.kind, entry.author, entry.text, entry.folded])).toEqual([
      ['created', 'Bob Reporter', 'Incident INC-7 reported: Checkout fails with 502', undefined],
      ['field', 'Carol Oncall', 'Impact set to High (then the app: Priority: Medium → Highest; explained it in a comment)', 2],
    ]);
    expect(folding).toEqual({ appEntries: 2, mergedChanges: 0, hiddenChanges: 0 });
    expect(foldingNote(folding)).toBe('2 minor changes folded: 2 by the app, folded into the change they followed (within 5 min).');
  });

  it('keeps an app entry with nobody’s change before it as its own row: nothing disappears', () => {
    const { entries, folding } = curatedTimeline(
      aPostmortemSource({ comments: [aComment('c1', '2026-11-20T11:00:00.000+0000', 'SLA at risk', theApp)] }),
    );
    expect(entries.map((entry) => [entry.kind, entry.author])).toEqual([
      ['created', 'Bob Reporter'],
      ['comment', 'Incident Response'],
    ]);
    expect(folding.appEntries).toBe(0);
  });

  it('cuts a long run of one field’s changes to its first and last values and says how many there were', () => {
    const changelog = Array.from({ length: 40 }, (_, i) =>
      aFieldChange(
        String(i),
        new Date(Date.UTC(2026, 10, 20, 10, 1) + i * 5000).toISOString(),
        'Affected users',
        i === 0 ? null : String(i - 1),
        String(i),
        carol,
      ),
    );
    const { entries, folding } = curatedTimeline(aPostmortemSource({ changelog }));
    expect(entries[1]?.text).toBe('Affected users: none → … → 37 → 38 → 39 (40 changes within 3 min)');
    expect(folding.mergedChanges).toBe(39);
  });

  it('merges one person’s consecutive changes of one field within 5 minutes into one row, and not another person’s or a later one', () => {
    const { entries, folding } = curatedTimeline(
      aPostmortemSource({
        changelog: [
          {
            id: '1',
            created: '2026-11-20T10:10:00.000+0000',
            author: carol,
            items: [{ field: 'priority', fieldId: 'priority', from: '3', fromString: 'Medium', to: '2', toString: 'High' }],
          },
          {
            id: '2',
            created: '2026-11-20T10:12:00.000+0000',
            author: carol,
            items: [{ field: 'priority', fieldId: 'priority', from: '2', fromString: 'High', to: '1', toString: 'Highest' }],
          },
          {
            id: '3',
            created: '2026-11-20T10:14:00.000+0000',
            author: carol,
            items: [{ field: 'priority', fieldId: 'priority', from: '1', fromString: 'Highest', to: '2', toString: 'High' }],
          },
          {
            id: '4',
            created: '2026-11-20T10:15:00.000+0000',
            author: bob,
            items: [{ field: 'priority', fieldId: 'priority', from: '2', fromString: 'High', to: '1', toString: 'Highest' }],
          },
          {
            id: '5',
            created: '2026-11-20T10:40:00.000+0000',
            author: bob,
            items: [{ field: 'priority', fieldId: 'priority', from: '1', fromString: 'Highest', to: '2', toString: 'High' }],
          },
        ],
      }),
    );
    expect(entries.slice(1).map((entry) => [entry.at, entry.author, entry.text])).toEqual([
      ['2026-11-20T10:10:00.000Z', 'Carol Oncall', 'Priority: Medium → High → Highest → High (3 changes within 4 min)'],
      ['2026-11-20T10:15:00.000Z', 'Bob Reporter', 'Priority: High → Highest'],
      ['2026-11-20T10:40:00.000Z', 'Bob Reporter', 'Priority: Highest → High'],
    ]);
    expect(folding.mergedChanges).toBe(2);
  });

  it('shows the values that matter in words: a restored time in the site’s zone with UTC, the root cause text; and counts hidden noise', () => {
    const { entries, folding } = curatedTimeline(
      aPostmortemSource({
        changelog: [
          {
            id: '1',
            created: '2026-11-20T10:50:00.000+0000',
            author: carol,
            items: [
              {
                field: 'Service restored',
                fieldId: 'customfield_10060',
                from: null,
                fromString: null,
                to: '2026-11-20T10:45:00.000+0000',
                toString: '2026-11-20T10:45:00.000+0000',
              },
            ],
          },
          aFieldChange('2', '2026-11-20T11:00:00.000+0000', 'Root cause', null, 'Expired TLS certificate on the payment gateway.', carol),
          aFieldChange('3', '2026-11-20T11:01:00.000+0000', 'Rank', null, 'Ranked higher', carol),
        ],
      }),
    );
    const texts = entries.map((entry) => entry.text);
    expect(texts).toContain('Service restored set to 2026-11-20 11:45 Europe/Berlin, 10:45 UTC');
    expect(texts).toContain('Root cause: Expired TLS certificate on the payment gateway.');
    expect(folding.hiddenChanges).toBe(1);
  });

  it('marks the key moments on the rows where they happened and adds rows for moments typed into fields', () => {
    const { entries } = curatedTimeline(
      aPostmortemSource({
        incident: anIncident({
          status: status('Resolved'),
          impactStartedAt: '2026-11-20T09:50:00.000+0000',
          serviceRestoredAt: '2026-11-20T10:30:00.000+0000',
          resolvedAt: '2026-11-20T11:00:00.000+0000',
        }),
        changelog: [
          aStatusChange('1', '2026-11-20T10:05:00.000+0000', status('Open'), status('In Progress'), carol),
          {
            ...aStatusChange('2', '2026-11-20T11:00:00.000+0000', status('In Progress'), status('Resolved'), carol),
            items: [
              ...aStatusChange('2', '', status('In Progress'), status('Resolved')).items,
              { field: 'resolution', fieldId: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' },
            ],
          },
        ],
      }),
    );
    expect(entries.map((entry) => [entry.at.slice(11, 16), entry.kind, entry.milestones ?? [], entry.text])).toEqual([
      ['09:50', 'milestone', ['impactStarted'], 'Impact started (the Impact started field)'],
      ['10:00', 'created', ['detected', 'reported'], 'Incident INC-7 reported: Checkout fails with 502'],
      ['10:05', 'status', ['acknowledged'], 'Status: Open → In Progress'],
      ['10:30', 'milestone', ['mitigated'], 'Service restored (the Service restored field)'],
      ['11:00', 'status', ['resolved'], 'Status: In Progress → Resolved (resolution: Done)'],
    ]);
  });
});
