/**
 * In-memory Jira state: users and permissions, statuses, priorities, fields with contexts and
 * options, issue types and schemes, projects with workflows, and issues with their changelog,
 * comments, properties and remote links. Routes live in jira-routes.ts.
 */
import type { Actor } from '../site-http';
import type { JiraPermissionKey, SeedData, SeedUser, SeedWorkflow } from '../seed';
import { adfText, isAdfDoc } from './adf-text';
import { CUSTOM_TYPE_PREFIX, defaultIssueLinkTypes, defaultPriorities, defaultResolutions, systemFields } from './jira-defaults';

export type Json = Record<string, unknown>;

export interface IssueRecord {
  id: string;
  key: string;
  projectKey: string;
  fields: Json;
  changelog: Json[];
  comments: Json[];
  properties: Map<string, unknown>;
  remoteLinks: Json[];
}

export interface FieldContextRecord {
  id: string;
  name: string;
  description: string;
  isGlobalContext: boolean;
  isAnyIssueType: boolean;
  projectIds: string[];
  issueTypeIds: string[];
  options: { id: string; value: string; disabled: boolean; optionId?: string }[];
}

export interface ProjectRecord {
  project: Json;
  key: string;
  id: string;
  schemeId: string;
  workflow: SeedWorkflow;
}

export interface IssueTypeSchemeRecord {
  id: string;
  name: string;
  description: string;
  isDefault: boolean;
  defaultIssueTypeId?: string;
  issueTypeIds: string[];
}

export interface IssueEvent {
  eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue' | 'avi:jira:commented:issue';
  issue: { id: string; key: string; fields: Json };
  /** The acting user's account id (the app's service account for asApp() calls). */
  atlassianId: string;
  /** True when the app itself caused the event: Forge's `ignoreSelf` filter drops these. */
  actorIsApp: boolean;
  changelog?: { id: string; items: Json[] };
  comment?: Json;
  timestamp: string;
}

export type IssueEventListener = (event: IssueEvent) => void;

export interface TransitionCheck {
  issueKey: string;
  transitionId: string;
  from: Json;
  to: Json;
  actor: Actor;
}
/** A workflow validator: a failing result stops the transition with 400 and its message. */
export type TransitionValidator = (check: TransitionCheck) => Promise<{ result: boolean; errorMessage?: string }> | { result: boolean; errorMessage?: string };

export class FieldValueError extends Error {
  constructor(
    readonly fieldId: string,
    message: string,
  ) {
    super(message);
  }
}

export const APP_ACCOUNT_ID = '557058:local-forge-app';

/** Jira Service Management marks internal comments with `jsdPublic: false` and the `sd.public.comment` property `{ internal: true }`. */
export function isInternalComment(comment: Json): boolean {
  if (comment.jsdPublic === false) return true;
  const properties = Array.isArray(comment.properties) ? (comment.properties as Json[]) : [];
  return properties.some((property) => property.key === 'sd.public.comment' && typeof property.value === 'object' && property.value !== null && (property.value as Json).internal === true);
}

/** The groupId Jira would give a group: a stable UUID-shaped hash of its name (groups here have no other identity). */
export function groupIdOf(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
}
export const DEFAULT_ADMIN_ACCOUNT_ID = '5b10a2844c20165700ede21g';

const NOT_SETTABLE = new Set(['status', 'created', 'updated', 'creator', 'resolutiondate', 'statuscategorychangedate', 'issuekey', 'comment', 'issuelinks', 'project']);

export class JiraState {
  readonly users = new Map<string, SeedUser>();
  readonly statuses: Json[];
  readonly priorities: Json[];
  readonly resolutions: Json[];
  readonly fields: Json[];
  readonly issueTypes: Json[];
  readonly projects: ProjectRecord[] = [];
  readonly schemes: IssueTypeSchemeRecord[] = [];
  readonly contexts = new Map<string, FieldContextRecord[]>();
  readonly issueLinkTypes: Json[];
  readonly issues = new Map<string, IssueRecord>();
  private readonly listeners = new Set<IssueEventListener>();
  readonly transitionValidators: TransitionValidator[] = [];
  /** The site's default time zone (Jira settings > General configuration), served as serverInfo's `serverTimeZone`; tests may change it. */
  siteTimeZone = 'UTC';
  private counters = { issueId: 10000, customField: 10000, context: 10100, option: 10200, changelog: 100000, comment: 20000, remoteLink: 30000, issueType: 10100, link: 40000, linkType: 10100 };
  private readonly projectCounters = new Map<string, number>();

  constructor(
    seed: SeedData,
    readonly baseUrl: string,
    readonly clock: () => Date,
  ) {
    const seededUsers = seed.users ?? [
      { accountId: DEFAULT_ADMIN_ACCOUNT_ID, displayName: 'Site Admin', emailAddress: 'admin@example.com', groups: ['site-admins', 'jira-administrators'], siteAdmin: true, projectPermissions: {}, projectRoles: {}, active: true, timeZone: 'UTC' },
    ];
    for (const user of seededUsers) this.users.set(user.accountId, user);
    if (typeof seed.serverInfo?.serverTimeZone === 'string') this.siteTimeZone = seed.serverInfo.serverTimeZone;
    this.statuses = seed.statuses;
    this.priorities = seed.priorities ?? defaultPriorities(baseUrl);
    this.resolutions = defaultResolutions(baseUrl);
    this.issueLinkTypes = seed.issueLinkTypes ?? defaultIssueLinkTypes(baseUrl);
    const seededFields = seed.fields ?? [];
    const seededIds = new Set(seededFields.map((field) => String(field.id)));
    this.fields = [...systemFields().filter((field) => !seededIds.has(String(field.id))), ...seededFields];
    for (const field of this.fields) {
      const match = /^customfield_(\d+)$/.exec(String(field.id));
      if (match) this.counters.customField = Math.max(this.counters.customField, Number(match[1]));
    }

    const issueTypesById = new Map<string, Json>();
    for (const type of seed.issueTypes ?? []) issueTypesById.set(String(type.id), type);
    for (const { issue } of seed.issues) {
      const type = (issue.fields as Json).issuetype as Json | undefined;
      if (type?.id && !issueTypesById.has(String(type.id))) issueTypesById.set(String(type.id), type);
    }
    for (const project of seed.projects ?? []) {
      for (const type of (project.issueTypes as Json[] | undefined) ?? []) if (!issueTypesById.has(String(type.id))) issueTypesById.set(String(type.id), type);
    }
    this.issueTypes = [...issueTypesById.values()].map((type) => this.issueTypeDetails(type));
    for (const type of this.issueTypes) this.counters.issueType = Math.max(this.counters.issueType, Number(type.id) || 0);

    const projectsByKey = new Map<string, Json>();
    for (const project of seed.projects ?? []) projectsByKey.set(String(project.key), project);
    for (const { issue } of seed.issues) {
      const project = (issue.fields as Json).project as Json | undefined;
      if (project?.key && !projectsByKey.has(String(project.key))) projectsByKey.set(String(project.key), project);
    }
    this.schemes.push({ id: '10000', name: 'Default Issue Type Scheme', description: 'Default issue type scheme is the list of global issue types.', isDefault: true, issueTypeIds: this.issueTypes.map((t) => String(t.id)) });
    let schemeId = 10001;
    for (const [key, project] of projectsByKey) {
      const typesOfProject = ((project.issueTypes as Json[] | undefined) ?? this.issueTypesUsedIn(seed, key)).map((t) => String(t.id));
      const scheme: IssueTypeSchemeRecord = { id: String(schemeId++), name: `${key}: Issue Type Scheme`, description: `Issue types of project ${key}`, isDefault: false, defaultIssueTypeId: typesOfProject[0], issueTypeIds: typesOfProject };
      this.schemes.push(scheme);
      const workflow = seed.workflows?.[key] ?? this.globalWorkflow();
      this.checkWorkflow(key, workflow);
      this.projects.push({ project: this.projectBody(project), key, id: String(project.id), schemeId: scheme.id, workflow });
    }

    for (const [fieldId, contexts] of Object.entries(seed.fieldContexts ?? {})) {
      this.contexts.set(fieldId, contexts.map(({ context, options }) => ({ ...context, options: options.map((o) => ({ ...o })) })));
      for (const { context, options } of contexts) {
        this.counters.context = Math.max(this.counters.context, Number(context.id) || 0);
        for (const option of options) this.counters.option = Math.max(this.counters.option, Number(option.id) || 0);
      }
    }

    for (const { issue, changelog, comments } of seed.issues) {
      const key = String(issue.key);
      const projectKey = key.replace(/-\d+$/, '');
      const record: IssueRecord = {
        id: String(issue.id),
        key,
        projectKey,
        fields: { ...(issue.fields as Json) },
        changelog: changelog.map((entry) => ({ ...entry })),
        comments: comments.map((comment) => ({ ...comment })),
        properties: new Map(Object.entries((issue.properties as Json | undefined) ?? {})),
        remoteLinks: [],
      };
      this.issues.set(key, record);
      this.counters.issueId = Math.max(this.counters.issueId, Number(record.id) || 0);
      const number = Number(key.slice(projectKey.length + 1));
      this.projectCounters.set(projectKey, Math.max(this.projectCounters.get(projectKey) ?? 0, number));
      for (const entry of record.changelog) this.counters.changelog = Math.max(this.counters.changelog, Number(entry.id) || 0);
      for (const comment of record.comments) this.counters.comment = Math.max(this.counters.comment, Number(comment.id) || 0);
      this.learnOptionsFrom(record.fields);
    }
  }

  // ---- ids and time -------------------------------------------------------------------------

  nextId(counter: keyof JiraState['counters']): string {
    this.counters[counter] += 1;
    return String(this.counters[counter]);
  }

  nextIssueKey(projectKey: string): string {
    const next = (this.projectCounters.get(projectKey) ?? 0) + 1;
    this.projectCounters.set(projectKey, next);
    return `${projectKey}-${next}`;
  }

  /** Jira's timestamp form: `2024-01-02T10:00:00.000+0000`. */
  now(): string {
    return jiraTimestamp(this.clock());
  }

  // ---- users and permissions ----------------------------------------------------------------

  userBody(accountId: string): Json | undefined {
    if (accountId === APP_ACCOUNT_ID) {
      return { self: `${this.baseUrl}/rest/api/3/user?accountId=${APP_ACCOUNT_ID}`, accountId: APP_ACCOUNT_ID, accountType: 'app', displayName: 'Incident Response (local app)', active: true, avatarUrls: this.avatarUrls(APP_ACCOUNT_ID), timeZone: 'UTC' };
    }
    const user = this.users.get(accountId);
    if (!user) return undefined;
    return {
      self: `${this.baseUrl}/rest/api/3/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      accountType: 'atlassian',
      ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}),
      avatarUrls: this.avatarUrls(user.accountId),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
    };
  }

  private avatarUrls(accountId: string): Json {
    const url = (size: number) => `${this.baseUrl}/avatars/${encodeURIComponent(accountId)}?s=${size}`;
    return { '48x48': url(48), '24x24': url(24), '16x16': url(16), '32x32': url(32) };
  }

  hasPermission(actor: Actor, projectKey: string | undefined, permission: JiraPermissionKey): boolean {
    if (actor.isApp) return true;
    const user = this.users.get(actor.accountId);
    if (!user || !user.active) return false;
    if (user.siteAdmin) return true;
    const global = user.projectPermissions['*'] ?? [];
    if (permission === 'ADMINISTER' || permission === 'SYSTEM_ADMIN') return global.includes('ADMINISTER') || global.includes('SYSTEM_ADMIN');
    if (global.includes(permission)) return true;
    return projectKey !== undefined && (user.projectPermissions[projectKey] ?? []).includes(permission);
  }

  /**
   * Browse projects in the issue's project and, when the issue has an issue security level
   * (`fields.security`) whose members the seed names (users' `issueSecurityLevels`), membership of
   * that level: Jira hides such an issue from everyone outside the level, site admins included, in
   * every read (search, bulk reads, links, changelogs). The local site has no security scheme of its
   * own, so a level no user is a member of is not enforced.
   */
  canBrowse(actor: Actor, issue: IssueRecord): boolean {
    if (!this.hasPermission(actor, issue.projectKey, 'BROWSE_PROJECTS')) return false;
    const level = issue.fields.security as Json | null | undefined;
    if (actor.isApp || level === null || level === undefined || typeof level.name !== 'string') return true;
    const name = level.name;
    const enforced = [...this.users.values()].some((user) => (user.issueSecurityLevels ?? []).includes(name));
    return !enforced || (this.users.get(actor.accountId)?.issueSecurityLevels ?? []).includes(name);
  }

  /** Project roles the user holds in the project (roles under "*" count everywhere). */
  rolesOf(accountId: string, projectKey: string): string[] {
    const user = this.users.get(accountId);
    if (!user) return [];
    const roles = user.projectRoles ?? {};
    return [...(roles['*'] ?? []), ...(roles[projectKey] ?? [])];
  }

  /**
   * Whether Jira shows this comment to the actor. A `visibility` restriction shows it only to
   * members of that group (by name or groupId) or project role; being a site admin does not
   * widen it, as on Jira. A service-desk internal comment (`jsdPublic: false`, or the
   * `sd.public.comment` property `{ internal: true }`) is hidden from the project's customers:
   * users whose roles there are "Service Desk Customers" without "Service Desk Team".
   */
  canSeeComment(actor: Actor, issue: IssueRecord, comment: Json): boolean {
    const visibility = comment.visibility as Json | undefined;
    if (visibility && typeof visibility === 'object') {
      // The app's user (atlassian-addons) belongs to no seeded group or role.
      if (actor.isApp) return false;
      const user = this.users.get(actor.accountId);
      if (!user) return false;
      const wanted = [visibility.value, visibility.identifier].filter((v): v is string => typeof v === 'string');
      if (visibility.type === 'group' && !user.groups.some((group) => wanted.includes(group) || wanted.includes(groupIdOf(group)))) return false;
      if (visibility.type === 'role' && !this.rolesOf(user.accountId, issue.projectKey).some((role) => wanted.includes(role))) return false;
    }
    if (isInternalComment(comment) && !actor.isApp) {
      const roles = this.rolesOf(actor.accountId, issue.projectKey);
      if (roles.includes('Service Desk Customers') && !roles.includes('Service Desk Team')) return false;
    }
    return true;
  }

  /** The issue's comments the actor may see, in stored order. */
  visibleComments(actor: Actor, issue: IssueRecord): Json[] {
    return issue.comments.filter((comment) => this.canSeeComment(actor, issue, comment));
  }

  /**
   * The issue's `issuelinks` as the actor sees them: Jira leaves out links whose other issue the
   * actor may not browse (or that no longer exists).
   */
  visibleIssueLinks(actor: Actor, links: unknown): unknown {
    if (!Array.isArray(links)) return links;
    return links.filter((link: Json) => {
      const other = (link.inwardIssue ?? link.outwardIssue) as Json | undefined;
      const target = other ? this.findIssue(String(other.key ?? other.id ?? '')) : undefined;
      return target !== undefined && this.canBrowse(actor, target);
    });
  }

  // ---- lookups --------------------------------------------------------------------------------

  findIssue(idOrKey: string): IssueRecord | undefined {
    const byKey = this.issues.get(idOrKey.toUpperCase());
    if (byKey) return byKey;
    for (const issue of this.issues.values()) if (issue.id === idOrKey) return issue;
    return undefined;
  }

  findProject(idOrKey: string): ProjectRecord | undefined {
    return this.projects.find((p) => p.id === idOrKey || p.key.toUpperCase() === idOrKey.toUpperCase());
  }

  findStatus(idOrName: string): Json | undefined {
    return this.statuses.find((s) => String(s.id) === idOrName || String(s.name).toLowerCase() === idOrName.toLowerCase());
  }

  findField(idOrName: string): Json | undefined {
    const cf = /^cf\[(\d+)\]$/i.exec(idOrName);
    const id = cf ? `customfield_${cf[1]}` : idOrName;
    return (
      this.fields.find((f) => String(f.id) === id || String(f.key) === id) ??
      this.fields.find((f) => ((f.clauseNames as string[] | undefined) ?? []).some((c) => c.toLowerCase() === idOrName.toLowerCase())) ??
      this.fields.find((f) => String(f.name).toLowerCase() === idOrName.toLowerCase())
    );
  }

  findIssueType(ref: Json | undefined): Json | undefined {
    if (!ref) return undefined;
    return this.issueTypes.find((t) => (ref.id !== undefined && String(t.id) === String(ref.id)) || (ref.name !== undefined && String(t.name).toLowerCase() === String(ref.name).toLowerCase()));
  }

  projectIssueTypes(project: ProjectRecord): Json[] {
    const scheme = this.schemes.find((s) => s.id === project.schemeId);
    return (scheme?.issueTypeIds ?? []).map((id) => this.issueTypes.find((t) => String(t.id) === id)).filter((t): t is Json => !!t);
  }

  statusCategoryKey(status: Json | undefined): string {
    return String(((status?.statusCategory as Json | undefined)?.key as string | undefined) ?? 'undefined');
  }

  // ---- bodies ---------------------------------------------------------------------------------

  issueTypeDetails(type: Json): Json {
    const hierarchyLevel = typeof type.hierarchyLevel === 'number' ? type.hierarchyLevel : type.subtask ? -1 : 0;
    return {
      self: type.self ?? `${this.baseUrl}/rest/api/3/issuetype/${String(type.id)}`,
      id: String(type.id),
      description: type.description ?? '',
      iconUrl: type.iconUrl ?? `${this.baseUrl}/images/icons/issuetypes/${String(type.id)}.svg`,
      name: type.name,
      subtask: type.subtask ?? hierarchyLevel < 0,
      ...(type.avatarId !== undefined ? { avatarId: type.avatarId } : {}),
      hierarchyLevel,
    };
  }

  private projectBody(project: Json): Json {
    const { issueTypes: _ignored, ...rest } = project;
    return {
      self: project.self ?? `${this.baseUrl}/rest/api/3/project/${String(project.id)}`,
      id: String(project.id),
      key: project.key,
      name: project.name ?? project.key,
      projectTypeKey: project.projectTypeKey ?? 'software',
      simplified: project.simplified ?? false,
      style: project.style ?? 'classic',
      isPrivate: project.isPrivate ?? false,
      avatarUrls: project.avatarUrls ?? this.avatarUrls(`project-${String(project.key)}`),
      ...rest,
    };
  }

  projectResponse(project: ProjectRecord): Json {
    return { ...project.project, issueTypes: this.projectIssueTypes(project) };
  }

  private issueTypesUsedIn(seed: SeedData, projectKey: string): Json[] {
    const types = new Map<string, Json>();
    for (const { issue } of seed.issues) {
      const fields = issue.fields as Json;
      if ((fields.project as Json | undefined)?.key === projectKey && fields.issuetype) types.set(String((fields.issuetype as Json).id), fields.issuetype as Json);
    }
    return [...types.values()];
  }

  /** Without workflows.json: every status is reachable from every other by a global transition named after it. */
  private globalWorkflow(): SeedWorkflow {
    const initial = this.statuses.find((s) => this.statusCategoryKey(s) === 'new') ?? this.statuses[0];
    return {
      initialStatus: String(initial?.name ?? ''),
      transitions: this.statuses.map((status, index) => ({ id: String(11 + index * 10), name: String(status.name), from: [], to: String(status.name) })),
    };
  }

  private checkWorkflow(projectKey: string, workflow: SeedWorkflow): void {
    const names = [workflow.initialStatus, ...workflow.transitions.flatMap((t) => [t.to, ...t.from])];
    for (const name of names) if (!this.findStatus(name)) throw new Error(`workflows.json: project ${projectKey} names status "${name}", which statuses.json does not define`);
  }

  statusBody(status: Json): Json {
    return status;
  }

  /** Transitions the workflow offers from the issue's current status. */
  availableTransitions(issue: IssueRecord): { id: string; name: string; to: Json; isGlobal: boolean }[] {
    const project = this.findProject(issue.projectKey);
    if (!project) return [];
    const current = String(((issue.fields.status as Json | undefined)?.name as string | undefined) ?? '');
    return project.workflow.transitions
      .filter((t) => (t.from.length === 0 ? t.to.toLowerCase() !== current.toLowerCase() : t.from.some((f) => f.toLowerCase() === current.toLowerCase())))
      .map((t) => ({ id: t.id, name: t.name, to: this.findStatus(t.to)!, isGlobal: t.from.length === 0 }));
  }

  // ---- field values ---------------------------------------------------------------------------

  fieldContexts(fieldId: string): FieldContextRecord[] {
    let contexts = this.contexts.get(fieldId);
    if (!contexts) {
      contexts = [];
      this.contexts.set(fieldId, contexts);
    }
    return contexts;
  }

  /** Seeds without field-contexts.json still get the option values their issues use. */
  private learnOptionsFrom(fields: Json): void {
    for (const [fieldId, value] of Object.entries(fields)) {
      if (!fieldId.startsWith('customfield_') || value === null || value === undefined) continue;
      const field = this.findField(fieldId);
      const custom = String((field?.schema as Json | undefined)?.custom ?? '');
      if (!/:(select|radiobuttons|multiselect|multicheckboxes|cascadingselect)$/.test(custom)) continue;
      const values = Array.isArray(value) ? value : [value];
      for (const option of values as Json[]) {
        if (!option || typeof option.value !== 'string') continue;
        this.ensureOption(fieldId, String(option.value), option.id !== undefined ? String(option.id) : undefined);
        const child = option.child as Json | undefined;
        if (child && typeof child.value === 'string') this.ensureOption(fieldId, String(child.value), child.id !== undefined ? String(child.id) : undefined, option.id !== undefined ? String(option.id) : undefined);
      }
    }
  }

  private ensureOption(fieldId: string, value: string, id?: string, parentId?: string): void {
    const contexts = this.fieldContexts(fieldId);
    let context = contexts[0];
    if (!context) {
      context = { id: this.nextId('context'), name: `Default Configuration Scheme for ${String(this.findField(fieldId)?.name ?? fieldId)}`, description: 'Default configuration scheme generated by Jira', isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [], options: [] };
      contexts.push(context);
    }
    if (context.options.some((o) => o.value === value && o.optionId === parentId)) return;
    const optionId = id ?? this.nextId('option');
    this.counters.option = Math.max(this.counters.option, Number(optionId) || 0);
    context.options.push({ id: optionId, value, disabled: false, ...(parentId ? { optionId: parentId } : {}) });
  }

  private optionBody(fieldId: string, ref: unknown, parentId?: string): Json {
    if (!ref || typeof ref !== 'object') throw new FieldValueError(fieldId, `Specify a valid value for ${this.fieldName(fieldId)}`);
    const wanted = ref as Json;
    const options = this.fieldContexts(fieldId).flatMap((c) => c.options).filter((o) => (parentId ? o.optionId === parentId : !o.optionId));
    const found = options.find((o) => (wanted.id !== undefined && o.id === String(wanted.id)) || (wanted.value !== undefined && o.value === String(wanted.value)));
    if (!found || found.disabled) {
      const shown = wanted.value ?? wanted.id;
      throw new FieldValueError(fieldId, `Option value '${String(shown)}' is not valid`);
    }
    return { self: `${this.baseUrl}/rest/api/3/customFieldOption/${found.id}`, value: found.value, id: found.id };
  }

  fieldName(fieldId: string): string {
    return String(this.findField(fieldId)?.name ?? fieldId);
  }

  /** Turns a value as written in an edit into the value Jira stores and returns. */
  normalizeValue(fieldId: string, value: unknown, mode: 'create' | 'edit'): unknown {
    if (NOT_SETTABLE.has(fieldId) && !(mode === 'create' && fieldId === 'project')) {
      throw new FieldValueError(fieldId, `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`);
    }
    const field = this.findField(fieldId);
    if (!field || String(field.id) !== fieldId) throw new FieldValueError(fieldId, `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`);
    const asRef = (v: unknown): Json => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new FieldValueError(fieldId, `Specify a valid value for ${String(field.name)}`);
      return v as Json;
    };
    switch (fieldId) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') throw new FieldValueError(fieldId, 'You must specify a summary of the issue.');
        if (value.length > 255) throw new FieldValueError(fieldId, 'Summary must be less than 255 characters.');
        return value;
      case 'description':
      case 'environment':
        if (value === null) return null;
        if (!isAdfDoc(value)) throw new FieldValueError(fieldId, 'Operation value must be an Atlassian Document (see the Atlassian Document Format)');
        return value;
      case 'priority': {
        const ref = asRef(value);
        const found = this.priorities.find((p) => (ref.id !== undefined && String(p.id) === String(ref.id)) || (ref.name !== undefined && p.name === ref.name));
        if (!found) throw new FieldValueError(fieldId, `Specify a valid priority (id: ${String(ref.id ?? ref.name)})`);
        return { self: found.self, iconUrl: found.iconUrl, name: found.name, id: found.id };
      }
      case 'resolution': {
        if (value === null) return null;
        const ref = asRef(value);
        const found = this.resolutions.find((r) => (ref.id !== undefined && String(r.id) === String(ref.id)) || (ref.name !== undefined && r.name === ref.name));
        if (!found) throw new FieldValueError(fieldId, 'Specify a valid resolution');
        return found;
      }
      case 'issuetype': {
        const found = this.findIssueType(asRef(value));
        if (!found) throw new FieldValueError(fieldId, 'The issue type selected is invalid.');
        return found;
      }
      case 'project': {
        const ref = asRef(value);
        const found = this.findProject(String(ref.id ?? ref.key ?? ''));
        if (!found) throw new FieldValueError(fieldId, 'Specify a valid project ID or key');
        return { self: found.project.self, id: found.id, key: found.key, name: found.project.name, projectTypeKey: found.project.projectTypeKey, simplified: found.project.simplified, avatarUrls: found.project.avatarUrls };
      }
      case 'assignee':
      case 'reporter': {
        if (value === null) return null;
        const ref = asRef(value);
        const user = this.userBody(String(ref.accountId ?? ''));
        if (!user) throw new FieldValueError(fieldId, `Specified user does not exist or you do not have required permissions`);
        return user;
      }
      case 'labels':
        if (!Array.isArray(value) || value.some((l) => typeof l !== 'string' || /\s/.test(l))) throw new FieldValueError(fieldId, 'Labels must be a list of strings without spaces');
        return value;
      case 'duedate':
        if (value === null) return null;
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new FieldValueError(fieldId, 'Error parsing date string: ' + String(value));
        return value;
      case 'parent': {
        const ref = asRef(value);
        const parent = this.findIssue(String(ref.key ?? ref.id ?? ''));
        if (!parent) throw new FieldValueError(fieldId, 'Could not find issue by id or key.');
        return { id: parent.id, key: parent.key, self: `${this.baseUrl}/rest/api/3/issue/${parent.id}`, fields: { summary: parent.fields.summary, status: parent.fields.status, priority: parent.fields.priority, issuetype: parent.fields.issuetype } };
      }
    }
    const custom = String((field.schema as Json | undefined)?.custom ?? '');
    const type = custom.startsWith(CUSTOM_TYPE_PREFIX) ? custom.slice(CUSTOM_TYPE_PREFIX.length) : custom;
    if (value === null) return null;
    switch (type) {
      case 'select':
      case 'radiobuttons':
        return this.optionBody(fieldId, value);
      case 'multiselect':
      case 'multicheckboxes':
        if (!Array.isArray(value)) throw new FieldValueError(fieldId, `Specify the value for ${String(field.name)} in an array`);
        return value.map((v) => this.optionBody(fieldId, v));
      case 'cascadingselect': {
        const parent = this.optionBody(fieldId, value);
        const child = (value as Json).child;
        return child ? { ...parent, child: this.optionBody(fieldId, child, String(parent.id)) } : parent;
      }
      case 'float':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldValueError(fieldId, `Operation value must be a number`);
        return value;
      case 'datetime':
        if (typeof value !== 'string' || Number.isNaN(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))) throw new FieldValueError(fieldId, `Operation value must be a date-time string`);
        return jiraTimestamp(new Date(Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))));
      case 'datepicker':
        if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new FieldValueError(fieldId, 'Error parsing date string: ' + String(value));
        return value;
      case 'textarea':
        if (!isAdfDoc(value)) throw new FieldValueError(fieldId, 'Operation value must be an Atlassian Document (see the Atlassian Document Format)');
        return value;
      case 'textfield':
      case 'url':
        if (typeof value !== 'string') throw new FieldValueError(fieldId, 'Operation value must be a string');
        if (value.length > 255) throw new FieldValueError(fieldId, 'The entered text is too long. It exceeds the allowed limit of 255 characters.');
        return value;
      case 'labels':
        if (!Array.isArray(value) || value.some((l) => typeof l !== 'string')) throw new FieldValueError(fieldId, 'Labels must be a list of strings');
        return value;
      case 'userpicker': {
        const user = this.userBody(String(asRef(value).accountId ?? ''));
        if (!user) throw new FieldValueError(fieldId, `Specified user does not exist or you do not have required permissions`);
        return user;
      }
      default:
        return value;
    }
  }

  /** `from`/`to` (ids) and `fromString`/`toString` (display) as Jira writes them into a changelog item. */
  changeStrings(value: unknown): { id: string | null; text: string | null } {
    if (value === null || value === undefined) return { id: null, text: null };
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { id: null, text: String(value) };
    if (Array.isArray(value)) {
      if (value.every((v) => typeof v === 'string')) return { id: null, text: value.join(' ') };
      const parts = value.map((v) => this.changeStrings(v));
      return { id: parts.some((p) => p.id !== null) ? `[${parts.map((p) => p.id).join(', ')}]` : null, text: parts.map((p) => p.text).join(',') };
    }
    const object = value as Json;
    if (isAdfDoc(object)) return { id: null, text: adfText(object) };
    if (typeof object.accountId === 'string') return { id: object.accountId, text: String(object.displayName ?? object.accountId) };
    if (typeof object.value === 'string') {
      const child = object.child as Json | undefined;
      return child ? { id: `${String(object.id)}, ${String(child.id)}`, text: `Parent values: ${object.value}(${String(object.id)})Level 1 values: ${String(child.value)}(${String(child.id)})` } : { id: String(object.id ?? ''), text: object.value };
    }
    if (typeof object.name === 'string') return { id: object.id !== undefined ? String(object.id) : null, text: object.name };
    if (typeof object.key === 'string') return { id: object.id !== undefined ? String(object.id) : null, text: object.key };
    return { id: null, text: JSON.stringify(object) };
  }

  changeItem(fieldId: string, from: unknown, to: unknown): Json {
    const field = this.findField(fieldId);
    const custom = field?.custom === true;
    const before = this.changeStrings(from);
    const after = this.changeStrings(to);
    return { field: custom ? String(field?.name) : fieldId, fieldtype: custom ? 'custom' : 'jira', fieldId, from: before.id, fromString: before.text, to: after.id, toString: after.text };
  }

  // ---- events ----------------------------------------------------------------------------------

  onIssueEvent(listener: IssueEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: Omit<IssueEvent, 'timestamp'>): void {
    const full: IssueEvent = { ...event, timestamp: this.clock().toISOString() };
    for (const listener of this.listeners) listener(full);
  }

  eventIssue(issue: IssueRecord): IssueEvent['issue'] {
    const { summary, issuetype, project, status, priority, assignee, reporter, created, updated } = issue.fields;
    return { id: issue.id, key: issue.key, fields: JSON.parse(JSON.stringify({ summary, issuetype, project, status, priority, assignee, reporter, created, updated })) };
  }
}

export function jiraTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
