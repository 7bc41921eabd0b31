import api, { route } from '@forge/api';
import { z } from 'zod';
import { isProductApiError, ProductApiError } from '../http/product-api-error';
import {
  collectOffsetPages,
  mapWithConcurrency,
  ProductHttp,
  requestPacer,
  withQuery,
  type PaceClock,
  type ProductFetch,
} from '../http/product-http';
import { retryPolicy, type RetryPolicy } from '../http/retry-policy';
import {
  JiraBulkChangelogPage,
  JiraBulkIssueResults,
  JiraChangelogPage,
  JiraComment,
  JiraCommentPage,
  JiraCreatedFieldContext,
  JiraCreatedFieldOptions,
  JiraUpdatedFieldOptions,
  JiraCreatedIssue,
  JiraEntityProperty,
  JiraField,
  JiraFieldContext,
  JiraFieldOption,
  JiraGroupName,
  JiraIssue,
  JiraIssueLinkType,
  JiraIssueLinkTypes,
  JiraIssueType,
  JiraIssueTypeSchemeMapping,
  JiraIssueTypeSchemeProjects,
  jiraPageBean,
  JiraPermissions,
  JiraProject,
  JiraRemoteLink,
  JiraRemoteLinkIdentifies,
  JiraSearchIdResults,
  JiraSearchResults,
  JiraServerInfo,
  JiraStatus,
  JiraTransitions,
  JiraUser,
  type JiraBulkIssueResults as JiraBulkIssueResultsType,
  type JiraChangelog,
  type JiraCreatedIssue as JiraCreatedIssueType,
  type JiraIssueWrite,
  type JiraTransition,
} from './jira-schemas';

/** POST /rest/api/3/issue/bulkfetch: "You can request up to 100 issues" per call. */
const BULK_FETCH_LIMIT = 100;
/** POST /rest/api/3/changelog/bulkfetch: "the changelogs of up to 1000 issues", "up to 10 field IDs". */
export const BULK_CHANGELOG_ISSUE_LIMIT = 1000;

/**
 * Page requests of one endpoint that a client starts per second, and pages of a list in flight at
 * once after the first page tells the total. Jira's burst limit is 100 requests per second for
 * GET and POST (50 for PUT and DELETE) per endpoint, method and site (429 with
 * `RateLimit-Reason: jira-burst-based`), and every user of the app on the site draws on it. 50
 * keeps one reader at half of it, so two people paging the same endpoint at once (two
 * postmortems, a postmortem and a closure validator) still fit, and a 5,000-entry changelog
 * (50 pages of 100) is read in one round after its first page. Longer lists continue at 50 a second.
 */
export const PAGE_REQUESTS_PER_SECOND = 50;

export interface JiraClientOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** How many pages of a long list are fetched at once once the total is known. */
  readonly pageConcurrency?: number;
}

/** For the reads of a whole list: `restAfter` holds the pages after the first until it settles (a rejection ends the read). */
export interface ListReadOptions {
  readonly restAfter?: PromiseLike<unknown>;
}

export interface NewCustomField {
  readonly name: string;
  readonly description: string;
  readonly type: string;
  readonly searcherKey: string;
}

export interface NewFieldOption {
  readonly value: string;
  /** The parent option's id, for the children of a cascading select. */
  readonly optionId?: string;
}

/** Who gets an issue notification: Jira resolves these to users (see JiraClient.notifyIssue). */
export interface IssueNotificationRecipients {
  readonly watchers?: boolean;
  readonly assignee?: boolean;
  readonly reporter?: boolean;
  readonly users?: readonly { accountId: string }[];
  readonly groups?: readonly { groupId?: string; name?: string }[];
}

export interface IssueNotification {
  readonly subject: string;
  readonly textBody: string;
  /** Plain text for the HTML part; escaped, never sent as markup. */
  readonly htmlBody?: string;
  readonly to: IssueNotificationRecipients;
}

/** Escapes text for an HTML email part; line breaks become `<br>`. */
export function plainTextAsHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r?\n/g, '<br>');
}

export interface RemoteLinkUpsert {
  readonly globalId: string;
  readonly relationship?: string;
  readonly object: { url: string; title: string; summary?: string; icon?: { url16x16?: string; title?: string } };
  readonly application?: { type?: string; name?: string };
}

/**
 * Typed Jira Cloud REST v3 client. Every method parses its answer with the schema in
 * jira-schemas.ts and throws a ProductApiError (see http/) on failure.
 *
 * Construct with `JiraClient.asUser()` when Jira must apply the current user's permissions (the
 * user sees only what they may see), and with `JiraClient.asApp()` where the app acts itself
 * (validators, triggers, configuration that needs manage:jira-configuration).
 */
export class JiraClient {
  private readonly http: ProductHttp;
  private readonly pageConcurrency: number;
  private readonly clock: PaceClock;
  /** One pacer per paged endpoint: Jira's burst limit counts each endpoint apart. */
  private readonly pacers = new Map<string, () => Promise<void>>();

  constructor(fetchJira: ProductFetch, options: JiraClientOptions = {}) {
    this.http = new ProductHttp('jira', fetchJira, options.retry);
    this.pageConcurrency = options.pageConcurrency ?? PAGE_REQUESTS_PER_SECOND;
    this.clock = retryPolicy(options.retry);
  }

  /** The pacer of `endpoint` (method and path template), made on first use. */
  private pacer(endpoint: string): () => Promise<void> {
    let pace = this.pacers.get(endpoint);
    if (!pace) {
      pace = requestPacer(PAGE_REQUESTS_PER_SECOND, 1000, this.clock);
      this.pacers.set(endpoint, pace);
    }
    return pace;
  }

  /** Paging of a list at `endpoint`: the page concurrency, and the endpoint's pacer. */
  private paging(endpoint: string, pageSize: number, options: ListReadOptions = {}) {
    return {
      pageSize,
      concurrency: this.pageConcurrency,
      pace: this.pacer(endpoint),
      ...(options.restAfter ? { restAfter: options.restAfter } : {}),
    };
  }

  /** Requests carry the invoking user's identity and permissions. Only valid inside a user-initiated invocation. */
  static asUser(options?: JiraClientOptions): JiraClient {
    return new JiraClient(api.asUser().requestJira, options);
  }

  /** Requests carry the app's identity and the scopes granted at install. */
  static asApp(options?: JiraClientOptions): JiraClient {
    return new JiraClient(api.asApp().requestJira, options);
  }

  // ---- Issues ---------------------------------------------------------------------------------

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get
   * @throws ProductApiError notFound when the issue does not exist or the caller may not see it.
   */
  async getIssue(
    issueKey: string,
    options: { fields?: readonly string[]; expand?: readonly string[]; properties?: readonly string[] } = {},
  ): Promise<JiraIssue> {
    const query = new URLSearchParams();
    if (options.fields) query.set('fields', options.fields.join(','));
    if (options.expand) query.set('expand', options.expand.join(','));
    if (options.properties) query.set('properties', options.properties.join(','));
    return this.http.json(JiraIssue, 'GET', withQuery(route`/rest/api/3/issue/${issueKey}`, query));
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
   * @throws ProductApiError badRequest with Jira's per-field `errors` when a field is invalid.
   */
  async createIssue(issue: JiraIssueWrite): Promise<JiraCreatedIssueType> {
    return this.http.json(JiraCreatedIssue, 'POST', route`/rest/api/3/issue`, { body: issue });
  }

  /**
   * One PUT carries fields, update operations and properties, so Jira applies them together.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-put
   */
  async updateIssue(issueKey: string, change: JiraIssueWrite, options: { notifyUsers?: boolean } = {}): Promise<void> {
    const query = new URLSearchParams();
    if (options.notifyUsers === false) query.set('notifyUsers', 'false');
    await this.http.noContent('PUT', withQuery(route`/rest/api/3/issue/${issueKey}`, query), { body: change });
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get */
  async getChangelogAll(issueKey: string, options: ListReadOptions = {}): Promise<JiraChangelog[]> {
    return collectOffsetPages(
      (startAt, maxResults) =>
        this.http.json(
          JiraChangelogPage,
          'GET',
          route`/rest/api/3/issue/${issueKey}/changelog?startAt=${startAt}&maxResults=${maxResults}`,
        ),
      this.paging('GET /rest/api/3/issue/{issueIdOrKey}/changelog', 100, options),
    );
  }

  /**
   * The changelogs of up to 1,000 issues in one request (plus one per further page of
   * `maxResults` changelogs), only the items of `fieldIds` (at most 10) when given, by issue id.
   * Issues that do not exist or that the caller may not browse are absent, as in the bulk issue
   * fetch. Each issue's changelogs come oldest first. It only reads, so it is safe to resend.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-changelog-bulkfetch-post
   * @throws ProductApiError badRequest for no issues, more than 1,000, or more than 10 field ids.
   */
  async bulkFetchChangelogs(
    issueIdsOrKeys: readonly string[],
    options: { fieldIds?: readonly string[]; maxResults?: number } = {},
  ): Promise<Map<string, JiraChangelog[]>> {
    const byIssue = new Map<string, JiraChangelog[]>();
    let nextPageToken: string | undefined;
    const pace = this.pacer('POST /rest/api/3/changelog/bulkfetch');
    do {
      await pace();
      const page = await this.http.json(JiraBulkChangelogPage, 'POST', route`/rest/api/3/changelog/bulkfetch`, {
        idempotent: true,
        body: {
          issueIdsOrKeys,
          ...(options.fieldIds ? { fieldIds: options.fieldIds } : {}),
          ...(options.maxResults === undefined ? {} : { maxResults: options.maxResults }),
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      });
      for (const log of page.issueChangeLogs) byIssue.set(log.issueId, [...(byIssue.get(log.issueId) ?? []), ...log.changeHistories]);
      nextPageToken = page.nextPageToken ?? undefined;
    } while (nextPageToken !== undefined);
    return byIssue;
  }

  /**
   * Oldest first.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-get
   */
  async getCommentsAll(issueKey: string, options: ListReadOptions = {}): Promise<JiraComment[]> {
    return collectOffsetPages(
      async (startAt, maxResults) => {
        const page = await this.http.json(
          JiraCommentPage,
          'GET',
          route`/rest/api/3/issue/${issueKey}/comment?startAt=${startAt}&maxResults=${maxResults}&orderBy=created`,
        );
        return { values: page.comments, total: page.total };
      },
      this.paging('GET /rest/api/3/issue/{issueIdOrKey}/comment', 100, options),
    );
  }

  /**
   * `body` is ADF.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post
   */
  async addComment(issueKey: string, body: unknown): Promise<JiraComment> {
    return this.http.json(JiraComment, 'POST', route`/rest/api/3/issue/${issueKey}/comment`, { body: { body } });
  }

  /**
   * Pages of issues for a JQL query, following `nextPageToken`. The POST form keeps long JQL
   * out of the URL; it only reads, so it is safe to resend.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
   */
  async *searchJqlPages(query: {
    jql: string;
    fields?: readonly string[];
    maxResults?: number;
    properties?: readonly string[];
  }): AsyncGenerator<JiraIssue[]> {
    let nextPageToken: string | undefined;
    do {
      const page = await this.http.json(JiraSearchResults, 'POST', route`/rest/api/3/search/jql`, {
        idempotent: true,
        body: {
          jql: query.jql,
          fields: query.fields ?? ['id'],
          maxResults: query.maxResults ?? 100,
          ...(query.properties ? { properties: query.properties } : {}),
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      });
      yield page.issues;
      nextPageToken = page.isLast === true ? undefined : page.nextPageToken;
    } while (nextPageToken !== undefined);
  }

  /**
   * Up to 100 issues by key or id in one call, with the caller's permissions. Jira answers 200
   * even when some cannot be returned: ones that do not exist or that the caller may not browse
   * are simply absent from `issues` (unlike a JQL `key in (…)`, which Jira Cloud refuses with 400
   * when it names such a key), and retriable per-issue failures are listed in `issueErrors`.
   * It only reads, so it is safe to resend.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulkfetch-post
   * @throws ProductApiError badRequest for no keys or more than 100.
   */
  async bulkFetchIssues(issueIdsOrKeys: readonly string[], fields: readonly string[]): Promise<JiraBulkIssueResultsType> {
    // Callers send several at once (getIssues, the trends page): the endpoint's pacer keeps them inside Jira's burst limit.
    await this.pacer('POST /rest/api/3/issue/bulkfetch')();
    return this.http.json(JiraBulkIssueResults, 'POST', route`/rest/api/3/issue/bulkfetch`, {
      idempotent: true,
      body: { issueIdsOrKeys, fields },
    });
  }

  /**
   * One page of a JQL search, with the token for the next (absent on the last page), for work
   * that resumes across invocations (Jira does not say how long a token stays valid: a caller
   * must be ready for a 400 and start over).
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
   */
  async searchJqlPage(query: {
    jql: string;
    fields?: readonly string[];
    maxResults?: number;
    nextPageToken?: string;
  }): Promise<{ issues: JiraIssue[]; nextPageToken?: string }> {
    const page = await this.http.json(JiraSearchResults, 'POST', route`/rest/api/3/search/jql`, {
      idempotent: true,
      body: {
        jql: query.jql,
        fields: query.fields ?? ['id'],
        maxResults: query.maxResults ?? 100,
        ...(query.nextPageToken === undefined ? {} : { nextPageToken: query.nextPageToken }),
      },
    });
    return {
      issues: page.issues,
      ...(page.isLast !== true && page.nextPageToken !== undefined ? { nextPageToken: page.nextPageToken } : {}),
    };
  }

  /**
   * The ids of the issues matching `jql`, a page at a time: asking for ids only lets Jira return
   * up to 5,000 a page (100 with fields), so 10,000 issues are two requests. Read their fields
   * with `bulkFetchIssues` (100 a call, concurrently) instead of 100 sequential search pages.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
   */
  async *searchJqlIdPages(jql: string, maxResults = 5000): AsyncGenerator<string[]> {
    let nextPageToken: string | undefined;
    do {
      const page = await this.http.json(JiraSearchIdResults, 'POST', route`/rest/api/3/search/jql`, {
        idempotent: true,
        body: { jql, fields: ['id'], maxResults, ...(nextPageToken === undefined ? {} : { nextPageToken }) },
      });
      yield page.issues.map((issue) => issue.id);
      nextPageToken = page.isLast === true ? undefined : page.nextPageToken;
    } while (nextPageToken !== undefined);
  }

  /** Every issue matching `jql`, one at a time. */
  async *searchJql(query: {
    jql: string;
    fields?: readonly string[];
    maxResults?: number;
    properties?: readonly string[];
  }): AsyncGenerator<JiraIssue> {
    for await (const page of this.searchJqlPages(query)) yield* page;
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
   */
  async getTransitions(issueKey: string): Promise<JiraTransition[]> {
    const result = await this.http.json(JiraTransitions, 'GET', route`/rest/api/3/issue/${issueKey}/transitions`);
    return result.transitions;
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
   */
  async transitionIssue(issueKey: string, transitionId: string, change: JiraIssueWrite = {}): Promise<void> {
    await this.http.noContent('POST', route`/rest/api/3/issue/${issueKey}/transitions`, {
      body: { ...change, transition: { id: transitionId } },
    });
  }

  /**
   * Undefined when the property is not set.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-propertykey-get
   */
  async getIssueProperty(issueKey: string, propertyKey: string): Promise<unknown> {
    try {
      const property = await this.http.json(JiraEntityProperty, 'GET', route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`);
      return property.value;
    } catch (error) {
      // Jira answers 404 both for a missing property and a missing issue; check the issue first when the difference matters.
      if (isProductApiError(error, 'notFound')) return undefined;
      throw error;
    }
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/#api-rest-api-3-issue-issueidorkey-properties-propertykey-put
   */
  async setIssueProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    await this.http.noContent('PUT', route`/rest/api/3/issue/${issueKey}/properties/${propertyKey}`, { body: value });
  }

  /**
   * Queues an email about the issue (Jira resolves the recipients; no arbitrary addresses). Jira
   * drops recipients who may not browse the issue, and `restrict` asks it to in any case.
   * Jira text is never HTML: `htmlBody` is taken as plain text and sent escaped (line breaks kept as
   * `<br>`); when absent, the escaped `textBody` is sent as the HTML part.
   * Not resent after a dropped connection: Jira may have queued the mail (a second would duplicate it).
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post
   * @throws ProductApiError badRequest (no valid recipient, e.g. `assignee` on an unassigned issue), forbidden (outgoing mail disabled),
   * notFound.
   */
  async notifyIssue(issueKey: string, notification: IssueNotification): Promise<void> {
    const to = notification.to;
    const body = {
      subject: notification.subject,
      textBody: notification.textBody,
      htmlBody: plainTextAsHtml(notification.htmlBody ?? notification.textBody),
      to: {
        ...(to.watchers === undefined ? {} : { watchers: to.watchers }),
        ...(to.assignee === undefined ? {} : { assignee: to.assignee }),
        ...(to.reporter === undefined ? {} : { reporter: to.reporter }),
        ...(to.users === undefined ? {} : { users: to.users.map((user) => ({ accountId: user.accountId })) }),
        ...(to.groups === undefined
          ? {}
          : { groups: to.groups.map((group) => (group.groupId !== undefined ? { groupId: group.groupId } : { name: group.name })) }),
      },
      restrict: { permissions: [{ key: 'BROWSE' }] },
    };
    await this.http.noContent('POST', route`/rest/api/3/issue/${issueKey}/notify`, { body });
  }

  // ---- Links ----------------------------------------------------------------------------------

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-link-types/#api-rest-api-3-issuelinktype-get */
  async getIssueLinkTypes(): Promise<JiraIssueLinkType[]> {
    return (await this.http.json(JiraIssueLinkTypes, 'GET', route`/rest/api/3/issueLinkType`)).issueLinkTypes;
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-link-types/#api-rest-api-3-issuelinktype-post */
  async createIssueLinkType(linkType: { name: string; inward: string; outward: string }): Promise<JiraIssueLinkType> {
    return this.http.json(JiraIssueLinkType, 'POST', route`/rest/api/3/issueLinkType`, { body: linkType });
  }

  /**
   * Creates a link with Jira's body fields as named. Jira reads them the other way round from what
   * its reference suggests: the outward phrase is said of `inwardIssue` ("A causes B": inward A,
   * outward B; A's issuelinks then show `outwardIssue: B`), as field reports on Jira Cloud confirm
   * (atlassian/atlassian-mcp-server#112, mozilla/jira-bugzilla-integration#1285) and the local site does.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-links/#api-rest-api-3-issuelink-post
   */
  async createIssueLink(link: { typeName: string; outwardIssueKey: string; inwardIssueKey: string }): Promise<void> {
    await this.http.noContent('POST', route`/rest/api/3/issueLink`, {
      body: { type: { name: link.typeName }, outwardIssue: { key: link.outwardIssueKey }, inwardIssue: { key: link.inwardIssueKey } },
    });
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-get
   */
  async getRemoteLinks(issueKey: string): Promise<JiraRemoteLink[]> {
    return this.http.json(z.array(JiraRemoteLink), 'GET', route`/rest/api/3/issue/${issueKey}/remotelink`);
  }

  /**
   * Jira updates the link with the same `globalId` instead of adding one, so resending is safe.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-remote-links/#api-rest-api-3-issue-issueidorkey-remotelink-post
   */
  async upsertRemoteLink(issueKey: string, link: RemoteLinkUpsert): Promise<{ id: number }> {
    return this.http.json(JiraRemoteLinkIdentifies, 'POST', route`/rest/api/3/issue/${issueKey}/remotelink`, {
      body: link,
      idempotent: true,
    });
  }

  // ---- Site configuration -----------------------------------------------------------------------

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-workflow-statuses/#api-rest-api-3-status-get */
  async getStatuses(): Promise<JiraStatus[]> {
    return this.http.json(z.array(JiraStatus), 'GET', route`/rest/api/3/status`);
  }

  /**
   * System and custom fields.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-get
   */
  async getFields(): Promise<JiraField[]> {
    return this.http.json(z.array(JiraField), 'GET', route`/rest/api/3/field`);
  }

  /**
   * Needs Administer Jira.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-fields/#api-rest-api-3-field-post
   */
  async createField(field: NewCustomField): Promise<JiraField> {
    return this.http.json(JiraField, 'POST', route`/rest/api/3/field`, { body: field });
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-contexts/#api-rest-api-3-field-fieldid-context-get
   */
  async getFieldContexts(fieldId: string): Promise<JiraFieldContext[]> {
    return collectOffsetPages(
      (startAt, maxResults) =>
        this.http.json(
          jiraPageBean(JiraFieldContext),
          'GET',
          route`/rest/api/3/field/${fieldId}/context?startAt=${startAt}&maxResults=${maxResults}`,
        ),
      this.paging('GET /rest/api/3/field/{fieldId}/context', 50),
    );
  }

  /**
   * Without project or issue type ids the context is global.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-contexts/#api-rest-api-3-field-fieldid-context-post
   */
  async createFieldContext(
    fieldId: string,
    context: { name: string; description?: string; projectIds?: string[]; issueTypeIds?: string[] },
  ): Promise<{ id: string; name: string }> {
    return this.http.json(JiraCreatedFieldContext, 'POST', route`/rest/api/3/field/${fieldId}/context`, {
      body: { projectIds: [], issueTypeIds: [], ...context },
    });
  }

  /**
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-options/#api-rest-api-3-field-fieldid-context-contextid-option-get
   */
  async getFieldContextOptions(fieldId: string, contextId: string): Promise<JiraFieldOption[]> {
    return collectOffsetPages(
      (startAt, maxResults) =>
        this.http.json(
          jiraPageBean(JiraFieldOption),
          'GET',
          route`/rest/api/3/field/${fieldId}/context/${contextId}/option?startAt=${startAt}&maxResults=${maxResults}`,
        ),
      this.paging('GET /rest/api/3/field/{fieldId}/context/{contextId}/option', 100),
    );
  }

  /**
   * Children of a cascading select name their parent in `optionId`, so parents must exist first.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-options/#api-rest-api-3-field-fieldid-context-contextid-option-post
   */
  async createFieldContextOptions(fieldId: string, contextId: string, options: readonly NewFieldOption[]): Promise<JiraFieldOption[]> {
    const created = await this.http.json(JiraCreatedFieldOptions, 'POST', route`/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
      body: { options },
    });
    return created.options;
  }

  /**
   * Renames, disables or enables existing options. Jira updates none when one id is unknown, and
   * leaves out of the answer the options whose values did not change.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-options/#api-rest-api-3-field-fieldid-context-contextid-option-put
   */
  async updateFieldContextOptions(
    fieldId: string,
    contextId: string,
    options: readonly { id: string; value?: string; disabled?: boolean }[],
  ): Promise<void> {
    await this.http.json(JiraUpdatedFieldOptions, 'PUT', route`/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
      body: { options },
    });
  }

  /**
   * Moves options to the top of the context's list, in the given order (options before cascading options, never mixed).
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-custom-field-options/#api-rest-api-3-field-fieldid-context-contextid-option-move-put
   */
  async moveFieldContextOptionsFirst(fieldId: string, contextId: string, optionIds: readonly string[]): Promise<void> {
    await this.http.noContent('PUT', route`/rest/api/3/field/${fieldId}/context/${contextId}/option/move`, {
      body: { customFieldOptionIds: optionIds, position: 'First' },
    });
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-get */
  async getIssueTypes(): Promise<JiraIssueType[]> {
    return this.http.json(z.array(JiraIssueType), 'GET', route`/rest/api/3/issuetype`);
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-types/#api-rest-api-3-issuetype-post */
  async createIssueType(issueType: { name: string; description?: string }): Promise<JiraIssueType> {
    return this.http.json(JiraIssueType, 'POST', route`/rest/api/3/issuetype`, { body: { ...issueType, hierarchyLevel: 0 } });
  }

  /**
   * The issue type scheme of each given (company-managed) project.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-type-schemes/#api-rest-api-3-issuetypescheme-project-get
   */
  async getIssueTypeSchemesForProjects(projectIds: readonly string[]): Promise<JiraIssueTypeSchemeProjects[]> {
    if (projectIds.length === 0) return [];
    const ids = new URLSearchParams(projectIds.map((id) => ['projectId', id]));
    return collectOffsetPages(
      (startAt, maxResults) =>
        this.http.json(
          jiraPageBean(JiraIssueTypeSchemeProjects),
          'GET',
          route`/rest/api/3/issuetypescheme/project?${ids}&startAt=${startAt}&maxResults=${maxResults}`,
        ),
      this.paging('GET /rest/api/3/issuetypescheme/project', 50),
    );
  }

  /**
   * Which issue types each scheme holds.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-type-schemes/#api-rest-api-3-issuetypescheme-mapping-get
   */
  async getIssueTypeSchemeMappings(schemeIds: readonly string[]): Promise<JiraIssueTypeSchemeMapping[]> {
    if (schemeIds.length === 0) return [];
    const ids = new URLSearchParams(schemeIds.map((id) => ['issueTypeSchemeId', id]));
    return collectOffsetPages(
      (startAt, maxResults) =>
        this.http.json(
          jiraPageBean(JiraIssueTypeSchemeMapping),
          'GET',
          route`/rest/api/3/issuetypescheme/mapping?${ids}&startAt=${startAt}&maxResults=${maxResults}`,
        ),
      this.paging('GET /rest/api/3/issuetypescheme/mapping', 50),
    );
  }

  /**
   * Jira rejects the whole call if any type is already in the scheme: pass only missing ones.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-type-schemes/#api-rest-api-3-issuetypescheme-issuetypeschemeid-issuetype-put
   */
  async addIssueTypesToScheme(schemeId: string, issueTypeIds: readonly string[]): Promise<void> {
    await this.http.noContent('PUT', route`/rest/api/3/issuetypescheme/${schemeId}/issuetype`, { body: { issueTypeIds } });
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-projects/#api-rest-api-3-project-search-get */
  async searchProjects(filter: { query?: string; keys?: readonly string[] } = {}): Promise<JiraProject[]> {
    const params = new URLSearchParams();
    if (filter.query) params.set('query', filter.query);
    for (const key of filter.keys ?? []) params.append('keys', key);
    return collectOffsetPages(
      (startAt, maxResults) => {
        const page = new URLSearchParams(params);
        page.set('startAt', String(startAt));
        page.set('maxResults', String(maxResults));
        return this.http.json(jiraPageBean(JiraProject), 'GET', route`/rest/api/3/project/search?${page}`);
      },
      this.paging('GET /rest/api/3/project/search', 50),
    );
  }

  // ---- Users and permissions --------------------------------------------------------------------

  /**
   * Which of `permissions` the caller holds (globally, or in a project / on an issue).
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-permissions/#api-rest-api-3-mypermissions-get
   */
  async myPermissions(
    permissions: readonly string[],
    scope: { issueKey?: string; projectKey?: string } = {},
  ): Promise<Record<string, boolean>> {
    const params = new URLSearchParams({ permissions: permissions.join(',') });
    if (scope.issueKey) params.set('issueKey', scope.issueKey);
    if (scope.projectKey) params.set('projectKey', scope.projectKey);
    const result = await this.http.json(JiraPermissions, 'GET', route`/rest/api/3/mypermissions?${params}`);
    return Object.fromEntries(permissions.map((key) => [key, result.permissions[key]?.havePermission === true]));
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-myself/#api-rest-api-3-myself-get */
  async getMyself(): Promise<JiraUser> {
    return this.http.json(JiraUser, 'GET', route`/rest/api/3/myself`);
  }

  /**
   * The site's own address (`baseUrl`, and `displayUrl` for a custom domain): unlike `self` links,
   * which through Forge's product proxy point at the API gateway. And the site's default time zone
   * (IANA), as set in Jira's General configuration: `serverTimeZone`. GET /serverInfo needs no
   * permission and no scope, so it works as the app in a workflow validator. (`/myself` gives the caller's own zone, the app user's in a
   * validator; the application-properties list needs Administer Jira and documents no time zone key.)
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-server-info/#api-rest-api-3-serverinfo-get
   */
  async getServerInfo(): Promise<JiraServerInfo> {
    return this.http.json(JiraServerInfo, 'GET', route`/rest/api/3/serverInfo`);
  }

  /**
   * The groups of the site with these names (names that match no group are simply not in the
   * answer). Needs Browse users and groups, which the app and Jira admins have.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/#api-rest-api-3-group-bulk-get
   */
  async getGroupsByName(names: readonly string[]): Promise<JiraGroupName[]> {
    if (names.length === 0) return [];
    const params = new URLSearchParams();
    for (const name of names) params.append('groupName', name);
    return collectOffsetPages(
      (startAt, maxResults) => {
        const page = new URLSearchParams(params);
        page.set('startAt', String(startAt));
        page.set('maxResults', String(maxResults));
        return this.http.json(jiraPageBean(JiraGroupName), 'GET', route`/rest/api/3/group/bulk?${page}`);
      },
      this.paging('GET /rest/api/3/group/bulk', 50),
    );
  }

  /** @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-groups-get */
  async getUserGroups(accountId: string): Promise<JiraGroupName[]> {
    return this.http.json(z.array(JiraGroupName), 'GET', route`/rest/api/3/user/groups?accountId=${accountId}`);
  }

  /**
   * People who may be assigned the issue (or new issues in the project) whose display name or
   * email starts with (a word of) `query`. Needs Browse users and groups or Assign issues; Jira may
   * return fewer than `maxResults`.
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-assignable-search-get
   */
  async findAssignableUsers(scope: { issueKey: string } | { projectKey: string }, query: string, maxResults = 20): Promise<JiraUser[]> {
    const params = new URLSearchParams('issueKey' in scope ? { issueKey: scope.issueKey } : { project: scope.projectKey });
    params.set('query', query);
    params.set('maxResults', String(maxResults));
    return this.http.json(z.array(JiraUser), 'GET', route`/rest/api/3/user/assignable/search?${params}`);
  }

  /**
   * The issue types the caller may create in a project (the first 200; projects have a handful).
   * @see https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-createmeta-projectidorkey-issuetypes-get
   * @throws ProductApiError badRequest when the project does not exist or the caller may not create issues in it.
   */
  async getCreatableIssueTypes(projectIdOrKey: string): Promise<Array<{ id: string; name: string; subtask?: boolean | undefined }>> {
    const page = await this.http.json(
      z.object({ issueTypes: z.array(z.object({ id: z.string(), name: z.string(), subtask: z.boolean().optional() })).default([]) }),
      'GET',
      route`/rest/api/3/issue/createmeta/${projectIdOrKey}/issuetypes?maxResults=200`,
    );
    return page.issueTypes;
  }

  /**
   * Every issue of `issueIdsOrKeys` the caller may browse, in Jira's answers' order: one bulk fetch
   * per 100 (not one GET per issue), `concurrency` at once and paced like every bulk read. Issues
   * that do not exist or that the caller may not browse are absent.
   * @throws ProductApiError unavailable when Jira lists an asked issue in `issueErrors` (a
   *   retriable failure), as a failed GET of that issue would: it is never read as missing.
   */
  async bulkFetchAllIssues(
    issueIdsOrKeys: readonly string[],
    fields: readonly string[],
    concurrency = this.pageConcurrency,
  ): Promise<JiraIssue[]> {
    const chunks: string[][] = [];
    for (let start = 0; start < issueIdsOrKeys.length; start += BULK_FETCH_LIMIT) {
      chunks.push(issueIdsOrKeys.slice(start, start + BULK_FETCH_LIMIT));
    }
    const answers = await mapWithConcurrency(chunks, concurrency, (chunk) => this.bulkFetchIssues(chunk, fields));
    const failures = answers.flatMap((answer) => answer.issueErrors);
    if (failures.length > 0) {
      const messages = failures.map((failure) => `${failure.id}: ${failure.errorMessage ?? 'no message'}`);
      throw new ProductApiError('unavailable', `POST /rest/api/3/issue/bulkfetch could not return ${messages.join('; ')}`, {
        product: 'jira',
        method: 'POST',
        path: '/rest/api/3/issue/bulkfetch',
        errorMessages: messages,
      });
    }
    return answers.flatMap((answer) => answer.issues);
  }

  /**
   * Several issues by key, in the order asked, with the caller's permissions (bulkFetchAllIssues).
   * An issue that does not exist or that the caller may not browse comes back as undefined. Jira
   * matches keys case-insensitively and follows moved issues; an answer is placed only under a key
   * that was asked for, so a moved issue reads as missing.
   * @throws ProductApiError unavailable when Jira lists an asked issue in `issueErrors`.
   */
  async getIssues(issueKeys: readonly string[], options: { fields: readonly string[] }): Promise<Array<JiraIssue | undefined>> {
    const byKey = new Map<string, JiraIssue>();
    for (const issue of await this.bulkFetchAllIssues(issueKeys, options.fields)) byKey.set(issue.key.toUpperCase(), issue);
    return issueKeys.map((key) => byKey.get(key.toUpperCase()));
  }
}
