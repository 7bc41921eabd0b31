import { aBareIncident } from '../../support/incident-factory';
import type { Incident } from '../../../src/domain/incident/incident';
import type {
  ChangelogEntry,
  CommentSummary,
  IssueLinkSummary,
  PersonRef,
  PostmortemSource,
  StatusSummary,
} from '../../../src/domain/postmortem/postmortem-source';

export const alice: PersonRef = { accountId: 'acc-alice', displayName: 'Alice Responder' };
export const bob: PersonRef = { accountId: 'acc-bob', displayName: 'Bob Reporter' };

export const SITE_STATUSES: StatusSummary[] = [
  { id: '1', name: 'Open', categoryKey: 'new' },
  { id: '2', name: 'Triage', categoryKey: 'new' },
  { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  { id: '4', name: 'Escalated', categoryKey: 'indeterminate' },
  { id: '5', name: 'Resolved', categoryKey: 'done' },
  { id: '6', name: 'Closed', categoryKey: 'done' },
];

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return aBareIncident({
    key: 'INC-7',
    summary: 'Checkout fails with 502',
    description: 'Customers saw 502 errors at checkout.',
    reporter: bob,
    assignee: alice,
    reportedAt: '2026-11-20T10:00:00.000+0000',
    updatedAt: '2026-11-20T12:00:00.000+0000',
    priority: { id: '2', name: 'High' },
    ...overrides,
  });
}

export function aStatusChange(
  id: string,
  created: string,
  from: StatusSummary,
  to: StatusSummary,
  author: PersonRef | null = alice,
): ChangelogEntry {
  return {
    id,
    created,
    author,
    items: [{ field: 'status', fieldId: 'status', fieldtype: 'jira', from: from.id, fromString: from.name, to: to.id, toString: to.name }],
  };
}

export function aFieldChange(
  id: string,
  created: string,
  field: string,
  fromString: string | null,
  toString: string | null,
  author: PersonRef | null = alice,
): ChangelogEntry {
  return { id, created, author, items: [{ field, fieldtype: 'custom', from: null, fromString, to: null, toString }] };
}

export function aComment(id: string, created: string, body: string, author: PersonRef | null = alice): CommentSummary {
  return { id, created, author, body };
}

export function aLink(key: string, overrides: Partial<IssueLinkSummary['issue']> = {}, relation = 'relates to'): IssueLinkSummary {
  return {
    id: `link-${key}`,
    relation,
    linkTypeName: 'Relates',
    issue: {
      key,
      summary: `Follow-up ${key}`,
      issueTypeName: 'Task',
      status: { name: 'To Do', categoryKey: 'new' },
      assignee: alice,
      ...overrides,
    },
  };
}

export function aPostmortemSource(overrides: Partial<PostmortemSource> = {}): PostmortemSource {
  return {
    incident: anIncident(),
    changelog: [],
    comments: [],
    links: [],
    statuses: SITE_STATUSES,
    siteTimeZone: 'Europe/Berlin',
    siteUrl: 'https://acme.atlassian.net',
    generatedAt: '2026-11-26T09:00:00.000Z',
    generatedBy: alice,
    slaTargetMinutes: null,
    ...overrides,
  };
}

export const status = (name: string): StatusSummary => {
  const found = SITE_STATUSES.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no status ${name}`);
  return found;
};
