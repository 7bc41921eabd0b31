import api from '@forge/api';
import { ConfluenceClient } from '../../src/adapters/confluence/confluence-client';
import { JiraClient } from '../../src/adapters/jira/jira-client';
import { DEFAULT_RETRY_POLICY } from '../../src/adapters/http/retry-policy';
import { addHistory, addIncident, BENCH_USERS, CONFLUENCE_SPACE } from '../../bench/support/bench-site';
import { caughtApiError, startFaultSite, virtualRetryClock, type FaultSite } from './support/fault-kit';

/**
 * The adapters against the local site's injected faults, through the real @forge/api. Retry waits
 * run on a virtual clock, so the real retry budget (20 s) is exercised without waiting it out.
 */
const responder = BENCH_USERS.responder.accountId;
jest.setTimeout(120_000);

describe('adapters under injected faults', () => {
  let site: FaultSite;
  let key: string;
  beforeAll(async () => {
    site = await startFaultSite();
    key = addIncident(site.forge.site, { summary: 'Fault target' });
    addHistory(site.forge.site, key, { changelogEntries: 250, comments: 30 });
  });
  afterAll(() => site.dispose());
  afterEach(() => {
    site.forge.site.faults.clear();
    site.recorder.clear();
  });

  const asResponder = <T>(fn: () => Promise<T>) => site.forge.asInvocation({ accountId: responder }, fn);
  const jiraWith = (clock = virtualRetryClock()) => ({ jira: new JiraClient(api.asUser().requestJira, { retry: clock.policy }), clock });
  const requestsTo = (pathPart: string, method = 'GET') =>
    site.recorder.exchanges.filter((e) => e.method === method && e.path.includes(pathPart));

  it('waits out a 429 for its Retry-After seconds and returns the retried answer', async () => {
    site.forge.site.faults.inject({
      match: { method: 'GET', pathPrefix: `/rest/api/3/issue/${key}` },
      kind: '429',
      retryAfterSeconds: 7,
      times: 2,
    });
    const { issue, clock } = await asResponder(async () => {
      const { jira, clock } = jiraWith();
      return { issue: await jira.getIssue(key), clock };
    });
    expect(issue.key).toBe(key);
    expect(clock.sleeps).toEqual([7000, 7000]);
    expect(requestsTo(`/issue/${key}`).map((e) => e.status)).toEqual([429, 429, 200]);
  });

  it('retries a 503 with backoff, on a later changelog page too, and still returns every entry once', async () => {
    site.forge.site.faults.inject({
      match: (req) => req.path.endsWith('/changelog') && req.query.startAt === '100',
      kind: '503',
      times: 2,
    });
    const { entries, clock } = await asResponder(async () => {
      const { jira, clock } = jiraWith();
      return { entries: await jira.getChangelogAll(key), clock };
    });
    expect(entries).toHaveLength(250);
    expect(new Set(entries.map((entry) => entry.id)).size).toBe(250);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]!).toBeGreaterThan(clock.sleeps[0]!);
  });

  it('gives up on a 429 that never clears with a typed rateLimited error, within the attempt and time budget', async () => {
    site.forge.site.faults.inject({ match: { pathPrefix: '/rest/api/3/issue/' }, kind: '429', retryAfterSeconds: 3, times: 1000 });
    const clock = virtualRetryClock();
    const error = await asResponder(() => caughtApiError(jiraWith(clock).jira.getIssue(key)));
    expect(error.kind).toBe('rateLimited');
    expect(error.status).toBe(429);
    expect(error.details.retryAfterSeconds).toBe(3);
    expect(error.message).toMatch(/answered 429/);
    expect(requestsTo(`/issue/${key}`)).toHaveLength(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(clock.elapsed()).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.budgetMs);
  });

  it('stops retrying when the next Retry-After would pass the time budget, rather than sleeping past it', async () => {
    site.forge.site.faults.inject({ match: { pathPrefix: '/rest/api/3/issue/' }, kind: '429', retryAfterSeconds: 15, times: 1000 });
    const clock = virtualRetryClock();
    const error = await asResponder(() => caughtApiError(jiraWith(clock).jira.getIssue(key)));
    expect(error.kind).toBe('rateLimited');
    expect(clock.sleeps).toEqual([15_000]);
    expect(requestsTo(`/issue/${key}`)).toHaveLength(2);
  });

  it('gives up on a 503 that never clears with a typed unavailable error', async () => {
    site.forge.site.faults.inject({ match: { pathPrefix: '/rest/api/3/issue/' }, kind: '503', times: 1000 });
    const clock = virtualRetryClock();
    const error = await asResponder(() => caughtApiError(jiraWith(clock).jira.getIssue(key)));
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBe(503);
    expect(requestsTo(`/issue/${key}`).length).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxAttempts);
    expect(clock.elapsed()).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.budgetMs);
  });

  it('does not retry a 500: the server may have acted, and a 500 does not say it did not', async () => {
    site.forge.site.faults.inject({ match: { pathPrefix: '/rest/api/3/issue/' }, kind: '500', times: 5 });
    const error = await asResponder(() => caughtApiError(jiraWith().jira.getIssue(key)));
    expect(error.kind).toBe('unavailable');
    expect(requestsTo(`/issue/${key}`)).toHaveLength(1);
  });

  it('resends a GET after a connection reset', async () => {
    site.forge.site.faults.inject({ match: { method: 'GET', pathPrefix: `/rest/api/3/issue/${key}` }, kind: 'reset', times: 1 });
    const issue = await asResponder(() => jiraWith().jira.getIssue(key));
    expect(issue.key).toBe(key);
    expect(requestsTo(`/issue/${key}`).map((e) => e.status)).toEqual([0, 200]);
  });

  it('does not blindly resend a comment POST after a connection reset: one attempt, a typed error, no duplicate', async () => {
    site.forge.site.faults.inject({ match: { method: 'POST', pathPrefix: `/rest/api/3/issue/${key}/comment` }, kind: 'reset', times: 1 });
    const before = site.forge.site.jira.issue(key)!.comments.length;
    const error = await asResponder(() =>
      caughtApiError(
        jiraWith().jira.addComment(key, {
          type: 'doc',
          version: 1,
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'status update' }] }],
        }),
      ),
    );
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(/failed to connect/);
    expect(requestsTo('/comment', 'POST')).toHaveLength(1);
    expect(site.forge.site.jira.issue(key)!.comments.length).toBe(before);
  });

  it('does not resend a Confluence page create after a reset, and the page exists at most once', async () => {
    site.forge.site.faults.inject({ match: { method: 'POST', pathPrefix: '/wiki/api/v2/pages' }, kind: 'reset', times: 1 });
    const title = `Reset probe ${Date.now()}`;
    const error = await asResponder(() =>
      caughtApiError(
        new ConfluenceClient(api.asApp().requestConfluence, { retry: virtualRetryClock().policy }).createPage({
          spaceId: CONFLUENCE_SPACE.id,
          title,
          adf: { type: 'doc', version: 1, content: [] },
        }),
      ),
    );
    expect(error.kind).toBe('unavailable');
    expect(requestsTo('/wiki/api/v2/pages', 'POST')).toHaveLength(1);
    const found = await asResponder(() => new ConfluenceClient(api.asApp().requestConfluence).findPageByTitle(CONFLUENCE_SPACE.id, title));
    expect(found).toBeUndefined();
  });

  it('resends a POST refused with 429 (not processed) and creates the page exactly once', async () => {
    site.forge.site.faults.inject({
      match: { method: 'POST', pathPrefix: '/wiki/api/v2/pages' },
      kind: '429',
      retryAfterSeconds: 1,
      times: 1,
    });
    const title = `Rate limited create ${Date.now()}`;
    const page = await asResponder(() =>
      new ConfluenceClient(api.asApp().requestConfluence, { retry: virtualRetryClock().policy }).createPage({
        spaceId: CONFLUENCE_SPACE.id,
        title,
        adf: { type: 'doc', version: 1, content: [] },
      }),
    );
    expect(page.title).toBe(title);
    expect(requestsTo('/wiki/api/v2/pages', 'POST').map((e) => e.status)).toEqual([429, 200]);
  });

  it('reports a truncated changelog page as an invalid response naming the request', async () => {
    site.forge.site.faults.inject({
      match: (req) => req.path.endsWith('/changelog') && req.query.startAt === '200',
      kind: 'truncated',
      times: 1,
    });
    const error = await asResponder(() => caughtApiError(jiraWith().jira.getChangelogAll(key)));
    expect(error.kind).toBe('invalidResponse');
    expect(error.message).toMatch(new RegExp(`GET /rest/api/3/issue/${key}/changelog\\?startAt=200.* not JSON`));
  });

  it('reports a truncated issue body as an invalid response, not a crash deeper in the app', async () => {
    site.forge.site.faults.inject({ match: { method: 'GET', pathPrefix: `/rest/api/3/issue/${key}` }, kind: 'truncated', times: 1 });
    const error = await asResponder(() => caughtApiError(jiraWith().jira.getIssue(key)));
    expect(error.kind).toBe('invalidResponse');
    expect(error.details.status).toBe(200);
  });
});
