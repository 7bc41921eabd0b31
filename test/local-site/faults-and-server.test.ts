import api, { route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { ACTOR_HEADER } from '../../local-site';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

describe('local site faults, latency, stats and the HTTP server', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterEach(() => forge.dispose());

  it('serves injected 429s with Retry-After, then the real answer', async () => {
    forge.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/issue/' }, times: 2, kind: '429', retryAfterSeconds: 3 });
    const first = await api.asApp().requestJira(route`/rest/api/3/issue/INC-1`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('3');
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/INC-1`)).status).toBe(429);
    expect((await api.asApp().requestJira(route`/rest/api/3/issue/INC-1`)).status).toBe(200);
    expect(forge.site.faults.served['429']).toBe(2);
    expect(forge.site.faults.pending).toBe(0);
  });

  it('resets the connection like undici (fetch failed) and truncates bodies', async () => {
    forge.site.faults.inject({ match: (req) => req.path.endsWith('/changelog'), kind: 'reset' });
    await expect(api.asApp().requestJira(route`/rest/api/3/issue/INC-2/changelog`)).rejects.toThrow('fetch failed');

    forge.site.faults.inject({ match: { pathPrefix: '/rest/api/3/myself' }, kind: 'truncated' });
    const truncated = await api.asApp().requestJira(route`/rest/api/3/myself`);
    expect(truncated.status).toBe(200);
    await expect(truncated.json()).rejects.toThrow();
  });

  it('fails storage calls with 503 for the kvs client as well', async () => {
    forge.site.faults.inject({ match: { pathPrefix: '/api/v1/get' }, kind: '503' });
    await expect(kvs.get('anything')).rejects.toThrow();
    expect(await kvs.get('anything')).toBeUndefined();
  });

  it('slows requests down and counts them per product', async () => {
    forge.site.faults.inject({ match: { pathPrefix: '/wiki/' }, kind: 'slow', delayMs: 60 });
    const started = Date.now();
    await api.asApp().requestConfluence(route`/wiki/api/v2/spaces`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    await api.asApp().requestJira(route`/rest/api/3/status`);
    await kvs.set('k', 1);
    expect({ jira: forge.site.stats.jira, confluence: forge.site.stats.confluence, kvs: forge.site.stats.kvs }).toEqual({
      jira: 1,
      confluence: 1,
      kvs: 1,
    });
  });

  it('records issue events with the actor, including whether the app acted', async () => {
    const events: { eventType: string; atlassianId: string; actorIsApp: boolean; items?: unknown[] }[] = [];
    forge.site.onIssueEvent((e) =>
      events.push({ eventType: e.eventType, atlassianId: e.atlassianId, actorIsApp: e.actorIsApp, items: e.changelog?.items }),
    );
    const adf = { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Looking.' }] }] };
    await forge.asInvocation({ accountId: SEED_USERS.responder }, () =>
      api.asUser().requestJira(route`/rest/api/3/issue/INC-1/comment`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: adf }),
      }),
    );
    await api.asApp().requestJira(route`/rest/api/3/issue/INC-3`, { method: 'DELETE' });
    expect(events).toEqual([
      { eventType: 'avi:jira:commented:issue', atlassianId: SEED_USERS.responder, actorIsApp: false, items: undefined },
      { eventType: 'avi:jira:deleted:issue', atlassianId: forge.site.appAccountId, actorIsApp: true, items: undefined },
    ]);
  });

  it('serves the same handler over HTTP, acting as the user named in the header', async () => {
    const server = await forge.site.listen(0);
    try {
      const res = await fetch(`${server.url}/rest/api/3/myself`, { headers: { [ACTOR_HEADER]: SEED_USERS.viewer } });
      expect(res.status).toBe(200);
      expect((await res.json()).accountId).toBe(SEED_USERS.viewer);
      const hidden = await fetch(`${server.url}/rest/api/3/issue/INC-1`, { headers: { [ACTOR_HEADER]: SEED_USERS.viewer } });
      expect(hidden.status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('adds the configured latency to every request', async () => {
    const slow = await startLocalForge({ latencyMs: 40 });
    try {
      const started = Date.now();
      await api.asApp().requestJira(route`/rest/api/3/status`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    } finally {
      await slow.dispose();
    }
  });
});
