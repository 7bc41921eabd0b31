import type { CommunicationView, PostUpdateResult } from '../../src/contracts/communication';
import type { PriorityPanelView } from '../../src/contracts/priority-panel';
import { findChromium, screenshotPath, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, waitUntil, type StaticServer } from './ui-harness';

/** The incident panel bundle's Stakeholder communication section in Chromium, against a stand-in host and resolver. */
const chromiumPath = findChromium();

/** The priority part's answer; fields added to the panel view later (e.g. `drift`) are filled with their empty value. */
const PANEL: Omit<PriorityPanelView, 'drift'> & { drift: null } = {
  incident: {
    key: 'INC-7',
    summary: 'Checkout fails for EU customers',
    statusName: 'In Progress',
    open: true,
    priorityName: 'Highest',
    reportedAt: '2026-11-26T12:00:00.000Z',
  },
  assessment: { impact: 'High', urgency: 'High', affectedUsers: 1200, businessImplications: [] },
  options: {
    impactLevels: ['High', 'Medium', 'Low'],
    urgencyLevels: ['High', 'Medium', 'Low'],
    businessImplications: ['Security', 'Financial', 'Compliance', 'SLA at risk'],
    jiraPriorityNames: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
  },
  computed: null,
  assessmentProblem: null,
  override: null,
  sla: {
    level: 'P1',
    state: 'running',
    stoppedAt: null,
    targetMinutes: 60,
    dueAt: new Date(Date.now() + 42 * 60_000).toISOString(),
    minutesLeft: 42,
    overdue: false,
    startedAt: '2026-11-26T12:00:00.000Z',
    text: '42 min left',
  },
  rank: null,
  canEdit: true,
  lastApplied: null,
  drift: null,
};

function aView(overrides: Partial<CommunicationView> = {}): CommunicationView {
  return {
    issueKey: 'INC-7',
    level: 'P1',
    roles: { incidentManager: null, communicationsManager: null },
    viewerAccountId: 'test-user',
    latestUpdate: null,
    updateCount: 0,
    cadence: { state: 'overdue', minutes: 7, dueAt: new Date(Date.now() - 7 * 60_000).toISOString(), text: 'update overdue by 7 min' },
    components: ['Checkout', 'Search'],
    templates: {
      Investigating: 'We are investigating: Checkout <b>fails</b>.',
      Identified: 'Cause identified.',
      Monitoring: 'Fix deployed.',
      Resolved: 'Resolved.',
    },
    suggestedNextUpdateAt: new Date(Date.now() + 30 * 60_000).toISOString(),
    statuspageConfigured: true,
    ...overrides,
  };
}

const outcome = (status: 'done' | 'failed' | 'skipped', reason: string | null = null) => ({ status, reason, ref: null, at: null });

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the communication section browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('stakeholder communication section in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;

    serveAppsForBlock(['priority-panel'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
    });

    it('shows the cadence line and roles, posts an update from the prefilled template, shows a failed delivery and retries with the same update id', async () => {
      let posts = 0;
      const failed: PostUpdateResult = {
        issueKey: 'INC-7',
        updateId: 'x',
        complete: false,
        deliveries: {
          jiraComment: outcome('done'),
          jiraProperty: outcome('done'),
          email: outcome('done'),
          statusPage: outcome('failed', 'Confluence status page: Confluence is busy or unavailable. Retry in a few minutes.'),
          statuspage: outcome('done'),
        },
      };
      const { page, calls, errors } = await openApp(browser.context, server, 'priority-panel', (key) => {
        if (key === 'comms.view') return { success: true, data: aView() };
        if (key === 'comms.takeRole')
          return {
            success: true,
            data: aView({ roles: { incidentManager: null, communicationsManager: { accountId: 'test-user', displayName: 'Test User' } } }),
          };
        if (key === 'comms.post') {
          posts += 1;
          return {
            success: true,
            data: posts === 1 ? failed : { ...failed, complete: true, deliveries: { ...failed.deliveries, statusPage: outcome('done') } },
          };
        }
        return { success: true, data: PANEL };
      });
      await page.getByTestId('cadence-line').waitFor();
      expect(await page.getByTestId('cadence-line').innerText()).toBe('update overdue by 7 min');

      await page.getByRole('button', { name: "I'll manage comms" }).click();
      await page.getByTestId('role-communicationsManager').getByText('Test User (you)').waitFor();

      await page.getByRole('button', { name: 'Post an update' }).click();
      const message = page.getByLabel('Message');
      expect(await message.inputValue()).toBe('We are investigating: Checkout <b>fails</b>.');
      await page.getByLabel('State').selectOption('Identified');
      expect(await message.inputValue()).toBe('Cause identified.');
      await page.getByLabel('Audience').selectOption('both');
      await page.getByLabel('Checkout').check();
      await page.getByRole('button', { name: 'Post update' }).click();
      await page.getByTestId('delivery-results').waitFor();
      expect(await page.locator('[data-delivery="statusPage"]').getAttribute('data-status')).toBe('failed');
      expect(await page.locator('[data-delivery="statusPage"]').innerText()).toContain('Retry in a few minutes');
      await page.screenshot({ path: screenshotPath('communication-section'), fullPage: true });

      await page.getByRole('button', { name: 'Retry' }).click();
      await page.getByText('Update posted.').waitFor();
      const postCalls = calls.invokes
        .filter((call) => call.functionKey === 'comms.post')
        .map((call) => call.payload as { updateId: string; state: string; audience: string; components: string[]; message: string });
      expect(postCalls).toHaveLength(2);
      expect(postCalls[0]).toMatchObject({ state: 'Identified', audience: 'both', components: ['Checkout'], message: 'Cause identified.' });
      expect(postCalls[1]?.updateId).toBe(postCalls[0]?.updateId);
      await waitUntil(() => calls.invokes.filter((call) => call.functionKey === 'comms.view').length >= 2);
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);

    it('shows a refused field next to the form and keeps the draft', async () => {
      const { page } = await openApp(browser.context, server, 'priority-panel', (key) => {
        if (key === 'comms.view') return { success: true, data: aView() };
        if (key === 'comms.post')
          return {
            success: false,
            error: {
              code: 'BAD_REQUEST',
              message: 'components.0: unknown component "Checkout"; expected one of Search',
              field: 'components.0',
            },
          };
        return { success: true, data: PANEL };
      });
      await page.getByRole('button', { name: 'Post an update' }).waitFor();
      await page.getByRole('button', { name: 'Post an update' }).click();
      await page.getByLabel('Checkout').check();
      await page.getByRole('button', { name: 'Post update' }).click();
      await page.getByText('unknown component "Checkout"').waitFor();
      expect(await page.getByLabel('Message').inputValue()).toBe('We are investigating: Checkout <b>fails</b>.');
      await page.close();
    }, 60_000);
  });
}
