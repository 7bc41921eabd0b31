/**
 * The local site the benchmarks and the fault, load and security suites run against: the demo
 * seed's site configuration (statuses, priorities, incident fields, issue types, projects, the
 * Confluence space) with users of known permissions, plus builders for incidents with histories
 * of any length, made with the Jira-shaped builders of seeds/build/jira-shapes.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changelogEntry, comment, jiraTime, type ChangeItem, type SeedUser as ShapeUser } from '../../seeds/build/jira-shapes';
import { INCIDENT_FIELDS } from '../../src/domain/incident/incident-fields';
import { startLocalForge, type LocalForge } from '../../test/support/local-forge';
import type { LocalSite } from '../../local-site';

const DEMO_SEED = path.resolve(__dirname, '..', '..', 'seeds', 'demo');
const COPIED_FILES = ['statuses.json', 'priorities.json', 'fields.json', 'issuetypes.json', 'projects.json'];

const ALL_PROJECT_PERMISSIONS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'ASSIGN_ISSUES',
  'RESOLVE_ISSUES',
  'LINK_ISSUES',
];

export const BENCH_USERS = {
  /** Site admin with every permission. */
  admin: {
    accountId: '5f1a2b3c4d5e6f7a8b9c0d01',
    displayName: 'Priya Natarajan',
    emailAddress: 'priya@example.com',
    timeZone: 'Europe/London',
  },
  /** Works incidents: every project permission in INC and OPS. */
  responder: {
    accountId: '5f1a2b3c4d5e6f7a8b9c0d02',
    displayName: 'Marcus Chen',
    emailAddress: 'marcus@example.com',
    timeZone: 'America/New_York',
  },
  /** May browse OPS only: must learn nothing about INC issues. */
  outsider: { accountId: '5f1a2b3c4d5e6f7a8b9c0d09', displayName: 'Olive Outsider', emailAddress: 'olive@example.com', timeZone: 'UTC' },
} satisfies Record<string, ShapeUser>;

export const CONFLUENCE_SPACE = { id: '98305', key: 'ENG' };

/** Writes a seed directory (the local site's format) and returns its path. */
export function writeBenchSeed(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-seed-'))): string {
  for (const file of COPIED_FILES) fs.copyFileSync(path.join(DEMO_SEED, file), path.join(dir, file));
  const users = [
    {
      ...BENCH_USERS.admin,
      groups: ['site-admins', 'jira-administrators'],
      siteAdmin: true,
      projectPermissions: { '*': [...ALL_PROJECT_PERMISSIONS, 'ADMINISTER_PROJECTS', 'ADMINISTER'] },
    },
    {
      ...BENCH_USERS.responder,
      groups: ['incident-responders'],
      siteAdmin: false,
      projectPermissions: { INC: ALL_PROJECT_PERMISSIONS, OPS: ALL_PROJECT_PERMISSIONS },
    },
    { ...BENCH_USERS.outsider, groups: [], siteAdmin: false, projectPermissions: { OPS: ['BROWSE_PROJECTS', 'CREATE_ISSUES'] } },
  ];
  fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify({ users }, null, 2));
  fs.writeFileSync(path.join(dir, 'field-contexts.json'), JSON.stringify(fieldContexts(), null, 2));
  fs.mkdirSync(path.join(dir, 'confluence'), { recursive: true });
  const spaces = JSON.parse(fs.readFileSync(path.join(DEMO_SEED, 'confluence', 'spaces.json'), 'utf8')) as unknown;
  fs.writeFileSync(path.join(dir, 'confluence', 'spaces.json'), JSON.stringify(spaces, null, 2));
  return dir;
}

/** Every option of the app's select fields, so applies can write any value the domain offers. */
function fieldContexts(): Record<string, unknown[]> {
  const ids = fieldIdsByName();
  const contexts: Record<string, unknown[]> = {};
  let optionId = 10200;
  let contextId = 10100;
  for (const field of INCIDENT_FIELDS) {
    const fieldId = ids.get(field.name);
    if (!fieldId) continue;
    const options: { id: string; value: string; optionId?: string }[] = [];
    for (const value of field.options ?? []) options.push({ id: String(optionId++), value });
    for (const [parent, children] of Object.entries(field.cascadingOptions ?? {})) {
      const parentId = String(optionId++);
      options.push({ id: parentId, value: parent });
      for (const child of children as readonly string[]) options.push({ id: String(optionId++), value: child, optionId: parentId });
    }
    if (options.length === 0) continue;
    contexts[fieldId] = [{ context: { id: String(contextId++), name: `Default Configuration Scheme for ${field.name}` }, options }];
  }
  return contexts;
}

let cachedFieldIds: Map<string, string> | undefined;
/** Custom field id by field name, as the demo seed's fields.json has them. */
export function fieldIdsByName(): Map<string, string> {
  cachedFieldIds ??= new Map(
    (JSON.parse(fs.readFileSync(path.join(DEMO_SEED, 'fields.json'), 'utf8')) as { id: string; name: string }[]).map((field) => [
      field.name,
      field.id,
    ]),
  );
  return cachedFieldIds;
}

export function fieldId(name: string): string {
  const id = fieldIdsByName().get(name);
  if (!id) throw new Error(`The demo seed has no field named ${name}`);
  return id;
}

export interface BenchForge extends LocalForge {
  readonly seedDir: string;
}

/** A fresh site with the bench seed; `latencyMs` is added to every request, as a network would. */
export async function startBenchForge(options: { latencyMs?: number; clock?: () => Date } = {}): Promise<BenchForge> {
  const seedDir = writeBenchSeed();
  const forge = await startLocalForge({ seedDir, latencyMs: options.latencyMs, clock: options.clock });
  return {
    ...forge,
    seedDir,
    async dispose() {
      await forge.dispose();
      fs.rmSync(seedDir, { recursive: true, force: true });
    },
  };
}

export interface IncidentSpec {
  key?: string;
  /** Project key (default INC); the outsider may browse OPS only. */
  project?: string;
  summary?: string;
  status?: string;
  impact?: string;
  urgency?: string;
  affectedUsers?: number;
  /** Reported at (ISO); the history is spread after it. */
  created?: string;
  priority?: string;
  extraFields?: Record<string, unknown>;
}

/** Adds an Incident directly to the site (no events, no permission checks), as a seed would. */
export function addIncident(site: LocalSite, spec: IncidentSpec = {}): string {
  const fields: Record<string, unknown> = {
    [fieldId('Impact')]: { value: spec.impact ?? 'High' },
    [fieldId('Urgency')]: { value: spec.urgency ?? 'Medium' },
    [fieldId('Affected users')]: spec.affectedUsers ?? 1200,
    ...(spec.priority ? { priority: { name: spec.priority } } : {}),
    ...spec.extraFields,
  };
  const record = site.jira.addIssue({
    project: spec.project ?? 'INC',
    issueType: 'Incident',
    summary: spec.summary ?? 'Checkout latency above SLO',
    status: spec.status ?? 'Open',
    fields,
    ...(spec.key ? { key: spec.key } : {}),
    ...(spec.created ? { created: spec.created } : {}),
  });
  return record.key;
}

const HISTORY_STATUSES = ['Open', 'Triaged', 'In Progress', 'Escalated', 'In Progress', 'Resolved'];
const PRIORITIES = ['Medium', 'High', 'Highest', 'High'];

/**
 * Appends `changelogEntries` changelog entries and `comments` comments to an issue, spread one
 * minute apart from `startedAt`, cycling through status, priority, assignee and label changes the
 * way a long incident's history reads. The final status change lands on the issue's status.
 */
export function addHistory(
  site: LocalSite,
  issueKey: string,
  options: { changelogEntries: number; comments: number; startedAt?: string },
): void {
  const record = site.jira.issue(issueKey);
  if (!record) throw new Error(`addHistory: no issue ${issueKey}`);
  const start = Date.parse(options.startedAt ?? '2026-11-20T08:00:00.000Z');
  const people = [BENCH_USERS.responder, BENCH_USERS.admin];
  const statusIds = new Map(site.jira.state.statuses.map((status) => [String(status.name), String(status.id)]));
  for (let i = 0; i < options.changelogEntries; i += 1) {
    const at = new Date(start + (i + 1) * 60_000);
    const author = people[i % people.length]!;
    const item = historyItem(i, statusIds);
    record.changelog.push(changelogEntry(String(900_000 + i), author, at, [item]));
  }
  for (let i = 0; i < options.comments; i += 1) {
    const at = new Date(start + (i + 1) * 60_000 + 30_000);
    record.comments.push(
      comment(
        record.id,
        String(700_000 + i),
        people[(i + 1) % people.length]!,
        at,
        `Update ${i + 1}: mitigation step ${i + 1} applied; watching error rates.`,
      ),
    );
  }
  record.fields.updated = jiraTime(new Date(start + Math.max(options.changelogEntries, options.comments) * 60_000 + 60_000));
}

function historyItem(i: number, statusIds: Map<string, string>): ChangeItem {
  switch (i % 4) {
    case 0: {
      const from = HISTORY_STATUSES[Math.floor(i / 4) % HISTORY_STATUSES.length]!;
      const to = HISTORY_STATUSES[(Math.floor(i / 4) + 1) % HISTORY_STATUSES.length]!;
      return {
        field: 'status',
        fieldtype: 'jira',
        fieldId: 'status',
        from: statusIds.get(from) ?? null,
        fromString: from,
        to: statusIds.get(to) ?? null,
        toString: to,
      };
    }
    case 1: {
      const from = PRIORITIES[i % PRIORITIES.length]!;
      const to = PRIORITIES[(i + 1) % PRIORITIES.length]!;
      return { field: 'priority', fieldtype: 'jira', fieldId: 'priority', from: null, fromString: from, to: null, toString: to };
    }
    case 2: {
      const who = i % 8 === 2 ? BENCH_USERS.responder : BENCH_USERS.admin;
      return {
        field: 'assignee',
        fieldtype: 'jira',
        fieldId: 'assignee',
        from: null,
        fromString: null,
        to: who.accountId,
        toString: who.displayName,
      };
    }
    default:
      return { field: 'labels', fieldtype: 'jira', fieldId: 'labels', from: null, fromString: '', to: null, toString: `step-${i}` };
  }
}
