import { POSTMORTEM_RESOLVER_KEYS } from '../../src/contracts/postmortem-macro';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { addHistory, addIncident, BENCH_USERS, CONFLUENCE_SPACE } from '../../bench/support/bench-site';
import { startFaultSite, type FaultSite } from './support/fault-kit';

/**
 * Postmortem generation under faults: it completes or fails with a message that says what failed,
 * and the incident's page is never created twice (retries, a resent request, double clicks).
 */
const responder = BENCH_USERS.responder.accountId;
jest.setTimeout(120_000);

type Envelope =
  { success: true; data: { page: { id: string }; created: boolean } } | { success: false; error: { code: string; message: string } };

describe('postmortem generation under faults', () => {
  let site: FaultSite;
  beforeAll(async () => {
    site = await startFaultSite();
  });
  afterAll(() => site.dispose());
  afterEach(() => site.forge.site.faults.clear());

  const incident = () => {
    const key = addIncident(site.forge.site, { summary: `Queue backlog ${Math.random().toString(36).slice(2, 8)}`, status: 'Resolved' });
    addHistory(site.forge.site, key, { changelogEntries: 230, comments: 8 });
    return key;
  };
  const create = async (issueKey: string) =>
    (await site.forge.invoke(
      postmortemMacroResolver,
      POSTMORTEM_RESOLVER_KEYS.create,
      { issueKey },
      { accountId: responder, extension: { space: { id: CONFLUENCE_SPACE.id } } },
    )) as Envelope;
  const pagesCreatedFor = (issueKey: string) =>
    site.recorder.exchanges.filter(
      (e) =>
        e.method === 'POST' &&
        e.path === '/wiki/api/v2/pages' &&
        e.status >= 200 &&
        e.status < 300 &&
        JSON.stringify(e.requestBody).includes(issueKey),
    ).length;

  it('completes when changelog pages answer 503 and 429 a few times (with backoff and Retry-After)', async () => {
    const key = incident();
    site.forge.site.faults.inject({
      match: (req) => req.path.endsWith(`${key}/changelog`) && req.query.startAt === '100',
      kind: '503',
      retryAfterSeconds: 0,
      times: 2,
    });
    site.forge.site.faults.inject({ match: (req) => req.path.endsWith(`${key}/comment`), kind: '429', retryAfterSeconds: 0, times: 1 });
    expect(await create(key)).toMatchObject({ success: true, data: { created: true } });
    expect(pagesCreatedFor(key)).toBe(1);
  });

  it('fails with a clear message, and creates no page, when a changelog page comes back truncated', async () => {
    const key = incident();
    site.forge.site.faults.inject({
      match: (req) => req.path.endsWith(`${key}/changelog`) && req.query.startAt === '200',
      kind: 'truncated',
      times: 1,
    });
    const result = await create(key);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.message.length).toBeGreaterThan(20);
    expect(pagesCreatedFor(key)).toBe(0);
    console.log(`postmortem, truncated changelog page: ${result.success ? 'ok' : `${result.error.code}: ${result.error.message}`}`);
  });

  it('fails with a clear message when Jira stays unavailable past the retry budget of a call it does not retry (500)', async () => {
    const key = incident();
    site.forge.site.faults.inject({ match: (req) => req.path === `/rest/api/3/issue/${key}`, kind: '500', times: 100 });
    const result = await create(key);
    expect(result).toMatchObject({ success: false, error: { code: 'UNAVAILABLE' } });
    expect(pagesCreatedFor(key)).toBe(0);
  });

  it('a connection reset on the page create is not blindly resent, and the next click leaves exactly one page', async () => {
    const key = incident();
    site.forge.site.faults.inject({ match: (req) => req.method === 'POST' && req.path === '/wiki/api/v2/pages', kind: 'reset', times: 1 });
    const first = await create(key);
    expect(first.success).toBe(false);
    const second = await create(key);
    expect(second).toMatchObject({ success: true });
    const third = await create(key);
    expect(third).toMatchObject({ success: true, data: { created: false } });
    if (second.success && third.success) expect(third.data.page.id).toBe(second.data.page.id);
    expect(pagesCreatedFor(key)).toBe(1);
  });

  it('a double click (two creates back to back) yields one page, the second answer naming it', async () => {
    const key = incident();
    const [a, b] = await Promise.all([create(key), create(key)]);
    const c = await create(key);
    const ids = new Set([a, b, c].flatMap((result) => (result.success ? [result.data.page.id] : [])));
    expect(ids.size).toBe(1);
    expect(pagesCreatedFor(key)).toBe(1);
  });
});
