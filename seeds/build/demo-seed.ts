/**
 * The demo data set for `npm start`: a few open incidents at different priorities and ages,
 * resolved ones with long histories, a linked Problem, action items, and a Confluence space.
 * Every issue's history is replayed from a script of events, so the final fields, the changelog
 * and the comments always agree, as they do on a real site.
 */
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  SITE,
  SeedUser,
  SeedStatus,
  SeedPriority,
  SeedIssueType,
  SeedProject,
  ChangeItem,
  userDetails,
  statusDetails,
  priorityDetails,
  issueTypeDetails,
  projectDetails,
  adfText,
  option,
  changelogEntry,
  changelogPage,
  comment,
  commentsPage,
  jiraTime,
} from './jira-shapes';
import { INCIDENT_FIELDS } from '../../src/domain/incident/incident-fields';
import { groupIdOf } from '../../local-site/jira/jira-state';
import { RECOMMENDED_TRANSITIONS } from '../../src/domain/workflow-rules/recommended-workflow';
import { HISTORY_PROBLEMS, historyStatusMoves, incidentHistoryPlan } from './incident-history';

export const USERS = {
  priya: {
    accountId: '5f1a2b3c4d5e6f7a8b9c0d01',
    displayName: 'Priya Natarajan',
    emailAddress: 'priya@example.com',
    timeZone: 'Europe/London',
  },
  marcus: {
    accountId: '5f1a2b3c4d5e6f7a8b9c0d02',
    displayName: 'Marcus Chen',
    emailAddress: 'marcus@example.com',
    timeZone: 'America/New_York',
  },
  elena: { accountId: '5f1a2b3c4d5e6f7a8b9c0d03', displayName: 'Elena Rossi', emailAddress: 'elena@example.com', timeZone: 'Europe/Rome' },
  jonas: {
    accountId: '5f1a2b3c4d5e6f7a8b9c0d04',
    displayName: 'Jonas Weber',
    emailAddress: 'jonas@example.com',
    timeZone: 'Europe/Berlin',
  },
} satisfies Record<string, SeedUser>;
type UserName = keyof typeof USERS;

export const STATUSES: Record<string, SeedStatus> = {
  Open: { id: '10000', name: 'Open', category: 'new' },
  Triaged: { id: '10001', name: 'Triaged', category: 'indeterminate' },
  'In Progress': { id: '3', name: 'In Progress', category: 'indeterminate' },
  Escalated: { id: '10002', name: 'Escalated', category: 'indeterminate' },
  Resolved: { id: '5', name: 'Resolved', category: 'done' },
  Closed: { id: '6', name: 'Closed', category: 'done' },
  'To Do': { id: '10003', name: 'To Do', category: 'new' },
  Done: { id: '10004', name: 'Done', category: 'done' },
};

export const PRIORITIES: SeedPriority[] = [
  { id: '1', name: 'Highest', statusColor: '#d04437' },
  { id: '2', name: 'High', statusColor: '#f15C75' },
  { id: '3', name: 'Medium', statusColor: '#f79232' },
  { id: '4', name: 'Low', statusColor: '#707070' },
  { id: '5', name: 'Lowest', statusColor: '#999999' },
];

export const ISSUE_TYPES: Record<string, SeedIssueType> = {
  Incident: { id: '10010', name: 'Incident', description: 'An unplanned interruption or reduction in quality of a service.' },
  Problem: { id: '10011', name: 'Problem', description: 'The cause of one or more incidents.' },
  Task: { id: '10002', name: 'Task', description: 'A small piece of work.' },
};

export const PROJECTS: Record<string, SeedProject> = {
  INC: { id: '10000', key: 'INC', name: 'Incidents' },
  OPS: { id: '10001', key: 'OPS', name: 'Operations' },
};

/** The app's incident fields as they exist on a site where setup has run (ids are the site's own). */
const CUSTOM = {
  impact: { id: 'customfield_10050', name: 'Impact', kind: 'select' },
  urgency: { id: 'customfield_10051', name: 'Urgency', kind: 'select' },
  category: { id: 'customfield_10052', name: 'Incident category', kind: 'cascadingselect' },
  affectedUsers: { id: 'customfield_10053', name: 'Affected users', kind: 'float' },
  impactStartedAt: { id: 'customfield_10054', name: 'Impact started', kind: 'datetime' },
  detectionSource: { id: 'customfield_10055', name: 'Detection source', kind: 'select' },
  businessImplications: { id: 'customfield_10056', name: 'Business implications', kind: 'multicheckboxes' },
  initialDiagnosis: { id: 'customfield_10057', name: 'Initial diagnosis', kind: 'textarea' },
  escalationTier: { id: 'customfield_10058', name: 'Escalation tier', kind: 'select' },
  resolutionSummary: { id: 'customfield_10059', name: 'Resolution summary', kind: 'textarea' },
  serviceRestoredAt: { id: 'customfield_10060', name: 'Service restored', kind: 'datetime' },
  rootCause: { id: 'customfield_10061', name: 'Root cause', kind: 'textarea' },
  priorityOverrideReason: { id: 'customfield_10062', name: 'Priority override reason', kind: 'textfield' },
} as const;
type CustomKey = keyof typeof CUSTOM;

const OPTION_IDS: Record<string, string> = {};
let nextOptionId = 10200;
function optionId(fieldId: string, value: string): string {
  const key = `${fieldId}:${value}`;
  OPTION_IDS[key] ??= String(nextOptionId++);
  return OPTION_IDS[key]!;
}

function fieldsJson() {
  const system = [
    ['summary', 'Summary', { type: 'string', system: 'summary' }],
    ['description', 'Description', { type: 'string', system: 'description' }],
    ['status', 'Status', { type: 'status', system: 'status' }],
    ['priority', 'Priority', { type: 'priority', system: 'priority' }],
    ['assignee', 'Assignee', { type: 'user', system: 'assignee' }],
    ['reporter', 'Reporter', { type: 'user', system: 'reporter' }],
    ['issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }],
    ['project', 'Project', { type: 'project', system: 'project' }],
    ['created', 'Created', { type: 'datetime', system: 'created' }],
    ['updated', 'Updated', { type: 'datetime', system: 'updated' }],
    ['resolutiondate', 'Resolved', { type: 'datetime', system: 'resolutiondate' }],
    ['resolution', 'Resolution', { type: 'resolution', system: 'resolution' }],
    ['labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }],
    ['issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }],
  ] as const;
  const custom = Object.values(CUSTOM).map((field) => {
    const numeric = field.id.replace('customfield_', '');
    const schemaType = {
      select: 'option',
      cascadingselect: 'option-with-child',
      float: 'number',
      datetime: 'datetime',
      multicheckboxes: 'array',
      textarea: 'string',
      textfield: 'string',
    }[field.kind];
    return {
      id: field.id,
      key: field.id,
      name: field.name,
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [`cf[${numeric}]`, field.name],
      schema: {
        type: schemaType,
        ...(field.kind === 'multicheckboxes' ? { items: 'option' } : {}),
        custom: `com.atlassian.jira.plugin.system.customfieldtypes:${field.kind}`,
        customId: Number(numeric),
      },
    };
  });
  return [
    ...system.map(([id, name, schema]) => ({
      id,
      key: id,
      name,
      custom: false,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: [id],
      schema,
    })),
    ...custom,
  ];
}

type Change =
  | { status: string }
  | { priority: string }
  | { assignee: UserName | null }
  | { field: CustomKey; value: string | number | string[] | { parent: string; child: string } | null }
  | { comment: string; restriction?: CommentRestriction }
  | { link: LinkSpec };

/** Who Jira shows a comment to: members of a group or project role, or (internal) the service desk's agents. */
type CommentRestriction = { visibility: { type: 'group' | 'role'; value: string } } | { internal: true };

interface LinkSpec {
  type: 'Relates' | 'Causes';
  direction: 'outward' | 'inward';
  key: string;
  at: number;
}

interface Step {
  at: number;
  by: UserName;
  change: Change;
}

interface IssueScript {
  key: string;
  type: keyof typeof ISSUE_TYPES;
  summary: string;
  description: string;
  reporter: UserName;
  createdMinutesAgo: number;
  initial: { priority?: string; assignee?: UserName; fields?: Partial<Record<CustomKey, Step extends never ? never : unknown>> };
  steps: Step[];
  /** Links made at `at` minutes after creation (Jira records them in the changelog as "Link"). */
  links?: LinkSpec[];
  labels?: string[];
}

const LINK_TYPES = {
  Relates: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  Causes: { id: '10004', name: 'Causes', inward: 'is caused by', outward: 'causes' },
};

function customValue(field: (typeof CUSTOM)[CustomKey], value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'select':
      return option(field.id, optionId(field.id, String(value)), String(value));
    case 'multicheckboxes':
      return (value as string[]).map((v) => option(field.id, optionId(field.id, v), v));
    case 'cascadingselect': {
      const { parent, child } = value as { parent: string; child: string };
      return {
        ...option(field.id, optionId(field.id, parent), parent),
        child: option(field.id, optionId(field.id, `${parent}/${child}`), child),
      };
    }
    case 'float':
      return Number(value);
    case 'datetime':
      return String(value);
    case 'textarea':
      return adfText(String(value));
    case 'textfield':
      return String(value);
  }
}

function customChangeStrings(field: (typeof CUSTOM)[CustomKey], value: unknown): { id: string | null; text: string | null } {
  if (value === null || value === undefined) return { id: null, text: null };
  switch (field.kind) {
    case 'select':
      return { id: optionId(field.id, String(value)), text: String(value) };
    case 'multicheckboxes':
      return { id: (value as string[]).map((v) => optionId(field.id, v)).join(','), text: (value as string[]).join(',') };
    case 'cascadingselect': {
      const { parent, child } = value as { parent: string; child: string };
      return {
        id: optionId(field.id, parent),
        text: `Parent values: ${parent}(${optionId(field.id, parent)})Level 1 values: ${child}(${optionId(field.id, `${parent}/${child}`)})`,
      };
    }
    default:
      return { id: null, text: String(value) };
  }
}

export interface DemoSeedOptions {
  /** The moment the data is "exported": open incidents' ages are relative to it. */
  now: Date;
  /**
   * Adds the PLAT project ("Platform incidents"): a year of resolved incidents for the Incident
   * trends page (incident-history.ts). `npm start` writes it; the committed seeds/demo does not,
   * so the tests that read that seed keep their few incidents.
   */
  history?: boolean;
}

/** The trends history's project and how many resolved incidents it holds. */
export const HISTORY_PROJECT: SeedProject = { id: '10002', key: 'PLAT', name: 'Platform incidents' };
export const HISTORY_INCIDENTS = 240;

export function writeDemoSeed(dir: string, options: DemoSeedOptions): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const now = options.now.getTime();
  const minutesAgo = (m: number) => new Date(now - m * 60_000);
  const write = (path: string, body: unknown) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `${JSON.stringify(body, null, 2)}\n`);
  };

  write('statuses.json', Object.values(STATUSES).map(statusDetails));
  write('priorities.json', PRIORITIES.map(priorityDetails));
  write('issuetypes.json', Object.values(ISSUE_TYPES).map(issueTypeDetails));
  const projects: Record<string, SeedProject> = options.history ? { ...PROJECTS, [HISTORY_PROJECT.key]: HISTORY_PROJECT } : PROJECTS;
  write('projects.json', Object.values(projects).map(projectDetails));
  write('fields.json', fieldsJson());

  const scripts = [...demoScripts(minutesAgo), ...(options.history ? historyScripts(now) : [])];
  const idOf = new Map(scripts.map((s, i) => [s.key, String(10100 + i)]));
  const finalState = new Map<string, { status: string; priority: string | null; summary: string; type: string }>();
  let changelogId = 20000;
  let commentId = 30000;

  for (const script of scripts) {
    const issueId = idOf.get(script.key)!;
    const created = minutesAgo(script.createdMinutesAgo);
    const at = (offset: number) => new Date(created.getTime() + offset * 60_000);
    let status = script.type === 'Task' ? 'To Do' : 'Open';
    let priority: string | null = script.initial.priority ?? null;
    let assignee: UserName | null = script.initial.assignee ?? null;
    let resolvedAt: Date | null = null;
    // Jira's statuscategorychangedate: creation, then every move into another status category.
    let categoryChangedAt = created;
    const custom = new Map<CustomKey, unknown>(Object.entries(script.initial.fields ?? {}) as [CustomKey, unknown][]);
    const history: unknown[] = [];
    const comments: unknown[] = [];
    let updated = created;

    const linkSteps: Step[] = (script.links ?? []).map((link) => ({ at: link.at, by: script.reporter, change: { link } }));
    const steps = [...script.steps, ...linkSteps].sort((a, b) => a.at - b.at);
    for (const step of steps) {
      const when = at(step.at);
      updated = when;
      const change = step.change;
      const items: ChangeItem[] = [];
      if ('comment' in change) {
        const restriction = change.restriction;
        const restricted = !restriction
          ? {}
          : 'internal' in restriction
            ? { jsdPublic: false, properties: [{ key: 'sd.public.comment', value: { internal: true } }] }
            : {
                visibility: {
                  ...restriction.visibility,
                  ...(restriction.visibility.type === 'group' ? { identifier: groupIdOf(restriction.visibility.value) } : {}),
                },
              };
        comments.push({ ...comment(issueId, String(commentId++), USERS[step.by], when, change.comment), ...restricted });
        continue;
      }
      if ('status' in change) {
        const from = STATUSES[status]!,
          to = STATUSES[change.status]!;
        if (from.category !== to.category) categoryChangedAt = when;
        items.push({
          field: 'status',
          fieldtype: 'jira',
          fieldId: 'status',
          from: from.id,
          fromString: from.name,
          to: to.id,
          toString: to.name,
        });
        if (to.category === 'done' && resolvedAt === null) {
          resolvedAt = when;
          items.push({
            field: 'resolution',
            fieldtype: 'jira',
            fieldId: 'resolution',
            from: null,
            fromString: null,
            to: '10000',
            toString: 'Done',
          });
        }
        if (to.category !== 'done' && resolvedAt !== null) {
          resolvedAt = null;
          items.push({
            field: 'resolution',
            fieldtype: 'jira',
            fieldId: 'resolution',
            from: '10000',
            fromString: 'Done',
            to: null,
            toString: null,
          });
        }
        status = change.status;
      } else if ('priority' in change) {
        const from = PRIORITIES.find((p) => p.name === priority),
          to = PRIORITIES.find((p) => p.name === change.priority)!;
        items.push({
          field: 'priority',
          fieldtype: 'jira',
          fieldId: 'priority',
          from: from?.id ?? null,
          fromString: from?.name ?? null,
          to: to.id,
          toString: to.name,
        });
        priority = change.priority;
      } else if ('assignee' in change) {
        const from = assignee ? USERS[assignee] : null,
          to = change.assignee ? USERS[change.assignee] : null;
        items.push({
          field: 'assignee',
          fieldtype: 'jira',
          fieldId: 'assignee',
          from: from?.accountId ?? null,
          fromString: from?.displayName ?? null,
          to: to?.accountId ?? null,
          toString: to?.displayName ?? null,
        });
        assignee = change.assignee;
      } else if ('link' in change) {
        const phrase = LINK_TYPES[change.link.type][change.link.direction];
        items.push({
          field: 'Link',
          fieldtype: 'jira',
          fieldId: 'issuelinks',
          from: null,
          fromString: null,
          to: change.link.key,
          toString: `This issue ${phrase} ${change.link.key}`,
        });
      } else if ('field' in change) {
        const field = CUSTOM[change.field];
        const from = customChangeStrings(field, custom.get(change.field)),
          to = customChangeStrings(field, change.value);
        items.push({
          field: field.name,
          fieldtype: 'custom',
          fieldId: field.id,
          from: from.id,
          fromString: from.text,
          to: to.id,
          toString: to.text,
        });
        custom.set(change.field, change.value);
      }
      history.push(changelogEntry(String(changelogId++), USERS[step.by], when, items));
    }

    const fields: Record<string, unknown> = {
      summary: script.summary,
      issuetype: issueTypeDetails(ISSUE_TYPES[script.type]!),
      project: projectDetails(projects[script.key.split('-')[0]!]!),
      status: statusDetails(STATUSES[status]!),
      priority: priority ? priorityDetails(PRIORITIES.find((p) => p.name === priority)!) : null,
      reporter: userDetails(USERS[script.reporter]),
      creator: userDetails(USERS[script.reporter]),
      assignee: assignee ? userDetails(USERS[assignee]) : null,
      created: jiraTime(created),
      updated: jiraTime(updated),
      resolutiondate: resolvedAt ? jiraTime(resolvedAt) : null,
      statuscategorychangedate: jiraTime(categoryChangedAt),
      resolution: resolvedAt
        ? { self: `${SITE}/rest/api/3/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: 'Done' }
        : null,
      description: adfText(script.description),
      labels: script.labels ?? [],
      issuelinks: [],
    };
    for (const [key, field] of Object.entries(CUSTOM)) fields[field.id] = customValue(field, custom.get(key as CustomKey));
    finalState.set(script.key, { status, priority, summary: script.summary, type: script.type });

    write(`${script.key}/issue.json`, {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issueId,
      self: `${SITE}/rest/api/3/issue/${issueId}`,
      key: script.key,
      fields,
    });
    write(`${script.key}/changelog.json`, changelogPage(script.key, history));
    write(`${script.key}/comments.json`, commentsPage(comments));
  }

  // Links are written after every issue exists, with the linked issue's final fields as Jira shows them.
  let linkId = 40000;
  for (const script of scripts) {
    for (const link of script.links ?? []) {
      const other = finalState.get(link.key)!;
      const linked = {
        id: idOf.get(link.key)!,
        key: link.key,
        self: `${SITE}/rest/api/3/issue/${idOf.get(link.key)}`,
        fields: {
          summary: other.summary,
          status: statusDetails(STATUSES[other.status]!),
          priority: other.priority ? priorityDetails(PRIORITIES.find((p) => p.name === other.priority)!) : undefined,
          issuetype: issueTypeDetails(ISSUE_TYPES[other.type]!),
        },
      };
      const type = { ...LINK_TYPES[link.type], self: `${SITE}/rest/api/3/issueLinkType/${LINK_TYPES[link.type].id}` };
      const entry = {
        id: String(linkId++),
        self: `${SITE}/rest/api/3/issueLink/${linkId}`,
        type,
        ...(link.direction === 'outward' ? { outwardIssue: linked } : { inwardIssue: linked }),
      };
      appendLink(dir, script.key, entry);
    }
  }

  // The demo company runs its Jira site on London time (Jira settings > General configuration).
  write('serverinfo.json', {
    baseUrl: SITE,
    displayUrl: SITE,
    version: '1001.0.0-SNAPSHOT',
    versionNumbers: [1001, 0, 0],
    deploymentType: 'Cloud',
    buildNumber: 100500,
    serverTitle: 'Jira',
    serverTimeZone: 'Europe/London',
  });
  write('users.json', demoUsers(options.history === true));
  write('workflows.json', demoWorkflows(options.history === true));
  write('issuelinktypes.json', {
    issueLinkTypes: Object.values(LINK_TYPES).map((type) => ({ ...type, self: `${SITE}/rest/api/3/issueLinkType/${type.id}` })),
  });
  write('field-contexts.json', fieldContexts());
  write('confluence/spaces.json', {
    results: [
      {
        id: '98305',
        key: 'ENG',
        name: 'Engineering',
        type: 'global',
        status: 'current',
        homepageId: '131073',
        createdAt: jiraTime(minutesAgo(60 * 24 * 400)).replace('+0000', 'Z'),
      },
    ],
  });
  write('confluence/pages.json', {
    results: [
      confluencePage(
        '131073',
        'Engineering home',
        null,
        'Welcome to the Engineering space. Incident reviews live under "Incident reviews".',
        minutesAgo(60 * 24 * 400),
      ),
      confluencePage(
        '131074',
        'Incident reviews',
        '131073',
        'Postmortems of our incidents. Insert the Incident postmortem macro on this page to generate one.',
        minutesAgo(60 * 24 * 200),
      ),
      confluencePage(
        '131075',
        'On-call handbook',
        '131073',
        'Who is on call, how to page them, and how we run an incident.',
        minutesAgo(60 * 24 * 300),
      ),
    ],
  });
}

function confluencePage(id: string, title: string, parentId: string | null, text: string, createdAt: Date) {
  return {
    id,
    status: 'current',
    title,
    spaceId: '98305',
    ...(parentId ? { parentId, parentType: 'page' } : {}),
    authorId: USERS.priya.accountId,
    ownerId: USERS.priya.accountId,
    createdAt: createdAt.toISOString(),
    version: { number: 1, createdAt: createdAt.toISOString(), message: '', minorEdit: false, authorId: USERS.priya.accountId },
    body: { atlas_doc_format: { representation: 'atlas_doc_format', value: JSON.stringify(adfText(text)) } },
  };
}

/**
 * The Incident project runs the app's recommended workflow, with the app's validators on its
 * transitions as an admin would add them (`validators`: manifest module keys, read by `npm start`);
 * the Operations project a plain one without.
 */
function demoWorkflows(history: boolean) {
  const incidentTransitions = RECOMMENDED_TRANSITIONS.filter((t) => t.from.length > 0).map((t, index) => ({
    id: String(11 + index * 10),
    name: t.name,
    from: [...t.from],
    to: t.to,
    validators: [...t.validators],
  }));
  return {
    INC: { initialStatus: 'Open', transitions: incidentTransitions },
    ...(history ? { [HISTORY_PROJECT.key]: { initialStatus: 'Open', transitions: incidentTransitions } } : {}),
    OPS: {
      initialStatus: 'To Do',
      transitions: [
        { id: '11', name: 'Done', from: ['To Do'], to: 'Done', validators: [] },
        { id: '21', name: 'Reopen', from: ['Done'], to: 'To Do', validators: [] },
      ],
    },
  };
}

/** Options of the app's select-like fields, with the same ids the issues' values carry. */
function fieldContexts() {
  const contexts: Record<string, unknown[]> = {};
  for (const definition of INCIDENT_FIELDS) {
    const field = CUSTOM[definition.key];
    if (!definition.options && !definition.cascadingOptions) continue;
    const options: { id: string; value: string; disabled: boolean; optionId?: string }[] = [];
    for (const value of definition.options ?? []) options.push({ id: optionId(field.id, value), value, disabled: false });
    for (const [parent, children] of Object.entries(definition.cascadingOptions ?? {})) {
      const parentId = optionId(field.id, parent);
      options.push({ id: parentId, value: parent, disabled: false });
      for (const child of children)
        options.push({ id: optionId(field.id, `${parent}/${child}`), value: child, disabled: false, optionId: parentId });
    }
    contexts[field.id] = [
      {
        context: {
          id: String(10300 + Number(field.id.slice(-2))),
          name: `Default Configuration Scheme for ${field.name}`,
          description: 'Default configuration scheme generated by Jira',
          isGlobalContext: true,
          isAnyIssueType: true,
          projectIds: [],
          issueTypeIds: [],
        },
        options,
      },
    ];
  }
  return contexts;
}

function appendLink(dir: string, key: string, entry: unknown) {
  const path = join(dir, key, 'issue.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const issue = JSON.parse(require('node:fs').readFileSync(path, 'utf8'));
  issue.fields.issuelinks.push(entry);
  writeFileSync(path, `${JSON.stringify(issue, null, 2)}\n`);
}

/** The responders are in Jira Service Management's agent group, which the default closure settings name: the demo runs on the defaults. */
function demoUsers(history: boolean) {
  const all = [
    'BROWSE_PROJECTS',
    'CREATE_ISSUES',
    'EDIT_ISSUES',
    'TRANSITION_ISSUES',
    'ADD_COMMENTS',
    'ASSIGN_ISSUES',
    'ASSIGNABLE_USER',
    'RESOLVE_ISSUES',
    'CLOSE_ISSUES',
    'LINK_ISSUES',
  ];
  // The history project: the responders work it; Elena may read it; Jonas (OPS only) may not.
  const plat = (permissions: string[]) => (history ? { [HISTORY_PROJECT.key]: permissions } : {});
  return {
    users: [
      {
        ...userDetails(USERS.priya),
        groups: ['site-admins', 'jira-software-users', 'jira-servicemanagement-users'],
        siteAdmin: true,
        projectPermissions: { INC: all, OPS: all, ...plat(all) },
        projectRoles: { INC: ['Administrators', 'Service Desk Team'], OPS: ['Administrators'] },
      },
      {
        ...userDetails(USERS.marcus),
        groups: ['jira-software-users', 'jira-servicemanagement-users'],
        siteAdmin: false,
        projectPermissions: { INC: all, OPS: all, ...plat(all) },
        projectRoles: { INC: ['Developers', 'Service Desk Team'], OPS: ['Developers'] },
      },
      {
        ...userDetails(USERS.elena),
        groups: ['jira-software-users'],
        siteAdmin: false,
        projectPermissions: {
          INC: ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'ADD_COMMENTS'],
          OPS: ['BROWSE_PROJECTS'],
          ...plat(['BROWSE_PROJECTS']),
        },
        projectRoles: { INC: ['Service Desk Customers'] },
      },
      {
        ...userDetails(USERS.jonas),
        groups: ['contractors'],
        siteAdmin: false,
        projectPermissions: { OPS: ['BROWSE_PROJECTS', 'ADD_COMMENTS'] },
        projectRoles: { OPS: ['Developers'] },
      },
    ],
  };
}

/**
 * The PLAT history (incident-history.ts) as issue scripts: its Problems first (filed a year and a
 * week ago), then the incidents oldest first, each with its category, priority, status moves and,
 * for the categories with a known Problem, a "Causes" link (the Problem causes the incident).
 */
function historyScripts(nowMs: number): IssueScript[] {
  const plans = incidentHistoryPlan(HISTORY_INCIDENTS, { nowMs });
  const problemAgo = YEAR_MINUTES + 7 * 24 * 60;
  const problemKey = (index: number) => `${HISTORY_PROJECT.key}-${index + 1}`;
  const incidentKey = (index: number) => `${HISTORY_PROJECT.key}-${HISTORY_PROBLEMS.length + index}`;
  const people: UserName[] = ['marcus', 'priya'];
  const problems: IssueScript[] = HISTORY_PROBLEMS.map((problem, index) => ({
    key: problemKey(index),
    type: 'Problem',
    reporter: 'priya',
    createdMinutesAgo: problemAgo,
    summary: problem.summary,
    description: `Known problem behind ${problem.category.parent} / ${problem.category.child} incidents.`,
    initial: { priority: 'High', fields: { category: { parent: problem.category.parent, child: problem.category.child } } },
    steps: [],
    links: plans
      .filter((plan) => plan.problem === index)
      .map((plan) => ({
        type: 'Causes' as const,
        direction: 'outward' as const,
        key: incidentKey(plan.index),
        at: problemAgo - plan.createdMinutesAgo + 30,
      })),
  }));
  const incidents: IssueScript[] = plans.map((plan) => {
    const by = people[plan.index % people.length]!;
    const statusSteps: Step[] = historyStatusMoves(plan).map(([at, , to]) => ({ at, by, change: { status: to } }));
    return {
      key: incidentKey(plan.index),
      type: 'Incident',
      reporter: plan.index % 3 === 0 ? 'elena' : 'marcus',
      createdMinutesAgo: plan.createdMinutesAgo,
      summary: `${plan.category.parent} ${plan.category.child.toLowerCase()}: alert ${plan.index}`,
      description: `Filed from monitoring (${plan.category.parent} / ${plan.category.child}).`,
      initial: {
        priority: plan.priority,
        assignee: by,
        fields: {
          impact: plan.impact,
          urgency: plan.urgency,
          category: { parent: plan.category.parent, child: plan.category.child },
          detectionSource: 'Monitoring alert',
        },
      },
      steps: statusSteps,
      ...(plan.problem === null
        ? {}
        : { links: [{ type: 'Causes' as const, direction: 'inward' as const, key: problemKey(plan.problem), at: 30 }] }),
    };
  });
  return [...problems, ...incidents];
}

const YEAR_MINUTES = 365 * 24 * 60;

function demoScripts(minutesAgo: (m: number) => Date): IssueScript[] {
  const longHistory: Step[] = [];
  // INC-8: a certificate incident that flapped for days: 260+ changelog entries to show paging.
  const flapStates = ['In Progress', 'Escalated'];
  for (let i = 0; i < 130; i++) {
    longHistory.push({ at: 90 + i * 20, by: i % 2 ? 'marcus' : 'priya', change: { status: flapStates[i % 2]! } });
    longHistory.push({ at: 95 + i * 20, by: 'marcus', change: { field: 'affectedUsers', value: 500 + ((i * 137) % 4000) } });
  }
  return [
    {
      key: 'INC-1',
      type: 'Incident',
      reporter: 'elena',
      createdMinutesAgo: 95,
      summary: 'Checkout payments failing for EU customers',
      description:
        'Customers in the EU see "Payment declined" at checkout since about 12:40 UTC.\nCard payments via the EU acquirer fail; PayPal works.',
      initial: { priority: 'Medium', fields: { detectionSource: 'Customer report', impactStartedAt: jiraTime(minutesAgo(110)) } },
      steps: [
        { at: 2, by: 'marcus', change: { assignee: 'marcus' } },
        { at: 3, by: 'marcus', change: { field: 'impact', value: 'High' } },
        { at: 3, by: 'marcus', change: { field: 'urgency', value: 'High' } },
        { at: 4, by: 'marcus', change: { field: 'category', value: { parent: 'Third party', child: 'Payment provider' } } },
        { at: 4, by: 'marcus', change: { field: 'affectedUsers', value: 12000 } },
        { at: 4, by: 'marcus', change: { field: 'businessImplications', value: ['Financial'] } },
        { at: 5, by: 'marcus', change: { priority: 'Highest' } },
        { at: 6, by: 'marcus', change: { status: 'Triaged' } },
        {
          at: 7,
          by: 'marcus',
          change: { comment: 'Acquirer status page reports degraded authorisations in the EU region. Opening a ticket with them.' },
        },
        { at: 9, by: 'marcus', change: { status: 'In Progress' } },
        {
          at: 25,
          by: 'priya',
          change: { comment: 'Incident call open. Marcus is incident lead; I will handle comms. Next update in 30 minutes.' },
        },
        {
          at: 40,
          by: 'marcus',
          change: {
            field: 'initialDiagnosis',
            value: 'EU acquirer rejects 3-D Secure v2 requests since their 12:30 deploy; our retries amplify the load.',
          },
        },
      ],
    },
    {
      key: 'INC-2',
      type: 'Incident',
      reporter: 'elena',
      createdMinutesAgo: 60 * 20,
      summary: 'Search results slow on the mobile app',
      description: 'Search takes 6-10 s on iOS and Android. Web is fine.',
      initial: {
        priority: 'Medium',
        fields: {
          detectionSource: 'Monitoring alert',
          impact: 'Medium',
          urgency: 'Medium',
          affectedUsers: 800,
          category: { parent: 'Application', child: 'Degraded performance' },
        },
      },
      steps: [
        { at: 15, by: 'marcus', change: { assignee: 'marcus' } },
        { at: 20, by: 'marcus', change: { status: 'Triaged' } },
        {
          at: 180,
          by: 'marcus',
          change: { comment: 'p95 latency on /search/mobile is 7.8 s. The new ranking service is on the path only for mobile clients.' },
        },
      ],
    },
    {
      key: 'INC-3',
      type: 'Incident',
      reporter: 'priya',
      createdMinutesAgo: 60 * 5,
      summary: 'SSO login loop for a subset of enterprise tenants',
      description: 'Users of three enterprise tenants are redirected back to the login page after authenticating with their IdP.',
      initial: {
        priority: 'High',
        fields: {
          detectionSource: 'Customer report',
          impact: 'Medium',
          urgency: 'High',
          affectedUsers: 450,
          businessImplications: ['Security'],
          category: { parent: 'Security', child: 'Unauthorized access' },
          escalationTier: 'Tier 1',
        },
      },
      steps: [
        { at: 10, by: 'marcus', change: { assignee: 'marcus' } },
        { at: 12, by: 'marcus', change: { status: 'Triaged' } },
        { at: 30, by: 'marcus', change: { status: 'In Progress' } },
        {
          at: 70,
          by: 'marcus',
          change: { field: 'initialDiagnosis', value: 'SAML responses from these IdPs carry a clock skew above our 60 s tolerance.' },
        },
        { at: 72, by: 'marcus', change: { field: 'escalationTier', value: 'Tier 2' } },
        { at: 73, by: 'marcus', change: { status: 'Escalated' } },
        { at: 75, by: 'marcus', change: { comment: 'Escalated to the identity team (Tier 2): the tolerance is a platform setting.' } },
      ],
    },
    {
      key: 'INC-4',
      type: 'Incident',
      reporter: 'elena',
      createdMinutesAgo: 35,
      summary: 'Nightly report emails delayed',
      description: 'Several customers say the daily usage report arrived hours late.',
      initial: { fields: { detectionSource: 'Customer report' } },
      steps: [],
    },
    {
      key: 'INC-5',
      type: 'Incident',
      reporter: 'marcus',
      createdMinutesAgo: 60 * 30,
      summary: 'Status page widget shows stale data',
      description: "The embedded status widget on the help centre shows yesterday's state.",
      initial: {
        priority: 'Low',
        fields: {
          detectionSource: 'Employee report',
          impact: 'Low',
          urgency: 'Medium',
          affectedUsers: 40,
          category: { parent: 'Application', child: 'Data issue' },
        },
      },
      steps: [{ at: 30, by: 'marcus', change: { status: 'Triaged' } }],
    },
    {
      key: 'INC-6',
      type: 'Incident',
      reporter: 'marcus',
      createdMinutesAgo: 60 * 24 * 9,
      summary: 'Database failover caused a 17-minute API outage',
      description: 'The primary database failed over during routine maintenance; the API returned 503 for 17 minutes.',
      initial: {
        priority: 'High',
        fields: { detectionSource: 'Monitoring alert', impactStartedAt: jiraTime(minutesAgo(60 * 24 * 9 + 3)) },
      },
      labels: ['database', 'api'],
      steps: [
        { at: 1, by: 'marcus', change: { assignee: 'marcus' } },
        { at: 2, by: 'marcus', change: { field: 'impact', value: 'High' } },
        { at: 2, by: 'marcus', change: { field: 'urgency', value: 'High' } },
        { at: 2, by: 'marcus', change: { field: 'affectedUsers', value: 25000 } },
        { at: 2, by: 'marcus', change: { field: 'category', value: { parent: 'Database', child: 'Unavailable' } } },
        { at: 3, by: 'marcus', change: { priority: 'Highest' } },
        { at: 3, by: 'marcus', change: { status: 'Triaged' } },
        { at: 4, by: 'marcus', change: { status: 'In Progress' } },
        { at: 5, by: 'priya', change: { comment: 'Paging the database on-call. Status page updated: "API errors, investigating".' } },
        {
          at: 8,
          by: 'marcus',
          change: {
            field: 'initialDiagnosis',
            value: 'Failover promoted a replica that was 40 s behind; the API pool kept connections to the old primary.',
          },
        },
        { at: 9, by: 'marcus', change: { field: 'escalationTier', value: 'Tier 2' } },
        { at: 9, by: 'marcus', change: { status: 'Escalated' } },
        { at: 10, by: 'priya', change: { assignee: 'priya' } },
        {
          at: 14,
          by: 'priya',
          change: { comment: 'Connection pool recycled; error rate back to baseline. Watching for 30 minutes before resolving.' },
        },
        { at: 17, by: 'priya', change: { field: 'serviceRestoredAt', value: jiraTime(minutesAgo(60 * 24 * 9 - 14)) } },
        {
          at: 50,
          by: 'priya',
          change: {
            field: 'resolutionSummary',
            value: 'Recycled the API connection pool and re-pointed it at the new primary. Replication caught up at 14:52.',
          },
        },
        {
          at: 51,
          by: 'priya',
          change: {
            field: 'rootCause',
            value:
              'The failover script does not check replication lag before promotion, and the API pool does not follow the writer endpoint.',
          },
        },
        { at: 52, by: 'priya', change: { status: 'Resolved' } },
        {
          at: 60 * 3,
          by: 'marcus',
          change: { comment: 'Confirmed from the reporter side: API clients are healthy and no errors since 14:40.' },
        },
        { at: 60 * 24, by: 'priya', change: { status: 'Closed' } },
      ],
      links: [
        { type: 'Causes', direction: 'inward', key: 'INC-7', at: 60 * 24 + 30 },
        { type: 'Relates', direction: 'outward', key: 'OPS-1', at: 60 * 24 + 40 },
        { type: 'Relates', direction: 'outward', key: 'OPS-2', at: 60 * 24 + 41 },
        { type: 'Relates', direction: 'outward', key: 'OPS-3', at: 60 * 24 + 42 },
      ],
    },
    {
      key: 'INC-7',
      type: 'Problem',
      reporter: 'priya',
      createdMinutesAgo: 60 * 24 * 8,
      summary: 'Failover promotes a replica with replication lag',
      description: 'Root cause of INC-6: the failover automation does not wait for replicas to catch up.',
      initial: {
        priority: 'High',
        assignee: 'priya',
        fields: { rootCause: 'Promotion does not check replication lag; clients do not follow the writer endpoint.' },
      },
      steps: [{ at: 30, by: 'priya', change: { status: 'In Progress' } }],
      links: [{ type: 'Causes', direction: 'outward', key: 'INC-6', at: 60 * 24 - 30 }],
    },
    {
      key: 'INC-8',
      type: 'Incident',
      reporter: 'elena',
      createdMinutesAgo: 60 * 24 * 20,
      summary: 'CDN certificate expired on static assets',
      description: 'Browsers block images and scripts from static.example.com: certificate expired.',
      initial: {
        priority: 'High',
        fields: {
          detectionSource: 'Customer report',
          impact: 'High',
          urgency: 'Medium',
          affectedUsers: 3000,
          category: { parent: 'Network', child: 'Load balancer' },
        },
      },
      steps: [
        { at: 5, by: 'marcus', change: { assignee: 'marcus' } },
        { at: 10, by: 'marcus', change: { status: 'Triaged' } },
        {
          at: 20,
          by: 'marcus',
          change: { field: 'initialDiagnosis', value: 'Auto-renewal failed because the DNS challenge record was removed in a cleanup.' },
        },
        { at: 21, by: 'marcus', change: { field: 'escalationTier', value: 'Tier 2' } },
        ...longHistory,
        { at: 3000, by: 'marcus', change: { field: 'serviceRestoredAt', value: jiraTime(minutesAgo(60 * 24 * 20 - 2990)) } },
        {
          at: 3001,
          by: 'marcus',
          change: { field: 'resolutionSummary', value: 'Issued a new certificate manually and restored the DNS challenge record.' },
        },
        { at: 3002, by: 'marcus', change: { status: 'Resolved' } },
        { at: 3100, by: 'elena', change: { comment: 'Confirmed: customers report that images load again.' } },
        // Restricted comments: Jira shows them only to the group, the role, or the service desk's agents.
        {
          at: 3150,
          by: 'marcus',
          change: {
            comment: 'For the developers only: the DNS provider API token still lives in the old vault path; rotate it.',
            restriction: { visibility: { type: 'role', value: 'Developers' } },
          },
        },
        {
          at: 3160,
          by: 'priya',
          change: {
            comment: 'Service desk team: the customer who reported this first is negotiating a renewal; keep them posted.',
            restriction: { visibility: { type: 'group', value: 'jira-servicemanagement-users' } },
          },
        },
        {
          at: 3170,
          by: 'priya',
          change: { comment: 'Internal note: the expiry warnings went to a mailbox nobody reads.', restriction: { internal: true } },
        },
        { at: 3200, by: 'priya', change: { status: 'Closed' } },
      ],
    },
    {
      key: 'OPS-1',
      type: 'Task',
      reporter: 'priya',
      createdMinutesAgo: 60 * 24 * 8,
      summary: 'Check replication lag before promoting a replica',
      description: 'Action item from INC-6.',
      initial: { priority: 'High', assignee: 'marcus' },
      steps: [{ at: 60 * 24, by: 'marcus', change: { status: 'Done' } }],
    },
    {
      key: 'OPS-2',
      type: 'Task',
      reporter: 'priya',
      createdMinutesAgo: 60 * 24 * 8,
      summary: 'Point the API connection pool at the writer endpoint',
      description: 'Action item from INC-6.',
      initial: { priority: 'High', assignee: 'priya' },
      steps: [],
    },
    {
      key: 'OPS-3',
      type: 'Task',
      reporter: 'priya',
      createdMinutesAgo: 60 * 24 * 8,
      summary: 'Add a failover drill to the quarterly game day',
      description: 'Action item from INC-6.',
      initial: { priority: 'Medium' },
      steps: [],
    },
  ];
}
