/**
 * The incident fields the app provisions as ordinary Jira custom fields (so they are searchable in
 * JQL, shown on the create screen and usable in Jira expressions). The app finds them by `name`
 * on a site; `key` is the app's own stable name for each.
 */
export type IncidentFieldType = 'select' | 'multiCheckboxes' | 'cascadingSelect' | 'number' | 'datetime' | 'textarea' | 'textfield';

export interface IncidentFieldDefinition {
  readonly key: IncidentFieldKey;
  readonly name: string;
  readonly type: IncidentFieldType;
  readonly description: string;
  /** Options for select-like fields; for a cascading select, parent → children. */
  readonly options?: readonly string[];
  readonly cascadingOptions?: Readonly<Record<string, readonly string[]>>;
}

export const INCIDENT_FIELD_KEYS = [
  'impact',
  'urgency',
  'category',
  'affectedUsers',
  'impactStartedAt',
  'detectionSource',
  'businessImplications',
  'initialDiagnosis',
  'escalationTier',
  'resolutionSummary',
  'serviceRestoredAt',
  'rootCause',
  'priorityOverrideReason',
] as const;
export type IncidentFieldKey = (typeof INCIDENT_FIELD_KEYS)[number];

/** Jira's custom field type keys (`POST /rest/api/3/field` `type`) and their searchers. */
export const JIRA_CUSTOM_FIELD_TYPES: Record<IncidentFieldType, { type: string; searcherKey: string }> = {
  select: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselectsearcher',
  },
  multiCheckboxes: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselectsearcher',
  },
  cascadingSelect: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselectsearcher',
  },
  number: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:float',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:exactnumber',
  },
  datetime: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:datetime',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:datetimerange',
  },
  textarea: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:textarea',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:textsearcher',
  },
  textfield: {
    type: 'com.atlassian.jira.plugin.system.customfieldtypes:textfield',
    searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:textsearcher',
  },
};

export const BUSINESS_IMPLICATIONS = ['Security', 'Financial', 'Compliance', 'SLA at risk'] as const;
export const ESCALATION_TIERS = ['Tier 1', 'Tier 2', 'Tier 3'] as const;
export const DETECTION_SOURCES = [
  'Monitoring alert',
  'Customer report',
  'Employee report',
  'Automated test',
  'Security scan',
  'Vendor notice',
  'Other',
] as const;

/**
 * Level names for the default 3×3 matrix, and so the options setup gives Impact and Urgency; a
 * larger matrix adds Critical (and Minimal), and setup or a change of matrix size adds or enables them.
 */
export const DEFAULT_IMPACT_LEVELS = ['High', 'Medium', 'Low'] as const;
export const DEFAULT_URGENCY_LEVELS = ['High', 'Medium', 'Low'] as const;

export const INCIDENT_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Application: ['Outage', 'Degraded performance', 'Error', 'Data issue'],
  Infrastructure: ['Server', 'Storage', 'Cloud provider', 'Capacity'],
  Network: ['Connectivity', 'DNS', 'Latency', 'Load balancer'],
  Security: ['Unauthorized access', 'Malware', 'Data leak', 'Vulnerability'],
  Database: ['Unavailable', 'Slow queries', 'Replication', 'Corruption'],
  'Third party': ['Vendor outage', 'API change', 'Payment provider'],
  Hardware: ['End-user device', 'Peripheral', 'Data centre'],
};

export const INCIDENT_FIELDS: readonly IncidentFieldDefinition[] = [
  {
    key: 'impact',
    name: 'Impact',
    type: 'select',
    description: 'How much of the business the incident affects.',
    options: DEFAULT_IMPACT_LEVELS,
  },
  {
    key: 'urgency',
    name: 'Urgency',
    type: 'select',
    description: 'How fast the business needs it resolved.',
    options: DEFAULT_URGENCY_LEVELS,
  },
  {
    key: 'category',
    name: 'Incident category',
    type: 'cascadingSelect',
    description: 'Category and subcategory of the incident.',
    cascadingOptions: INCIDENT_CATEGORIES,
  },
  { key: 'affectedUsers', name: 'Affected users', type: 'number', description: 'Estimated number of people affected.' },
  {
    key: 'impactStartedAt',
    name: 'Impact started',
    type: 'datetime',
    description: 'When the impact on users began (may precede the report).',
  },
  {
    key: 'detectionSource',
    name: 'Detection source',
    type: 'select',
    description: 'How the incident was detected.',
    options: DETECTION_SOURCES,
  },
  {
    key: 'businessImplications',
    name: 'Business implications',
    type: 'multiCheckboxes',
    description: 'Security, financial, compliance or SLA implications.',
    options: BUSINESS_IMPLICATIONS,
  },
  {
    key: 'initialDiagnosis',
    name: 'Initial diagnosis',
    type: 'textarea',
    description: 'What the first responder found; needed before escalating.',
  },
  {
    key: 'escalationTier',
    name: 'Escalation tier',
    type: 'select',
    description: 'The support tier working on the incident.',
    options: ESCALATION_TIERS,
  },
  {
    key: 'resolutionSummary',
    name: 'Resolution summary',
    type: 'textarea',
    description: 'What was done to restore service; needed before resolving.',
  },
  { key: 'serviceRestoredAt', name: 'Service restored', type: 'datetime', description: 'When service was restored for users.' },
  { key: 'rootCause', name: 'Root cause', type: 'textarea', description: 'The underlying cause, once known.' },
  {
    key: 'priorityOverrideReason',
    name: 'Priority override reason',
    type: 'textfield',
    description: 'Why the priority differs from the matrix; set it to keep a hand-set priority.',
  },
];

export function incidentFieldDefinition(key: IncidentFieldKey): IncidentFieldDefinition {
  const found = INCIDENT_FIELDS.find((field) => field.key === key);
  if (!found) throw new Error(`No incident field definition for "${key}"`);
  return found;
}
