import path from 'node:path';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { defaultCommunicationSettings } from '../../../src/domain/communication/communication-settings';
import { StakeholderUpdateDraft } from '../../../src/domain/communication/stakeholder-update';
import { productionCommunicateDeps } from '../../../src/usecases/communicate/communicate-deps';
import { COMMUNICATION_SETTINGS, STATUSPAGE_API_KEY_SECRET } from '../../../src/usecases/communicate/communication-settings-store';
import { postStakeholderUpdate } from '../../../src/usecases/communicate/post-stakeholder-update';
import { DEMO_STATUSPAGE_KEY, DEMO_STATUSPAGE_PAGE_ID } from '../../../local-site/statuspage/statuspage-site';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

/** The production delivery adapters (Jira notify, the Statuspage client, secrets) behind the use case, on the local site. */
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const PAYMENTS_COMPONENT = 'dmcmp0pay003';
let forge: LocalForge;
let n = 0;
const draft = (change: Record<string, unknown> = {}) =>
  StakeholderUpdateDraft.parse({
    updateId: `real-0000-${String(++n).padStart(4, '0')}`,
    state: 'Investigating',
    audience: 'both',
    message: 'Payments fail for EU customers.',
    components: ['Checkout'],
    nextUpdateDueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    ...change,
  });
const post = (update: StakeholderUpdateDraft) =>
  forge.asInvocation({ accountId: PRIYA }, () =>
    postStakeholderUpdate(productionCommunicateDeps(), { issueKey: 'INC-1', draft: update, accountId: PRIYA, siteUrl: null }),
  );

describe('a P1 gets three updates through the real adapters', () => {
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: path.resolve(__dirname, '../../../seeds/demo') });
    forge.site.jira.issue('INC-1')!.fields.components = [{ id: '10001', name: 'Checkout' }];
    await forge.asInvocation({ accountId: PRIYA }, async () => {
      await new AppStorage().set(COMMUNICATION_SETTINGS, {
        ...defaultCommunicationSettings(),
        statusPageSpaceId: '98305',
        statuspage: { pageId: DEMO_STATUSPAGE_PAGE_ID, componentMap: { Checkout: PAYMENTS_COMPONENT } },
      });
      await new AppStorage().setSecret(STATUSPAGE_API_KEY_SECRET, DEMO_STATUSPAGE_KEY);
    });
  });
  afterAll(() => forge.dispose());

  it('emails, updates the status page and Statuspage once per update, and survives a Statuspage outage without a duplicate', async () => {
    expect((await post(draft({ audience: 'internal' }))).complete).toBe(true);
    const identified = draft({ state: 'Identified' });
    forge.site.statuspage.setUnavailable(60_000);
    const failed = await post(identified);
    expect(failed.deliveries.jiraComment.status).toBe('done');
    expect(failed.deliveries.statuspage).toMatchObject({
      status: 'failed',
      reason: 'Statuspage: the service is unavailable. Retry in a few minutes.',
    });
    forge.site.statuspage.available();
    expect((await post(identified)).complete).toBe(true);
    expect((await post(draft({ state: 'Resolved', nextUpdateDueAt: null, message: 'Fixed.' }))).complete).toBe(true);

    expect(forge.site.notifications.outbox.map((mail) => mail.subject)).toEqual([
      '[INC-1] Investigating: Checkout payments failing for EU customers',
      '[INC-1] Identified: Checkout payments failing for EU customers',
      '[INC-1] Resolved: Checkout payments failing for EU customers',
    ]);
    const incidents = forge.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.status).toBe('resolved');
    expect(
      forge.site.statuspage.componentsOf(DEMO_STATUSPAGE_PAGE_ID).find((component) => component.id === PAYMENTS_COMPONENT)?.status,
    ).toBe('operational');
    expect(forge.site.contract.violations).toEqual([]);
  }, 60_000);
});
