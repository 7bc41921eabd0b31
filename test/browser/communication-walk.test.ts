import type { FrameLocator, Page } from 'playwright-core';
import { z } from 'zod';
import { DEMO_STATUSPAGE_KEY, DEMO_STATUSPAGE_PAGE_ID } from '../../local-site';
import { browserPlan, openSiteForBlock, type BrowserSite } from './support/local-site-browser';

/**
 * Stakeholder communication end to end in Chromium (issue 11's walk), on the demo seed, with the
 * real admin page and priority panel bundles: an admin sets the Confluence status space and the
 * demo Statuspage page and key; the demo's open P1 (INC-1) gets three updates: internal
 * Investigating, Identified for both audiences while the Statuspage API answers 503 (Jira, email
 * and Confluence are done, Statuspage fails with a reason and is retried once it is back), then
 * Resolved for both. The outbox, the Confluence "Incident status" page and the public Statuspage
 * page show each step, and the local site counts one Statuspage incident and one Jira comment per update.
 */
const plan = browserPlan();

const ENG_SPACE_ID = '98305';
const ISSUE = 'INC-1';
const MESSAGES = {
  investigating: 'Walk update one: checkout errors are being investigated.',
  identified: 'Walk update two: a bad payment gateway config was identified.',
  resolved: 'Walk update three: the config is rolled back and checkout works.',
} as const;

const Pages = z.object({ results: z.array(z.object({ id: z.string(), title: z.string() }).loose()) }).loose();
const Comments = z.object({ comments: z.array(z.object({ id: z.string(), body: z.unknown() }).loose()), total: z.number() }).loose();

function panel(page: Page): FrameLocator {
  return page.frameLocator('section[data-testid=issue-panel] iframe');
}

if (!plan.run) {
  test(`communication walk in the browser is not run: ${plan.reason}`, () => {
    expect(plan.run).toBe(false);
  });
} else {
  describe('communication walk in Chromium', () => {
    let site: BrowserSite;
    const browserErrors: string[] = [];

    openSiteForBlock(plan.chromium, (opened) => {
      site = opened;
      site.page.on('pageerror', (error) => browserErrors.push(`pageerror: ${error.message}`));
      // Chromium asks every origin for /favicon.ico, which the local site does not serve; any other
      // failed resource is a finding (its address is kept, as the console message has none).
      site.page.on('response', (response) => {
        if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico')
          browserErrors.push(`${response.status()}: ${response.request().method()} ${response.url()}`);
      });
      site.page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (
          message.text().startsWith('Failed to load resource:') &&
          new URL(message.location().url || site.url('/')).pathname === '/favicon.ico'
        )
          return;
        browserErrors.push(`console: ${message.text()} (${message.location().url})`);
      });
    });

    const statuspageIncidents = () => site.site.site.statuspage.incidentsOf(DEMO_STATUSPAGE_PAGE_ID);

    async function commentsWith(text: string): Promise<number> {
      const body = Comments.parse(await (await fetch(site.url(`/rest/api/3/issue/${ISSUE}/comment?maxResults=100`))).json());
      return body.comments.filter((comment) => JSON.stringify(comment.body).includes(text)).length;
    }

    async function outboxBodies(): Promise<string[]> {
      await site.page.goto(site.url(`/__local/outbox?issue=${ISSUE}`));
      return site.page.locator('[data-testid=outbox-email] [data-testid=outbox-body]').allInnerTexts();
    }

    async function statusPageBody(): Promise<string> {
      const pages = Pages.parse(
        await (await fetch(site.url(`/wiki/api/v2/pages?space-id=${ENG_SPACE_ID}&limit=250`))).json(),
      ).results.filter((candidate) => candidate.title === 'Incident status');
      expect(pages).toHaveLength(1);
      await site.page.goto(site.url(`/wiki/pages/${pages[0]!.id}`));
      expect(await site.page.locator('[data-testid=page-title]').innerText()).toBe('Incident status');
      return site.page.locator('[data-testid=page-body]').innerText();
    }

    /** Opens the incident, starts a new update and posts it; answers the deliveries' list. */
    async function postUpdate(state: string, audience: string, message: string): Promise<FrameLocator> {
      const { page } = site;
      await page.goto(site.url(`/jira/browse/${ISSUE}`));
      const frame = panel(page);
      const section = frame.getByTestId('communication-section');
      await section.getByRole('button', { name: 'Post an update' }).click();
      const form = frame.getByRole('form', { name: 'Stakeholder update' });
      await form.getByLabel('State', { exact: true }).selectOption(state);
      await form.getByLabel('Audience', { exact: true }).selectOption(audience);
      await form.getByLabel('Message', { exact: true }).fill(message);
      await form.getByRole('button', { name: 'Post update' }).click();
      await form.getByTestId('delivery-results').waitFor({ timeout: 30_000 });
      return frame;
    }

    const delivery = (frame: FrameLocator, key: string) => frame.locator(`li[data-delivery="${key}"]`);

    it('posts three updates to a P1, survives a Statuspage outage and retries it without a duplicate', async () => {
      const { page } = site;

      // 1. An admin sets the status space and Statuspage (page id and demo key) on the admin page.
      await page.goto(site.url('/jira/admin'));
      const admin = page.frameLocator('iframe.forge-frame').getByTestId('communication-settings-section');
      await admin.getByLabel('Space id', { exact: true }).fill(ENG_SPACE_ID);
      await admin.getByLabel('Page id', { exact: true }).fill(DEMO_STATUSPAGE_PAGE_ID);
      await admin.getByLabel('API key', { exact: true }).fill(DEMO_STATUSPAGE_KEY);
      await admin.getByRole('button', { name: 'Save communication settings' }).click();
      await admin.getByTestId('communication-settings-outcome').getByText('Communication settings saved.').waitFor();
      expect(await admin.getByText('A key is stored (never shown). Enter a new one to replace it.').count()).toBe(1);
      expect(await admin.getByLabel('API key', { exact: true }).inputValue()).toBe('');
      await site.shot('comms-01-admin-settings');

      // The demo's open P1.
      await page.goto(site.url(`/jira/browse/${ISSUE}`));
      const section = panel(page).getByTestId('communication-section');
      await section.waitFor();
      expect(await section.innerText()).toContain('P1');

      // 2. Update 1: Investigating, internal. Jira, email and Confluence are done; Statuspage is skipped.
      let frame = await postUpdate('Investigating', 'internal', MESSAGES.investigating);
      await frame.getByText('Update posted.').waitFor();
      for (const key of ['jiraComment', 'jiraProperty', 'email', 'statusPage'])
        expect(await delivery(frame, key).getAttribute('data-status')).toBe('done');
      expect(await delivery(frame, 'statuspage').getAttribute('data-status')).toBe('skipped');
      expect(await delivery(frame, 'statuspage').innerText()).toContain('Internal update: not shown on Statuspage.');
      await site.shot('comms-02-internal-update');
      expect((await outboxBodies()).filter((body) => body.includes(MESSAGES.investigating))).toHaveLength(1);
      expect(
        (await page.locator('[data-testid=outbox-email] [data-testid=outbox-subject]').allInnerTexts()).filter((subject) =>
          subject.startsWith(`[${ISSUE}] Investigating: `),
        ),
      ).toHaveLength(1);
      const afterFirst = await statusPageBody();
      expect(afterFirst).toContain(ISSUE);
      expect(afterFirst).toContain('Investigating');
      expect(afterFirst).toContain(MESSAGES.investigating);
      expect(statuspageIncidents()).toHaveLength(0);

      // 3. Statuspage goes down (the public page's switch); update 2: Identified, both.
      await page.goto(site.url('/statuspage'));
      await page.getByRole('button', { name: 'Simulate a 2-minute outage (503)' }).click();
      await page.waitForLoadState('load');
      expect(await page.getByText('answering 503 (simulated outage)').count()).toBe(1);
      frame = await postUpdate('Identified', 'both', MESSAGES.identified);
      for (const key of ['jiraComment', 'jiraProperty', 'email', 'statusPage'])
        expect(await delivery(frame, key).getAttribute('data-status')).toBe('done');
      expect(await delivery(frame, 'statuspage').getAttribute('data-status')).toBe('failed');
      // The reason says what happened and what to do, once (the line already names Statuspage).
      expect(await delivery(frame, 'statuspage').innerText()).toBe('✗ Statuspage: the service is unavailable. Retry in a few minutes.');
      expect(await frame.getByText('Some deliveries failed; Retry sends only those (nothing is posted twice).').count()).toBe(1);
      await site.shot('comms-03-statuspage-failed');
      expect(statuspageIncidents()).toHaveLength(0);

      // 4. Statuspage is back; Retry sends only the Statuspage part.
      const statuspageTab = await page.context().newPage();
      await statuspageTab.goto(site.url('/statuspage'));
      await statuspageTab.getByRole('button', { name: 'End the outage' }).click();
      await statuspageTab.waitForLoadState('load');
      expect(await statuspageTab.getByText('answering 503 (simulated outage)').count()).toBe(0);
      await frame.getByRole('button', { name: 'Retry' }).click();
      await frame.getByText('Update posted.').waitFor({ timeout: 30_000 });
      expect(await delivery(frame, 'statuspage').getAttribute('data-status')).toBe('done');
      await site.shot('comms-04-retried');
      await statuspageTab.reload();
      const active = statuspageTab.locator('[data-testid=status-incident]');
      expect(await active.count()).toBe(1);
      expect(await active.getAttribute('data-status')).toBe('identified');
      expect(await active.innerText()).toContain(MESSAGES.identified);
      await statuspageTab.close();
      expect(statuspageIncidents()).toHaveLength(1);
      expect(statuspageIncidents()[0]!.incident_updates).toHaveLength(1);
      expect(await commentsWith(MESSAGES.identified)).toBe(1);
      expect((await outboxBodies()).filter((body) => body.includes(MESSAGES.identified))).toHaveLength(1);
      const afterSecond = await statusPageBody();
      expect(afterSecond).toContain('Identified');
      expect(afterSecond).toContain(MESSAGES.identified);
      expect(afterSecond).not.toContain(MESSAGES.investigating);

      // 5. Update 3: Resolved, both.
      frame = await postUpdate('Resolved', 'both', MESSAGES.resolved);
      await frame.getByText('Update posted.').waitFor();
      for (const key of ['jiraComment', 'jiraProperty', 'email', 'statusPage', 'statuspage'])
        expect(await delivery(frame, key).getAttribute('data-status')).toBe('done');
      await page.goto(site.url(`/jira/browse/${ISSUE}`));
      expect(await panel(page).getByTestId('latest-update').innerText()).toMatch(/^Last update: Resolved \(both\), .+; 3 so far$/);
      await site.shot('comms-05-resolved');

      await page.goto(site.url('/statuspage'));
      const incidents = page.locator('[data-testid=status-incident]');
      expect(await incidents.count()).toBe(1);
      expect(await incidents.getAttribute('data-status')).toBe('resolved');
      const card = await incidents.innerText();
      expect(card).toContain(MESSAGES.resolved);
      expect(card).toContain(MESSAGES.identified);
      expect(card).not.toContain(MESSAGES.investigating);
      expect(await page.getByRole('heading', { name: 'Active incidents' }).count()).toBe(0);
      await site.shot('comms-06-statuspage-public');

      // Confluence lists open incidents only: the resolved one is gone from the page.
      const afterResolved = await statusPageBody();
      expect(afterResolved).not.toContain(ISSUE);
      expect(afterResolved).not.toContain(MESSAGES.identified);

      // The outbox has one email per update, in order of posting.
      const bodies = await outboxBodies();
      for (const message of Object.values(MESSAGES)) expect(bodies.filter((body) => body.includes(message))).toHaveLength(1);
      const subjects = await page.locator('[data-testid=outbox-email] [data-testid=outbox-subject]').allInnerTexts();
      expect(subjects.filter((subject) => /^\[INC-1\] (Investigating|Identified|Resolved): /.test(subject))).toHaveLength(3);

      // No duplicate anywhere: one Statuspage incident with two updates, one comment per update.
      const [published] = statuspageIncidents();
      expect(statuspageIncidents()).toHaveLength(1);
      expect(published!.status).toBe('resolved');
      expect(published!.incident_updates.map((update) => update.status)).toEqual(['resolved', 'identified']);
      for (const message of Object.values(MESSAGES)) expect(await commentsWith(message)).toBe(1);
      expect(site.site.site.contract.violations).toEqual([]);
      expect(browserErrors).toEqual([]);
    }, 240_000);
  });
}
