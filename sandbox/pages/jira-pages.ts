import { z } from 'zod';
import { html, raw, type SafeHtml } from '../html';
import { renderAdf } from '../adf-html';
import { describeErrorBody, SiteCallError } from '../site-client';
import { errorBanner } from './layout';
import { FieldMeta, currentFormValues, fieldIdOf, fieldInput, formFieldsOf, jiraValueOf, kindOf } from './field-form';
import type { PageContext } from './page-context';
import { createFieldMetas, editFieldMetas } from './field-meta';
import { rankedOpenIncidents } from '../ranked-incidents';
import { describeSla } from '../../src/domain/priority/sla-clock';
import { OPEN_INCIDENTS_JQL } from '../../src/usecases/priority/open-incident-index';

const Named = z.object({ id: z.string().optional(), name: z.string() }).loose();
const User = z.object({ accountId: z.string(), displayName: z.string().optional() }).loose();
const Status = z.object({ id: z.string(), name: z.string(), statusCategory: z.object({ key: z.string() }).loose().optional() }).loose();
const IssueSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    fields: z.record(z.string(), z.unknown()),
    names: z.record(z.string(), z.string()).optional(),
  })
  .loose();
type Issue = z.infer<typeof IssueSchema>;

const Transitions = z
  .object({
    transitions: z.array(
      z.object({ id: z.string(), name: z.string(), to: Status.optional(), isAvailable: z.boolean().optional() }).loose(),
    ),
  })
  .loose();
const Changelog = z
  .object({
    values: z.array(
      z
        .object({
          id: z.string(),
          author: User.optional(),
          created: z.string(),
          items: z.array(
            z
              .object({ field: z.string(), fromString: z.string().nullable().optional(), toString: z.string().nullable().optional() })
              .loose(),
          ),
        })
        .loose(),
    ),
  })
  .loose();
const Comments = z
  .object({ comments: z.array(z.object({ id: z.string(), author: User.optional(), created: z.string(), body: z.unknown() }).loose()) })
  .loose();
const Projects = z.object({ values: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() }).loose()) }).loose();

function statusLozenge(status: unknown): SafeHtml {
  const parsed = Status.safeParse(status);
  if (!parsed.success) return html``;
  return html`<span class="lozenge ${parsed.data.statusCategory?.key ?? ''}" data-testid="status">${parsed.data.name}</span>`;
}

function nameOf(value: unknown): string {
  const named = Named.safeParse(value);
  if (named.success) return named.data.name;
  const user = User.safeParse(value);
  return user.success ? (user.data.displayName ?? user.data.accountId) : '';
}

function formatTime(value: unknown): string {
  if (typeof value !== 'string') return '';
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? value : new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function errorMessages(error: unknown): string[] {
  if (error instanceof SiteCallError) return [describeErrorBody(error.body)];
  return [error instanceof Error ? error.message : String(error)];
}

/** Open incidents in the app's rank order: the same total order as the priority panel's "k of n". */
export async function incidentListPage(ctx: PageContext): Promise<SafeHtml> {
  let rows: SafeHtml[] = [];
  let failure: SafeHtml = html``;
  let projectKeys: string[] = [];
  try {
    const ranked = await ctx.asUser(() => rankedOpenIncidents(new Date().toISOString()));
    // An issue key is its project's key, a dash and a number.
    projectKeys = [...new Set(ranked.incidents.map(({ incident }) => incident.key.replace(/-\d+$/, '')))].sort();
    rows = ranked.incidents.map(
      ({ rank, incident, level, sla }) => html`<tr data-issue-key="${incident.key}" data-rank="${rank}">
        <td data-testid="rank">${rank}</td>
        <td><a href="/jira/browse/${incident.key}">${incident.key}</a></td>
        <td>${incident.summary}</td>
        <td data-testid="priority">${level === null ? html`<span class="muted">Unprioritized</span>` : level} · ${incident.priority?.name ?? 'None'}</td>
        <td data-testid="sla" data-sla-state="${sla.state}" class="${sla.overdue ? 'overdue' : sla.minutesLeft === null ? 'muted' : ''}">${describeSla(sla)}</td>
        <td>${statusLozenge({ id: incident.status.id, name: incident.status.name, statusCategory: { key: incident.status.categoryKey } })}</td>
        <td>${incident.assignee?.displayName ?? 'Unassigned'}</td>
        <td class="muted">${formatTime(incident.reportedAt)}</td>
      </tr>`,
    );
    if (ranked.skipped.length > 0)
      failure = errorBanner(
        'Left out of the ranking (the app could not read them)',
        ranked.skipped.map((skip) => skip.reason),
      );
  } catch (error) {
    failure = errorBanner('The incident search failed', errorMessages(error));
  }
  return ctx.page(
    'Open incidents',
    html`<h1>Open incidents</h1>
    ${projectKeys.map((projectKey) => projectSidebar(ctx, projectKey, null))}
    <p class="muted">In the app's rank order (priority level, SLA time left, affected users, age, key), from JQL <code>${OPEN_INCIDENTS_JQL}</code> as you · <a class="button primary" href="/jira/create" data-testid="create-incident">Create incident</a></p>
    ${failure}
    <table class="list" data-testid="incident-list"><thead><tr><th>Rank</th><th>Key</th><th>Summary</th><th>Priority</th><th>SLA</th><th>Status</th><th>Assignee</th><th>Created</th></tr></thead>
    <tbody>${rows.length === 0 && failure.value === '' ? html`<tr><td colspan="8" class="muted">No open incidents.</td></tr>` : rows}</tbody></table>`,
  );
}

function renderFieldValue(value: unknown): SafeHtml {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return html`<span class="muted">None</span>`;
  if (
    z
      .object({ type: z.literal('doc') })
      .loose()
      .safeParse(value).success
  )
    return renderAdf(value).html;
  if (Array.isArray(value)) return html`${value.map((item, index) => html`${index > 0 ? ', ' : ''}${renderFieldValue(item)}`)}`;
  if (typeof value === 'object') {
    const option = z
      .object({ value: z.string(), child: z.object({ value: z.string() }).loose().optional() })
      .loose()
      .safeParse(value);
    if (option.success) return html`${option.data.value}${option.data.child ? ` / ${option.data.child.value}` : ''}`;
    const named = nameOf(value);
    if (named !== '') return html`${named}`;
    return html`<code>${JSON.stringify(value)}</code>`;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return html`${formatTime(value)}`;
  return html`${String(value)}`;
}

const STANDARD_SHOWN = ['status', 'priority', 'assignee', 'reporter', 'created', 'updated', 'resolutiondate', 'labels'];
const HIDDEN_FIELDS = new Set([
  'summary',
  'description',
  'issuetype',
  'project',
  'comment',
  'creator',
  'resolution',
  'issuelinks',
  'lastViewed',
  'watches',
  'votes',
  'worklog',
  'attachment',
  'subtasks',
  'timetracking',
]);

export interface IssuePageNotice {
  errors?: string[];
  title?: string;
  fieldErrors?: Record<string, string>;
  ok?: string;
}

/** Where a streamed page's content goes in the layout (split there: the head and header go out first). */
const CONTENT_SLOT = '<!--local-site:content-->';

/** A page sent in parts as its data arrives (chunked HTML, which browsers parse as it comes). */
export interface StreamedPage {
  chunks: AsyncIterable<string>;
}

/** The issue view: fields, transitions, edit form, comments, history and the app's issue panels. */
export async function issuePage(ctx: PageContext, key: string, notice: IssuePageNotice = {}): Promise<SafeHtml | null> {
  const streamed = await streamIssuePage(ctx, key, notice);
  if (!streamed) return null;
  let page = '';
  for await (const chunk of streamed.chunks) page += chunk;
  return raw(page);
}

/**
 * The issue view sent in three parts, as Jira's issue view shows the issue first and loads the
 * rest around it: the issue (head, summary, description) as soon as it is read; then the workflow
 * and the app's issue panels, whose frames start loading while the server reads the edit screen's
 * fields, the comments and the history for the third part. The HTML is the same as a page
 * rendered in one piece (`issuePage`).
 */
export async function streamIssuePage(ctx: PageContext, key: string, notice: IssuePageNotice = {}): Promise<StreamedPage | null> {
  const who = ctx.user.accountId;
  const response = await ctx.client.call(who, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}?expand=names`);
  if (response.status === 404) return null;
  if (response.status !== 200) {
    return {
      chunks: once(ctx.page(key, errorBanner(`Jira answered ${response.status} for ${key}`, [describeErrorBody(response.body)])).value),
    };
  }
  const issue: Issue = IssueSchema.parse(response.body);
  const names = issue.names ?? {};
  const issueTypeName = nameOf(issue.fields.issuetype);
  const project = z
    .object({ id: z.string(), key: z.string(), projectTypeKey: z.string().optional() })
    .loose()
    .safeParse(issue.fields.project);

  const customIds = Object.keys(issue.fields).filter((id) => !HIDDEN_FIELDS.has(id) && !STANDARD_SHOWN.includes(id));
  const fieldRows = [...STANDARD_SHOWN.filter((id) => id in issue.fields), ...customIds.sort()].map(
    (id) =>
      html`<dt>${names[id] ?? id}</dt><dd data-field-id="${id}" data-field-name="${names[id] ?? id}">${id === 'status' ? statusLozenge(issue.fields.status) : renderFieldValue(issue.fields[id])}</dd>`,
  );
  const banner =
    notice.errors && notice.errors.length > 0
      ? errorBanner(notice.title ?? 'Jira refused the change', notice.errors)
      : notice.ok
        ? html`<div class="banner ok" role="status">${notice.ok}</div>`
        : html``;
  const [pageStart = '', pageEnd = ''] = ctx
    .page(`${issue.key} ${String(issue.fields.summary ?? '')}`, raw(CONTENT_SLOT), { hostScript: true })
    .value.split(CONTENT_SLOT);

  async function* chunks(): AsyncGenerator<string> {
    yield (
      pageStart +
      html`<p class="muted"><a href="/jira/incidents">Incidents</a> / ${issue.key}</p>
    <h1 data-testid="issue-summary">${issue.key}: ${String(issue.fields.summary ?? '')}</h1>
    ${banner}
    <div class="issue-layout" data-refresh-url="/jira/browse/${issue.key}">
      <div>
        <section class="card" id="issue-description" data-refreshable><h2>Description</h2>${issue.fields.description ? renderAdf(issue.fields.description).html : html`<p class="muted">No description.</p>`}</section>`
        .value
    );

    // Each part's reads start once the part before it is sent: the local site answers from memory,
    // so reads started together would all finish before the first part left the server.
    const transitions = await ctx.client
      .json(who, 'GET', `/rest/api/3/issue/${issue.key}/transitions`, Transitions)
      .catch(() => ({ transitions: [] }));
    const transitionForms = transitions.transitions.map(
      (transition) =>
        html`<form method="post" action="/jira/browse/${issue.key}/transition"><input type="hidden" name="transitionId" value="${transition.id}"><button type="submit" data-transition="${transition.name}">${transition.name}</button></form>`,
    );
    const panels = ctx.frames.issuePanels({
      issueId: issue.id,
      issueKey: issue.key,
      issueTypeName,
      issueTypeId: Named.safeParse(issue.fields.issuetype).data?.id ?? '',
      projectId: project.success ? project.data.id : '',
      projectKey: project.success ? project.data.key : '',
      projectType: project.success ? (project.data.projectTypeKey ?? 'software') : 'software',
    });
    yield html`
        <section class="card" id="issue-workflow" data-refreshable><h2>Workflow</h2><div class="transitions" data-testid="transitions">${transitionForms.length > 0 ? transitionForms : html`<span class="muted">No transitions available.</span>`}</div></section>
        ${panels}`.value;

    const [changelog, comments, editmeta] = await Promise.all([
      ctx.client.json(who, 'GET', `/rest/api/3/issue/${issue.key}/changelog?maxResults=100`, Changelog).catch(() => ({ values: [] })),
      ctx.client.json(who, 'GET', `/rest/api/3/issue/${issue.key}/comment?maxResults=100`, Comments).catch(() => ({ comments: [] })),
      editFieldMetas(ctx, issue.key).catch(() => []),
    ]);
    const editFields = formFieldsOf(editmeta);
    const editForm =
      editFields.length === 0
        ? html`<p class="muted">This issue has no editable fields for you.</p>`
        : html`<form method="post" action="/jira/browse/${issue.key}/edit" class="stack" data-testid="edit-form">
        ${editFields.map((meta) => fieldInput(meta, { values: currentFormValues(meta, issue.fields[fieldIdOf(meta)]), error: notice.fieldErrors?.[fieldIdOf(meta)], users: ctx.users }))}
        <p><button type="submit" class="primary">Save</button></p></form>`;
    const history = changelog.values
      .slice()
      .reverse()
      .map(
        (entry) =>
          html`<li><span class="muted">${formatTime(entry.created)} · ${entry.author?.displayName ?? 'Unknown'}</span><ul>${entry.items.map(
            (item) => html`<li>${item.field}: ${item.fromString ?? 'None'} → ${item.toString ?? 'None'}</li>`,
          )}</ul></li>`,
      );
    const commentItems = comments.comments.map(
      (comment) =>
        html`<li class="card"><div class="muted">${comment.author?.displayName ?? 'Unknown'} · ${formatTime(comment.created)}</div>${renderAdf(comment.body).html}</li>`,
    );
    yield (
      html`
        <section class="card" id="issue-edit" data-refreshable><h2>Edit fields</h2>${editForm}</section>
        <section class="card"><h2>Comments</h2><ul class="comments" style="list-style:none;padding:0">${commentItems}</ul>
          <form method="post" action="/jira/browse/${issue.key}/comment" class="stack"><label for="comment-body">Add a comment</label><textarea id="comment-body" name="body"></textarea><p><button type="submit">Comment</button></p></form></section>
        <section class="card" id="issue-history" data-refreshable><h2>History</h2><ul class="history">${history.length > 0 ? history : html`<li class="muted">No changes yet.</li>`}</ul></section>
      </div>
      <aside>
        ${project.success ? projectSidebar(ctx, project.data.key, null) : ''}
        <section class="card" id="issue-fields" data-refreshable><h2>Details <span class="muted">(${issueTypeName})</span></h2><dl class="fields" data-testid="issue-fields">${fieldRows}</dl></section>
      </aside>
    </div>`.value + pageEnd
    );
  }
  return { chunks: chunks() };
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Applies a transition through Jira's REST API; validator failures come back as Jira's 400. */
export async function submitTransition(ctx: PageContext, key: string, transitionId: string): Promise<IssuePageNotice> {
  const response = await ctx.client.call(ctx.user.accountId, 'POST', `/rest/api/3/issue/${encodeURIComponent(key)}/transitions`, {
    transition: { id: transitionId },
  });
  if (response.status === 204) return { ok: 'Transition done.' };
  return { title: 'The transition was refused', errors: [describeErrorBody(response.body)] };
}

export async function submitComment(ctx: PageContext, key: string, text: string): Promise<IssuePageNotice> {
  const { adfFromPlainText } = await import('../adf-html');
  const response = await ctx.client.call(ctx.user.accountId, 'POST', `/rest/api/3/issue/${encodeURIComponent(key)}/comment`, {
    body: adfFromPlainText(text),
  });
  if (response.status === 201) return { ok: 'Comment added.' };
  return { title: 'The comment was refused', errors: [describeErrorBody(response.body)] };
}

export async function submitEdit(ctx: PageContext, key: string, form: Map<string, string[]>): Promise<IssuePageNotice> {
  const editmeta = await editFieldMetas(ctx, key);
  const current = await ctx.client.json(ctx.user.accountId, 'GET', `/rest/api/3/issue/${encodeURIComponent(key)}`, IssueSchema);
  const fields: Record<string, unknown> = {};
  for (const meta of formFieldsOf(editmeta)) {
    const fieldId = fieldIdOf(meta);
    const submitted = form.get(fieldId) ?? [];
    const before = currentFormValues(meta, current.fields[fieldId]);
    // Only send what changed, as Jira's issue view does: an unchanged field is not re-written.
    const same =
      kindOf(meta) === 'multiselect'
        ? before.slice().sort().join('\n') === submitted.slice().sort().join('\n')
        : (before[0] ?? '') === (submitted[0] ?? '').trim();
    if (same) continue;
    fields[fieldId] = jiraValueOf(meta, submitted, true);
  }
  if (Object.keys(fields).length === 0) return { ok: 'Nothing changed.' };
  const response = await ctx.client.call(ctx.user.accountId, 'PUT', `/rest/api/3/issue/${encodeURIComponent(key)}`, { fields });
  if (response.status === 204) return { ok: 'Saved.' };
  const errors = z
    .object({ errors: z.record(z.string(), z.string()).optional() })
    .loose()
    .safeParse(response.body);
  return {
    title: 'Jira refused the edit',
    errors: [describeErrorBody(response.body)],
    fieldErrors: errors.success ? errors.data.errors : undefined,
  };
}

export interface CreateFormState {
  projectKey?: string;
  issueTypeId?: string;
  values?: Map<string, string[]>;
  errors?: string[];
  fieldErrors?: Record<string, string>;
}

async function createMeta(ctx: PageContext, projectKey: string, issueTypeId: string): Promise<FieldMeta[]> {
  return createFieldMetas(ctx, projectKey, issueTypeId);
}

/** The issue types one can create in a project: the project's own `issueTypes`, without subtasks. */
async function projectIssueTypes(ctx: PageContext, projectKey: string): Promise<{ id: string; name: string }[]> {
  const project = await ctx.client.json(
    ctx.user.accountId,
    'GET',
    `/rest/api/3/project/${encodeURIComponent(projectKey)}`,
    z
      .object({ issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().optional() }).loose()).default([]) })
      .loose(),
  );
  return project.issueTypes.filter((type) => type.subtask !== true);
}

/** "Create": project and issue type first, then the type's own create-screen fields. */
export async function createPage(ctx: PageContext, state: CreateFormState): Promise<SafeHtml> {
  const who = ctx.user.accountId;
  const problems: string[] = [...(state.errors ?? [])];
  const projects = await ctx.client.json(who, 'GET', '/rest/api/3/project/search?maxResults=50', Projects).catch((error: unknown) => {
    problems.push(...errorMessages(error));
    return { values: [] };
  });
  const projectKey = state.projectKey ?? projects.values.find((project) => project.key === 'INC')?.key ?? projects.values[0]?.key ?? '';
  const issueTypes = projectKey
    ? await projectIssueTypes(ctx, projectKey).catch((error: unknown) => (problems.push(...errorMessages(error)), []))
    : [];
  const issueTypeId = state.issueTypeId ?? issueTypes.find((type) => type.name === 'Incident')?.id ?? issueTypes[0]?.id ?? '';
  const metas =
    projectKey && issueTypeId
      ? await createMeta(ctx, projectKey, issueTypeId).catch((error: unknown) => (problems.push(...errorMessages(error)), []))
      : [];
  const values = state.values ?? new Map<string, string[]>();

  return ctx.page(
    'Create issue',
    html`<h1>Create issue</h1>
    ${problems.length > 0 ? errorBanner('Jira refused to create the issue', problems) : ''}
    <form method="get" action="/jira/create" class="stack" id="create-scope">
      <label for="create-project">Project</label>
      <select id="create-project" name="project" onchange="this.form.submit()">${projects.values.map((project) => html`<option value="${project.key}" ${raw(project.key === projectKey ? 'selected' : '')}>${project.name} (${project.key})</option>`)}</select>
      <label for="create-issuetype">Issue type</label>
      <select id="create-issuetype" name="issuetype" onchange="this.form.submit()">${issueTypes.map((type) => html`<option value="${type.id}" ${raw(type.id === issueTypeId ? 'selected' : '')}>${type.name}</option>`)}</select>
    </form>
    <form method="post" action="/jira/create" class="stack" data-testid="create-form">
      <input type="hidden" name="project" value="${projectKey}">
      <input type="hidden" name="issuetype" value="${issueTypeId}">
      ${formFieldsOf(metas).map((meta) => fieldInput(meta, { values: values.get(fieldIdOf(meta)) ?? [], error: state.fieldErrors?.[fieldIdOf(meta)], users: ctx.users }))}
      <p><button type="submit" class="primary" data-testid="create-submit">Create</button> <a href="/jira/incidents">Cancel</a></p>
    </form>`,
  );
}

/** Files the issue with `POST /rest/api/3/issue`, exactly as a script or Jira's own dialog would. */
export async function submitCreate(ctx: PageContext, form: Map<string, string[]>): Promise<{ key: string } | CreateFormState> {
  const projectKey = (form.get('project') ?? [])[0] ?? '';
  const issueTypeId = (form.get('issuetype') ?? [])[0] ?? '';
  const metas = await createMeta(ctx, projectKey, issueTypeId).catch(() => []);
  const fields: Record<string, unknown> = { project: { key: projectKey }, issuetype: { id: issueTypeId } };
  for (const meta of formFieldsOf(metas)) {
    const value = jiraValueOf(meta, form.get(fieldIdOf(meta)) ?? [], false);
    if (value !== undefined) fields[fieldIdOf(meta)] = value;
  }
  const response = await ctx.client.call(ctx.user.accountId, 'POST', '/rest/api/3/issue', { fields });
  const created = z.object({ key: z.string() }).loose().safeParse(response.body);
  if (response.status === 201 && created.success) return { key: created.data.key };
  const errors = z
    .object({ errorMessages: z.array(z.string()).optional(), errors: z.record(z.string(), z.string()).optional() })
    .loose()
    .safeParse(response.body);
  return {
    projectKey,
    issueTypeId,
    values: form,
    errors: errors.success
      ? [
          ...(errors.data.errorMessages ?? []),
          ...Object.entries(errors.data.errors ?? {}).map(
            ([field, message]) => `${metas.find((meta) => fieldIdOf(meta) === field)?.name ?? field}: ${message}`,
          ),
        ]
      : [describeErrorBody(response.body)],
    fieldErrors: errors.success ? errors.data.errors : undefined,
  };
}

const ProjectSchema = z.object({ id: z.string(), key: z.string(), name: z.string(), projectTypeKey: z.string().optional() }).loose();

/** A project's sidebar as Jira draws it: the project's issues and the apps' project pages. */
function projectSidebar(ctx: PageContext, projectKey: string, activeModuleKey: string | null): SafeHtml {
  const links = ctx.frames.projectPageLinks(projectKey);
  if (links.length === 0) return html``;
  return html`<nav class="card project-sidebar" aria-label="Project ${projectKey}" data-testid="project-sidebar"><h2>Project ${projectKey}</h2><ul style="list-style:none;padding:0;margin:0">
    <li><a href="/jira/incidents">Incidents</a></li>
    ${links.map((link) => html`<li><a href="${link.href}" data-module-key="${link.moduleKey}" ${raw(link.moduleKey === activeModuleKey ? 'aria-current="page"' : '')}>${link.title}</a></li>`)}
  </ul></nav>`;
}

/**
 * An app's `jira:projectPage` in a project, read as the user: a project they cannot browse is a
 * 404 here as in Jira, and the frame gets the project as its context.
 */
export async function projectAppPage(ctx: PageContext, projectKey: string, moduleKey: string): Promise<SafeHtml | null> {
  const response = await ctx.client.call(ctx.user.accountId, 'GET', `/rest/api/3/project/${encodeURIComponent(projectKey)}`);
  if (response.status === 404) return null;
  if (response.status !== 200)
    return ctx.page(
      projectKey,
      errorBanner(`Jira answered ${response.status} for project ${projectKey}`, [describeErrorBody(response.body)]),
    );
  const project = ProjectSchema.parse(response.body);
  const frame = ctx.frames.projectPage(moduleKey, {
    projectId: project.id,
    projectKey: project.key,
    projectType: project.projectTypeKey ?? 'software',
  });
  if (frame === null) return null;
  const title = ctx.frames.projectPageLinks(project.key).find((link) => link.moduleKey === moduleKey)?.title ?? moduleKey;
  return ctx.page(
    `${title} · ${project.name}`,
    html`<p class="muted">Projects / ${project.name} (${project.key}) / ${title}</p>
    <div class="project-layout" style="display:grid;grid-template-columns:220px minmax(0,1fr);gap:24px">
      <aside>${projectSidebar(ctx, project.key, moduleKey)}</aside>
      <div>${frame}</div>
    </div>`,
    { hostScript: true },
  );
}

export async function adminPage(ctx: PageContext): Promise<SafeHtml> {
  return ctx.page('Apps: Incident response', html`<h1>Incident response: setup and settings</h1>${ctx.frames.adminPages()}`, {
    hostScript: true,
  });
}
