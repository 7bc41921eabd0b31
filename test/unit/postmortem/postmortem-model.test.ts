import { slaStartOf, slaStopOfIncident } from '../../../src/domain/priority/sla-for-incident';
import { slaClock } from '../../../src/domain/priority/sla-clock';
import { buildPostmortem, CONFLUENCE_TITLE_LIMIT, postmortemTitle } from '../../../src/domain/postmortem/postmortem-model';
import { aComment, aLink, aPostmortemSource, anIncident, aStatusChange, status } from './postmortem-factories';

const resolvedHistory = [
  aStatusChange('1', '2026-11-20T10:10:00.000+0000', status('Open'), status('In Progress')),
  aStatusChange('2', '2026-11-20T11:00:00.000+0000', status('In Progress'), status('Resolved')),
];

describe('buildPostmortem', () => {
  it('exposes the machine-readable model: incident, metrics, timeline, action items and problem', () => {
    const model = buildPostmortem(
      aPostmortemSource({
        incident: anIncident({ status: { id: '5', name: 'Resolved', categoryKey: 'done' } }),
        changelog: resolvedHistory,
        comments: [aComment('c1', '2026-11-20T10:30:00.000+0000', 'Found the bad config')],
        links: [
          aLink(
            'PRB-3',
            {
              issueTypeName: 'Problem',
              summary: 'Config push lacks validation',
              status: { name: 'Investigating', categoryKey: 'indeterminate' },
            },
            'is caused by',
          ),
          aLink('OPS-9', { summary: 'Add config linting', status: { name: 'Done', categoryKey: 'done' }, assignee: null }),
          aLink('INC-2', { issueTypeName: 'Incident', summary: 'Earlier outage' }),
        ],
      }),
    );
    expect(model.incident).toEqual({
      key: 'INC-7',
      summary: 'Checkout fails with 502',
      priority: 'High',
      status: 'Resolved',
      url: 'https://acme.atlassian.net/browse/INC-7',
    });
    expect(model.metrics).toMatchObject({
      createdAt: '2026-11-20T10:00:00.000Z',
      acknowledgedAt: '2026-11-20T10:10:00.000Z',
      resolvedAt: '2026-11-20T11:00:00.000Z',
      timeToAcknowledgeMinutes: 10,
      timeToResolveMinutes: 60,
    });
    expect(model.timeline.map((entry) => entry.kind)).toEqual(['created', 'status', 'comment', 'status']);
    expect(model.problem).toEqual({
      key: 'PRB-3',
      summary: 'Config push lacks validation',
      status: 'Investigating',
      url: 'https://acme.atlassian.net/browse/PRB-3',
    });
    expect(model.actionItems.map((item) => [item.key, item.summary, item.status, item.owner])).toEqual([
      ['OPS-9', 'Add config linting', 'Done', null],
    ]);
    expect(model.header.documentStatus).toBe('Draft');
    expect(model.header.authors).toEqual(['Alice Responder']);
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('shows the document status the authors set, and Draft until they set one, whatever Jira says', () => {
    // Resolved, cause known, every action done: the old derived status called this "Complete".
    const finished = aPostmortemSource({ changelog: resolvedHistory, incident: anIncident({ rootCause: 'Bad config' }) });
    expect(buildPostmortem(finished).header.documentStatus).toBe('Draft');
    expect(buildPostmortem({ ...finished, documentStatus: 'In review' }).header.documentStatus).toBe('In review');
    expect(buildPostmortem(aPostmortemSource({ documentStatus: 'Published' })).header.documentStatus).toBe('Published');
  });

  it('gives each action item its owner and due date, and calls it overdue only once the site calendar passed the date and it is not done', () => {
    const open = { name: 'To Do', categoryKey: 'new' as const };
    const model = buildPostmortem(
      aPostmortemSource({
        // 23:30 UTC on 1 December is already 2 December in Sydney.
        generatedAt: '2026-12-01T23:30:00.000Z',
        siteTimeZone: 'Australia/Sydney',
        links: [
          aLink('OPS-1', {
            summary: 'Due yesterday (site time)',
            status: open,
            dueDate: '2026-12-01',
            assignee: { accountId: 'a', displayName: 'Priya Shah' },
          }),
          aLink('OPS-2', { summary: 'Due today (site time)', status: open, dueDate: '2026-12-02', assignee: null }),
          aLink('OPS-3', {
            summary: 'Past due but done',
            status: { name: 'Done', categoryKey: 'done' },
            dueDate: '2026-11-01',
            assignee: null,
          }),
          aLink('OPS-4', { summary: 'No due date', status: open, assignee: null }),
        ],
      }),
    );
    expect(model.actionItems.map((item) => [item.key, item.owner, item.dueDate, item.overdue])).toEqual([
      ['OPS-1', 'Priya Shah', '2026-12-01', true],
      ['OPS-2', null, '2026-12-02', false],
      ['OPS-3', null, '2026-11-01', false],
      ['OPS-4', null, null, false],
    ]);
    const table = model.sections.find((section) => section.id === 'corrective-actions')!.blocks[0]!;
    expect(table.kind === 'table' && table.header).toEqual(['Issue', 'Summary', 'Owner', 'Due date', 'Status', 'Overdue', 'Link']);
    const rows = table.kind === 'table' ? table.rows : [];
    expect(rows[0]!.slice(2, 4)).toEqual([[{ kind: 'text', text: 'Priya Shah' }], [{ kind: 'text', text: '2026-12-01' }]]);
    expect(rows[0]![5]).toEqual([{ kind: 'status', text: 'Overdue', tone: 'red' }]);
    expect(rows[1]![5]).toEqual([{ kind: 'text', text: 'No' }]);
    expect(rows[3]!.slice(2, 4)).toEqual([[{ kind: 'text', text: 'No owner' }], [{ kind: 'text', text: 'No due date' }]]);
  });

  it('builds every handbook section in order and marks the author-owned ones', () => {
    const model = buildPostmortem(aPostmortemSource());
    expect(model.sections.map((section) => section.id)).toEqual([
      'key-moments',
      'metrics',
      'summary',
      'leadup',
      'fault',
      'impact',
      'detection',
      'response',
      'recovery',
      'timeline',
      'five-whys',
      'root-cause',
      'root-cause-analysis',
      'corrective-actions',
      'lessons-learned',
    ]);
    expect(model.sections.filter((section) => section.authorOwned).map((section) => section.id)).toEqual([
      'leadup',
      'five-whys',
      'root-cause-analysis',
      'lessons-learned',
    ]);
  });

  it('prompts the author where Jira has no data instead of inventing text', () => {
    const model = buildPostmortem(aPostmortemSource({ incident: anIncident({ description: '' }) }));
    const blocksOf = (id: string) => model.sections.find((section) => section.id === id)!.blocks;
    for (const id of ['summary', 'fault', 'root-cause', 'corrective-actions']) {
      expect(blocksOf(id).some((block) => block.kind === 'prompt')).toBe(true);
    }
    expect(blocksOf('fault')).toHaveLength(1);
  });

  it('uses the app fields when present: fault, detection, impact duration and SLA breach', () => {
    const model = buildPostmortem(
      aPostmortemSource({
        incident: anIncident({
          category: 'Network',
          subcategory: 'DNS',
          initialDiagnosis: 'Resolver timeouts',
          detectionSource: 'Monitoring alert',
          affectedUsers: 1200,
          impactStartedAt: '2026-11-20T09:30:00.000+0000',
          serviceRestoredAt: '2026-11-20T10:45:00.000+0000',
        }),
        changelog: resolvedHistory,
        slaTargetMinutes: 30,
      }),
    );
    expect(model.impact).toEqual({ affectedUsers: 1200, durationMinutes: 75, slaTargetMinutes: 30, slaMet: false });
    const fault = model.sections.find((section) => section.id === 'fault')!;
    expect(fault.blocks.some((block) => block.kind === 'prompt')).toBe(false);
    expect(JSON.stringify(fault.blocks)).toContain('Network / DNS');
    const impact = model.sections.find((section) => section.id === 'impact')!;
    expect(JSON.stringify(impact.blocks)).toContain(
      '{"kind":"status","text":"Missed","tone":"red"},{"kind":"text","text":" by 45 min (target 30 min)"}',
    );
  });

  it('judges the SLA as the priority panel does: from the start of harm to the service restored time', () => {
    // Created 10:00, resolved 11:00: the old creation-to-resolution count (60 min) would say breached for 50 min.
    const source = aPostmortemSource({
      incident: anIncident({
        status: status('Closed'),
        impactStartedAt: '2026-11-20T09:50:00.000+0000',
        serviceRestoredAt: '2026-11-20T10:38:00.000+0000',
      }),
      changelog: resolvedHistory,
      slaTargetMinutes: 50,
    });
    const model = buildPostmortem(source);
    expect(model.impact.slaMet).toBe(true);
    const impact = model.sections.find((section) => section.id === 'impact')!;
    expect(JSON.stringify(impact.blocks)).toContain(
      '{"kind":"status","text":"Met","tone":"green"},{"kind":"text","text":", with 2 min to spare (target 50 min)"}',
    );
    // The panel's clock for the same incident and target says the same.
    expect(slaClock(50, slaStartOf(source.incident), source.generatedAt, slaStopOfIncident(source.incident))).toMatchObject({
      state: 'met',
      minutesLeft: 2,
    });
  });

  it('stops the SLA of a reopened and resolved-again incident at its final move into a done status', () => {
    const reopened = [
      aStatusChange('1', '2026-11-20T10:10:00.000+0000', status('Open'), status('In Progress')),
      aStatusChange('2', '2026-11-20T10:20:00.000+0000', status('In Progress'), status('Resolved')),
      aStatusChange('3', '2026-11-20T10:40:00.000+0000', status('Resolved'), status('In Progress')),
      aStatusChange('4', '2026-11-20T11:30:00.000+0000', status('In Progress'), status('Resolved')),
      aStatusChange('5', '2026-11-20T12:00:00.000+0000', status('Resolved'), status('Closed')),
    ];
    const model = buildPostmortem(
      aPostmortemSource({ incident: anIncident({ status: status('Closed') }), changelog: reopened, slaTargetMinutes: 60 }),
    );
    // Neither the first closure (10:20), undone by the reopening, nor the later Resolved → Closed move (12:00).
    expect(model.impact.slaMet).toBe(false);
    const impact = model.sections.find((section) => section.id === 'impact')!;
    expect(JSON.stringify(impact.blocks)).toContain('" by 30 min (target 1 h)"');
  });

  it('keeps a link whose issue is missing as an action item without inventing a summary', () => {
    const model = buildPostmortem(
      aPostmortemSource({ links: [aLink('OPS-404', { summary: null, status: null, issueTypeName: null, assignee: null })] }),
    );
    expect(model.actionItems).toEqual([expect.objectContaining({ key: 'OPS-404', summary: null, status: null, owner: null })]);
  });
});

describe('buildPostmortem: one number per thing, and who responded', () => {
  const theApp = { accountId: 'app-1', displayName: 'Incident Response', accountType: 'app' };
  const carol = { accountId: 'acc-carol', displayName: 'Carol Oncall' };
  // Harm from 09:57, filed 10:00, acknowledged 10:03, service restored 10:14, resolved 10:52.
  const source = aPostmortemSource({
    incident: anIncident({
      status: status('Resolved'),
      impactStartedAt: '2026-11-20T09:57:00.000+0000',
      serviceRestoredAt: '2026-11-20T10:14:00.000+0000',
      resolvedAt: '2026-11-20T10:52:00.000+0000',
    }),
    changelog: [
      aStatusChange('1', '2026-11-20T10:03:00.000+0000', status('Open'), status('In Progress'), carol),
      {
        id: '2',
        created: '2026-11-20T10:03:10.000+0000',
        author: theApp,
        items: [{ field: 'priority', fieldId: 'priority', from: '3', fromString: 'Medium', to: '1', toString: 'Highest' }],
      },
      aStatusChange('3', '2026-11-20T10:52:00.000+0000', status('In Progress'), status('Resolved'), carol),
    ],
    comments: [aComment('c1', '2026-11-20T10:04:00.000+0000', 'Priority set automatically.', theApp)],
    // Alice generates the page and is the assignee, but did nothing on the incident.
    generatedBy: { accountId: 'acc-alice', displayName: 'Alice Responder' },
  });
  const model = buildPostmortem(source);
  const sectionText = (id: string) => JSON.stringify(model.sections.find((section) => section.id === id)!.blocks);

  it('states the impact duration, time to mitigate and time to resolve from the metrics wherever they appear', () => {
    expect(model.metrics.durations.map((metric) => [metric.kind, metric.minutes])).toEqual([
      ['timeToDetect', 3],
      ['timeToAcknowledge', 3],
      ['timeToMitigate', 17],
      ['timeToResolve', 52],
      ['impactDuration', 17],
    ]);
    expect(model.impact.durationMinutes).toBe(17);
    expect(sectionText('summary')).toContain(
      'Impact lasted 17 min; detected 3 min after impact started; service restored 17 min after impact started; acknowledged 3 min after it was reported; resolved 52 min after it was reported (see Metrics for the definitions).',
    );
    expect(sectionText('impact')).toContain('{"label":"Impact duration","value":[{"kind":"text","text":"17 min"}]}');
    expect(sectionText('recovery')).toContain('{"label":"Time to mitigate","value":[{"kind":"text","text":"17 min"}]}');
    expect(sectionText('recovery')).toContain('{"label":"Time to resolve","value":[{"kind":"text","text":"52 min"}]}');
    expect(sectionText('metrics')).toContain('From Impact started to Mitigated, or to Resolved when no Service restored time is recorded.');
    expect(model.milestones.map((milestone) => milestone.kind)).toEqual([
      'impactStarted',
      'detected',
      'reported',
      'acknowledged',
      'mitigated',
      'resolved',
    ]);
  });

  it('lists as responders the people who acted: not the reporter who only filed it, not the app, not the person generating the page', () => {
    expect(model.responders).toEqual([{ name: 'Carol Oncall', accountId: 'acc-carol', actions: ['status'] }]);
    expect(sectionText('response')).toContain('Carol Oncall (status)');
    expect(sectionText('response')).not.toMatch(/Bob Reporter|Incident Response|Alice Responder \(/);
  });

  it('says which metrics cannot be known without an impact start, instead of counting from the report', () => {
    const withoutStart = buildPostmortem({ ...source, incident: { ...source.incident, impactStartedAt: null } });
    expect(withoutStart.metrics.durations.filter((metric) => metric.minutes === null).map((metric) => metric.kind)).toEqual([
      'timeToDetect',
      'timeToMitigate',
      'impactDuration',
    ]);
    expect(withoutStart.impact.durationMinutes).toBeNull();
    const metrics = JSON.stringify(withoutStart.sections.find((section) => section.id === 'metrics')!.blocks);
    expect(metrics).toContain('Not known: no Impact started time is recorded');
    expect(JSON.stringify(withoutStart.sections.find((section) => section.id === 'key-moments')!.blocks)).toContain(
      'impact started (the Impact started field is empty)',
    );
  });
});

describe('postmortemTitle', () => {
  it('keeps the key and cuts a long summary so the title fits Confluence (255 UTF-16 units)', () => {
    const longSummary = `${'Checkout 🔥 '.repeat(30)}tail`;
    const title = postmortemTitle({ incident: anIncident({ key: 'INCIDENTS-12345', summary: longSummary }) });
    expect(title.length).toBeLessThanOrEqual(CONFLUENCE_TITLE_LIMIT);
    expect(title.length).toBeGreaterThan(CONFLUENCE_TITLE_LIMIT - 3);
    expect(title.startsWith('Postmortem INCIDENTS-12345: Checkout 🔥')).toBe(true);
    expect(title.endsWith('…')).toBe(true);
    expect(title).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('leaves a title that fits as it is, and one without a summary as the key', () => {
    expect(postmortemTitle({ incident: anIncident({ key: 'INC-1', summary: 'Payments down' }) })).toBe('Postmortem INC-1: Payments down');
    expect(postmortemTitle({ incident: anIncident({ key: 'INC-1', summary: '   ' }) })).toBe('Postmortem INC-1');
    const exact = 'x'.repeat(CONFLUENCE_TITLE_LIMIT - 'Postmortem INC-1: '.length);
    expect(postmortemTitle({ incident: anIncident({ key: 'INC-1', summary: exact }) })).toBe(`Postmortem INC-1: ${exact}`);
  });
});
