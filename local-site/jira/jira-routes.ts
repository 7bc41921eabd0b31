/** Jira Cloud REST v3 subset over JiraState, answering with Jira's shapes, status codes and error bodies. */
import { isRecord, jiraError, json, noContent, queryInt, queryList, queryValue, type Actor, type SiteRequest, type SiteResponse } from '../site-http';
import { JIRA_PERMISSION_KEYS, type JiraPermissionKey } from '../seed';
import { adfHtml, adfText, isAdfDoc } from './adf-text';
import { customFieldSchema, CUSTOM_TYPE_PREFIX } from './jira-defaults';
import { FieldValueError, groupIdOf, type IssueRecord, type JiraState, type Json } from './jira-state';
import { createMetaFields, createMetaIssueTypes } from './jira-createmeta';
import { JqlError } from './jql';
import { searchIssues } from './jql-eval';

type Handler = (req: SiteRequest, params: string[], actor: Actor) => SiteResponse | Promise<SiteResponse>;

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/**
 * Set by the local Forge runtime on requests that arrive through Forge's product proxy, with the
 * site's cloudId as its value. Jira builds `self` links from the address a request came in on:
 * through the proxy that is the API gateway, `https://api.atlassian.com/ex/jira/<cloudId>`.
 */
export const FORGE_PROXY_HEADER = 'x-local-site-forge-proxy';
export const API_GATEWAY = 'https://api.atlassian.com';

/** POST /issue/bulkfetch: "You can request up to 100 issues" (400 above that). */
const BULK_FETCH_LIMIT = 100;

const PERMISSION_NAMES: Partial<Record<JiraPermissionKey, [string, 'GLOBAL' | 'PROJECT', string]>> = {
  BROWSE_PROJECTS: ['10', 'PROJECT', 'Browse Projects'],
  CREATE_ISSUES: ['11', 'PROJECT', 'Create Issues'],
  EDIT_ISSUES: ['12', 'PROJECT', 'Edit Issues'],
  ASSIGN_ISSUES: ['13', 'PROJECT', 'Assign Issues'],
  RESOLVE_ISSUES: ['14', 'PROJECT', 'Resolve Issues'],
  ADD_COMMENTS: ['15', 'PROJECT', 'Add Comments'],
  DELETE_ISSUES: ['16', 'PROJECT', 'Delete Issues'],
  LINK_ISSUES: ['21', 'PROJECT', 'Link Issues'],
  ADMINISTER_PROJECTS: ['23', 'PROJECT', 'Administer Projects'],
  TRANSITION_ISSUES: ['46', 'PROJECT', 'Transition Issues'],
  ADMINISTER: ['0', 'GLOBAL', 'Administer Jira'],
};

function page<T>(values: T[], startAt: number, maxResults: number): { startAt: number; maxResults: number; total: number; isLast: boolean; values: T[] } {
  const slice = values.slice(startAt, startAt + maxResults);
  return { startAt, maxResults, total: values.length, isLast: startAt + slice.length >= values.length, values: slice };
}

function encodeToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ jql, offset })).toString('base64url');
}

function decodeToken(token: string, jql: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { jql?: unknown; offset?: unknown };
    return parsed.jql === jql && typeof parsed.offset === 'number' ? parsed.offset : undefined;
  } catch {
    return undefined;
  }
}

export class JiraRoutes {
  private readonly routes: { method: string; pattern: RegExp; handler: Handler }[] = [];

  constructor(private readonly state: JiraState) {
    const s = state;
    const base = '/rest/api/3';
    const add = (method: string, path: string, handler: Handler) => {
      const pattern = new RegExp('^' + base + path.replace(/\{[^}]+\}/g, '([^/]+)') + '/?$');
      this.routes.push({ method, pattern, handler });
    };
    add('GET', '/myself', (_req, _p, actor) => this.user(actor.accountId) ?? jiraError(401, ['Client must be authenticated to access this resource.']));
    add('GET', '/status', () => json(200, s.statuses));
    // Anonymous in Jira ("Permissions required: None"); `serverTimeZone` is the site's default zone.
    add('GET', '/serverInfo', () =>
      json(200, { baseUrl: s.baseUrl, displayUrl: s.baseUrl, displayUrlConfluence: `${s.baseUrl}/wiki`, version: '1001.0.0-SNAPSHOT', versionNumbers: [1001, 0, 0], deploymentType: 'Cloud', buildNumber: 100500, buildDate: '2026-11-01T00:00:00.000+0000', serverTime: s.now(), scmInfo: 'local', serverTitle: 'Jira', serverTimeZone: s.siteTimeZone }),
    );
    add('GET', '/priority', () => json(200, s.priorities));
    add('GET', '/priority/search', (req) => json(200, page(s.priorities, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50))));
    // FieldDetails has no `description` (additionalProperties: false); the site keeps it from POST /field but does not echo it.
    add('GET', '/field', () => json(200, s.fields.map(({ description: _description, ...field }) => field)));
    add('POST', '/field', (req, _p, actor) => this.createField(req, actor));
    add('GET', '/field/{fieldId}/context', (req, [fieldId]) => this.listContexts(req, fieldId!));
    add('POST', '/field/{fieldId}/context', (req, [fieldId], actor) => this.createContext(req, fieldId!, actor));
    add('GET', '/field/{fieldId}/context/{contextId}/option', (req, [fieldId, contextId]) => this.listOptions(req, fieldId!, contextId!));
    add('POST', '/field/{fieldId}/context/{contextId}/option', (req, [fieldId, contextId], actor) => this.createOptions(req, fieldId!, contextId!, actor));
    add('PUT', '/field/{fieldId}/context/{contextId}/option', (req, [fieldId, contextId], actor) => this.updateOptions(req, fieldId!, contextId!, actor));
    add('PUT', '/field/{fieldId}/context/{contextId}/option/move', (req, [fieldId, contextId], actor) => this.moveOptions(req, fieldId!, contextId!, actor));
    add('GET', '/group/bulk', (req, _p, actor) => this.bulkGroups(req, actor));
    add('GET', '/issuetype', () => json(200, s.issueTypes));
    add('POST', '/issuetype', (req, _p, actor) => this.createIssueType(req, actor));
    add('GET', '/issuetypescheme/project', (req) => this.schemesForProjects(req));
    add('GET', '/issuetypescheme/mapping', (req) => this.schemeMappings(req));
    add('PUT', '/issuetypescheme/{id}/issuetype', (req, [id], actor) => this.addTypesToScheme(req, id!, actor));
    add('GET', '/project/search', (req, _p, actor) => this.searchProjects(req, actor));
    add('GET', '/project/{projectIdOrKey}', (_req, [key], actor) => this.getProject(key!, actor));
    add('GET', '/issueLinkType', () => json(200, { issueLinkTypes: s.issueLinkTypes }));
    add('POST', '/issueLinkType', (req, _p, actor) => this.createLinkType(req, actor));
    add('POST', '/issueLink', (req, _p, actor) => this.linkIssues(req, actor));
    add('POST', '/issue', (req, _p, actor) => this.createIssue(req, actor));
    add('GET', '/issue/picker', (req, _p, actor) => this.picker(req, actor));
    add('GET', '/issue/createmeta/{projectIdOrKey}/issuetypes', (req, [project], actor) => createMetaIssueTypes(s, req, project!, actor));
    add('GET', '/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}', (req, [project, issueTypeId], actor) => createMetaFields(s, req, project!, issueTypeId!, actor));
    add('POST', '/issue/bulkfetch', (req, _p, actor) => this.bulkFetch(req, actor));
    add('GET', '/issue/{key}', (req, [key], actor) => this.withIssue(key!, actor, (issue) => json(200, this.issueBody(issue, req, actor, queryList(req, 'fields') ?? ['*all']))));
    add('PUT', '/issue/{key}', (req, [key], actor) => this.withIssue(key!, actor, (issue) => this.editIssue(req, issue, actor)));
    add('DELETE', '/issue/{key}', (_req, [key], actor) => this.withIssue(key!, actor, (issue) => this.deleteIssue(issue, actor)));
    add('GET', '/issue/{key}/changelog', (req, [key], actor) =>
      this.withIssue(key!, actor, (issue) => {
        const startAt = Math.max(0, queryInt(req, 'startAt', 0));
        const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 100)), 100);
        const body = page(issue.changelog, startAt, maxResults);
        const next = startAt + maxResults < issue.changelog.length ? { nextPage: `${s.baseUrl}${base}/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt + maxResults}` } : {};
        return json(200, { self: `${s.baseUrl}${base}/issue/${issue.key}/changelog?maxResults=${maxResults}&startAt=${startAt}`, ...next, ...body });
      }),
    );
    add('GET', '/issue/{key}/comment', (req, [key], actor) =>
      this.withIssue(key!, actor, (issue) => {
        const startAt = Math.max(0, queryInt(req, 'startAt', 0));
        const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 5000)), 5000);
        const visible = s.visibleComments(actor, issue).map((comment) => commentView(comment, queryValue(req, 'expand')));
        const ordered = queryValue(req, 'orderBy')?.startsWith('-') ? [...visible].reverse() : visible;
        return json(200, { startAt, maxResults, total: ordered.length, comments: ordered.slice(startAt, startAt + maxResults) });
      }),
    );
    add('POST', '/issue/{key}/comment', (req, [key], actor) => this.withIssue(key!, actor, (issue) => this.addComment(req, issue, actor)));
    add('GET', '/issue/{key}/remotelink', (req, [key], actor) =>
      this.withIssue(key!, actor, (issue) => {
        const globalId = queryValue(req, 'globalId');
        if (globalId === undefined) return json(200, issue.remoteLinks);
        const found = issue.remoteLinks.find((l) => l.globalId === globalId);
        return found ? json(200, found) : jiraError(404, ['No remote link with the given globalId exists.']);
      }),
    );
    add('POST', '/issue/{key}/remotelink', (req, [key], actor) => this.withIssue(key!, actor, (issue) => this.upsertRemoteLink(req, issue, actor)));
    add('GET', '/issue/{key}/transitions', (_req, [key], actor) =>
      this.withIssue(key!, actor, (issue) => {
        const transitions = s.hasPermission(actor, issue.projectKey, 'TRANSITION_ISSUES') ? s.availableTransitions(issue) : [];
        return json(200, {
          transitions: transitions.map((t) => ({ id: t.id, name: t.name, to: t.to, hasScreen: false, isGlobal: t.isGlobal, isInitial: false, isAvailable: true, isConditional: false, isLooped: false })),
        });
      }),
    );
    add('POST', '/issue/{key}/transitions', (req, [key], actor) => this.withIssue(key!, actor, (issue) => this.transition(req, issue, actor)));
    add('GET', '/issue/{key}/properties', (_req, [key], actor) =>
      this.withIssue(key!, actor, (issue) => json(200, { keys: [...issue.properties.keys()].map((k) => ({ key: k, self: `${s.baseUrl}${base}/issue/${issue.id}/properties/${encodeURIComponent(k)}` })) })),
    );
    add('GET', '/issue/{key}/properties/{propertyKey}', (_req, [key, propertyKey], actor) =>
      this.withIssue(key!, actor, (issue) =>
        issue.properties.has(propertyKey!) ? json(200, { key: propertyKey, value: issue.properties.get(propertyKey!) }) : jiraError(404, [`The property with key '${propertyKey}' does not exist.`]),
      ),
    );
    add('PUT', '/issue/{key}/properties/{propertyKey}', (req, [key, propertyKey], actor) =>
      this.withIssue(key!, actor, (issue) => {
        if (!s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES')) return jiraError(403, ['You do not have permission to edit issues in this project.']);
        if (propertyKey!.length > 255) return jiraError(400, ['The property key cannot be longer than 255 characters.']);
        if (req.body === undefined) return jiraError(400, ['The property value must be valid JSON.']);
        const existed = issue.properties.has(propertyKey!);
        issue.properties.set(propertyKey!, req.body);
        return json(existed ? 200 : 201, {});
      }),
    );
    add('POST', '/search/jql', (req, _p, actor) => this.search(req, actor, isRecord(req.body) ? req.body : {}));
    add('GET', '/search/jql', (req, _p, actor) =>
      this.search(req, actor, { jql: queryValue(req, 'jql'), nextPageToken: queryValue(req, 'nextPageToken'), maxResults: queryValue(req, 'maxResults'), fields: queryList(req, 'fields'), expand: queryValue(req, 'expand'), properties: queryList(req, 'properties') }),
    );
    add('GET', '/mypermissions', (req, _p, actor) => this.myPermissions(req, actor));
    add('GET', '/user', (req) => {
      const accountId = queryValue(req, 'accountId');
      if (!accountId) return jiraError(400, ['The accountId query parameter needs to be provided.']);
      return this.user(accountId) ?? jiraError(404, ['Specified user does not exist or you do not have required permissions'], {});
    });
    add('GET', '/user/assignable/search', (req, _p, actor) => this.assignableUsers(req, actor));
    add('GET', '/user/groups', (req) => {
      const accountId = queryValue(req, 'accountId');
      const user = accountId ? s.users.get(accountId) : undefined;
      if (!user) return jiraError(404, [`User with account id '${accountId ?? ''}' does not exist.`]);
      return json(200, user.groups.map((name) => ({ name, groupId: groupId(name), self: `${s.baseUrl}${base}/group?groupId=${groupId(name)}` })));
    });
  }

  /** The response, or undefined when no Jira route matches. */
  async handle(req: SiteRequest, actor: Actor): Promise<SiteResponse | undefined> {
    for (const route of this.routes) {
      if (route.method !== req.method.toUpperCase()) continue;
      const match = route.pattern.exec(req.path);
      if (!match) continue;
      const response = await route.handler(req, match.slice(1), actor);
      const cloudId = req.headers[FORGE_PROXY_HEADER];
      return { ...response, body: rebaseRestLinks(response.body, cloudId ? `${API_GATEWAY}/ex/jira/${cloudId}` : this.state.baseUrl) };
    }
    return undefined;
  }

  /**
   * GET /user/assignable/search: active users with Assignable user in the issue's (or project's)
   * project whose display name or email address starts (at a word) with `query`, or the one
   * `accountId`. The caller needs Browse users and groups or Assign issues; an issue they may not
   * browse is a 404 like everywhere else.
   */
  private assignableUsers(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const query = queryValue(req, 'query');
    const accountId = queryValue(req, 'accountId');
    if (query === undefined && accountId === undefined) return jiraError(400, ['The query parameter \'query\' or \'accountId\' is required.']);
    const issueKey = queryValue(req, 'issueKey') ?? queryValue(req, 'issueId');
    const projectRef = queryValue(req, 'project');
    let projectKey: string | undefined;
    if (issueKey !== undefined) {
      const issue = s.findIssue(issueKey);
      if (!issue || !s.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
      projectKey = issue.projectKey;
    } else if (projectRef !== undefined) {
      const project = s.findProject(projectRef);
      if (!project || !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS')) return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
      projectKey = project.key;
    } else {
      return jiraError(400, ['The parameter \'issueKey\', \'issueId\' or \'project\' is required.']);
    }
    if (!s.hasPermission(actor, undefined, 'USER_PICKER') && !s.hasPermission(actor, projectKey, 'ASSIGN_ISSUES')) {
      return jiraError(403, ['You do not have the permission to browse users and groups or to assign issues in this project.']);
    }
    const wanted = (query ?? '').trim().toLowerCase();
    const matches = (user: { displayName: string; emailAddress?: string | undefined }) =>
      wanted === '' || [user.displayName, user.emailAddress ?? ''].some((value) => value.toLowerCase().split(/[\s@._-]+/).some((word) => word.startsWith(wanted)) || value.toLowerCase().startsWith(wanted));
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.max(1, Math.min(1000, queryInt(req, 'maxResults', 50)));
    const assignable = [...s.users.values()]
      .filter((user) => user.active && (accountId === undefined || user.accountId === accountId) && matches(user))
      .filter((user) => s.hasPermission({ accountId: user.accountId, isApp: false }, projectKey, 'ASSIGNABLE_USER'))
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
      .slice(startAt, startAt + maxResults);
    return json(200, assignable.map((user) => s.userBody(user.accountId)!));
  }

  private user(accountId: string): SiteResponse | undefined {
    const body = this.state.userBody(accountId);
    if (!body) return undefined;
    const user = this.state.users.get(accountId);
    return json(200, { ...body, ...(user ? { groups: { size: user.groups.length, items: user.groups.map((name) => ({ name, groupId: groupId(name) })) } } : {}) });
  }

  private withIssue(key: string, actor: Actor, fn: (issue: IssueRecord) => SiteResponse | Promise<SiteResponse>): SiteResponse | Promise<SiteResponse> {
    const issue = this.state.findIssue(key);
    // Jira answers an issue the user may not browse exactly like a missing one, so nothing leaks.
    if (!issue || !this.state.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
    return fn(issue);
  }

  private requireAdmin(actor: Actor): SiteResponse | undefined {
    return this.state.hasPermission(actor, undefined, 'ADMINISTER') ? undefined : jiraError(403, ['You are not authorized to perform this action. Administrator privileges are required.']);
  }

  // ---- issues ---------------------------------------------------------------------------------

  issueBody(issue: IssueRecord, req: SiteRequest | undefined, actor: Actor, requestedFields: string[], expandOverride?: string): Json {
    const s = this.state;
    const comments = s.visibleComments(actor, issue).map((comment) => commentView(comment, undefined));
    const all: Json = {
      ...issue.fields,
      issuelinks: s.visibleIssueLinks(actor, issue.fields.issuelinks),
      comment: { comments, self: `${s.baseUrl}/rest/api/3/issue/${issue.id}/comment`, maxResults: comments.length, total: comments.length, startAt: 0 },
    };
    const navigable = new Set(s.fields.filter((f) => f.navigable !== false).map((f) => String(f.id)));
    let included = new Set<string>();
    for (const token of requestedFields) {
      if (token === '*all') Object.keys(all).forEach((k) => included.add(k));
      else if (token === '*navigable') Object.keys(all).filter((k) => navigable.has(k) || k.startsWith('customfield_')).forEach((k) => included.add(k));
      else if (token.startsWith('-')) included.delete(token.slice(1));
      else if (token === 'id' || token === 'key') continue;
      else included.add(s.findField(token) ? String(s.findField(token)!.id) : token);
    }
    for (const token of requestedFields) if (token.startsWith('-')) included.delete(token.slice(1));
    included = new Set([...included].filter((k) => k in all));
    const fields: Json = {};
    for (const key of included) fields[key] = all[key];
    const body: Json = { expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations', id: issue.id, self: `${s.baseUrl}/rest/api/3/issue/${issue.id}`, key: issue.key };
    if (requestedFields.length > 0 && !(requestedFields.length === 1 && requestedFields[0] === 'id')) body.fields = fields;
    const expand = (expandOverride ?? (req ? queryValue(req, 'expand') : undefined) ?? '').split(',').map((e) => e.trim());
    if (expand.includes('names')) body.names = Object.fromEntries([...included].map((k) => [k, s.fieldName(k)]));
    if (expand.includes('renderedFields')) {
      body.renderedFields = Object.fromEntries([...included].map((k) => [k, isAdfDoc(fields[k]) ? adfHtml(fields[k]) : fields[k] === undefined ? null : typeof fields[k] === 'string' ? fields[k] : null]));
    }
    if (expand.includes('changelog')) body.changelog = { startAt: 0, maxResults: issue.changelog.length, total: issue.changelog.length, histories: issue.changelog };
    // Jira lists in editmeta only the fields this caller may set on this issue: none without Edit Issues.
    if (expand.includes('editmeta')) {
      const editable = s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES') ? s.fields.filter((f) => f.orderable !== false && f.schema !== undefined) : [];
      body.editmeta = { fields: Object.fromEntries(editable.map((f) => [String(f.id), { required: f.id === 'summary', schema: f.schema, name: String(f.name), key: String(f.id), operations: ['set'] }])) };
    }
    const properties = req ? queryList(req, 'properties') : undefined;
    if (properties && properties.length > 0) {
      const wanted = properties.includes('*all') ? [...issue.properties.keys()] : properties.filter((p) => !p.startsWith('-'));
      body.properties = Object.fromEntries(wanted.filter((p) => issue.properties.has(p)).map((p) => [p, issue.properties.get(p)]));
    }
    return body;
  }

  /** Applies `fields` and `update` to a copy, so a bad value changes nothing (Jira edits are atomic). */
  private applyEdits(issue: IssueRecord, fieldsInput: unknown, updateInput: unknown, mode: 'create' | 'edit'): { next: Json; errors: Record<string, string> } {
    const s = this.state;
    const next: Json = { ...issue.fields };
    const errors: Record<string, string> = {};
    if (fieldsInput !== undefined && !isRecord(fieldsInput)) return { next, errors: { fields: 'fields must be an object' } };
    if (updateInput !== undefined && !isRecord(updateInput)) return { next, errors: { update: 'update must be an object' } };
    for (const [fieldId, value] of Object.entries(fieldsInput ?? {})) {
      try {
        next[fieldId] = s.normalizeValue(fieldId, value, mode);
      } catch (error) {
        if (error instanceof FieldValueError) errors[error.fieldId] = error.message;
        else throw error;
      }
    }
    for (const [fieldId, operations] of Object.entries(updateInput ?? {})) {
      if (fieldsInput && fieldId in (fieldsInput as Json)) {
        errors[fieldId] = `Field '${fieldId}' cannot be set in both 'fields' and 'update'.`;
        continue;
      }
      if (!Array.isArray(operations)) {
        errors[fieldId] = 'Update operations must be a list.';
        continue;
      }
      try {
        let current = next[fieldId];
        for (const operation of operations as Json[]) {
          if (!isRecord(operation)) throw new FieldValueError(fieldId, 'An update operation must be an object.');
          if ('set' in operation) current = s.normalizeValue(fieldId, operation.set, mode);
          else if ('add' in operation) {
            const list = Array.isArray(current) ? current : [];
            const added = s.normalizeValue(fieldId, [operation.add], mode) as unknown[];
            current = [...list, ...added.filter((a) => !list.some((l) => JSON.stringify(l) === JSON.stringify(a)))];
          } else if ('remove' in operation) {
            const list = Array.isArray(current) ? current : [];
            const removed = operation.remove;
            current = list.filter((item) => {
              if (typeof item === 'string') return item !== removed;
              const object = item as Json;
              const ref = removed as Json;
              return !(isRecord(ref) && ((ref.id !== undefined && String(object.id) === String(ref.id)) || (ref.value !== undefined && object.value === ref.value)));
            });
          } else throw new FieldValueError(fieldId, `Unsupported update operation: ${Object.keys(operation).join(', ')}`);
        }
        next[fieldId] = current;
      } catch (error) {
        if (error instanceof FieldValueError) errors[error.fieldId] = error.message;
        else throw error;
      }
    }
    return { next, errors };
  }

  private recordChanges(issue: IssueRecord, before: Json, after: Json, actor: Actor): Json | undefined {
    const s = this.state;
    const items = Object.keys(after)
      .filter((k) => k !== 'updated' && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
      .map((k) => s.changeItem(k, before[k], after[k]));
    if (items.length === 0) return undefined;
    const entry = { id: s.nextId('changelog'), author: s.userBody(actor.accountId), created: s.now(), items };
    issue.changelog.push(entry);
    return entry;
  }

  private editIssue(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    const s = this.state;
    if (!s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES')) return jiraError(403, ['You do not have permission to edit issues in this project.']);
    if (!isRecord(req.body)) return jiraError(400, ['Request body must be a JSON object.']);
    const { next, errors } = this.applyEdits(issue, req.body.fields, req.body.update, 'edit');
    const properties = req.body.properties;
    if (properties !== undefined && !Array.isArray(properties)) errors.properties = 'properties must be a list of { key, value }';
    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    const before = issue.fields;
    const entry = this.recordChanges(issue, before, next, actor);
    issue.fields = entry ? { ...next, updated: s.now() } : next;
    for (const property of (properties as Json[] | undefined) ?? []) if (isRecord(property) && typeof property.key === 'string') issue.properties.set(property.key, property.value);
    if (entry) s.emit({ eventType: 'avi:jira:updated:issue', issue: s.eventIssue(issue), atlassianId: actor.accountId, actorIsApp: actor.isApp, changelog: { id: String(entry.id), items: entry.items as Json[] } });
    if (queryValue(req, 'returnIssue') === 'true') return json(200, this.issueBody(issue, req, actor, ['*all']));
    return noContent();
  }

  private createIssue(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    if (!isRecord(req.body) || !isRecord(req.body.fields)) return jiraError(400, [], { fields: 'You must specify the fields of the issue.' });
    const input = req.body.fields;
    const errors: Record<string, string> = {};
    const projectRef = isRecord(input.project) ? input.project : undefined;
    const project = projectRef ? s.findProject(String(projectRef.id ?? projectRef.key ?? '')) : undefined;
    if (!project) errors.project = 'Specify a valid project ID or key';
    const type = isRecord(input.issuetype) ? s.findIssueType(input.issuetype) : undefined;
    if (!input.issuetype) errors.issuetype = 'Specify an issue type';
    else if (!type || (project && !s.projectIssueTypes(project).some((t) => t.id === type.id))) errors.issuetype = 'The issue type selected is invalid.';
    if (input.summary === undefined) errors.summary = 'You must specify a summary of the issue.';
    if (project && !s.hasPermission(actor, project.key, 'CREATE_ISSUES')) return jiraError(403, ['You do not have permission to create issues in this project.']);
    if (project && !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS')) return jiraError(400, [], { project: 'Specify a valid project ID or key' });
    if (Object.keys(errors).length > 0 || !project || !type) return jiraError(400, [], errors);
    const initial = s.findStatus(project.workflow.initialStatus)!;
    const now = s.now();
    const defaultPriority = s.priorities.find((p) => p.isDefault === true) ?? s.priorities[Math.floor(s.priorities.length / 2)];
    const draft: IssueRecord = {
      id: s.nextId('issueId'),
      key: '',
      projectKey: project.key,
      fields: {
        status: initial,
        created: now,
        updated: now,
        statuscategorychangedate: now,
        creator: s.userBody(actor.accountId),
        reporter: s.userBody(actor.accountId),
        assignee: null,
        resolution: null,
        resolutiondate: null,
        labels: [],
        issuelinks: [],
        ...(defaultPriority ? { priority: { self: defaultPriority.self, iconUrl: defaultPriority.iconUrl, name: defaultPriority.name, id: defaultPriority.id } } : {}),
      },
      changelog: [],
      comments: [],
      properties: new Map(),
      remoteLinks: [],
    };
    const { next, errors: valueErrors } = this.applyEdits(draft, input, req.body.update, 'create');
    // Jira refuses an assignee without the Assignable user permission in the project.
    const assigneeId = isRecord(next.assignee) ? String(next.assignee.accountId ?? '') : '';
    if (assigneeId !== '' && valueErrors.assignee === undefined && !s.hasPermission({ accountId: assigneeId, isApp: false }, project.key, 'ASSIGNABLE_USER')) {
      valueErrors.assignee = `User '${assigneeId}' cannot be assigned issues.`;
    }
    if (Object.keys(valueErrors).length > 0) return jiraError(400, [], valueErrors);
    draft.fields = next;
    draft.key = s.nextIssueKey(project.key);
    for (const property of (Array.isArray(req.body.properties) ? req.body.properties : []) as Json[]) if (isRecord(property) && typeof property.key === 'string') draft.properties.set(property.key, property.value);
    s.issues.set(draft.key, draft);
    s.emit({ eventType: 'avi:jira:created:issue', issue: s.eventIssue(draft), atlassianId: actor.accountId, actorIsApp: actor.isApp });
    return json(201, { id: draft.id, key: draft.key, self: `${s.baseUrl}/rest/api/3/issue/${draft.id}` });
  }

  private deleteIssue(issue: IssueRecord, actor: Actor): SiteResponse {
    const s = this.state;
    if (!s.hasPermission(actor, issue.projectKey, 'DELETE_ISSUES')) return jiraError(403, ['You do not have permission to delete issues in this project.']);
    s.issues.delete(issue.key);
    s.emit({ eventType: 'avi:jira:deleted:issue', issue: s.eventIssue(issue), atlassianId: actor.accountId, actorIsApp: actor.isApp });
    return noContent();
  }

  private addComment(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    const s = this.state;
    if (!s.hasPermission(actor, issue.projectKey, 'ADD_COMMENTS')) return jiraError(400, ['You do not have the permission to comment on this issue.']);
    if (!isRecord(req.body) || !isAdfDoc(req.body.body)) return jiraError(400, [], { comment: 'Comment body must be an Atlassian Document (see the Atlassian Document Format)' });
    if (adfText(req.body.body).trim() === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
    const now = s.now();
    const author = s.userBody(actor.accountId);
    const visibility = req.body.visibility;
    if (visibility !== undefined) {
      if (!isRecord(visibility) || (visibility.type !== 'group' && visibility.type !== 'role') || (typeof visibility.value !== 'string' && typeof visibility.identifier !== 'string')) {
        return jiraError(400, [], { commentLevel: 'Visibility must name a group or a project role.' });
      }
      // Jira refuses a restriction that would hide the comment from its own author.
      if (!s.canSeeComment(actor, issue, { visibility })) {
        return jiraError(400, [], { commentLevel: `You are currently not a member of the ${visibility.type === 'role' ? 'project role' : 'group'}: ${String(visibility.value ?? visibility.identifier)}.` });
      }
    }
    const id = s.nextId('comment');
    const comment: Json = {
      self: `${s.baseUrl}/rest/api/3/issue/${issue.id}/comment/${id}`,
      id,
      author,
      body: req.body.body,
      updateAuthor: author,
      created: now,
      updated: now,
      ...(visibility !== undefined ? { visibility } : {}),
      jsdPublic: true,
    };
    issue.comments.push(comment);
    s.emit({ eventType: 'avi:jira:commented:issue', issue: s.eventIssue(issue), atlassianId: actor.accountId, actorIsApp: actor.isApp, comment });
    return json(201, comment);
  }

  private upsertRemoteLink(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    const s = this.state;
    if (!s.hasPermission(actor, issue.projectKey, 'LINK_ISSUES') && !s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES')) return jiraError(403, ['You do not have permission to link issues in this project.']);
    const body = req.body;
    if (!isRecord(body) || !isRecord(body.object)) return jiraError(400, [], { object: 'Link object is required.' });
    const errors: Record<string, string> = {};
    if (typeof body.object.url !== 'string' || body.object.url === '') errors.url = 'Link url is required.';
    if (typeof body.object.title !== 'string' || body.object.title === '') errors.title = 'Link title is required.';
    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    const existing = typeof body.globalId === 'string' ? issue.remoteLinks.find((l) => l.globalId === body.globalId) : undefined;
    const id = existing ? String(existing.id) : s.nextId('remoteLink');
    const self = `${s.baseUrl}/rest/api/3/issue/${issue.key}/remotelink/${id}`;
    const link: Json = { id: Number(id), self, ...(body.globalId !== undefined ? { globalId: body.globalId } : {}), ...(body.application ? { application: body.application } : {}), ...(body.relationship ? { relationship: body.relationship } : {}), object: body.object };
    if (existing) issue.remoteLinks[issue.remoteLinks.indexOf(existing)] = link;
    else issue.remoteLinks.push(link);
    return json(existing ? 200 : 201, { id: Number(id), self });
  }

  private async transition(req: SiteRequest, issue: IssueRecord, actor: Actor): Promise<SiteResponse> {
    const s = this.state;
    if (!isRecord(req.body) || !isRecord(req.body.transition)) return jiraError(400, ['Missing transition in request.']);
    const wanted = req.body.transition;
    const available = s.hasPermission(actor, issue.projectKey, 'TRANSITION_ISSUES') ? s.availableTransitions(issue) : [];
    const chosen = available.find((t) => t.id === String(wanted.id ?? '')) ?? (wanted.id === undefined ? available.find((t) => t.name === wanted.name) : undefined);
    if (!chosen) return jiraError(400, [`Transition id '${String(wanted.id ?? wanted.name ?? '')}' is not valid for this issue.`]);
    const { next, errors } = this.applyEdits(issue, req.body.fields, req.body.update, 'edit');
    if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
    for (const validator of s.transitionValidators) {
      const verdict = await validator({ issueKey: issue.key, transitionId: chosen.id, from: issue.fields.status as Json, to: chosen.to, actor });
      if (!verdict.result) return jiraError(400, [verdict.errorMessage ?? 'The transition was rejected by a workflow validator.']);
    }
    const before = issue.fields;
    const after: Json = { ...next, status: chosen.to };
    const toDone = s.statusCategoryKey(chosen.to) === 'done';
    const wasDone = s.statusCategoryKey(before.status as Json) === 'done';
    if (toDone && !after.resolution) after.resolution = s.resolutions[0];
    if (!toDone && wasDone && !(isRecord(req.body.fields) && 'resolution' in req.body.fields)) after.resolution = null;
    if (toDone !== wasDone) after.resolutiondate = toDone ? s.now() : null;
    if (s.statusCategoryKey(chosen.to) !== s.statusCategoryKey(before.status as Json)) after.statuscategorychangedate = s.now();
    const entry = this.recordChanges(issue, before, { ...after, statuscategorychangedate: before.statuscategorychangedate, resolutiondate: before.resolutiondate }, actor);
    issue.fields = { ...after, updated: s.now() };
    if (entry) s.emit({ eventType: 'avi:jira:updated:issue', issue: s.eventIssue(issue), atlassianId: actor.accountId, actorIsApp: actor.isApp, changelog: { id: String(entry.id), items: entry.items as Json[] } });
    return noContent();
  }

  private search(req: SiteRequest, actor: Actor, input: Json): SiteResponse {
    const jql = typeof input.jql === 'string' ? input.jql : '';
    if (jql.trim() === '') return jiraError(400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
    let results: IssueRecord[];
    try {
      results = searchIssues(jql, this.state, actor);
    } catch (error) {
      if (error instanceof JqlError) return jiraError(400, [error.message]);
      throw error;
    }
    const fields = Array.isArray(input.fields) ? (input.fields as string[]).flatMap((f) => String(f).split(',')).map((f) => f.trim()) : [];
    const idsOnly = fields.length === 0 || (fields.length === 1 && fields[0] === 'id');
    const requested = Number(input.maxResults ?? 50);
    // Jira caps pages at 5000 issue ids, and fewer when fields are requested.
    const maxResults = Math.max(1, Math.min(Number.isFinite(requested) ? requested : 50, idsOnly ? 5000 : 100));
    let offset = 0;
    if (typeof input.nextPageToken === 'string') {
      const decoded = decodeToken(input.nextPageToken, jql);
      if (decoded === undefined) return jiraError(400, ['The provided next page token is invalid or expired.']);
      offset = decoded;
    }
    const slice = results.slice(offset, offset + maxResults);
    const isLast = offset + slice.length >= results.length;
    const expand = typeof input.expand === 'string' ? input.expand : Array.isArray(input.expand) ? (input.expand as string[]).join(',') : '';
    const propertyList = Array.isArray(input.properties) ? (input.properties as string[]) : [];
    const fakeReq: SiteRequest = { method: 'GET', path: '', query: propertyList.length > 0 ? { properties: propertyList.join(',') } : {}, headers: {} };
    return json(200, {
      issues: slice.map((issue) => (idsOnly ? { id: issue.id } : this.issueBody(issue, fakeReq, actor, fields, expand))),
      ...(isLast ? {} : { nextPageToken: encodeToken(jql, offset + slice.length) }),
      isLast,
    });
  }

  /**
   * POST /issue/bulkfetch (BulkFetchIssueRequestBean → BulkIssueResults). The spec: issues come
   * back in ascending id order; ones that do not exist or that the caller may not browse are
   * left out of both `issues` and `issueErrors` (that list is for retriable errors and payload
   * limits, which this site never has), so a hidden issue looks exactly like a missing one.
   */
  private bulkFetch(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const body = isRecord(req.body) ? req.body : {};
    const refs = Array.isArray(body.issueIdsOrKeys) ? (body.issueIdsOrKeys as unknown[]).map(String) : [];
    if (refs.length === 0) return jiraError(400, ['At least one issue ID or key must be provided.']);
    if (refs.length > BULK_FETCH_LIMIT) return jiraError(400, [`No more than ${BULK_FETCH_LIMIT} issue IDs or keys can be requested at once.`]);
    const fields = Array.isArray(body.fields) && body.fields.length > 0 ? (body.fields as unknown[]).flatMap((f) => String(f).split(',')).map((f) => f.trim()) : ['*navigable'];
    const expand = Array.isArray(body.expand) ? (body.expand as unknown[]).map(String).join(',') : '';
    const properties = Array.isArray(body.properties) ? (body.properties as unknown[]).map(String) : [];
    const propertyReq: SiteRequest = { method: 'GET', path: '', query: properties.length > 0 ? { properties: properties.join(',') } : {}, headers: {} };
    const found = new Map<string, IssueRecord>();
    for (const ref of refs) {
      const issue = s.findIssue(ref);
      if (issue && s.canBrowse(actor, issue)) found.set(issue.id, issue);
    }
    const issues = [...found.values()].sort((a, b) => Number(a.id) - Number(b.id)).map((issue) => this.issueBody(issue, propertyReq, actor, fields, expand));
    return json(200, { issues, issueErrors: [] });
  }

  private picker(req: SiteRequest, actor: Actor): SiteResponse {
    const query = (queryValue(req, 'query') ?? '').trim().toLowerCase();
    const visible = [...this.state.issues.values()].filter((issue) => this.state.canBrowse(actor, issue));
    const matches = visible
      .filter((issue) => query === '' || issue.key.toLowerCase().startsWith(query) || String(issue.fields.summary ?? '').toLowerCase().includes(query))
      .sort((a, b) => Number(b.id) - Number(a.id));
    const shown = matches.slice(0, 20);
    const mark = (text: string) => (query ? text.replace(new RegExp(`(${query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})`, 'ig'), '<b>$1</b>') : text);
    return json(200, {
      sections: [
        {
          label: 'History Search',
          sub: `Showing ${shown.length} of ${matches.length} matching issues`,
          id: 'hs',
          issues: shown.map((issue) => ({
            id: Number(issue.id),
            key: issue.key,
            keyHtml: mark(issue.key),
            img: String((issue.fields.issuetype as Json | undefined)?.iconUrl ?? ''),
            summary: mark(String(issue.fields.summary ?? '')),
            summaryText: String(issue.fields.summary ?? ''),
          })),
        },
      ],
    });
  }

  private myPermissions(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const keys = queryList(req, 'permissions');
    if (!keys || keys.length === 0) return jiraError(400, ['The permissions query parameter is required.']);
    const unknown = keys.filter((k) => !(JIRA_PERMISSION_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) return jiraError(404, [`Unrecognized permission key(s): ${unknown.join(', ')}`]);
    let projectKey: string | undefined;
    const issueRef = queryValue(req, 'issueKey') ?? queryValue(req, 'issueId');
    if (issueRef) {
      const issue = s.findIssue(issueRef);
      if (!issue || !s.canBrowse(actor, issue)) return jiraError(404, [ISSUE_NOT_FOUND]);
      projectKey = issue.projectKey;
    }
    const projectRef = queryValue(req, 'projectKey') ?? queryValue(req, 'projectId');
    if (projectRef) {
      const project = s.findProject(projectRef);
      if (!project || !s.hasPermission(actor, project.key, 'BROWSE_PROJECTS')) return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
      projectKey = project.key;
    }
    const permissions: Json = {};
    for (const key of keys as JiraPermissionKey[]) {
      const [id, type, name] = PERMISSION_NAMES[key] ?? [String(JIRA_PERMISSION_KEYS.indexOf(key) + 100), key === 'SYSTEM_ADMIN' || key === 'USER_PICKER' || key === 'BULK_CHANGE' ? 'GLOBAL' : 'PROJECT', key.toLowerCase().replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())];
      permissions[key] = { id, key, name, type, description: name, havePermission: s.hasPermission(actor, projectKey, key) };
    }
    return json(200, { permissions });
  }

  // ---- projects and configuration ---------------------------------------------------------

  private searchProjects(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const keys = queryList(req, 'keys');
    const query = queryValue(req, 'query')?.toLowerCase();
    const visible = s.projects
      .filter((p) => s.hasPermission(actor, p.key, 'BROWSE_PROJECTS'))
      .filter((p) => !keys || keys.some((k) => k.toUpperCase() === p.key.toUpperCase() || k === p.id))
      .filter((p) => !query || p.key.toLowerCase().includes(query) || String(p.project.name).toLowerCase().includes(query));
    const expand = (queryValue(req, 'expand') ?? '').split(',');
    const bodies = visible.map((p) => (expand.includes('issueTypes') ? s.projectResponse(p) : p.project));
    const startAt = queryInt(req, 'startAt', 0);
    const maxResults = Math.min(queryInt(req, 'maxResults', 50), 100);
    return json(200, { self: `${s.baseUrl}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`, ...page(bodies, startAt, maxResults) });
  }

  private getProject(key: string, actor: Actor): SiteResponse {
    const project = this.state.findProject(key);
    if (!project || !this.state.hasPermission(actor, project.key, 'BROWSE_PROJECTS')) return jiraError(404, [`No project could be found with key '${key}'.`]);
    return json(200, this.state.projectResponse(project));
  }

  private createField(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const denied = this.requireAdmin(actor);
    if (denied) return jiraError(400, [(denied.body as { errorMessages: string[] }).errorMessages[0]!]);
    if (!isRecord(req.body) || typeof req.body.name !== 'string' || typeof req.body.type !== 'string') return jiraError(400, [], { name: 'The custom field name and type are required.' });
    if (!req.body.type.startsWith(CUSTOM_TYPE_PREFIX) && !req.body.type.includes(':')) return jiraError(400, [], { type: `Custom field type '${req.body.type}' is not valid.` });
    const number = Number(s.nextId('customField'));
    const id = `customfield_${number}`;
    const field: Json = {
      id,
      key: id,
      name: req.body.name,
      custom: true,
      orderable: true,
      navigable: true,
      searchable: req.body.searcherKey !== undefined,
      clauseNames: [`cf[${number}]`, req.body.name],
      schema: customFieldSchema(req.body.type, number),
      ...(typeof req.body.description === 'string' ? { description: req.body.description } : {}),
    };
    s.fields.push(field);
    // Jira gives a new custom field a global default context straight away.
    s.fieldContexts(id).push({ id: s.nextId('context'), name: `Default Configuration Scheme for ${req.body.name}`, description: 'Default configuration scheme generated by Jira', isGlobalContext: true, isAnyIssueType: true, projectIds: [], issueTypeIds: [], options: [] });
    const { description: _d, ...response } = field;
    return json(201, response);
  }

  private fieldOr404(fieldId: string): SiteResponse | undefined {
    const field = this.state.fields.find((f) => f.id === fieldId);
    if (!field) return jiraError(404, [`The custom field was not found.`]);
    if (field.custom !== true) return jiraError(400, [`The field ${fieldId} is not a custom field.`]);
    return undefined;
  }

  private listContexts(req: SiteRequest, fieldId: string): SiteResponse {
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    const values = this.state.fieldContexts(fieldId).map(({ id, name, description, isGlobalContext, isAnyIssueType }) => ({ id, name, description, isGlobalContext, isAnyIssueType }));
    return json(200, page(values, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 100)));
  }

  private createContext(req: SiteRequest, fieldId: string, actor: Actor): SiteResponse {
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    if (!isRecord(req.body) || typeof req.body.name !== 'string' || req.body.name === '') return jiraError(400, [], { name: 'The context name is required.' });
    const projectIds = Array.isArray(req.body.projectIds) ? (req.body.projectIds as unknown[]).map(String) : [];
    const issueTypeIds = Array.isArray(req.body.issueTypeIds) ? (req.body.issueTypeIds as unknown[]).map(String) : [];
    for (const projectId of projectIds) if (!this.state.findProject(projectId)) return jiraError(404, [`The project with id ${projectId} was not found.`]);
    const context = { id: this.state.nextId('context'), name: req.body.name, description: typeof req.body.description === 'string' ? req.body.description : '', isGlobalContext: projectIds.length === 0, isAnyIssueType: issueTypeIds.length === 0, projectIds, issueTypeIds, options: [] };
    this.state.fieldContexts(fieldId).push(context);
    return json(201, { id: context.id, name: context.name, description: context.description, projectIds, issueTypeIds });
  }

  private listOptions(req: SiteRequest, fieldId: string, contextId: string): SiteResponse {
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    const context = this.state.fieldContexts(fieldId).find((c) => c.id === contextId);
    if (!context) return jiraError(404, ['The context was not found.']);
    return json(200, page(context.options.map((o) => ({ ...o })), queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 100), 100)));
  }

  private createOptions(req: SiteRequest, fieldId: string, contextId: string, actor: Actor): SiteResponse {
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    const context = this.state.fieldContexts(fieldId).find((c) => c.id === contextId);
    if (!context) return jiraError(404, ['The context was not found.']);
    if (!isRecord(req.body) || !Array.isArray(req.body.options) || req.body.options.length === 0) return jiraError(400, ['At least one option is required.']);
    const created: { id: string; value: string; disabled: boolean; optionId?: string }[] = [];
    for (const input of req.body.options as Json[]) {
      if (!isRecord(input) || typeof input.value !== 'string' || input.value.trim() === '') return jiraError(400, ['Option value cannot be empty.']);
      const parentId = input.optionId !== undefined ? String(input.optionId) : undefined;
      if (parentId && !context.options.some((o) => o.id === parentId && !o.optionId)) return jiraError(400, [`The parent option with id ${parentId} was not found.`]);
      const siblings = [...context.options, ...created].filter((o) => o.optionId === parentId);
      if (siblings.some((o) => o.value.toLowerCase() === String(input.value).toLowerCase())) return jiraError(400, [`The option '${input.value}' already exists.`]);
      created.push({ id: this.state.nextId('option'), value: input.value, disabled: input.disabled === true, ...(parentId ? { optionId: parentId } : {}) });
    }
    context.options.push(...created);
    return json(200, { options: created });
  }

  /** Jira updates all or none: one unknown id refuses the whole request; unchanged options are left out of the answer. */
  private updateOptions(req: SiteRequest, fieldId: string, contextId: string, actor: Actor): SiteResponse {
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    const context = this.state.fieldContexts(fieldId).find((c) => c.id === contextId);
    if (!context) return jiraError(404, ['The context was not found.']);
    if (!isRecord(req.body) || !Array.isArray(req.body.options) || req.body.options.length === 0) return jiraError(400, ['At least one option is required.']);
    const changes: { option: (typeof context.options)[number]; value?: string; disabled?: boolean }[] = [];
    for (const input of req.body.options as Json[]) {
      if (!isRecord(input) || input.id === undefined) return jiraError(400, ['The option id is required.']);
      const option = context.options.find((o) => o.id === String(input.id));
      if (!option) return jiraError(404, [`The option with id ${String(input.id)} was not found.`]);
      if (input.value !== undefined && (typeof input.value !== 'string' || input.value.trim() === '')) return jiraError(400, ['Option value cannot be empty.']);
      changes.push({ option, ...(typeof input.value === 'string' ? { value: input.value } : {}), ...(typeof input.disabled === 'boolean' ? { disabled: input.disabled } : {}) });
    }
    const updated: Json[] = [];
    for (const { option, value, disabled } of changes) {
      const changed = (value !== undefined && value !== option.value) || (disabled !== undefined && disabled !== option.disabled);
      if (value !== undefined) option.value = value;
      if (disabled !== undefined) option.disabled = disabled;
      if (changed) updated.push({ id: option.id, value: option.value, disabled: option.disabled });
    }
    return json(200, { options: updated });
  }

  /** PUT …/option/move: the listed options, in the listed order, first, last or after another option. */
  private moveOptions(req: SiteRequest, fieldId: string, contextId: string, actor: Actor): SiteResponse {
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const missing = this.fieldOr404(fieldId);
    if (missing) return missing;
    const context = this.state.fieldContexts(fieldId).find((c) => c.id === contextId);
    if (!context) return jiraError(404, ['The context was not found.']);
    const body = req.body;
    if (!isRecord(body) || !Array.isArray(body.customFieldOptionIds) || body.customFieldOptionIds.length === 0) return jiraError(400, ['customFieldOptionIds is required.']);
    if ((body.position === undefined) === (body.after === undefined)) return jiraError(400, ["Only 'after' or 'position' can be specified, and one of them is required."]);
    const ids = (body.customFieldOptionIds as unknown[]).map(String);
    const moved = ids.map((id) => context.options.find((o) => o.id === id));
    if (moved.some((o) => o === undefined)) return jiraError(404, ['One or more custom field options were not found.']);
    const options = moved as (typeof context.options)[number][];
    if (new Set(options.map((o) => o.optionId === undefined)).size > 1) return jiraError(400, ['Options and cascading options cannot be moved together.']);
    const rest = context.options.filter((o) => !ids.includes(o.id));
    let at = body.position === 'First' ? 0 : body.position === 'Last' ? rest.length : rest.findIndex((o) => o.id === String(body.after)) + 1;
    if (body.position !== undefined && body.position !== 'First' && body.position !== 'Last') return jiraError(400, ["position must be 'First' or 'Last'."]);
    if (at === 0 && body.after !== undefined) return jiraError(404, [`The option with id ${String(body.after)} was not found.`]);
    at = Math.max(0, at);
    context.options.splice(0, context.options.length, ...rest.slice(0, at), ...options, ...rest.slice(at));
    return noContent();
  }

  /**
   * GET /group/bulk: the site's groups are the ones its users belong to. Needs Browse users and
   * groups; the local site grants it to admins and the app (users without it get 403, as in Jira).
   */
  private bulkGroups(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    if (!s.hasPermission(actor, undefined, 'ADMINISTER')) return jiraError(403, ['You do not have permission to browse users and groups.']);
    const all = [...new Set([...s.users.values()].flatMap((user) => user.groups))].sort((a, b) => a.localeCompare(b));
    // Repeated parameters, not comma lists: a group name may contain a comma.
    const listOf = (name: string) => (req.query[name] === undefined ? undefined : ([] as string[]).concat(req.query[name]!));
    const names = listOf('groupName');
    const ids = listOf('groupId');
    // Jira group names are case-insensitive.
    const wanted = all.filter((name) => (!names && !ids) || names?.some((n) => n.toLowerCase() === name.toLowerCase()) || ids?.includes(groupId(name)));
    const startAt = Math.max(0, queryInt(req, 'startAt', 0));
    const maxResults = Math.min(Math.max(1, queryInt(req, 'maxResults', 50)), 50);
    const body = page(wanted.map((name) => ({ name, groupId: groupId(name) })), startAt, maxResults);
    return json(200, body);
  }

  private createIssueType(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    if (!isRecord(req.body) || typeof req.body.name !== 'string' || req.body.name.trim() === '') return jiraError(400, [], { name: 'You must specify a name for this issue type.' });
    if (req.body.name.length > 60) return jiraError(400, [], { name: 'The issue type name must not exceed 60 characters.' });
    if (s.issueTypes.some((t) => String(t.name).toLowerCase() === String(req.body && (req.body as Json).name).toLowerCase())) return jiraError(409, [], { name: 'An issue type with this name already exists.' });
    const hierarchyLevel = typeof req.body.hierarchyLevel === 'number' ? req.body.hierarchyLevel : req.body.type === 'subtask' ? -1 : 0;
    const type = s.issueTypeDetails({ id: s.nextId('issueType'), name: req.body.name, description: typeof req.body.description === 'string' ? req.body.description : '', hierarchyLevel, subtask: hierarchyLevel < 0 });
    s.issueTypes.push(type);
    s.schemes.find((scheme) => scheme.isDefault)?.issueTypeIds.push(String(type.id));
    return json(201, type);
  }

  private schemesForProjects(req: SiteRequest): SiteResponse {
    const s = this.state;
    const projectIds = queryList(req, 'projectId');
    if (!projectIds || projectIds.length === 0) return jiraError(400, ['The projectId query parameter is required.']);
    const values = s.schemes
      .map((scheme) => ({ scheme, projectIds: s.projects.filter((p) => p.schemeId === scheme.id && projectIds.includes(p.id)).map((p) => p.id) }))
      .filter((entry) => entry.projectIds.length > 0)
      .map(({ scheme, projectIds: ids }) => ({
        issueTypeScheme: { id: scheme.id, name: scheme.name, description: scheme.description, ...(scheme.defaultIssueTypeId ? { defaultIssueTypeId: scheme.defaultIssueTypeId } : {}), isDefault: scheme.isDefault },
        projectIds: ids,
      }));
    return json(200, page(values, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50)));
  }

  private schemeMappings(req: SiteRequest): SiteResponse {
    const wanted = queryList(req, 'issueTypeSchemeId');
    const values = this.state.schemes.filter((scheme) => !wanted || wanted.includes(scheme.id)).flatMap((scheme) => scheme.issueTypeIds.map((issueTypeId) => ({ issueTypeSchemeId: scheme.id, issueTypeId })));
    return json(200, page(values, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50)));
  }

  private addTypesToScheme(req: SiteRequest, schemeId: string, actor: Actor): SiteResponse {
    const s = this.state;
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const scheme = s.schemes.find((sc) => sc.id === schemeId);
    if (!scheme) return jiraError(404, [`The issue type scheme was not found.`]);
    if (!isRecord(req.body) || !Array.isArray(req.body.issueTypeIds)) return jiraError(400, ['issueTypeIds is required.']);
    const ids = (req.body.issueTypeIds as unknown[]).map(String);
    const unknown = ids.filter((id) => !s.issueTypes.some((t) => t.id === id));
    if (unknown.length > 0) return jiraError(404, [`The issue types with IDs ${unknown.join(', ')} were not found.`]);
    for (const id of ids) if (!scheme.issueTypeIds.includes(id)) scheme.issueTypeIds.push(id);
    return noContent();
  }

  private createLinkType(req: SiteRequest, actor: Actor): SiteResponse {
    const denied = this.requireAdmin(actor);
    if (denied) return denied;
    const body = req.body;
    if (!isRecord(body) || typeof body.name !== 'string' || typeof body.inward !== 'string' || typeof body.outward !== 'string') return jiraError(400, ['name, inward and outward are required.']);
    if (this.state.issueLinkTypes.some((t) => String(t.name).toLowerCase() === String(body.name).toLowerCase())) return jiraError(400, [`An issue link type with the name '${body.name}' already exists.`]);
    const id = this.state.nextId('linkType');
    const type = { id, name: body.name, inward: body.inward, outward: body.outward, self: `${this.state.baseUrl}/rest/api/3/issueLinkType/${id}` };
    this.state.issueLinkTypes.push(type);
    return json(201, type);
  }

  private linkIssues(req: SiteRequest, actor: Actor): SiteResponse {
    const s = this.state;
    const body = req.body;
    if (!isRecord(body) || !isRecord(body.type) || !isRecord(body.inwardIssue) || !isRecord(body.outwardIssue)) return jiraError(400, ['type, inwardIssue and outwardIssue are required.']);
    const typeRef = body.type;
    const type = s.issueLinkTypes.find((t) => (typeRef.id !== undefined && t.id === String(typeRef.id)) || (typeRef.name !== undefined && t.name === typeRef.name));
    if (!type) return jiraError(404, [`No issue link type with name '${String(typeRef.name ?? typeRef.id)}' found.`]);
    const inward = s.findIssue(String(body.inwardIssue.key ?? body.inwardIssue.id ?? ''));
    const outward = s.findIssue(String(body.outwardIssue.key ?? body.outwardIssue.id ?? ''));
    if (!inward || !outward || !s.canBrowse(actor, inward) || !s.canBrowse(actor, outward)) return jiraError(404, [ISSUE_NOT_FOUND]);
    if (!s.hasPermission(actor, inward.projectKey, 'LINK_ISSUES') && !s.hasPermission(actor, inward.projectKey, 'EDIT_ISSUES')) return jiraError(400, ['You do not have the permission to link issues.']);
    const id = s.nextId('link');
    const ref = (issue: IssueRecord) => ({ id: issue.id, key: issue.key, self: `${s.baseUrl}/rest/api/3/issue/${issue.id}`, fields: { summary: issue.fields.summary, status: issue.fields.status, priority: issue.fields.priority, issuetype: issue.fields.issuetype } });
    const linkType = { id: type.id, name: type.name, inward: type.inward, outward: type.outward, self: type.self };
    outward.fields.issuelinks = [...((outward.fields.issuelinks as Json[] | undefined) ?? []), { id, self: `${s.baseUrl}/rest/api/3/issueLink/${id}`, type: linkType, inwardIssue: ref(inward) }];
    inward.fields.issuelinks = [...((inward.fields.issuelinks as Json[] | undefined) ?? []), { id, self: `${s.baseUrl}/rest/api/3/issueLink/${id}`, type: linkType, outwardIssue: ref(outward) }];
    return json(201, undefined);
  }
}

/** Jira includes a comment's `properties` only when asked with `expand=properties`. */
function commentView(comment: Json, expand: string | undefined): Json {
  if ((expand ?? '').split(',').map((e) => e.trim()).includes('properties')) return { ...comment, properties: comment.properties ?? [] };
  const { properties: _properties, ...rest } = comment;
  return rest;
}

export function groupId(name: string): string {
  return groupIdOf(name);
}

/**
 * A copy of a Jira body whose `self` and `nextPage` links to REST resources start at `base`: Jira
 * builds them from the address the request arrived at (the site, or the API gateway for Forge's
 * product proxy), whatever site a seed was exported from.
 */
function rebaseRestLinks(body: unknown, base: string): unknown {
  if (Array.isArray(body)) return body.map((item) => rebaseRestLinks(item, base));
  if (!isRecord(body)) return body;
  const copy: Json = {};
  for (const [key, value] of Object.entries(body)) {
    copy[key] = (key === 'self' || key === 'nextPage') && typeof value === 'string' ? rebasedUrl(value, base) : rebaseRestLinks(value, base);
  }
  return copy;
}

function rebasedUrl(value: string, base: string): string {
  try {
    const url = new URL(value);
    return url.pathname.startsWith('/rest/') ? `${base}${url.pathname}${url.search}` : value;
  } catch {
    return value;
  }
}
