import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RECOMMENDED_TRANSITIONS } from '../../../src/domain/workflow-rules/recommended-workflow';
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
  /** contractors: cannot see INC */
  jonas: '5f1a2b3c4d5e6f7a8b9c0d04',
  /** jira-software-users: a developer who may transition INC issues, not in the service desk */
  sam: '5f1a2b3c4d5e6f7a8b9c0d05',
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

async function firstContextId(forge: LocalForge, fieldId: string): Promise<string> {
  const contexts = await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context`);
  const existing = (contexts.body as { values: Array<{ id: string }> }).values[0]?.id;
  if (existing !== undefined) return existing;
  const created = await forge.site.request('app', 'POST', `/rest/api/3/field/${fieldId}/context`, {
    name: 'Incident fields',
    issueTypeIds: [],
    projectIds: [],
  });
  return (created.body as { id: string }).id;
}

/**
 * Adds select options the seed lacks, through the REST API as the app (as the Incident setup
 * would); `parent` adds them as children of that option of a cascading select.
 */
export async function ensureOptions(forge: LocalForge, fieldId: string, values: readonly string[], parent?: string): Promise<void> {
  const contextId = await firstContextId(forge, fieldId);
  const existing = await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contextId}/option`);
  const options = (existing.body as { values: Array<{ id: string; value: string; optionId?: string }> }).values;
  let parentId: string | undefined;
  if (parent !== undefined) {
    await ensureOptions(forge, fieldId, [parent]);
    const refreshed = await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contextId}/option`);
    parentId = (refreshed.body as { values: Array<{ id: string; value: string; optionId?: string }> }).values.find(
      (option) => option.value === parent && option.optionId === undefined,
    )?.id;
  }
  const have = new Set(options.filter((option) => option.optionId === parentId).map((option) => option.value));
  const missing = values.filter((value) => !have.has(value));
  if (missing.length === 0) return;
  const created = await forge.site.request('app', 'POST', `/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
    options: missing.map((value) => (parentId === undefined ? { value } : { value, optionId: parentId })),
  });
  if (created.status !== 200) throw new Error(`adding options to ${fieldId} answered ${created.status}: ${JSON.stringify(created.body)}`);
}

/**
 * Contract violations the test run produced. The two known faults of Atlassian's document that
 * these tests meet (getRemoteIssueLinks' list body, null changelog values) are handled, narrowly
 * and with their reasons, in local-site/contract/spec-checker.ts.
 */
export function unexpectedViolations(forge: LocalForge): unknown[] {
  return forge.site.contract.acknowledge();
}

/** Transition ids of the recommended workflow on the local site: 11, 12, ... in RECOMMENDED_TRANSITIONS order. */
export function recommendedTransitionId(name: string): string {
  const index = RECOMMENDED_TRANSITIONS.findIndex((transition) => transition.name === name);
  if (index === -1) throw new Error(`The recommended workflow has no transition "${name}"`);
  return String(11 + index);
}

/**
 * A seed directory with this folder's site configuration and a workflows.json built from the
 * recommended workflow data (the local site's format; `validators` is what the sandbox binds).
 */
export function seedWithRecommendedWorkflow(projectKey: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-workflow-seed-'));
  for (const file of fs.readdirSync(SEED_DIR)) fs.copyFileSync(path.join(SEED_DIR, file), path.join(dir, file));
  const initial = RECOMMENDED_TRANSITIONS.find((transition) => transition.from.length === 0)!;
  const transitions = RECOMMENDED_TRANSITIONS.filter((transition) => transition.from.length > 0).map((transition) => ({
    id: recommendedTransitionId(transition.name),
    name: transition.name,
    from: [...transition.from],
    to: transition.to,
    validators: [...transition.validators],
  }));
  fs.writeFileSync(path.join(dir, 'workflows.json'), JSON.stringify({ [projectKey]: { initialStatus: initial.to, transitions } }, null, 2));
  return dir;
}
