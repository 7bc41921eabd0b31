import { POSTMORTEM_RESOLVER_KEYS } from '../../src/contracts/postmortem-macro';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { addHistory, addIncident, BENCH_USERS, CONFLUENCE_SPACE } from '../../bench/support/bench-site';
import { startFaultSite, type FaultSite } from '../faults/support/fault-kit';

/**
 * 50 people (or one person double-clicking 50 times) create the postmortem of the same incident at
 * once. The guarantee (docs/consistency.md): at most one page per incident; every answer is that
 * page or a CONFLICT asking to try again, and a later create returns the same page.
 */
const CONCURRENT = 50;
const responder = BENCH_USERS.responder.accountId;
jest.setTimeout(180_000);

type Envelope =
  | { success: true; data: { page: { id: string; title: string }; created: boolean } }
  | { success: false; error: { code: string; message: string } };

describe(`${CONCURRENT} concurrent postmortem creations`, () => {
  let site: FaultSite;
  beforeAll(async () => {
    site = await startFaultSite();
    site.recorder.latencyMs = 1;
  });
  afterAll(() => site.dispose());

  const create = async (issueKey: string) =>
    (await site.forge.invoke(
      postmortemMacroResolver,
      POSTMORTEM_RESOLVER_KEYS.create,
      { issueKey },
      { accountId: responder, extension: { space: { id: CONFLUENCE_SPACE.id, key: CONFLUENCE_SPACE.key } } },
    )) as Envelope;
  const pagesFor = (issueKey: string) =>
    site.recorder.exchanges.filter(
      (e) =>
        e.method === 'POST' &&
        e.path === '/wiki/api/v2/pages' &&
        e.status >= 200 &&
        e.status < 300 &&
        JSON.stringify(e.requestBody).includes(issueKey),
    );

  it('on one incident: exactly one page is created, and every answer is that page or a clear CONFLICT', async () => {
    const key = addIncident(site.forge.site, { summary: 'Payments outage', status: 'Resolved' });
    addHistory(site.forge.site, key, { changelogEntries: 120, comments: 12 });
    site.recorder.clear();

    const results = await Promise.all(Array.from({ length: CONCURRENT }, () => create(key)));

    expect(pagesFor(key)).toHaveLength(1);
    const pageIds = new Set(results.flatMap((result) => (result.success ? [result.data.page.id] : [])));
    expect(pageIds.size).toBe(1);
    const others = results.filter((result) => !result.success);
    for (const other of others)
      expect(other).toMatchObject({ success: false, error: { code: 'CONFLICT', message: expect.stringMatching(/try again/) } });
    expect(results.filter((result) => result.success && result.data.created)).toHaveLength(1);

    // A later create (a retry, a second click) answers the same page and creates nothing.
    const again = await create(key);
    expect(again).toMatchObject({ success: true, data: { created: false } });
    if (again.success) expect(pageIds.has(again.data.page.id)).toBe(true);
    expect(pagesFor(key)).toHaveLength(1);
    console.log(
      `load: ${CONCURRENT} concurrent postmortem creates on ${key}: 1 page created; ${results.filter((r) => r.success).length} answered with it, ${others.length} answered CONFLICT (try again); a later create returned the same page`,
    );
  });
});
