import { AppStorage, type KeyValueStore } from '../../../src/adapters/storage/app-storage';
import { SITE_STATUSES_MAX_AGE_MINUTES, SiteStatusStore } from '../../../src/adapters/jira/site-statuses';
import type { JiraStatus } from '../../../src/adapters/jira/jira-schemas';

/** Plain values in a Map, as KVS keeps them (get/set/delete only: all the store uses). */
function memoryKvs(): KeyValueStore {
  const values = new Map<string, unknown>();
  return {
    get: async <T>(key: string) => values.get(key) as T | undefined,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
    getSecret: async () => undefined,
    setSecret: async () => undefined,
    deleteSecret: async () => undefined,
  };
}

/** The two reads the store makes, counted, answering what the site holds now. */
function siteJira(statuses: JiraStatus[], timeZone: () => string | Error) {
  const calls: string[] = [];
  return {
    calls,
    getStatuses: async () => {
      calls.push('status');
      return statuses.map((status) => ({ ...status }));
    },
    getServerInfo: async () => {
      calls.push('serverInfo');
      const zone = timeZone();
      if (zone instanceof Error) throw zone;
      return { baseUrl: 'https://example.atlassian.net', serverTimeZone: zone };
    },
  };
}

const OPEN: JiraStatus = { id: '1', name: 'Open', statusCategory: { id: 2, key: 'new', name: 'To Do' } };

describe('SiteStatusStore', () => {
  let clock = Date.parse('2026-11-30T10:00:00.000Z');
  const now = () => new Date(clock).toISOString();

  it(`answers from storage for ${SITE_STATUSES_MAX_AGE_MINUTES} minutes, then reads Jira again`, async () => {
    const statuses = [OPEN];
    const jira = siteJira(statuses, () => 'Europe/Berlin');
    const store = new SiteStatusStore(jira, new AppStorage(memoryKvs()), now);
    expect(await store.load()).toMatchObject({
      statuses: [{ id: '1', name: 'Open', categoryKey: 'new' }],
      serverTimeZone: 'Europe/Berlin',
    });
    statuses[0] = { ...OPEN, name: 'New' };
    clock += SITE_STATUSES_MAX_AGE_MINUTES * 60_000;
    expect((await store.load()).statuses[0]?.name).toBe('Open');
    expect(jira.calls).toEqual(['status', 'serverInfo']);
    clock += 60_000;
    expect((await store.load()).statuses[0]?.name).toBe('New');
    expect(jira.calls).toEqual(['status', 'serverInfo', 'status', 'serverInfo']);
  });

  it('does not keep a copy without the time zone, so the next load asks again', async () => {
    let zone: string | Error = new Error('503');
    const warnings: string[] = [];
    const jira = siteJira([OPEN], () => zone);
    const store = new SiteStatusStore(jira, new AppStorage(memoryKvs()), now, (message) => warnings.push(message));
    expect((await store.load()).serverTimeZone).toBeNull();
    expect(warnings).toEqual([expect.stringContaining('times in UTC')]);
    zone = 'Asia/Tokyo';
    expect((await store.load()).serverTimeZone).toBe('Asia/Tokyo');
    expect((await store.load()).serverTimeZone).toBe('Asia/Tokyo');
    expect(jira.calls).toEqual(['status', 'serverInfo', 'status', 'serverInfo']);
  });

  it('forgets its copy on request', async () => {
    const jira = siteJira([OPEN], () => 'UTC');
    const store = new SiteStatusStore(jira, new AppStorage(memoryKvs()), now);
    await store.load();
    await store.forget();
    await store.load();
    expect(jira.calls.filter((call) => call === 'status')).toHaveLength(2);
  });
});
