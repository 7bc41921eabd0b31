import api, { route } from '@forge/api';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

const adfValue = (text: string) =>
  JSON.stringify({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const jsonInit = (method: string, body: unknown) => ({
  method,
  headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
  body: JSON.stringify(body),
});

describe('local Confluence v2 through asApp().requestConfluence', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterEach(() => forge.dispose());

  it('creates a page, refuses a second page with the same title in the space, and lists it by title', async () => {
    const create = {
      spaceId: '98305',
      status: 'current',
      title: 'Postmortem INC-1',
      parentId: '131073',
      body: { representation: 'atlas_doc_format', value: adfValue('Timeline') },
    };
    const first = await api.asApp().requestConfluence(route`/wiki/api/v2/pages`, jsonInit('POST', create));
    expect(first.status).toBe(200);
    const page = await first.json();
    expect(page).toEqual(
      expect.objectContaining({ title: 'Postmortem INC-1', spaceId: '98305', version: expect.objectContaining({ number: 1 }) }),
    );

    const duplicate = await api.asApp().requestConfluence(route`/wiki/api/v2/pages`, jsonInit('POST', create));
    expect(duplicate.status).toBe(400);

    const found = await (
      await api
        .asApp()
        .requestConfluence(route`/wiki/api/v2/pages?space-id=${'98305'}&title=${'Postmortem INC-1'}&body-format=atlas_doc_format`)
    ).json();
    expect(found.results.map((p: { id: string }) => p.id)).toEqual([page.id]);
    expect(JSON.parse(found.results[0].body.atlas_doc_format.value).content[0].content[0].text).toBe('Timeline');

    const children = await (await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${'131073'}/children`)).json();
    expect(children.results.map((c: { title: string }) => c.title)).toEqual(['Postmortem INC-1']);
  });

  it('refuses a page title longer than 255 characters, on create and on update, as Confluence does', async () => {
    const create = (title: string) =>
      api
        .asApp()
        .requestConfluence(
          route`/wiki/api/v2/pages`,
          jsonInit('POST', { spaceId: '98305', title, body: { representation: 'atlas_doc_format', value: adfValue('x') } }),
        );
    const tooLong = await create('T'.repeat(256));
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('255');
    const longest = await create('T'.repeat(255));
    expect(longest.status).toBe(200);
    const page = await longest.json();
    const renamed = await api.asApp().requestConfluence(
      route`/wiki/api/v2/pages/${page.id}`,
      jsonInit('PUT', {
        id: page.id,
        status: 'current',
        title: `${'T'.repeat(255)}!`,
        body: { representation: 'atlas_doc_format', value: adfValue('y') },
        version: { number: 2 },
      }),
    );
    expect(renamed.status).toBe(400);
  });

  it('updates a page only with the next version number', async () => {
    const created = await (
      await api.asApp().requestConfluence(
        route`/wiki/api/v2/pages`,
        jsonInit('POST', {
          spaceId: '98305',
          title: 'Postmortem INC-2',
          body: { representation: 'atlas_doc_format', value: adfValue('v1') },
        }),
      )
    ).json();
    const update = (number: number, text: string) => ({
      id: created.id,
      status: 'current',
      title: 'Postmortem INC-2',
      body: { representation: 'atlas_doc_format', value: adfValue(text) },
      version: { number, message: 'refresh' },
    });

    const stale = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${created.id}`, jsonInit('PUT', update(1, 'stale')));
    expect(stale.status).toBe(409);
    const ok = await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${created.id}`, jsonInit('PUT', update(2, 'v2')));
    expect(ok.status).toBe(200);
    expect(
      (forge.site.confluence.page(created.id)!.adf as { content: { content: { text: string }[] }[] }).content[0]!.content[0]!.text,
    ).toBe('v2');
    expect(((await ok.json()).version as { number: number }).number).toBe(2);
  });

  it('stores page properties and refuses a duplicate key', async () => {
    const add = () =>
      api
        .asApp()
        .requestConfluence(
          route`/wiki/api/v2/pages/${'131073'}/properties`,
          jsonInit('POST', { key: 'incident-postmortem', value: { issueKey: 'INC-1' } }),
        );
    expect((await add()).status).toBe(200);
    expect((await add()).status).toBe(400);
    const listed = await (await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${'131073'}/properties`)).json();
    expect(listed.results).toEqual([expect.objectContaining({ key: 'incident-postmortem', value: { issueKey: 'INC-1' } })]);
  });

  it('lists spaces and answers 404 for an unknown page', async () => {
    const spaces = await (await api.asApp().requestConfluence(route`/wiki/api/v2/spaces?keys=${'OPS'}`)).json();
    expect(spaces.results.map((s: { id: string }) => s.id)).toEqual(['98305']);
    expect((await api.asApp().requestConfluence(route`/wiki/api/v2/pages/${'999'}`)).status).toBe(404);
  });
});

describe('local Jira configuration: fields, contexts, options, issue types and schemes', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterEach(() => forge.dispose());

  it('creates a select field with a default context, adds options and uses them on an issue', async () => {
    const field = await (
      await api.asApp().requestJira(
        route`/rest/api/3/field`,
        jsonInit('POST', {
          name: 'Customer tier',
          type: 'com.atlassian.jira.plugin.system.customfieldtypes:select',
          searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:multiselectsearcher',
        }),
      )
    ).json();
    expect(field).toEqual(
      expect.objectContaining({ custom: true, name: 'Customer tier', schema: expect.objectContaining({ type: 'option' }) }),
    );
    const contexts = await (await api.asApp().requestJira(route`/rest/api/3/field/${field.id}/context`)).json();
    expect(contexts.values).toHaveLength(1);
    const contextId = contexts.values[0].id;
    const added = await api
      .asApp()
      .requestJira(
        route`/rest/api/3/field/${field.id}/context/${contextId}/option`,
        jsonInit('POST', { options: [{ value: 'Gold' }, { value: 'Silver' }] }),
      );
    expect(added.status).toBe(200);
    const again = await api
      .asApp()
      .requestJira(route`/rest/api/3/field/${field.id}/context/${contextId}/option`, jsonInit('POST', { options: [{ value: 'Gold' }] }));
    expect(again.status).toBe(400);
    const options = await (await api.asApp().requestJira(route`/rest/api/3/field/${field.id}/context/${contextId}/option`)).json();
    expect(options.values.map((o: { value: string }) => o.value)).toEqual(['Gold', 'Silver']);

    const edit = await api
      .asApp()
      .requestJira(route`/rest/api/3/issue/INC-1`, jsonInit('PUT', { fields: { [field.id]: { value: 'Gold' } } }));
    expect(edit.status).toBe(204);
    expect(forge.site.jira.issue('INC-1')!.fields[field.id]).toEqual(expect.objectContaining({ value: 'Gold' }));
  });

  it('creates an issue type once and adds it to the project scheme', async () => {
    const created = await api
      .asApp()
      .requestJira(route`/rest/api/3/issuetype`, jsonInit('POST', { name: 'Major incident', description: 'Sev 1', hierarchyLevel: 0 }));
    expect(created.status).toBe(201);
    const type = await created.json();
    const clash = await api.asApp().requestJira(route`/rest/api/3/issuetype`, jsonInit('POST', { name: 'Major incident' }));
    expect(clash.status).toBe(409);

    const schemes = await (await api.asApp().requestJira(route`/rest/api/3/issuetypescheme/project?projectId=${'10000'}`)).json();
    const schemeId = schemes.values[0].issueTypeScheme.id;
    expect(
      (
        await api
          .asApp()
          .requestJira(route`/rest/api/3/issuetypescheme/${schemeId}/issuetype`, jsonInit('PUT', { issueTypeIds: [type.id] }))
      ).status,
    ).toBe(204);
    const project = await (await api.asApp().requestJira(route`/rest/api/3/project/INC`)).json();
    expect(project.issueTypes.map((t: { name: string }) => t.name)).toEqual(['Incident', 'Problem', 'Major incident']);
  });

  it('keeps configuration to administrators', async () => {
    const res = await forge.asInvocation({ accountId: SEED_USERS.responder }, () =>
      api.asUser().requestJira(route`/rest/api/3/issuetype`, jsonInit('POST', { name: 'Sneaky' })),
    );
    expect(res.status).toBe(403);
  });
});
