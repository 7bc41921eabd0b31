/** Built-in Jira data used when a seed leaves the optional files out. Shapes follow Jira Cloud's REST v3. */
type Json = Record<string, unknown>;

export function defaultPriorities(baseUrl: string): Json[] {
  const names = [
    ['1', 'Highest', '#d04437'],
    ['2', 'High', '#f15C75'],
    ['3', 'Medium', '#f79232'],
    ['4', 'Low', '#707070'],
    ['5', 'Lowest', '#999999'],
  ] as const;
  return names.map(([id, name, statusColor]) => ({
    self: `${baseUrl}/rest/api/3/priority/${id}`,
    statusColor,
    description: `${name} priority`,
    iconUrl: `${baseUrl}/images/icons/priorities/${name.toLowerCase()}.svg`,
    name,
    id,
    isDefault: name === 'Medium',
  }));
}

export function defaultResolutions(baseUrl: string): Json[] {
  return [
    ['10000', 'Done', 'Work has been completed on this issue.'],
    ['10001', "Won't Do", "This issue won't be actioned."],
    ['10002', 'Duplicate', 'The problem is a duplicate of an existing issue.'],
  ].map(([id, name, description]) => ({ self: `${baseUrl}/rest/api/3/resolution/${id}`, id, name, description }));
}

export function defaultIssueLinkTypes(baseUrl: string): Json[] {
  return [
    ['10000', 'Blocks', 'is blocked by', 'blocks'],
    ['10001', 'Cloners', 'is cloned by', 'clones'],
    ['10002', 'Duplicate', 'is duplicated by', 'duplicates'],
    ['10003', 'Relates', 'relates to', 'relates to'],
  ].map(([id, name, inward, outward]) => ({ id, name, inward, outward, self: `${baseUrl}/rest/api/3/issueLinkType/${id}` }));
}

interface SystemField {
  id: string;
  name: string;
  schema?: Json;
  orderable?: boolean;
  navigable?: boolean;
  searchable?: boolean;
  clauseNames?: string[];
}

/** The system fields every Jira site has; `schema` as GET /rest/api/3/field reports them. */
const SYSTEM_FIELDS: SystemField[] = [
  { id: 'summary', name: 'Summary', schema: { type: 'string', system: 'summary' } },
  { id: 'description', name: 'Description', schema: { type: 'string', system: 'description' } },
  { id: 'environment', name: 'Environment', schema: { type: 'string', system: 'environment' } },
  { id: 'issuetype', name: 'Issue Type', schema: { type: 'issuetype', system: 'issuetype' }, clauseNames: ['issuetype', 'type'] },
  { id: 'project', name: 'Project', schema: { type: 'project', system: 'project' } },
  { id: 'status', name: 'Status', schema: { type: 'status', system: 'status' }, orderable: false },
  { id: 'priority', name: 'Priority', schema: { type: 'priority', system: 'priority' } },
  { id: 'resolution', name: 'Resolution', schema: { type: 'resolution', system: 'resolution' } },
  {
    id: 'resolutiondate',
    name: 'Resolved',
    schema: { type: 'datetime', system: 'resolutiondate' },
    orderable: false,
    clauseNames: ['resolutiondate', 'resolved'],
  },
  { id: 'assignee', name: 'Assignee', schema: { type: 'user', system: 'assignee' } },
  { id: 'reporter', name: 'Reporter', schema: { type: 'user', system: 'reporter' } },
  { id: 'creator', name: 'Creator', schema: { type: 'user', system: 'creator' }, orderable: false },
  {
    id: 'created',
    name: 'Created',
    schema: { type: 'datetime', system: 'created' },
    orderable: false,
    clauseNames: ['created', 'createdDate'],
  },
  {
    id: 'updated',
    name: 'Updated',
    schema: { type: 'datetime', system: 'updated' },
    orderable: false,
    clauseNames: ['updated', 'updatedDate'],
  },
  { id: 'duedate', name: 'Due date', schema: { type: 'date', system: 'duedate' }, clauseNames: ['due', 'duedate'] },
  { id: 'labels', name: 'Labels', schema: { type: 'array', items: 'string', system: 'labels' } },
  { id: 'parent', name: 'Parent', schema: { type: 'issuelink', system: 'parent' } },
  {
    id: 'issuelinks',
    name: 'Linked Issues',
    schema: { type: 'array', items: 'issuelinks', system: 'issuelinks' },
    clauseNames: ['issueLink'],
  },
  { id: 'comment', name: 'Comment', schema: { type: 'comments-page', system: 'comment' }, navigable: false, clauseNames: ['comment'] },
  {
    id: 'statuscategorychangedate',
    name: 'Status Category Changed',
    schema: { type: 'datetime', system: 'statuscategorychangedate' },
    orderable: false,
  },
  { id: 'issuekey', name: 'Key', orderable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] },
];

export function systemFields(): Json[] {
  return SYSTEM_FIELDS.map((field) => ({
    id: field.id,
    key: field.id,
    name: field.name,
    custom: false,
    orderable: field.orderable ?? true,
    navigable: field.navigable ?? true,
    searchable: field.searchable ?? true,
    clauseNames: field.clauseNames ?? [field.id],
    ...(field.schema ? { schema: field.schema } : {}),
  }));
}

export const CUSTOM_TYPE_PREFIX = 'com.atlassian.jira.plugin.system.customfieldtypes:';

/** The `schema` Jira reports for a custom field of each type key it can create. */
export function customFieldSchema(typeKey: string, customId: number): Json {
  const short = typeKey.startsWith(CUSTOM_TYPE_PREFIX) ? typeKey.slice(CUSTOM_TYPE_PREFIX.length) : typeKey;
  const byType: Record<string, Json> = {
    select: { type: 'option' },
    radiobuttons: { type: 'option' },
    multiselect: { type: 'array', items: 'option' },
    multicheckboxes: { type: 'array', items: 'option' },
    cascadingselect: { type: 'option-with-child' },
    float: { type: 'number' },
    datetime: { type: 'datetime' },
    datepicker: { type: 'date' },
    textarea: { type: 'string' },
    textfield: { type: 'string' },
    url: { type: 'string' },
    labels: { type: 'array', items: 'string' },
    userpicker: { type: 'user' },
  };
  return { ...(byType[short] ?? { type: 'any' }), custom: typeKey, customId };
}
