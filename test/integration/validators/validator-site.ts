import path from 'node:path';
import type { LocalForge } from '../../support/local-forge';

/**
 * The demo seed's site configuration without its issues: INC and OPS projects, Incident / Problem /
 * Task, the incident fields, the recommended workflow's statuses, four people with groups.
 */
export const SEED_DIR = path.resolve(__dirname, 'seed');

/** Seeded people (seed/users.json). */
export const PEOPLE = {
  /** site admin, service-desk-team */
  priya: '5f1a2b3c4d5e6f7a8b9c0d01',
  /** service-desk-team, not an admin */
  marcus: '5f1a2b3c4d5e6f7a8b9c0d02',
  /** jira-software-users: reports incidents */
  elena: '5f1a2b3c4d5e6f7a8b9c0d03',
  /** contractors */
  jonas: '5f1a2b3c4d5e6f7a8b9c0d04',
} as const;

/** Status ids of the seeded workflow (seed/statuses.json). */
export const STATUS_ID = { open: '10000', triaged: '10001', inProgress: '3', escalated: '10002', resolved: '5', closed: '6' } as const;

export type FieldIds = Record<string, string>;

/** Incident field name → custom field id, as the site reports them. */
export async function fieldIdsByName(forge: LocalForge): Promise<FieldIds> {
  const response = await forge.site.request('app', 'GET', '/rest/api/3/field');
  const fields = response.body as Array<{ id: string; name: string }>;
  return Object.fromEntries(fields.map((field) => [field.name, field.id]));
}

export function adf(text: string) {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}

/** A Jira changelog entry as the site stores it (the demo seed's shape). */
export function statusMove(forge: LocalForge, at: string, from: { id: string; name: string }, to: { id: string; name: string }) {
  return {
    id: String(Math.floor(Math.random() * 1e6) + 500000),
    author: forge.site.jira.state.userBody(PEOPLE.marcus),
    created: at,
    items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name }],
  };
}

/** Writes a raw value to app storage through the real @forge/kvs, as a stale or hand-edited value would be. */
export async function storeRaw(forge: LocalForge, key: string, value: unknown): Promise<void> {
  await forge.asInvocation({ accountId: PEOPLE.priya }, async () => {
    const { kvs } = await import('@forge/kvs');
    await kvs.set(key, value);
  });
}

export function payloadFor(issueKey: string, fromId: string, toId: string, modifiedFields?: Record<string, unknown>) {
  return {
    issue: { key: issueKey },
    transition: { from: { id: fromId }, to: { id: toId }, ...(modifiedFields ? { modifiedFields } : {}) },
    configuration: {},
  };
}

/** Adds select options the seed lacks, through the REST API as the app (as the Incident setup would). */
export async function ensureOptions(forge: LocalForge, fieldId: string, values: readonly string[]): Promise<void> {
  const contexts = await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context`);
  let contextId = (contexts.body as { values: Array<{ id: string }> }).values[0]?.id;
  if (contextId === undefined) {
    const created = await forge.site.request('app', 'POST', `/rest/api/3/field/${fieldId}/context`, { name: 'Incident fields', issueTypeIds: [], projectIds: [] });
    contextId = (created.body as { id: string }).id;
  }
  const existing = await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contextId}/option`);
  const have = new Set((existing.body as { values: Array<{ value: string }> }).values.map((option) => option.value));
  const missing = values.filter((value) => !have.has(value));
  if (missing.length === 0) return;
  const created = await forge.site.request('app', 'POST', `/rest/api/3/field/${fieldId}/context/${contextId}/option`, { options: missing.map((value) => ({ value })) });
  if (created.status !== 200) throw new Error(`adding options to ${fieldId} answered ${created.status}: ${JSON.stringify(created.body)}`);
}

/**
 * Violations other than one known fault of Atlassian's own document: it declares
 * getRemoteIssueLinks' 200 body as one RemoteIssueLink object, while its example (and Jira)
 * answer an array when no globalId is given.
 */
export function unexpectedViolations(forge: LocalForge): unknown[] {
  return forge.site.contract
    .acknowledge()
    .filter((violation) => !(violation.kind === 'bad-response' && violation.operationId === 'getRemoteIssueLinks' && violation.errors.every((error) => error === '/ must be object')));
}
