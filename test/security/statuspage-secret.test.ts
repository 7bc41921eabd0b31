import { DEMO_STATUSPAGE_PAGE_ID } from '../../local-site';
import { AppStorage } from '../../src/adapters/storage/app-storage';
import { StatuspageClient, type StatuspageIncidentWrite } from '../../src/adapters/statuspage/statuspage-client';
import { startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * The Statuspage API key is a secret: it lives in Forge secret storage and travels only in the
 * Authorization header to Statuspage. No error, log line, request log or contract report of any
 * failure path carries it.
 */
describe('the Statuspage key never leaks', () => {
  const KEY = 'sp-live-key-7f3c2a9d1e';
  let forge: LocalForge;
  let logged: string[];
  let spies: jest.SpyInstance[];

  beforeEach(async () => {
    forge = await startLocalForge();
    forge.site.statuspage.addApiKey(KEY, [DEMO_STATUSPAGE_PAGE_ID]);
    logged = [];
    spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      jest
        .spyOn(console, method)
        .mockImplementation(
          (...args: unknown[]) =>
            void logged.push(
              args
                .map((arg) =>
                  arg instanceof Error ? `${arg.message} ${arg.stack ?? ''}` : typeof arg === 'string' ? arg : JSON.stringify(arg),
                )
                .join(' '),
            ),
        ),
    );
  });
  afterEach(async () => {
    spies.forEach((spy) => spy.mockRestore());
    await forge.dispose();
  });

  it('appears in no error, log or site record on any failure path', async () => {
    const storage = new AppStorage(undefined, { sleep: async () => {} });
    await storage.setSecret('statuspage:api-key', KEY);
    const apiKey = (await storage.getSecret('statuspage:api-key'))!;
    const client = (pageId = DEMO_STATUSPAGE_PAGE_ID, key = apiKey) =>
      new StatuspageClient({ apiKey: key, pageId, sleep: async () => {}, minIntervalMs: 0 });
    const write: StatuspageIncidentWrite = {
      name: 'n',
      status: 'investigating',
      body: 'b',
      components: { nosuch: 'major_outage' },
      jiraIssueKey: 'INC-1',
    };
    const outcomes: unknown[] = [];
    const attempt = async (fn: () => Promise<unknown>) => outcomes.push(await fn().catch((error: unknown) => error));

    await attempt(() => client('nopage').listComponents()); // 404
    await attempt(() => client().createIncident(write)); // 422
    await attempt(() => client().createIncident({ ...write, name: '' })); // refused before sending
    forge.site.faults.inject({ match: { pathPrefix: '/statuspage/v1/' }, kind: 'reset' });
    await attempt(() => client().listComponents()); // connection reset
    forge.site.faults.inject({ match: { pathPrefix: '/statuspage/v1/' }, kind: '429', retryAfterSeconds: 120, times: 1 });
    await attempt(() => client().listComponents()); // 429 beyond the wait budget
    forge.site.statuspage.setUnavailable(60_000);
    await attempt(() => client().listComponents()); // 503
    forge.site.statuspage.available();
    forge.site.statuspage.revokeKey(KEY);
    await attempt(() => client().listComponents()); // 401
    forge.site.faults.inject({ match: { pathPrefix: '/api/v1/secret/' }, kind: '503', times: 5 });
    await attempt(() => storage.getSecret('statuspage:api-key')); // storage down

    expect(outcomes.every((outcome) => outcome instanceof Error)).toBe(true);
    const record = JSON.stringify(
      {
        errors: outcomes.map((error) => ({ message: (error as Error).message, stack: (error as Error).stack, ...(error as object) })),
        logged,
        siteLog: forge.site.stats.log,
        statuspageLog: forge.site.statuspage.requests,
        violations: forge.site.contract.violations,
      },
      (_key, value: unknown) => (value instanceof Error ? { message: value.message, stack: value.stack } : value),
    );
    expect(record).toContain('Statuspage refused the API key (401)');
    expect(record).not.toContain(KEY);
  });
});
