/**
 * Builders for Jira Cloud REST v3 response bodies (the shapes in the official OpenAPI document),
 * with overridable defaults. The demo seed, the benchmarks and tests use them to make data that
 * looks exactly like an export from a real site.
 */
export const SITE = 'https://local-site.atlassian.net';

export interface SeedUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  timeZone: string;
}

export function userDetails(user: SeedUser) {
  return {
    self: `${SITE}/rest/api/3/user?accountId=${user.accountId}`,
    accountId: user.accountId,
    accountType: 'atlassian',
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(`${SITE}/avatar/${user.accountId}`),
    displayName: user.displayName,
    active: true,
    timeZone: user.timeZone,
  };
}

export function avatarUrls(base: string) {
  return { '48x48': `${base}?s=48`, '24x24': `${base}?s=24`, '16x16': `${base}?s=16`, '32x32': `${base}?s=32` };
}

/** Jira writes timestamps with millisecond precision and a `+0000` offset. */
export function jiraTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

export interface SeedStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

const STATUS_CATEGORIES = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
} as const;

export function statusDetails(status: SeedStatus) {
  const category = STATUS_CATEGORIES[status.category];
  return {
    self: `${SITE}/rest/api/3/status/${status.id}`,
    description: '',
    iconUrl: `${SITE}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: { self: `${SITE}/rest/api/3/statuscategory/${category.id}`, ...category },
  };
}

export interface SeedPriority {
  id: string;
  name: string;
  statusColor: string;
}

export function priorityDetails(priority: SeedPriority) {
  return {
    self: `${SITE}/rest/api/3/priority/${priority.id}`,
    statusColor: priority.statusColor,
    description: `${priority.name} priority`,
    iconUrl: `${SITE}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
    name: priority.name,
    id: priority.id,
  };
}

export interface SeedIssueType {
  id: string;
  name: string;
  description: string;
}

export function issueTypeDetails(type: SeedIssueType) {
  return {
    self: `${SITE}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${SITE}/rest/api/2/universal_avatar/view/type/issuetype/avatar/10300?size=medium`,
    name: type.name,
    subtask: false,
    avatarId: 10300,
    hierarchyLevel: 0,
  };
}

export interface SeedProject {
  id: string;
  key: string;
  name: string;
}

export function projectDetails(project: SeedProject) {
  return {
    self: `${SITE}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    avatarUrls: avatarUrls(`${SITE}/rest/api/3/universal_avatar/view/type/project/avatar/10400`),
    projectTypeKey: 'software',
    simplified: false,
    style: 'classic',
    isPrivate: false,
  };
}

/** An ADF document with one paragraph per line of text. */
export function adfText(text: string) {
  return {
    type: 'doc',
    version: 1,
    content: text
      .split('\n')
      .map((line) => (line === '' ? { type: 'paragraph', content: [] } : { type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

export function option(fieldId: string, id: string, value: string) {
  return { self: `${SITE}/rest/api/3/customFieldOption/${id}`, value, id };
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export function changelogEntry(id: string, author: SeedUser | null, at: Date, items: ChangeItem[]) {
  return {
    id,
    ...(author ? { author: userDetails(author) } : {}),
    created: jiraTime(at),
    items: items.map(withoutNulls),
  };
}

/**
 * Jira's OpenAPI document types `ChangeDetails.from`/`to`/`fromString`/`toString` as plain strings,
 * while real sites send `null` for "no value". The seed writes such keys as absent, which both
 * the contract and the app's parser accept.
 */
function withoutNulls(item: ChangeItem) {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null));
}

/** A changelog page that holds every entry: the seed format's `changelog.json`. */
export function changelogPage(issueKey: string, values: unknown[]) {
  return {
    self: `${SITE}/rest/api/3/issue/${issueKey}/changelog?maxResults=${values.length}&startAt=0`,
    maxResults: values.length,
    startAt: 0,
    total: values.length,
    isLast: true,
    values,
  };
}

export function comment(issueId: string, id: string, author: SeedUser, at: Date, text: string) {
  return {
    self: `${SITE}/rest/api/3/issue/${issueId}/comment/${id}`,
    id,
    author: userDetails(author),
    body: adfText(text),
    updateAuthor: userDetails(author),
    created: jiraTime(at),
    updated: jiraTime(at),
    jsdPublic: true,
  };
}

/** A comment page that holds every comment: the seed format's `comments.json`. */
export function commentsPage(comments: unknown[]) {
  return { startAt: 0, maxResults: comments.length, total: comments.length, comments };
}
