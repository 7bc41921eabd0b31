import { createLocalSite, DEMO_STATUSPAGE_KEY, DEMO_STATUSPAGE_PAGE_ID, type LocalSite } from '../../local-site';

/**
 * The local Statuspage under /statuspage/v1 answers as Statuspage does (auth, rate limit, 404,
 * 422, outages), and every request and response is checked against the Statuspage v1 document.
 */
describe('local Statuspage', () => {
  let site: LocalSite;
  let now: Date;
  const oauth = (key = DEMO_STATUSPAGE_KEY) => ({ authorization: `OAuth ${key}` });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = oauth()) =>
    site.handle({
      method,
      path: `/statuspage/v1${path.split('?')[0]}`,
      query: Object.fromEntries(new URLSearchParams(path.split('?')[1] ?? '')),
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
    });
  const page = `/pages/${DEMO_STATUSPAGE_PAGE_ID}`;

  beforeEach(async () => {
    now = new Date('2026-11-30T10:00:00.000Z');
    site = await createLocalSite({ clock: () => now });
  });

  it('serves the demo page and its components to the demo key, checked against the document', async () => {
    const before = site.contract.checked.responses;
    const pageBody = await call('GET', page);
    expect(pageBody.status).toBe(200);
    expect(pageBody.body).toMatchObject({ id: DEMO_STATUSPAGE_PAGE_ID, name: 'Acme Cloud Status' });
    const components = await call('GET', `${page}/components?per_page=100`);
    expect(components.status).toBe(200);
    expect((components.body as { name: string; status: string }[]).map((c) => [c.name, c.status])).toEqual([
      ['API', 'operational'],
      ['Website', 'operational'],
      ['Payments', 'operational'],
      ['Notifications', 'operational'],
    ]);
    expect(site.contract.checked.responses).toBe(before + 2);
    expect(site.contract.violations).toEqual([]);
  });

  it('answers 401 without "Authorization: OAuth <key>" or with a key it does not know', async () => {
    expect((await call('GET', page, undefined, {})).status).toBe(401);
    expect((await call('GET', page, undefined, { authorization: `Bearer ${DEMO_STATUSPAGE_KEY}` })).status).toBe(401);
    const wrong = await call('GET', `${page}/components`, undefined, oauth('not-a-key'));
    expect(wrong).toMatchObject({ status: 401, body: { message: 'Could not authenticate' } });
    site.statuspage.revokeKey(DEMO_STATUSPAGE_KEY);
    expect((await call('GET', page)).status).toBe(401);
  });

  it('answers 404 for a page that does not exist, and for an unknown incident', async () => {
    expect(await call('GET', '/pages/nopage12/components')).toMatchObject({ status: 404, body: { message: expect.any(String) } });
    expect((await call('PATCH', `${page}/incidents/nosuchincident`, { incident: { status: 'resolved' } })).status).toBe(404);
  });

  it('creates an incident with its first update, applies component statuses, lists it as unresolved, and resolves it', async () => {
    const created = await call('POST', `${page}/incidents`, {
      incident: {
        name: 'Checkout errors',
        status: 'investigating',
        body: 'We are looking into failed payments.',
        components: { dmcmp0pay003: 'major_outage' },
        component_ids: ['dmcmp0pay003'],
        metadata: { incident_response_for_jira: { jira_issue_key: 'INC-1' } },
      },
    });
    expect(created.status).toBe(201);
    const incident = created.body as {
      id: string;
      impact: string;
      shortlink: string;
      incident_updates: { body: string; affected_components: unknown[] }[];
    };
    expect(incident).toMatchObject({
      name: 'Checkout errors',
      status: 'investigating',
      impact: 'critical',
      metadata: { incident_response_for_jira: { jira_issue_key: 'INC-1' } },
    });
    expect(incident.incident_updates).toEqual([
      expect.objectContaining({
        body: 'We are looking into failed payments.',
        affected_components: [{ code: 'dmcmp0pay003', name: 'Payments', old_status: 'operational', new_status: 'major_outage' }],
      }),
    ]);
    expect(site.statuspage.componentsOf(DEMO_STATUSPAGE_PAGE_ID).find((c) => c.id === 'dmcmp0pay003')?.status).toBe('major_outage');

    const unresolved = await call('GET', `${page}/incidents/unresolved?page=1&per_page=100`);
    expect((unresolved.body as { id: string }[]).map((i) => i.id)).toEqual([incident.id]);

    now = new Date('2026-11-30T10:30:00.000Z');
    const resolved = await call('PATCH', `${page}/incidents/${incident.id}`, {
      incident: { status: 'resolved', body: 'Payments work again.', components: { dmcmp0pay003: 'operational' } },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolved_at: '2026-11-30T10:30:00.000Z', impact: 'none' });
    expect((resolved.body as { incident_updates: { body: string }[] }).incident_updates.map((u) => u.body)).toEqual([
      'Payments work again.',
      'We are looking into failed payments.',
    ]);
    expect((await call('GET', `${page}/incidents/unresolved`)).body).toEqual([]);
    expect(site.contract.violations).toEqual([]);
  });

  it('refuses a bad incident with 422 naming the field, and changes nothing', async () => {
    const tooLong = await call('POST', `${page}/incidents`, { incident: { name: 'x'.repeat(256), status: 'investigating', body: 'b' } });
    expect(tooLong).toMatchObject({ status: 422, body: { message: expect.stringMatching(/^name is too long/) } });
    const unknownComponent = await call('POST', `${page}/incidents`, {
      incident: { name: 'n', status: 'investigating', body: 'b', components: { nosuch: 'major_outage' } },
    });
    expect(unknownComponent).toMatchObject({
      status: 422,
      body: { message: expect.stringMatching(/^components contains an unknown component id 'nosuch'/) },
    });
    const badMetadata = await call('POST', `${page}/incidents`, {
      incident: { name: 'n', status: 'investigating', metadata: { key: 'INC-1' } },
    });
    expect(badMetadata).toMatchObject({ status: 422, body: { message: 'metadata top-level values must be objects' } });
    expect(site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID)).toEqual([]);
    expect(site.contract.violations).toEqual([]);
  });

  it('limits each key to 1 request per second on a 60 s rolling window: the 61st within a minute gets 429 with Retry-After', async () => {
    for (let i = 0; i < 60; i += 1) {
      now = new Date(Date.parse('2026-11-30T10:00:00.000Z') + i * 100);
      expect((await call('GET', page)).status).toBe(200);
    }
    const limited = await call('GET', page);
    expect(limited.status).toBe(429);
    // The first of the 60 leaves the window at 10:01:00.000; it is now 10:00:05.900.
    expect(limited.headers['retry-after']).toBe('55');
    // Another key is limited on its own.
    site.statuspage.addApiKey('second-key', [DEMO_STATUSPAGE_PAGE_ID]);
    expect((await call('GET', page, undefined, oauth('second-key'))).status).toBe(200);
    now = new Date('2026-11-30T10:01:00.050Z');
    expect((await call('GET', page)).status).toBe(200);
    expect(site.contract.violations).toEqual([]);
  });

  it('answers 503 while switched unavailable, then recovers', async () => {
    site.statuspage.setUnavailable(120_000);
    const down = await call('GET', `${page}/components`);
    expect(down).toMatchObject({ status: 503, body: { message: expect.any(String) } });
    now = new Date(now.getTime() + 121_000);
    expect((await call('GET', `${page}/components`)).status).toBe(200);
  });

  it('reports a request outside the Statuspage document as a contract violation', async () => {
    const bad = await call('POST', `${page}/incidents`, { incident: { name: 'n', status: 'on_fire' } });
    expect(bad.status).toBe(400);
    const violations = site.contract.acknowledge();
    expect(violations).toEqual([
      expect.objectContaining({ product: 'statuspage', kind: 'bad-request', operationId: 'postPagesPageIdIncidents' }),
    ]);
  });

  describe('exceptions to the Statuspage document stay narrow', () => {
    const patch = {
      method: 'PATCH',
      path: `/statuspage/v1${page}/incidents/abc`,
      query: {},
      headers: {},
      body: { incident: { status: 'resolved' } },
    };

    it("accepts an undeclared 401/404/422 only with the document's ErrorEntity body", () => {
      expect(
        site.contract.checker.checkResponse(patch, {
          status: 404,
          headers: {},
          body: { message: 'The requested resource could not be found.' },
        }),
      ).toBeUndefined();
      expect(site.contract.checker.checkResponse(patch, { status: 404, headers: {}, body: { error: 'not found' } })).toMatchObject({
        kind: 'undeclared-status',
        product: 'statuspage',
      });
      expect(site.contract.checker.checkResponse(patch, { status: 418, headers: {}, body: { message: 'teapot' } })).toMatchObject({
        kind: 'undeclared-status',
      });
    });

    it('reads Incident.metadata as an object (the document says "Object"), and still checks it', () => {
      const incident = {
        id: 'abc',
        name: 'n',
        status: 'investigating',
        metadata: { incident_response_for_jira: { jira_issue_key: 'INC-1' } },
      };
      expect(
        site.contract.checker.validateResponseBody('statuspage', 'get', `/statuspage/v1${page}/incidents/unresolved`, [incident]),
      ).toEqual([]);
      expect(
        site.contract.checker.validateResponseBody('statuspage', 'get', `/statuspage/v1${page}/incidents/unresolved`, [
          { ...incident, metadata: 'INC-1' },
        ]),
      ).toEqual(['/0/metadata must be object']);
      expect(
        site.contract.checker.validateResponseBody('statuspage', 'get', `/statuspage/v1${page}/incidents/unresolved`, [
          { ...incident, id: 5 },
        ]),
      ).toEqual(['/0/id must be string']);
    });
  });
});
