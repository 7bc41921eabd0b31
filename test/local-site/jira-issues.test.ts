import api, { route } from '@forge/api';
import type { IssueEvent } from '../../local-site';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

const { admin, responder, viewer } = SEED_USERS;

describe('local Jira: issues, changelog, search and permissions through the real @forge/api', () => {
  let forge: LocalForge;
  const asUser = <T>(accountId: string, fn: () => Promise<T>) => forge.asInvocation({ accountId }, fn);
  const jiraAs = (accountId: string) =>
    asUser(accountId, async () => api.asUser()).then(() => ({
      get: (path: ReturnType<typeof route>) => asUser(accountId, () => api.asUser().requestJira(path)),
      send: (path: ReturnType<typeof route>, method: string, body: unknown) =>
        asUser(accountId, () =>
          api.asUser().requestJira(path, {
            method,
            headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
            body: JSON.stringify(body),
          }),
        ),
    }));

  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC, clock: () => new Date('2026-11-26T12:00:00.000Z') });
  });
  afterEach(() => forge.dispose());

  it('serves a 250-entry changelog in pages of at most 100', async () => {
    const jira = await jiraAs(responder);
    const ids: string[] = [];
    const pages: { startAt: number; total: number; isLast: boolean; count: number }[] = [];
    let startAt = 0;
    for (;;) {
      const res = await jira.get(route`/rest/api/3/issue/INC-2/changelog?startAt=${startAt}&maxResults=500`);
      expect(res.status).toBe(200);
      const page = await res.json();
      pages.push({ startAt: page.startAt, total: page.total, isLast: page.isLast, count: page.values.length });
      ids.push(...page.values.map((v: { id: string }) => v.id));
      if (page.isLast) break;
      startAt += page.values.length;
    }
    expect(pages).toEqual([
      { startAt: 0, total: 250, isLast: false, count: 100 },
      { startAt: 100, total: 250, isLast: false, count: 100 },
      { startAt: 200, total: 250, isLast: true, count: 50 },
    ]);
    expect(new Set(ids).size).toBe(250);
  });

  it('pages JQL results with nextPageToken and returns only ids unless fields are asked for', async () => {
    const jira = await jiraAs(responder);
    const keys: string[] = [];
    let token: string | undefined;
    let pagesSeen = 0;
    do {
      const res = await jira.send(route`/rest/api/3/search/jql`, 'POST', {
        jql: 'project = INC ORDER BY key ASC',
        maxResults: 3,
        fields: ['summary', 'status'],
        ...(token ? { nextPageToken: token } : {}),
      });
      expect(res.status).toBe(200);
      const body = await res.json();
      keys.push(...body.issues.map((i: { key: string }) => i.key));
      expect(body.issues[0].fields.status.name).toEqual(expect.any(String));
      token = body.nextPageToken;
      expect(body.isLast).toBe(token === undefined);
      pagesSeen += 1;
    } while (token);
    expect(pagesSeen).toBe(2);
    expect(keys).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4']);

    const idsOnly = await (await jira.get(route`/rest/api/3/search/jql?jql=${'key = INC-1'}`)).json();
    expect(idsOnly.issues).toEqual([{ id: '10010' }]);
  });

  it('evaluates the JQL subset: AND/OR, parentheses, IN, !=, statusCategory, ~, IS EMPTY and ORDER BY priority', async () => {
    const jira = await jiraAs(admin);
    const search = async (jql: string) => {
      const res = await jira.send(route`/rest/api/3/search/jql`, 'POST', { jql, fields: ['summary'], maxResults: 50 });
      expect(res.status).toBe(200);
      return (await res.json()).issues.map((i: { key: string }) => i.key);
    };
    expect(await search('project = INC AND issuetype = Incident AND status != Escalated ORDER BY key ASC')).toEqual(['INC-1', 'INC-2']);
    expect(await search('statusCategory = Done')).toEqual(['INC-3']);
    expect(
      await search('project in (INC, OPS) AND statusCategory != Done AND resolution is EMPTY ORDER BY priority DESC, key ASC'),
    ).toEqual(['INC-1', 'INC-2', 'OPS-1', 'INC-4']);
    expect(await search('summary ~ "latency"')).toEqual(['INC-2']);
    expect(await search('(key = INC-1 OR key = OPS-1) AND NOT project = OPS')).toEqual(['INC-1']);
    expect(await search('text ~ "gateway" ORDER BY key')).toEqual(['INC-1']);
    expect(await search('"Escalation tier" = "Tier 2" ORDER BY key')).toEqual(['INC-2']);
  });

  it("answers JQL outside the subset, unknown fields and unknown values with 400 in Jira's error shape", async () => {
    const jira = await jiraAs(admin);
    for (const jql of [
      'project = INC AND',
      'nosuchfield = 1',
      'project ~ INC',
      'project = NOPE',
      'status was Open',
      'project = INC ORDER BY',
    ]) {
      const res = await jira.send(route`/rest/api/3/search/jql`, 'POST', { jql });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toEqual({ errorMessages: [expect.any(String)], errors: {} });
    }
    const unknown = await (await jira.send(route`/rest/api/3/search/jql`, 'POST', { jql: 'nosuchfield = 1' })).json();
    expect(unknown.errorMessages[0]).toBe("Field 'nosuchfield' does not exist or you do not have permission to view it.");
  });

  it('hides issues the user may not browse exactly like missing ones (404, no leak)', async () => {
    const jira = await jiraAs(viewer);
    const hidden = await jira.get(route`/rest/api/3/issue/INC-1`);
    const missing = await jira.get(route`/rest/api/3/issue/INC-999`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(await missing.json());
    expect((await jira.get(route`/rest/api/3/issue/INC-1/changelog`)).status).toBe(404);
    expect((await jira.get(route`/rest/api/3/issue/OPS-1`)).status).toBe(200);
    // The project itself does not exist for the viewer, in JQL as in REST.
    expect((await jira.send(route`/rest/api/3/search/jql`, 'POST', { jql: 'project = INC' })).status).toBe(400);
    expect((await jira.get(route`/rest/api/3/project/INC`)).status).toBe(404);
  });

  it('refuses writes without EDIT_ISSUES with 403', async () => {
    const jira = await jiraAs(viewer);
    const res = await jira.send(route`/rest/api/3/issue/OPS-1`, 'PUT', { fields: { summary: 'Changed by a viewer' } });
    expect(res.status).toBe(403);
    expect(forge.site.jira.issue('OPS-1')!.fields.summary).toBe('Rotate on-call schedule for December');
    const permissions = await (
      await jira.get(route`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,EDIT_ISSUES&issueKey=OPS-1`)
    ).json();
    expect(permissions.permissions.BROWSE_PROJECTS.havePermission).toBe(true);
    expect(permissions.permissions.EDIT_ISSUES.havePermission).toBe(false);
  });

  it('applies fields, update and properties atomically and writes the changelog as the acting user', async () => {
    const events: IssueEvent[] = [];
    forge.site.onIssueEvent((event) => events.push(event));
    const jira = await jiraAs(responder);
    const before = forge.site.jira.issue('INC-1')!.changelog.length;

    const bad = await jira.send(route`/rest/api/3/issue/INC-1`, 'PUT', {
      fields: { summary: 'New summary', customfield_10100: { value: 'Catastrophic' } },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors).toEqual({ customfield_10100: "Option value 'Catastrophic' is not valid" });
    expect(forge.site.jira.issue('INC-1')!.fields.summary).toBe('Checkout API returns 502 for EU customers');

    const ok = await jira.send(route`/rest/api/3/issue/INC-1`, 'PUT', {
      fields: { summary: 'Checkout API 502s (EU)', customfield_10100: { value: 'Critical' } },
      update: { labels: [{ add: 'payments' }] },
      properties: [{ key: 'incident-priority', value: { computed: 'Highest' } }],
    });
    expect(ok.status).toBe(204);
    const issue = forge.site.jira.issue('INC-1')!;
    expect(issue.fields.labels).toEqual(['payments']);
    expect(issue.properties.get('incident-priority')).toEqual({ computed: 'Highest' });
    expect(issue.changelog).toHaveLength(before + 1);
    const entry = issue.changelog.at(-1) as {
      author: { accountId: string };
      items: { field: string; fromString: string | null; toString: string | null }[];
    };
    expect(entry.author.accountId).toBe(responder);
    expect(entry.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'summary',
          fromString: 'Checkout API returns 502 for EU customers',
          toString: 'Checkout API 502s (EU)',
        }),
        expect.objectContaining({ field: 'Impact', fieldtype: 'custom', fromString: 'High', toString: 'Critical' }),
        expect.objectContaining({ field: 'labels', fromString: '', toString: 'payments' }),
      ]),
    );
    expect(events).toEqual([expect.objectContaining({ eventType: 'avi:jira:updated:issue', atlassianId: responder, actorIsApp: false })]);

    await api.asApp().requestJira(route`/rest/api/3/issue/INC-1`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: { priority: { name: 'High' } } }),
    });
    expect(events.at(-1)).toEqual(expect.objectContaining({ actorIsApp: true, atlassianId: forge.site.appAccountId }));
    expect(await (await jira.get(route`/rest/api/3/issue/INC-1?fields=priority&properties=incident-priority&expand=names`)).json()).toEqual(
      expect.objectContaining({
        fields: { priority: expect.objectContaining({ name: 'High' }) },
        names: { priority: 'Priority' },
        properties: { 'incident-priority': { computed: 'Highest' } },
      }),
    );
  });

  it('moves issues only along the project workflow', async () => {
    const jira = await jiraAs(responder);
    const offered = await (await jira.get(route`/rest/api/3/issue/INC-1/transitions`)).json();
    expect(offered.transitions.map((t: { id: string; to: { name: string } }) => [t.id, t.to.name])).toEqual([['11', 'Investigating']]);

    const bad = await jira.send(route`/rest/api/3/issue/INC-1/transitions`, 'POST', { transition: { id: '41' } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ errorMessages: ["Transition id '41' is not valid for this issue."], errors: {} });

    const ok = await jira.send(route`/rest/api/3/issue/INC-1/transitions`, 'POST', { transition: { id: '11' } });
    expect(ok.status).toBe(204);
    const issue = forge.site.jira.issue('INC-1')!;
    expect((issue.fields.status as { name: string }).name).toBe('Investigating');
    expect(issue.changelog.at(-1)).toEqual(
      expect.objectContaining({
        author: expect.objectContaining({ accountId: responder }),
        items: [expect.objectContaining({ field: 'status', fromString: 'Open', toString: 'Investigating' })],
      }),
    );
  });

  it('runs registered workflow validators before a transition and reports their message', async () => {
    forge.site.jira.addTransitionValidator(({ to }) => ({
      result: to.name !== 'Resolved',
      errorMessage: 'Add a resolution summary first.',
    }));
    const jira = await jiraAs(responder);
    const res = await jira.send(route`/rest/api/3/issue/INC-2/transitions`, 'POST', { transition: { id: '31' } });
    expect(res.status).toBe(400);
    expect((await res.json()).errorMessages).toEqual(['Add a resolution summary first.']);
  });

  it('creates issues and rejects missing summaries and unknown issue types like Jira', async () => {
    const jira = await jiraAs(responder);
    const missing = await jira.send(route`/rest/api/3/issue`, 'POST', {
      fields: { project: { key: 'INC' }, issuetype: { name: 'Incident' } },
    });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } });
    const wrongType = await jira.send(route`/rest/api/3/issue`, 'POST', {
      fields: { project: { key: 'INC' }, issuetype: { id: '99999' }, summary: 'x' },
    });
    expect((await wrongType.json()).errors).toEqual({ issuetype: 'The issue type selected is invalid.' });

    const created = await jira.send(route`/rest/api/3/issue`, 'POST', {
      fields: {
        project: { key: 'INC' },
        issuetype: { name: 'Incident' },
        summary: 'Login page down',
        customfield_10101: { value: 'High' },
      },
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(body.key).toBe('INC-5');
    const stored = forge.site.jira.issue('INC-5')!;
    expect((stored.fields.status as { name: string }).name).toBe('Open');
    expect((stored.fields.reporter as { accountId: string }).accountId).toBe(responder);
    expect(stored.fields.created).toBe('2026-11-26T12:00:00.000+0000');
  });

  it('pages comments, adds ADF comments and upserts remote links by globalId', async () => {
    const jira = await jiraAs(responder);
    const page = await (await jira.get(route`/rest/api/3/issue/INC-1/comment?startAt=1&maxResults=1`)).json();
    expect(page).toEqual(expect.objectContaining({ startAt: 1, maxResults: 1, total: 3 }));
    expect(page.comments).toHaveLength(1);
    const plain = await jira.send(route`/rest/api/3/issue/INC-1/comment`, 'POST', { body: 'plain text is not ADF' });
    expect(plain.status).toBe(400);
    const added = await jira.send(route`/rest/api/3/issue/INC-1/comment`, 'POST', {
      body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Mitigated.' }] }] },
    });
    expect(added.status).toBe(201);

    const link = { globalId: 'postmortem:INC-1', object: { url: 'https://local-site.atlassian.net/wiki/x/1', title: 'Postmortem INC-1' } };
    const first = await jira.send(route`/rest/api/3/issue/INC-1/remotelink`, 'POST', link);
    const second = await jira.send(route`/rest/api/3/issue/INC-1/remotelink`, 'POST', {
      ...link,
      object: { ...link.object, title: 'Postmortem INC-1 (v2)' },
    });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect((await first.json()).id).toBe((await second.json()).id);
    const links = await (await jira.get(route`/rest/api/3/issue/INC-1/remotelink`)).json();
    expect(links.map((l: { object: { title: string } }) => l.object.title)).toEqual(['Postmortem INC-1 (v2)']);
  });

  it('stores issue properties (201 then 200) and answers 404 for a missing one', async () => {
    const jira = await jiraAs(responder);
    expect((await jira.get(route`/rest/api/3/issue/INC-2/properties/sla`)).status).toBe(404);
    expect((await jira.send(route`/rest/api/3/issue/INC-2/properties/sla`, 'PUT', { breachAt: 1 })).status).toBe(201);
    expect((await jira.send(route`/rest/api/3/issue/INC-2/properties/sla`, 'PUT', { breachAt: 2 })).status).toBe(200);
    expect(await (await jira.get(route`/rest/api/3/issue/INC-2/properties/sla`)).json()).toEqual({ key: 'sla', value: { breachAt: 2 } });
  });

  it('suggests issues for search-as-you-type and reads users and groups', async () => {
    const jira = await jiraAs(responder);
    const picker = await (await jira.get(route`/rest/api/3/issue/picker?query=${'checkout'}`)).json();
    expect(picker.sections[0].issues.map((i: { key: string }) => i.key)).toEqual(['INC-1']);
    const user = await (await jira.get(route`/rest/api/3/user?accountId=${viewer}`)).json();
    expect(user.displayName).toBe('Vera Viewer');
    const groups = await (await jira.get(route`/rest/api/3/user/groups?accountId=${responder}`)).json();
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['incident-responders', 'jira-software-users']);
  });
});
