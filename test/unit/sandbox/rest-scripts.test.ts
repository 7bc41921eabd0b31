import path from 'node:path';
import { z } from 'zod';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';

/**
 * What a script written for Jira and Confluence Cloud does, with a plain fetch against `npm start`:
 * sign in with basic auth `email:API token` (Atlassian's scheme), read the create metadata before
 * creating an issue, list a space's pages and delete one. Every request and answer is checked
 * against the OpenAPI documents (test/support/contract-guard.ts fails the test on a violation).
 */
const ROOT = path.resolve(__dirname, '../../..');
const DEMO_SEED = path.join(ROOT, 'seeds/demo');
const MARCUS = { accountId: '5f1a2b3c4d5e6f7a8b9c0d02', email: 'marcus@example.com' };
const JONAS = { email: 'jonas@example.com' };

const IssueTypes = z.object({
  issueTypes: z.array(z.object({ id: z.string(), name: z.string() }).loose()),
  total: z.number(),
  startAt: z.number(),
  maxResults: z.number(),
});
const FieldMetas = z.object({
  fields: z.array(
    z
      .object({
        fieldId: z.string(),
        name: z.string(),
        required: z.boolean(),
        allowedValues: z
          .array(z.object({ id: z.string().optional(), value: z.string().optional(), name: z.string().optional() }).loose())
          .optional(),
      })
      .loose(),
  ),
  total: z.number(),
});
const PageList = z.object({
  results: z.array(z.object({ id: z.string(), title: z.string(), status: z.string(), parentId: z.string().optional() }).loose()),
  _links: z.object({ next: z.string().optional() }).loose(),
});

describe('scripts written for Jira and Confluence Cloud, against npm start', () => {
  let started: StartedSandbox;
  const basic = (user: string, token: string) => ({
    authorization: `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`,
    accept: 'application/json',
  });
  const as = (email: string) => basic(email, 'ATATT3xFfGF0-any-token');
  const call = (target: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) =>
    fetch(`${started.url}${target}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });

  beforeAll(async () => {
    started = await startSandbox({ rootDir: ROOT, seedDir: DEMO_SEED, port: 0, log: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await started?.runtime.settled();
    await started?.close();
  });

  it("signs in with a seeded user's email and any API token, and refuses an unknown email as Jira does", async () => {
    const me = await call('/rest/api/3/myself', { headers: as(MARCUS.email.toUpperCase()) });
    expect(me.status).toBe(200);
    expect(
      z
        .object({ accountId: z.string() })
        .loose()
        .parse(await me.json()).accountId,
    ).toBe(MARCUS.accountId);

    const stranger = await call('/rest/api/3/myself', { headers: as('nobody@example.com') });
    expect(stranger.status).toBe(401);
    expect(await stranger.text()).toContain('Basic authentication with passwords is deprecated');
    // The same on Confluence's paths.
    expect((await call('/wiki/api/v2/spaces', { headers: as('nobody@example.com') })).status).toBe(401);
  });

  it('serves the create metadata a client reads before creating an issue, and the issue it then creates', async () => {
    const types = await call('/rest/api/3/issue/createmeta/INC/issuetypes', { headers: as(MARCUS.email) });
    expect(types.status).toBe(200);
    const typePage = IssueTypes.parse(await types.json());
    const incident = typePage.issueTypes.find((type) => type.name === 'Incident');
    expect(incident).toBeDefined();
    expect(typePage.total).toBe(typePage.issueTypes.length);

    const fieldsAnswer = await call(`/rest/api/3/issue/createmeta/INC/issuetypes/${incident!.id}?maxResults=200`, {
      headers: as(MARCUS.email),
    });
    expect(fieldsAnswer.status).toBe(200);
    const { fields } = FieldMetas.parse(await fieldsAnswer.json());
    expect(fields.find((field) => field.fieldId === 'summary')?.required).toBe(true);
    const impact = fields.find((field) => field.name === 'Impact');
    const impactValue = impact?.allowedValues?.[0]?.value;
    expect(impactValue).toEqual(expect.any(String));

    const created = await call('/rest/api/3/issue', {
      method: 'POST',
      headers: as(MARCUS.email),
      body: {
        fields: {
          project: { key: 'INC' },
          issuetype: { id: incident!.id },
          summary: 'Filed by a script',
          [impact!.fieldId]: { value: impactValue },
        },
      },
    });
    expect(created.status).toBe(201);
    const { key } = z.object({ key: z.string() }).parse(await created.json());
    const issue = z
      .object({ fields: z.record(z.string(), z.unknown()) })
      .parse(await (await call(`/rest/api/3/issue/${key}`, { headers: as(MARCUS.email) })).json());
    expect(issue.fields[impact!.fieldId]).toMatchObject({ value: impactValue });
    expect(issue.fields.reporter).toMatchObject({ accountId: MARCUS.accountId });
  });

  it('answers createmeta within its documented statuses: no Create permission, an unknown type', async () => {
    const noCreate = await call('/rest/api/3/issue/createmeta/INC/issuetypes', { headers: as(JONAS.email) });
    expect(noCreate.status).toBe(400);
    expect((await call('/rest/api/3/issue/createmeta/INC/issuetypes/999999', { headers: as(MARCUS.email) })).status).toBe(400);
  });

  it("lists a space's pages, pages through them, and deletes a page to the trash, then purges it", async () => {
    const spaces = z
      .object({ results: z.array(z.object({ id: z.string(), key: z.string() }).loose()) })
      .parse(await (await call('/wiki/api/v2/spaces', { headers: as(MARCUS.email) })).json());
    const spaceId = spaces.results[0]!.id;
    const titles = ['Script page A', 'Script page B'];
    const ids: string[] = [];
    for (const title of titles) {
      const response = await call('/wiki/api/v2/pages', {
        method: 'POST',
        headers: as(MARCUS.email),
        body: { spaceId, status: 'current', title, body: { representation: 'storage', value: `<p>${title}</p>` } },
      });
      expect(response.status).toBe(200);
      ids.push(
        z
          .object({ id: z.string() })
          .loose()
          .parse(await response.json()).id,
      );
    }

    const all = PageList.parse(
      await (await call(`/wiki/api/v2/spaces/${spaceId}/pages?limit=250&sort=-id`, { headers: as(MARCUS.email) })).json(),
    );
    expect(all.results.slice(0, 2).map((page) => page.id)).toEqual([...ids].reverse());
    const root = PageList.parse(
      await (await call(`/wiki/api/v2/spaces/${spaceId}/pages?depth=root`, { headers: as(MARCUS.email) })).json(),
    );
    expect(root.results.every((page) => page.parentId === undefined)).toBe(true);
    expect(root.results.length).toBeLessThan(all.results.length);

    const first = await call(`/wiki/api/v2/spaces/${spaceId}/pages?limit=1`, { headers: as(MARCUS.email) });
    const firstPage = PageList.parse(await first.json());
    expect(firstPage.results).toHaveLength(1);
    expect(first.headers.get('link')).toBe(`<${firstPage._links.next}>; rel="next"`);
    const second = PageList.parse(await (await call(firstPage._links.next!, { headers: as(MARCUS.email) })).json());
    expect(second.results[0]!.id).not.toBe(firstPage.results[0]!.id);

    expect((await call(`/wiki/api/v2/pages/${ids[0]}`, { method: 'DELETE', headers: as(MARCUS.email) })).status).toBe(204);
    const afterDelete = PageList.parse(
      await (await call(`/wiki/api/v2/spaces/${spaceId}/pages?limit=250`, { headers: as(MARCUS.email) })).json(),
    );
    expect(afterDelete.results.map((page) => page.id)).not.toContain(ids[0]);
    const trashed = PageList.parse(
      await (await call(`/wiki/api/v2/spaces/${spaceId}/pages?status=trashed`, { headers: as(MARCUS.email) })).json(),
    );
    expect(trashed.results.map((page) => page.id)).toEqual([ids[0]]);
    // The title is free again once the page is in the trash.
    expect(
      (
        await call('/wiki/api/v2/pages', {
          method: 'POST',
          headers: as(MARCUS.email),
          body: { spaceId, status: 'current', title: titles[0], body: { representation: 'storage', value: '<p>again</p>' } },
        })
      ).status,
    ).toBe(200);

    expect((await call(`/wiki/api/v2/pages/${ids[1]}?purge=true`, { method: 'DELETE', headers: as(MARCUS.email) })).status).toBe(400);
    expect((await call(`/wiki/api/v2/pages/${ids[0]}?purge=true`, { method: 'DELETE', headers: as(MARCUS.email) })).status).toBe(204);
    expect((await call(`/wiki/api/v2/pages/${ids[0]}`, { headers: as(MARCUS.email) })).status).toBe(404);
    expect((await call(`/wiki/api/v2/spaces/424242/pages`, { headers: as(MARCUS.email) })).status).toBe(404);
  });
});
