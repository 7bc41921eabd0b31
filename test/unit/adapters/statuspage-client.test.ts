import { fetch as forgeFetch } from '@forge/api';
import { DEMO_STATUSPAGE_PAGE_ID } from '../../../local-site';
import { StatuspageClient, StatuspageError, type StatuspageIncidentWrite } from '../../../src/adapters/statuspage/statuspage-client';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

/**
 * The Statuspage client against the local Statuspage, through `fetch` from @forge/api (the egress
 * the app uses on Forge; the local runtime serves https://api.statuspage.io/v1 from the site).
 * Time is simulated: the client's waits advance the clock the site's rate limiter reads.
 */
describe('StatuspageClient', () => {
  let forge: LocalForge;
  let nowMs: number;
  let slept: number[];
  let keyCounter = 0;
  let apiKey: string;

  const sleep = async (ms: number) => {
    slept.push(ms);
    nowMs += ms;
  };
  const client = (overrides: Partial<ConstructorParameters<typeof StatuspageClient>[0]> = {}) =>
    new StatuspageClient({ apiKey, pageId: DEMO_STATUSPAGE_PAGE_ID, sleep, now: () => nowMs, ...overrides });
  const write = (overrides: Partial<StatuspageIncidentWrite> = {}): StatuspageIncidentWrite => ({
    name: 'Checkout errors for EU customers',
    status: 'investigating',
    body: 'We are investigating failed payments.',
    components: { dmcmp0pay003: 'major_outage' },
    jiraIssueKey: 'INC-1',
    ...overrides,
  });
  const failure = async (promise: Promise<unknown>): Promise<StatuspageError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StatuspageError);
    return error as StatuspageError;
  };

  beforeEach(async () => {
    nowMs = Date.parse('2026-11-30T10:00:00.000Z');
    slept = [];
    forge = await startLocalForge({ clock: () => new Date(nowMs) });
    // A key per test: pacing is per key and per process, so tests do not wait for each other.
    keyCounter += 1;
    apiKey = `test-key-${keyCounter}-${Date.now()}`;
    forge.site.statuspage.addApiKey(apiKey, [DEMO_STATUSPAGE_PAGE_ID]);
  });
  afterEach(() => forge.dispose());

  it('creates the incident once, finds it by its Jira key, updates and resolves it', async () => {
    const statuspage = client();
    const components = await statuspage.listComponents();
    expect(components.map((c) => c.name)).toEqual(['API', 'Website', 'Payments', 'Notifications']);
    expect(await statuspage.findOpenIncidentFor('INC-1')).toBeNull();

    const created = await statuspage.createIncident(write());
    expect(created).toEqual({
      id: expect.any(String),
      name: 'Checkout errors for EU customers',
      status: 'investigating',
      shortlink: expect.stringMatching(/^https:\/\//),
    });
    expect(await statuspage.findOpenIncidentFor('INC-1')).toEqual(created);
    expect(await statuspage.findOpenIncidentFor('INC-2')).toBeNull();

    const resolved = await statuspage.updateIncident(
      created.id,
      write({ status: 'resolved', body: 'Payments work again.', components: { dmcmp0pay003: 'operational' } }),
    );
    expect(resolved.status).toBe('resolved');
    expect(await statuspage.findOpenIncidentFor('INC-1')).toBeNull();

    const [incident] = forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID);
    expect(forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID)).toHaveLength(1);
    expect(incident!.incident_updates.map((u) => [u.status, u.body])).toEqual([
      ['resolved', 'Payments work again.'],
      ['investigating', 'We are investigating failed payments.'],
    ]);
    expect(forge.site.contract.violations).toEqual([]);
  });

  it('paces calls with one key to one per second, also when they are made at once', async () => {
    // A virtual clock: waits end when the test advances it, so the spacing is exact whatever the
    // machine's load (a real clock here measured scheduling jitter, not the client). It starts
    // after any slot this key took in earlier tests.
    let clock = Date.now() + 600_000;
    const timers: Array<{ at: number; resolve: () => void }> = [];
    const sentAt: number[] = [];
    const paced = (key: string) =>
      new StatuspageClient({
        apiKey: key,
        pageId: DEMO_STATUSPAGE_PAGE_ID,
        now: () => clock,
        sleep: (ms) => new Promise<void>((resolve) => timers.push({ at: clock + ms, resolve })),
        fetch: (url, init) => {
          sentAt.push(clock);
          return forgeFetch(url, init);
        },
      });
    let done = false;
    const calls = Promise.all([
      paced(apiKey).listComponents(),
      paced(apiKey).findOpenIncidentFor('INC-1'),
      paced(apiKey).getPage(),
    ]).finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next) {
        clock = Math.max(clock, next.at);
        next.resolve();
      }
    }
    await calls;
    expect(sentAt).toHaveLength(3);
    expect(sentAt[1]! - sentAt[0]!).toBeGreaterThanOrEqual(1000);
    expect(sentAt[2]! - sentAt[1]!).toBeGreaterThanOrEqual(1000);
    expect(forge.site.statuspage.requests.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('names the key as what to fix on 401, and never repeats the key', async () => {
    const error = await failure(client({ apiKey: 'revoked-key-123' }).listComponents());
    expect(error).toMatchObject({
      kind: 'UNAUTHORIZED',
      status: 401,
      message: 'Statuspage refused the API key (401): enter a valid key on the admin page',
    });
    expect(JSON.stringify({ message: error.message, stack: error.stack })).not.toContain('revoked-key-123');
  });

  it('names the page id on 404', async () => {
    forge.site.statuspage.addApiKey(apiKey, [DEMO_STATUSPAGE_PAGE_ID]);
    const error = await failure(client({ pageId: 'abc' }).listComponents());
    expect(error).toMatchObject({
      kind: 'NOT_FOUND',
      message: "Statuspage page 'abc' does not exist (404): check the page id on the admin page",
    });
    const missingIncident = await failure(client().updateIncident('gone123', write()));
    expect(missingIncident.kind).toBe('NOT_FOUND');
    expect(missingIncident.message).toContain("incident 'gone123'");
  });

  it('reports a 422 with the refused field, and posts nothing', async () => {
    const error = await failure(client().createIncident(write({ components: { nosuch: 'major_outage' } })));
    expect(error).toMatchObject({ kind: 'INVALID', field: 'components', status: 422 });
    expect(error.message).toContain("unknown component id 'nosuch'");
    expect(forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID)).toEqual([]);
  });

  it('refuses what Statuspage would refuse before sending anything', async () => {
    const tooLong = await failure(client().createIncident(write({ name: 'x'.repeat(256) })));
    expect(tooLong).toMatchObject({ kind: 'INVALID', field: 'name' });
    const badBody = await failure(client().createIncident(write({ body: 'x'.repeat(25_001) })));
    expect(badBody).toMatchObject({ kind: 'INVALID', field: 'body' });
    expect(forge.site.statuspage.requests).toEqual([]);
  });

  it('waits out a 420/429 (Retry-After, else 1 s) and then succeeds', async () => {
    forge.site.faults.inject({ match: { pathPrefix: '/statuspage/v1/' }, kind: '420', times: 1 });
    forge.site.faults.inject({ match: { pathPrefix: '/statuspage/v1/' }, kind: '429', retryAfterSeconds: 3, times: 1 });
    const components = await client().listComponents();
    expect(components).toHaveLength(4);
    expect(slept).toEqual(expect.arrayContaining([1000, 3000]));
    expect(forge.site.faults.served['420']).toBe(1);
    expect(forge.site.faults.served['429']).toBe(1);
  });

  it('gives up with RATE_LIMITED when the key is spent for longer than it may wait', async () => {
    // Another process used up the key's 60 requests of this minute.
    for (let i = 0; i < 60; i += 1)
      await forge.site.handle({
        method: 'GET',
        path: `/statuspage/v1/pages/${DEMO_STATUSPAGE_PAGE_ID}`,
        headers: { authorization: `OAuth ${apiKey}` },
      });
    const error = await failure(client().createIncident(write()));
    expect(error).toMatchObject({ kind: 'RATE_LIMITED', status: 429 });
    expect(error.message).toBe('Statuspage rate limited the API key (429): it allows 1 request per second; try again in 60 s');
    expect(forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID)).toEqual([]);
  });

  it('reports Statuspage as unavailable on 5xx, and posts nothing', async () => {
    forge.site.statuspage.setUnavailable(10 * 60_000);
    const error = await failure(client().createIncident(write()));
    expect(error).toMatchObject({
      kind: 'UNAVAILABLE',
      status: 503,
      message: 'Statuspage is unavailable (503): try again in a few minutes',
    });
    expect(forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID)).toEqual([]);
  });

  it('sends "Authorization: OAuth <key>" through the egress fetch, which reaches api.statuspage.io only', async () => {
    const response = await forgeFetch(`https://api.statuspage.io/v1/pages/${DEMO_STATUSPAGE_PAGE_ID}/components`, {
      headers: { Authorization: `OAuth ${apiKey}` },
    });
    expect(response.status).toBe(200);
    await expect(forgeFetch('https://example.com/')).rejects.toThrow(/egress to https:\/\/api\.statuspage\.io\/v1 only/);
  });
});
