import path from 'node:path';
import { ConfluenceClient } from '../../../src/adapters/confluence/confluence-client';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { defaultCommunicationSettings, type CommunicationSettings } from '../../../src/domain/communication/communication-settings';
import { STATUS_PAGE_TITLE } from '../../../src/domain/communication/status-page-adf';
import { StakeholderUpdateDraft } from '../../../src/domain/communication/stakeholder-update';
import { COMMUNICATION_SETTINGS } from '../../../src/usecases/communicate/communication-settings-store';
import {
  postStakeholderUpdate,
  type CommunicateDeps,
  type PostUpdateResult,
} from '../../../src/usecases/communicate/post-stakeholder-update';
import { UPDATES_PROPERTY } from '../../../src/usecases/communicate/update-records';
import { pruneStatusBoard } from '../../../src/usecases/communicate/prune-status-board';
import { UseCaseRefusal } from '../../../src/usecases/use-case-refusal';
import { adfProblems } from '../../support/adf-validators';
import { loadPostmortemSource } from '../../../src/usecases/postmortem/load-postmortem-source';
import { productionPostmortemDeps } from '../../../src/usecases/postmortem/postmortem-deps';
import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { FakeNotifier, FakeStatuspage } from '../../support/communication-fakes';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const SPACE_ID = '98305';
const STATUSPAGE_ID = 'demopage01';
const NOW = new Date('2026-11-30T10:00:00.000Z');

let forge: LocalForge;
let statuspage: FakeStatuspage;
let notifier: FakeNotifier;
let idCounter = 0;
/** Retries as in production, without the waits. */
const FAST_RETRY = { sleep: async () => {} };

function deps(): CommunicateDeps {
  return {
    userJira: JiraClient.asUser({ retry: FAST_RETRY }),
    appJira: JiraClient.asApp({ retry: FAST_RETRY }),
    appConfluence: ConfluenceClient.asApp({ retry: FAST_RETRY }),
    storage: new AppStorage(undefined, { sleep: async () => {} }),
    notifier,
    statusPage: statuspage,
    now: () => NOW.toISOString(),
    sleep: async () => {},
  };
}

function draft(overrides: Record<string, unknown> = {}): StakeholderUpdateDraft {
  idCounter += 1;
  return StakeholderUpdateDraft.parse({
    updateId: `a1b2c3d4-0000-4000-8000-${String(idCounter).padStart(12, '0')}`,
    state: 'Investigating',
    audience: 'internal',
    message: 'Payments fail for EU customers; we are on it.',
    components: ['Checkout'],
    nextUpdateDueAt: '2026-11-30T10:30:00.000Z',
    ...overrides,
  });
}

function post(update: StakeholderUpdateDraft, accountId = PRIYA, issueKey = 'INC-1'): Promise<PostUpdateResult> {
  return forge.asInvocation({ accountId }, () =>
    postStakeholderUpdate(deps(), { issueKey, draft: update, accountId, siteUrl: 'https://local-site.atlassian.net' }),
  );
}

async function saveSettings(change: Partial<CommunicationSettings> = {}): Promise<void> {
  await forge.asInvocation({ accountId: PRIYA }, () =>
    new AppStorage().set(COMMUNICATION_SETTINGS, {
      ...defaultCommunicationSettings(),
      statusPageSpaceId: SPACE_ID,
      statuspage: { pageId: STATUSPAGE_ID, componentMap: { Checkout: 'cmpcheckout1' } },
      notifyGroups: { ...defaultCommunicationSettings().notifyGroups, P1: ['leadership'] },
      ...change,
    }),
  );
}

async function comments(issueKey = 'INC-1'): Promise<Array<{ id: string; body: unknown; author?: { accountId: string } }>> {
  return (
    (await forge.site.request('app', 'GET', `/rest/api/3/issue/${issueKey}/comment?maxResults=100`)).body as {
      comments: Array<{ id: string; body: unknown; author?: { accountId: string } }>;
    }
  ).comments;
}

async function statusPages(): Promise<Array<{ id: string }>> {
  return (
    (await forge.site.request('app', 'GET', `/wiki/api/v2/pages?space-id=${SPACE_ID}&title=${encodeURIComponent(STATUS_PAGE_TITLE)}`))
      .body as { results: Array<{ id: string }> }
  ).results;
}

async function pageAdf(pageId: string): Promise<{ adf: unknown; version: number }> {
  const page = (await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${pageId}?body-format=atlas_doc_format`)).body as {
    version: { number: number };
    body: { atlas_doc_format: { value: string } };
  };
  return { adf: JSON.parse(page.body.atlas_doc_format.value), version: page.version.number };
}

async function listedUpdates(issueKey = 'INC-1'): Promise<Array<{ id: string; commentId: string | null; state: string }>> {
  const response = await forge.site.request('app', 'GET', `/rest/api/3/issue/${issueKey}/properties/${UPDATES_PROPERTY}`);
  return response.status === 200
    ? (response.body as { value: { updates: Array<{ id: string; commentId: string | null; state: string }> } }).value.updates
    : [];
}

describe('posting a stakeholder update on the local site', () => {
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED, clock: () => NOW });
    const inc1 = forge.site.jira.issue('INC-1');
    if (!inc1) throw new Error('demo seed without INC-1');
    inc1.fields.components = [
      { id: '10001', name: 'Checkout' },
      { id: '10002', name: 'Search' },
    ];
    statuspage = new FakeStatuspage([STATUSPAGE_ID]);
    notifier = new FakeNotifier();
    await saveSettings();
  });
  afterEach(() => forge.dispose());

  it('posts once per update id: a second call (double click or retry) adds no comment, property entry, email or page', async () => {
    const update = draft();
    const first = await post(update);
    expect(first.complete).toBe(true);
    expect(first.deliveries.jiraComment.status).toBe('done');
    expect(first.deliveries.jiraProperty.status).toBe('done');
    expect(first.deliveries.email.status).toBe('done');
    expect(first.deliveries.statusPage.status).toBe('done');
    expect(first.deliveries.statuspage).toMatchObject({ status: 'skipped', reason: expect.stringContaining('Internal update') });
    const before = (await comments()).length;

    const second = await post(update);
    expect(second).toEqual(first);
    expect((await comments()).length).toBe(before);
    const mine = (await comments()).filter((comment) => comment.id === first.deliveries.jiraComment.ref);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.author?.accountId).toBe(PRIYA);
    expect(adfProblems(mine[0]?.body)).toEqual([]);
    expect(await listedUpdates()).toEqual([
      expect.objectContaining({ id: update.updateId, commentId: first.deliveries.jiraComment.ref, state: 'Investigating' }),
    ]);
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.notification.to).toEqual({ watchers: true, groups: [{ name: 'leadership' }] });
    expect(await statusPages()).toHaveLength(1);
  });

  it('keeps an incident under an issue security level off the Incident status page, and takes it off when it gets one later', async () => {
    await post(draft());
    const page = (await statusPages())[0]!;
    expect(JSON.stringify((await pageAdf(page.id)).adf)).toContain('INC-1');

    // Jira hides such an incident from people outside the level; the page is read by everyone in the space.
    forge.site.jira.issue('INC-1')!.fields.security = { id: '10100', name: 'Executives only', description: 'Board-level incidents' };
    const restricted = await post(draft({ state: 'Identified', message: 'Cause found: the vendor certificate expired' }));
    expect(restricted.deliveries.jiraComment.status).toBe('done');
    expect(restricted.deliveries.statusPage).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('security level "Executives only"'),
    });
    const json = JSON.stringify((await pageAdf(page.id)).adf);
    expect(json).not.toContain('INC-1');
    expect(json).not.toContain('vendor certificate');
    expect(await statusPages()).toHaveLength(1);
  });

  it('keeps one Incident status page across updates and lists the latest update and next update due', async () => {
    await post(draft());
    await post(draft({ state: 'Identified', message: 'Cause found: expired certificate <b>bold</b>' }));
    const pages = await statusPages();
    expect(pages).toHaveLength(1);
    const { adf, version } = await pageAdf(pages[0]!.id);
    expect(version).toBe(2);
    expect(adfProblems(adf)).toEqual([]);
    const json = JSON.stringify(adf);
    expect(json).toContain('INC-1');
    expect(json).toContain('Cause found: expired certificate <b>bold</b>');
    expect(json).toContain('Identified');
    expect(json).toContain('next update due in 30 min');
  });

  it('leaves the Jira side done when Confluence fails, says why, and a retry completes only the status page', async () => {
    forge.site.faults.inject({ match: { pathPrefix: '/wiki/' }, kind: '503', times: 50 });
    const update = draft();
    const failed = await post(update);
    expect(failed.complete).toBe(false);
    expect(failed.deliveries.jiraComment.status).toBe('done');
    expect(failed.deliveries.jiraProperty.status).toBe('done');
    expect(failed.deliveries.email.status).toBe('done');
    expect(failed.deliveries.statusPage).toMatchObject({ status: 'failed', reason: expect.stringContaining('Confluence status page') });
    expect(failed.deliveries.statusPage.reason).toMatch(/unavailable\. Retry/);
    const commentsAfterFailure = (await comments()).length;

    forge.site.faults.clear();
    const retried = await post(update);
    expect(retried.complete).toBe(true);
    expect(retried.deliveries.statusPage.status).toBe('done');
    expect(retried.deliveries.jiraComment).toEqual(failed.deliveries.jiraComment);
    expect((await comments()).length).toBe(commentsAfterFailure);
    expect(await listedUpdates()).toHaveLength(1);
    expect(notifier.sent).toHaveLength(1);
    expect(await statusPages()).toHaveLength(1);
  });

  it('creates the Statuspage incident on the first external update and updates it afterwards, mapping components and priority', async () => {
    await post(draft({ audience: 'internal' }));
    const first = await post(draft({ audience: 'both' }));
    expect(first.deliveries.statuspage.status).toBe('done');
    await post(draft({ audience: 'external', state: 'Resolved', nextUpdateDueAt: null, message: 'Fixed.' }));
    expect(statuspage.incidents.size).toBe(1);
    const incident = [...statuspage.incidents.values()][0]!;
    expect(incident.issueKey).toBe('INC-1');
    expect(incident.updates.map((update) => [update.status, update.components])).toEqual([
      ['investigating', { cmpcheckout1: 'major_outage' }],
      ['resolved', { cmpcheckout1: 'operational' }],
    ]);
    // A Resolved update takes the incident off the internal status page.
    expect(JSON.stringify((await pageAdf((await statusPages())[0]!.id)).adf)).toContain('No open incidents.');
  });

  it('survives a Statuspage outage and a revoked key: Jira done, the reason shown, a retry posts no duplicate', async () => {
    statuspage.failNext('UNAVAILABLE');
    const update = draft({ audience: 'both' });
    const failed = await post(update);
    expect(failed.deliveries.jiraComment.status).toBe('done');
    expect(failed.deliveries.statuspage).toMatchObject({
      status: 'failed',
      reason: 'Statuspage: the service is unavailable. Retry in a few minutes.',
    });
    statuspage.failNext('UNAUTHORIZED');
    expect((await post(update)).deliveries.statuspage.reason).toContain('API key was refused (401)');
    const done = await post(update);
    expect(done.complete).toBe(true);
    expect(statuspage.incidents.size).toBe(1);
    expect((await comments()).filter((comment) => comment.id === failed.deliveries.jiraComment.ref)).toHaveLength(1);
    expect(await listedUpdates()).toHaveLength(1);
  });

  it('names a missing Statuspage page (404) as the thing to fix', async () => {
    await saveSettings({ statuspage: { pageId: 'nosuchpage1', componentMap: {} } });
    const result = await post(draft({ audience: 'external' }));
    expect(result.deliveries.statuspage.reason).toContain('page does not exist (404)');
    expect(result.deliveries.jiraComment.status).toBe('done');
  });

  it('refuses an unknown component before anything is posted, naming the field', async () => {
    const before = (await comments()).length;
    const refused = post(draft({ components: ['Checkout', 'Teleporter'] }));
    await expect(refused).rejects.toThrow(UseCaseRefusal);
    await expect(refused).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      field: 'components.1',
      message: expect.stringContaining('unknown component "Teleporter"; expected one of Checkout, Search'),
    });
    expect((await comments()).length).toBe(before);
    expect(await listedUpdates()).toEqual([]);
    expect(notifier.sent).toEqual([]);
    expect(await statusPages()).toEqual([]);
  });

  it('sends nothing else when Jira refuses the comment, and forgets the update so a retry starts afresh', async () => {
    forge.site.faults.inject({ match: { method: 'POST', pathPrefix: '/rest/api/3/issue/INC-1/comment' }, kind: '500', times: 50 });
    const update = draft();
    const before = (await comments()).length;
    await expect(post(update)).rejects.toMatchObject({ name: 'ProductApiError' });
    expect(await listedUpdates()).toEqual([]);
    expect(notifier.sent).toEqual([]);
    expect(await statusPages()).toEqual([]);

    forge.site.faults.clear();
    const retried = await post(update);
    expect(retried.complete).toBe(true);
    expect((await comments()).length).toBe(before + 1);
  });

  it('lets the postmortem tell updates from chatter: an update timeline kind and a Communication section', async () => {
    await post(draft({ audience: 'internal' }));
    await post(draft({ audience: 'both', state: 'Identified' }));
    const { source } = await forge.asInvocation({ accountId: PRIYA }, () => loadPostmortemSource(productionPostmortemDeps(), 'INC-1'));
    expect(source.communication?.updates.map((update) => update.audience)).toEqual(['internal', 'both']);
    expect(source.communication?.cadenceTargetMinutes).toBe(30);
    const model = buildPostmortem(source);
    expect(model.timeline.filter((entry) => entry.kind === 'update')).toHaveLength(2);
    expect(model.sections.map((section) => section.id)).toContain('communication');
  });

  it('takes an incident resolved without a Resolved update off the status page on the next job run, and only then writes the page', async () => {
    await post(draft());
    await post(draft({ components: [] }), PRIYA, 'INC-2');
    const page = (await statusPages())[0]!;
    const versionBefore = (await pageAdf(page.id)).version;
    const prune = () =>
      forge.asInvocation({ accountId: PRIYA }, () => pruneStatusBoard({ ...deps(), appJira: JiraClient.asApp({ retry: FAST_RETRY }) }));
    expect(await prune()).toEqual([]);
    expect((await pageAdf(page.id)).version).toBe(versionBefore);

    const done = forge.site.jira.state.statuses.find((status) => (status.statusCategory as { key?: string } | undefined)?.key === 'done');
    forge.site.jira.issue('INC-2')!.fields.status = done;
    expect(await prune()).toEqual(['INC-2']);
    const json = JSON.stringify((await pageAdf(page.id)).adf);
    expect(json).toContain('INC-1');
    expect(json).not.toContain('INC-2');
  });

  it('never takes over a person\'s page titled "Incident status", and recovers a page whose tagging failed without a duplicate', async () => {
    const theirs = await forge.site.request('app', 'POST', '/wiki/api/v2/pages', {
      spaceId: SPACE_ID,
      status: 'current',
      title: STATUS_PAGE_TITLE,
      body: { representation: 'atlas_doc_format', value: JSON.stringify({ type: 'doc', version: 1, content: [] }) },
    });
    expect(theirs.status).toBe(200);
    const clash = await post(draft());
    expect(clash.deliveries.statusPage).toMatchObject({ status: 'failed', reason: expect.stringContaining('was not made by the app') });
    expect((await pageAdf((theirs.body as { id: string }).id)).version).toBe(1);
  });

  it('recovers a status page whose tagging failed: found by its recorded id, not created twice', async () => {
    forge.site.faults.inject({
      match: (req) => req.method === 'PUT' && req.path.includes('/properties') && req.path.includes('/wiki/'),
      kind: '503',
      times: 50,
    });
    forge.site.faults.inject({
      match: (req) => req.method === 'POST' && req.path.includes('/wiki/') && req.path.includes('/properties'),
      kind: '503',
      times: 50,
    });
    const update = draft();
    const failed = await post(update);
    expect(failed.deliveries.statusPage.status).toBe('failed');
    forge.site.faults.clear();
    const retried = await post(update);
    expect(retried.deliveries.statusPage.status).toBe('done');
    expect(await statusPages()).toHaveLength(1);
  });
});
