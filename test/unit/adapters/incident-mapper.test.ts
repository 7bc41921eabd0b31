import { adfToPlainText, plainTextToAdf } from '../../../src/adapters/jira/adf-text';
import {
  incidentFieldMapFrom,
  incidentFromJiraIssue,
  incidentIssueFieldIds,
  incidentValuesToJiraFields,
  IncidentMappingError,
  MissingIncidentFieldError,
  toJiraDateTime,
  type IncidentFieldMap,
} from '../../../src/adapters/jira/incident-mapper';
import type { JiraField, JiraIssue } from '../../../src/adapters/jira/jira-schemas';
import { INCIDENT_FIELDS, JIRA_CUSTOM_FIELD_TYPES } from '../../../src/domain/incident/incident-fields';

const FIELD_MAP: IncidentFieldMap = {
  impact: 'customfield_10050',
  urgency: 'customfield_10051',
  category: 'customfield_10052',
  affectedUsers: 'customfield_10053',
  impactStartedAt: 'customfield_10054',
  detectionSource: 'customfield_10055',
  businessImplications: 'customfield_10056',
  initialDiagnosis: 'customfield_10057',
  escalationTier: 'customfield_10058',
  resolutionSummary: 'customfield_10059',
  serviceRestoredAt: 'customfield_10060',
  rootCause: 'customfield_10061',
  priorityOverrideReason: 'customfield_10062',
};

function adf(...paragraphs: string[]) {
  return { type: 'doc', version: 1, content: paragraphs.map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })) };
}

function aJiraIssue(overrides: Record<string, unknown> = {}, key = 'INC-42'): JiraIssue {
  return {
    id: '10042',
    key,
    fields: {
      issuetype: { id: '10005', name: 'Incident' },
      project: { id: '10000', key: 'INC' },
      summary: 'Checkout fails',
      description: adf('Customers see a 500.', 'Since 10:00.'),
      reporter: { accountId: 'u-1', displayName: 'Ada' },
      assignee: null,
      created: '2026-11-26T10:15:00.000+0000',
      updated: '2026-11-26T10:20:00.000+0000',
      status: { id: '1', name: 'Open', statusCategory: { id: 2, key: 'new', name: 'To Do' } },
      priority: { id: '3', name: 'Medium' },
      resolutiondate: null,
      labels: ['checkout'],
      ...overrides,
    },
  };
}

describe('incidentFromJiraIssue', () => {
  it('reads an issue filed before setup: every app field is null or empty', () => {
    const incident = incidentFromJiraIssue(aJiraIssue(), {});
    expect(incident).toMatchObject({
      key: 'INC-42',
      workType: 'incident',
      projectKey: 'INC',
      description: 'Customers see a 500.\nSince 10:00.',
      reporter: { accountId: 'u-1', displayName: 'Ada' },
      assignee: null,
      status: { id: '1', name: 'Open', categoryKey: 'new' },
      impact: null,
      urgency: null,
      category: null,
      subcategory: null,
      affectedUsers: null,
      businessImplications: [],
      initialDiagnosis: null,
      priorityOverrideReason: null,
      labels: ['checkout'],
    });
  });

  it('reads the app fields in their Jira shapes', () => {
    const incident = incidentFromJiraIssue(
      aJiraIssue({
        customfield_10050: { self: 'x', id: '1', value: 'High' },
        customfield_10051: { id: '2', value: 'Low' },
        customfield_10052: { id: '3', value: 'Network', child: { id: '4', value: 'DNS' } },
        customfield_10053: 1200,
        customfield_10054: '2026-11-26T09:55:00.000+0000',
        customfield_10055: { value: 'Monitoring alert' },
        customfield_10056: [{ value: 'Financial' }, { value: 'Something an admin added' }, { value: 'SLA at risk' }],
        customfield_10057: adf('Resolver timeouts', 'on ns1'),
        customfield_10058: { value: 'Tier 2' },
        customfield_10062: 'CEO escalation',
      }),
      FIELD_MAP,
    );
    expect(incident).toMatchObject({
      impact: 'High',
      urgency: 'Low',
      category: 'Network',
      subcategory: 'DNS',
      affectedUsers: 1200,
      impactStartedAt: '2026-11-26T09:55:00.000+0000',
      detectionSource: 'Monitoring alert',
      businessImplications: ['Financial', 'SLA at risk'],
      initialDiagnosis: 'Resolver timeouts\non ns1',
      escalationTier: 'Tier 2',
      resolutionSummary: null,
      priorityOverrideReason: 'CEO escalation',
    });
  });

  it('keeps a category without a subcategory and treats an unknown status category as undefined', () => {
    const incident = incidentFromJiraIssue(
      aJiraIssue({
        customfield_10052: { value: 'Security' },
        status: { id: '9', name: 'Weird', statusCategory: { key: 'mystery' } },
        issuetype: { name: 'Bug' },
      }),
      FIELD_MAP,
    );
    expect(incident).toMatchObject({ category: 'Security', subcategory: null, status: { categoryKey: 'undefined' }, workType: 'other' });
  });

  it('names the Jira field when a standard field is malformed', () => {
    const read = () => incidentFromJiraIssue(aJiraIssue({ status: { name: 'Open' } }), FIELD_MAP);
    expect(read).toThrow(IncidentMappingError);
    expect(read).toThrow(/INC-42: fields\.status\.id/);
  });

  it('lists the fields to request', () => {
    expect(incidentIssueFieldIds({ impact: 'customfield_1' })).toEqual(
      expect.arrayContaining(['summary', 'status', 'resolutiondate', 'statuscategorychangedate', 'customfield_1']),
    );
  });

  it("reads when the status last changed category (the SLA clock's move into a done status), null when Jira leaves it out", () => {
    expect(
      incidentFromJiraIssue(aJiraIssue({ statuscategorychangedate: '2026-11-26T11:05:00.000+0000' }), FIELD_MAP).statusCategoryChangedAt,
    ).toBe('2026-11-26T11:05:00.000+0000');
    expect(incidentFromJiraIssue(aJiraIssue(), FIELD_MAP).statusCategoryChangedAt).toBeNull();
    expect(() => incidentFromJiraIssue(aJiraIssue({ statuscategorychangedate: 'soon' }), FIELD_MAP)).toThrow(
      /INC-42: statusCategoryChangedAt/,
    );
  });
});

describe('incidentValuesToJiraFields', () => {
  it('writes each field type in the shape Jira REST v3 takes', () => {
    const fields = incidentValuesToJiraFields(
      {
        impact: 'High',
        urgency: null,
        category: 'Network',
        subcategory: 'DNS',
        affectedUsers: 30,
        impactStartedAt: '2026-11-26T09:55:00.000Z',
        businessImplications: ['Security'],
        initialDiagnosis: 'Line one\nLine two',
        rootCause: null,
        priorityOverrideReason: 'Board request',
      },
      FIELD_MAP,
    );
    expect(fields).toEqual({
      customfield_10050: { value: 'High' },
      customfield_10051: null,
      customfield_10052: { value: 'Network', child: { value: 'DNS' } },
      customfield_10053: 30,
      customfield_10054: '2026-11-26T09:55:00.000+0000',
      customfield_10056: [{ value: 'Security' }],
      customfield_10057: plainTextToAdf('Line one\nLine two'),
      customfield_10061: null,
      customfield_10062: 'Board request',
    });
  });

  it('round-trips through the reader', () => {
    const written = incidentValuesToJiraFields(
      { impact: 'Medium', category: 'Database', subcategory: null, resolutionSummary: 'Failed over' },
      FIELD_MAP,
    );
    const incident = incidentFromJiraIssue(aJiraIssue(written), FIELD_MAP);
    expect(incident).toMatchObject({ impact: 'Medium', category: 'Database', subcategory: null, resolutionSummary: 'Failed over' });
  });

  it('refuses to write a field the site does not have', () => {
    expect(() => incidentValuesToJiraFields({ impact: 'High' }, {})).toThrow(MissingIncidentFieldError);
    expect(() => incidentValuesToJiraFields({ impact: 'High' }, {})).toThrow(/"Impact" field is not set up/);
  });

  it('rewrites offsets Jira does not take', () => {
    expect(toJiraDateTime('2026-11-26T09:55:00.000+05:30')).toBe('2026-11-26T09:55:00.000+0530');
    expect(toJiraDateTime('2026-11-26T09:55:00.000+0000')).toBe('2026-11-26T09:55:00.000+0000');
  });
});

describe('incidentFieldMapFrom', () => {
  const field = (id: string, name: string, custom: string | undefined): JiraField => ({
    id,
    name,
    custom: custom !== undefined,
    ...(custom ? { schema: { type: 'option', custom } } : {}),
  });

  it('finds the app fields by name and type, preferring the oldest', () => {
    const fields: JiraField[] = [
      field('summary', 'Summary', undefined),
      field('customfield_10100', 'Impact', JIRA_CUSTOM_FIELD_TYPES.select.type),
      field('customfield_10070', 'impact ', JIRA_CUSTOM_FIELD_TYPES.select.type),
      field('customfield_10080', 'Urgency', JIRA_CUSTOM_FIELD_TYPES.textfield.type),
      field('customfield_10090', 'Incident category', JIRA_CUSTOM_FIELD_TYPES.cascadingSelect.type),
    ];
    expect(incidentFieldMapFrom(fields)).toEqual({ impact: 'customfield_10070', category: 'customfield_10090' });
  });

  it('maps every catalog field when the site has them all', () => {
    const fields = INCIDENT_FIELDS.map((definition, index) =>
      field(`customfield_${10200 + index}`, definition.name, JIRA_CUSTOM_FIELD_TYPES[definition.type].type),
    );
    expect(Object.keys(incidentFieldMapFrom(fields))).toHaveLength(INCIDENT_FIELDS.length);
  });
});

describe('adfToPlainText', () => {
  it('puts blocks on lines and keeps inline nodes readable', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Impact' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Paged ' },
            { type: 'mention', attrs: { id: 'u-1', text: '@Ada' } },
            { type: 'hardBreak' },
            { type: 'text', text: 'at 10:00' },
          ],
        },
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'EU' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'US' }] }] },
          ],
        },
      ],
    };
    expect(adfToPlainText(doc)).toBe('Impact\nPaged @Ada\nat 10:00\nEU\nUS');
  });

  it('passes strings through and reads junk as empty', () => {
    expect(adfToPlainText('plain')).toBe('plain');
    expect(adfToPlainText(42)).toBe('');
    expect(adfToPlainText(null)).toBe('');
  });

  it('writes one paragraph per line', () => {
    expect(plainTextToAdf('a\n\nb')).toEqual({
      version: 1,
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
        { type: 'paragraph', content: [] },
        { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
      ],
    });
  });
});
