import path from 'node:path';
import { COMMUNICATION_RESOLVER_KEYS, type CommunicationView, type PostUpdateResult } from '../../../src/contracts/communication';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { defaultCommunicationSettings } from '../../../src/domain/communication/communication-settings';
import { adminPageResolver } from '../../../src/entry/resolvers/admin-page-resolver';
import { incidentPanelResolver } from '../../../src/entry/resolvers/incident-panel-resolver';
import { PRIORITY_RESOLVER_KEYS } from '../../../src/contracts/priority-panel';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const MARCUS = '5f1a2b3c4d5e6f7a8b9c0d02';
const NOW = new Date('2026-11-30T10:00:00.000Z');

let forge: LocalForge;

function panel<T>(key: string, payload: unknown, accountId = PRIYA, issueKey = 'INC-1'): Promise<ResolverResult<T>> {
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(incidentPanelResolver, key, payload, {
      accountId,
      moduleKey: 'incident-priority-panel',
      extension: { issue: { key: issueKey } },
    }),
  ) as Promise<ResolverResult<T>>;
}

function admin<T>(key: string, payload: unknown, accountId = PRIYA): Promise<ResolverResult<T>> {
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(adminPageResolver, key, payload, { accountId, moduleKey: 'incident-admin-page' }),
  ) as Promise<ResolverResult<T>>;
}

const aPost = (overrides: Record<string, unknown> = {}) => ({
  updateId: 'f00dfeed-0000-4000-8000-000000000001',
  state: 'Investigating',
  audience: 'internal',
  message: 'We are looking into failed payments.',
  components: [],
  // The production resolver reads the real clock, so the promise is relative to it.
  nextUpdateDueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
  ...overrides,
});

async function commentCount(): Promise<number> {
  return ((await forge.site.request('app', 'GET', '/rest/api/3/issue/INC-1/comment')).body as { total: number }).total;
}

describe('communication resolvers', () => {
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED, clock: () => NOW });
  });
  afterEach(() => forge.dispose());

  it('views the section: templates prefilled from the incident as text, the cadence line, no roles before setup', async () => {
    const result = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.view, {});
    if (!result.success) throw new Error(result.error.message);
    const view = result.data;
    expect(view.issueKey).toBe('INC-1');
    expect(view.templates.Investigating).toContain('Checkout payments failing for EU customers');
    expect(view.templates.Resolved).not.toContain('{');
    expect(view.roles).toBeNull();
    expect(view.latestUpdate).toBeNull();
    expect(view.cadence.text).toMatch(/^(next update due in|update overdue by) /);
  });

  it('still answers the priority panel through the same resolver function', async () => {
    const result = await panel<unknown>(PRIORITY_RESOLVER_KEYS.view, {});
    expect(result.success).toBe(true);
  });

  it.each([
    ['an empty message', { message: '  ' }, 'message', 'empty'],
    ['an over-long message', { message: 'x'.repeat(2001) }, 'message', '2000'],
    ['an unknown state', { state: 'Fixed' }, 'state', 'Investigating, Identified, Monitoring, Resolved'],
    ['an unknown audience', { audience: 'everyone' }, 'audience', 'internal, external, both'],
    ['an unknown component', { components: ['Teleporter'] }, 'components.0', 'unknown component "Teleporter"'],
    ['a missing update id', { updateId: undefined }, 'updateId', ''],
  ])('refuses %s naming the field, and posts nothing', async (_name, change, field, words) => {
    const before = await commentCount();
    const result = await panel<PostUpdateResult>(COMMUNICATION_RESOLVER_KEYS.post, aPost(change));
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.field).toBe(field);
    expect(result.error.message).toContain(words);
    expect(await commentCount()).toBe(before);
  });

  it('posts through the resolver: comment and email done, the status page skipped without a space', async () => {
    const result = await panel<PostUpdateResult>(COMMUNICATION_RESOLVER_KEYS.post, aPost());
    if (!result.success) throw new Error(result.error.message);
    expect(result.data.deliveries.jiraComment.status).toBe('done');
    expect(result.data.deliveries.statusPage).toMatchObject({ status: 'skipped', reason: expect.stringContaining('No Confluence space') });
    expect(result.data.deliveries.email.status).toBe('done');
    const view = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.view, {});
    expect(view.success && view.data.latestUpdate?.state).toBe('Investigating');
    expect(view.success && view.data.cadence.text).toMatch(/^next update due in (29|30) min$/);
  });

  it('keeps the communication settings admin-only and never answers the API key', async () => {
    const refused = await admin<unknown>(COMMUNICATION_RESOLVER_KEYS.settingsGet, {}, MARCUS);
    expect(refused).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    const saved = await admin<{ apiKeySet: boolean; settings: unknown }>(COMMUNICATION_RESOLVER_KEYS.settingsSave, {
      settings: { ...defaultCommunicationSettings(), statusPageSpaceId: '98305' },
    });
    if (!saved.success) throw new Error(saved.error.message);
    expect(saved.data.apiKeySet).toBe(false);
    const bad = await admin<unknown>(COMMUNICATION_RESOLVER_KEYS.settingsSave, {
      settings: { ...defaultCommunicationSettings(), cadence: { ...defaultCommunicationSettings().cadence, P2: 0 } },
    });
    expect(bad).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'settings.cadence.P2' } });
  });
});
