/**
 * Loads a seed directory (format: local-site/SEED-FORMAT.md). Jira and Confluence files are bodies
 * of the products' own GET responses and are validated against the OpenAPI response schemas;
 * users.json and workflows.json are the local site's own small formats, validated with zod.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { ContractChecker } from './contract/spec-checker';

export class SeedError extends Error {
  override readonly name = 'SeedError';
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`Seed file ${file}: ${problem}`);
  }
}

/** Jira's built-in permission keys (project permissions, then global ones). */
export const JIRA_PERMISSION_KEYS = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'ADD_COMMENTS',
  'EDIT_ALL_COMMENTS',
  'DELETE_ALL_COMMENTS',
  'DELETE_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'RESOLVE_ISSUES',
  'CLOSE_ISSUES',
  'SCHEDULE_ISSUES',
  'MOVE_ISSUES',
  'LINK_ISSUES',
  'MODIFY_REPORTER',
  'MANAGE_WATCHERS',
  'WORK_ON_ISSUES',
  'CREATE_ATTACHMENTS',
  'SET_ISSUE_SECURITY',
  'VIEW_READONLY_WORKFLOW',
  'ADMINISTER_PROJECTS',
  'ADMINISTER',
  'SYSTEM_ADMIN',
  'USER_PICKER',
  'BULK_CHANGE',
] as const;
export type JiraPermissionKey = (typeof JIRA_PERMISSION_KEYS)[number];

const permissionKey = z.enum(JIRA_PERMISSION_KEYS);

export const seedUserSchema = z.object({
  accountId: z.string().min(1),
  displayName: z.string().min(1),
  emailAddress: z.string().optional(),
  groups: z.array(z.string()).default([]),
  siteAdmin: z.boolean().default(false),
  /** Project key (or "*" for every project) → permissions held there. */
  projectPermissions: z.record(z.string(), z.array(permissionKey)).default({}),
  /**
   * Project key (or "*" for every project) → project role names the user holds there, e.g.
   * "Developers" or "Service Desk Team". Comments restricted to a role (`visibility.type: "role"`)
   * are shown only to its members.
   */
  projectRoles: z.record(z.string(), z.array(z.string().min(1))).default({}),
  active: z.boolean().default(true),
  timeZone: z.string().default('UTC'),
  /** Names of the issue security levels the user is a member of: an issue whose `fields.security` names another level is hidden from them. */
  issueSecurityLevels: z.array(z.string().min(1)).optional(),
});
export type SeedUser = z.infer<typeof seedUserSchema>;

const usersFileSchema = z.object({ users: z.array(seedUserSchema).min(1) });

const workflowTransitionSchema = z.object({
  id: z.string().regex(/^\d+$/, 'transition id must be numeric text'),
  name: z.string().min(1),
  /** Status names the transition starts from; empty or absent = a global transition (from any status). */
  from: z.array(z.string()).default([]),
  to: z.string().min(1),
});
const workflowSchema = z.object({
  /** Status name new issues start in. */
  initialStatus: z.string().min(1),
  transitions: z.array(workflowTransitionSchema).min(1),
});
export type SeedWorkflow = z.infer<typeof workflowSchema>;
const workflowsFileSchema = z.record(z.string(), workflowSchema);

const fieldContextsFileSchema = z.record(
  z.string(),
  z.array(
    z.object({
      context: z.object({
        id: z.string(),
        name: z.string(),
        description: z.string().default(''),
        isGlobalContext: z.boolean().default(true),
        isAnyIssueType: z.boolean().default(true),
        projectIds: z.array(z.string()).default([]),
        issueTypeIds: z.array(z.string()).default([]),
      }),
      options: z
        .array(z.object({ id: z.string(), value: z.string(), disabled: z.boolean().default(false), optionId: z.string().optional() }))
        .default([]),
    }),
  ),
);
export type SeedFieldContexts = z.infer<typeof fieldContextsFileSchema>;

type Json = Record<string, unknown>;

export interface SeedIssue {
  issue: Json;
  changelog: Json[];
  comments: Json[];
}

export interface SeedData {
  statuses: Json[];
  priorities?: Json[];
  fields?: Json[];
  issueTypes?: Json[];
  projects?: Json[];
  issueLinkTypes?: Json[];
  users?: SeedUser[];
  workflows?: Record<string, SeedWorkflow>;
  fieldContexts?: SeedFieldContexts;
  /** Body of GET /rest/api/3/serverInfo; its `serverTimeZone` is the site's default time zone. */
  serverInfo?: Json;
  issues: SeedIssue[];
  confluence: { spaces: Json[]; pages: Json[] };
}

const ISSUE_DIR = /^[A-Z][A-Z0-9_]*-\d+$/;
const TOP_LEVEL_FILES = new Set([
  'statuses.json',
  'fields.json',
  'priorities.json',
  'issuetypes.json',
  'projects.json',
  'issuelinktypes.json',
  'users.json',
  'workflows.json',
  'field-contexts.json',
  'serverinfo.json',
  'README.md',
]);
const ISSUE_FILES = new Set(['issue.json', 'changelog.json', 'comments.json']);

function readJson(file: string, relative: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SeedError(relative, `cannot be read (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SeedError(relative, `is not valid JSON (${(error as Error).message})`);
  }
}

function expectSpec(checker: ContractChecker, relative: string, product: 'jira' | 'confluence', requestPath: string, body: unknown): void {
  const errors = checker.validateResponseBody(product, 'get', requestPath, body);
  if (errors.length > 0)
    throw new SeedError(relative, `does not match the response schema of GET ${requestPath}: ${errors.slice(0, 5).join('; ')}`);
}

function asArrayOrValues(body: unknown, relative: string): Json[] {
  if (Array.isArray(body)) return body as Json[];
  if (body && typeof body === 'object' && Array.isArray((body as { values?: unknown }).values)) return (body as { values: Json[] }).values;
  throw new SeedError(relative, 'must be an array or a page with "values"');
}

function parseWith<T>(schema: z.ZodType<T>, body: unknown, relative: string): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new SeedError(relative, problems.slice(0, 5).join('; '));
  }
  return result.data;
}

export function loadSeed(seedDir: string, checker: ContractChecker): SeedData {
  if (!fs.existsSync(seedDir) || !fs.statSync(seedDir).isDirectory()) throw new SeedError(seedDir, 'is not a directory');
  const at = (name: string) => path.join(seedDir, name);
  const data: SeedData = { statuses: [], issues: [], confluence: { spaces: [], pages: [] } };

  for (const entry of fs.readdirSync(seedDir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name === 'confluence' || ISSUE_DIR.test(entry.name)) continue;
      throw new SeedError(entry.name, 'is not a known seed folder (issue keys like INC-1, or confluence/)');
    }
    if (!TOP_LEVEL_FILES.has(entry.name))
      throw new SeedError(entry.name, `is not a known seed file (known: ${[...TOP_LEVEL_FILES].join(', ')})`);
  }

  if (!fs.existsSync(at('statuses.json'))) throw new SeedError('statuses.json', 'is required (body of GET /rest/api/3/status)');
  const statuses = readJson(at('statuses.json'), 'statuses.json');
  expectSpec(checker, 'statuses.json', 'jira', '/rest/api/3/status', statuses);
  data.statuses = statuses as Json[];

  const optional = (name: string) => (fs.existsSync(at(name)) ? readJson(at(name), name) : undefined);
  const priorities = optional('priorities.json');
  if (priorities !== undefined) {
    data.priorities = asArrayOrValues(priorities, 'priorities.json');
    expectSpec(checker, 'priorities.json', 'jira', '/rest/api/3/priority', data.priorities);
  }
  const fields = optional('fields.json');
  if (fields !== undefined) {
    expectSpec(checker, 'fields.json', 'jira', '/rest/api/3/field', fields);
    data.fields = fields as Json[];
  }
  const issueTypes = optional('issuetypes.json');
  if (issueTypes !== undefined) {
    expectSpec(checker, 'issuetypes.json', 'jira', '/rest/api/3/issuetype', issueTypes);
    data.issueTypes = issueTypes as Json[];
  }
  const projects = optional('projects.json');
  if (projects !== undefined) {
    data.projects = asArrayOrValues(projects, 'projects.json');
    data.projects.forEach((project, index) => {
      const errors = checker.validateResponseBody('jira', 'get', `/rest/api/3/project/${String(project.key ?? 'X')}`, project);
      if (errors.length > 0)
        throw new SeedError(
          'projects.json',
          `project #${index} does not match GET /rest/api/3/project/{key}: ${errors.slice(0, 5).join('; ')}`,
        );
    });
  }
  const linkTypes = optional('issuelinktypes.json');
  if (linkTypes !== undefined) {
    expectSpec(checker, 'issuelinktypes.json', 'jira', '/rest/api/3/issueLinkType', linkTypes);
    data.issueLinkTypes = (linkTypes as { issueLinkTypes: Json[] }).issueLinkTypes;
  }
  const users = optional('users.json');
  if (users !== undefined) data.users = parseWith(usersFileSchema, users, 'users.json').users;
  const workflows = optional('workflows.json');
  if (workflows !== undefined) data.workflows = parseWith(workflowsFileSchema, workflows, 'workflows.json');
  const serverInfo = optional('serverinfo.json');
  if (serverInfo !== undefined) {
    expectSpec(checker, 'serverinfo.json', 'jira', '/rest/api/3/serverInfo', serverInfo);
    data.serverInfo = serverInfo as Json;
  }
  const contexts = optional('field-contexts.json');
  if (contexts !== undefined) data.fieldContexts = parseWith(fieldContextsFileSchema, contexts, 'field-contexts.json');

  const issueDirs = fs
    .readdirSync(seedDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && ISSUE_DIR.test(entry.name))
    .map((entry) => entry.name);
  for (const key of issueDirs) {
    for (const file of fs.readdirSync(at(key))) {
      if (!ISSUE_FILES.has(file))
        throw new SeedError(`${key}/${file}`, `is not a known issue seed file (known: ${[...ISSUE_FILES].join(', ')})`);
    }
    const issueFile = `${key}/issue.json`;
    if (!fs.existsSync(at(issueFile))) throw new SeedError(issueFile, 'is required for every issue folder');
    const issue = readJson(at(issueFile), issueFile) as Json;
    expectSpec(checker, issueFile, 'jira', `/rest/api/3/issue/${key}`, issue);
    if (issue.key !== key) throw new SeedError(issueFile, `has key ${JSON.stringify(issue.key)} but lives in folder ${key}`);
    if (!issue.fields || typeof issue.fields !== 'object') throw new SeedError(issueFile, 'has no "fields" object');
    let changelog: Json[] = [];
    const changelogFile = `${key}/changelog.json`;
    if (fs.existsSync(at(changelogFile))) {
      const page = readJson(at(changelogFile), changelogFile);
      expectSpec(checker, changelogFile, 'jira', `/rest/api/3/issue/${key}/changelog`, page);
      changelog = asArrayOrValues(page, changelogFile);
    }
    let comments: Json[] = [];
    const commentsFile = `${key}/comments.json`;
    if (fs.existsSync(at(commentsFile))) {
      const page = readJson(at(commentsFile), commentsFile);
      expectSpec(checker, commentsFile, 'jira', `/rest/api/3/issue/${key}/comment`, page);
      comments = (page as { comments?: Json[] }).comments ?? [];
    }
    data.issues.push({ issue, changelog, comments });
  }

  const confluenceDir = at('confluence');
  if (fs.existsSync(confluenceDir)) {
    for (const entry of fs.readdirSync(confluenceDir, { withFileTypes: true })) {
      if (entry.name === 'spaces.json' || entry.name === 'pages.json' || (entry.name === 'pages' && entry.isDirectory())) continue;
      throw new SeedError(
        `confluence/${entry.name}`,
        'is not a known seed file (known: confluence/spaces.json, confluence/pages.json, confluence/pages/*.json)',
      );
    }
    if (fs.existsSync(path.join(confluenceDir, 'spaces.json'))) {
      const spaces = readJson(path.join(confluenceDir, 'spaces.json'), 'confluence/spaces.json');
      const list = Array.isArray(spaces) ? spaces : (spaces as { results?: unknown }).results;
      if (!Array.isArray(list))
        throw new SeedError('confluence/spaces.json', 'must be an array of spaces or a GET /spaces page with "results"');
      expectSpec(checker, 'confluence/spaces.json', 'confluence', '/wiki/api/v2/spaces', { results: list, _links: {} });
      data.confluence.spaces = list as Json[];
    }
    const pagesFile = path.join(confluenceDir, 'pages.json');
    if (fs.existsSync(pagesFile)) {
      const pages = readJson(pagesFile, 'confluence/pages.json');
      const list = Array.isArray(pages) ? pages : (pages as { results?: unknown }).results;
      if (!Array.isArray(list))
        throw new SeedError('confluence/pages.json', 'must be an array of pages or a GET /pages page with "results"');
      list.forEach((page: Json, index: number) => {
        const errors = checker.validateResponseBody('confluence', 'get', `/wiki/api/v2/pages/${String(page.id ?? '1')}`, page);
        if (errors.length > 0)
          throw new SeedError('confluence/pages.json', `page #${index} does not match GET /pages/{id}: ${errors.slice(0, 5).join('; ')}`);
        data.confluence.pages.push(page);
      });
    }
    const pagesDir = path.join(confluenceDir, 'pages');
    if (fs.existsSync(pagesDir)) {
      for (const file of fs.readdirSync(pagesDir).sort()) {
        const relative = `confluence/pages/${file}`;
        if (!file.endsWith('.json')) throw new SeedError(relative, 'is not a .json page file');
        const page = readJson(path.join(pagesDir, file), relative) as Json;
        expectSpec(checker, relative, 'confluence', `/wiki/api/v2/pages/${String(page.id ?? '1')}`, page);
        data.confluence.pages.push(page);
      }
    }
  }
  return data;
}
