import { z } from 'zod';
import { browserPlan, openBrowserSite, type BrowserSite } from './support/local-site-browser';

/**
 * The postmortem use case end to end in Chromium: on a Confluence page, insert the app's macro,
 * choose the incident in its config panel (the real config bundle, saved with view.submit), see
 * the macro's view render, create the postmortem page, and refresh it (again after a reload): still one page.
 */
const plan = browserPlan();

const Pages = z.object({ results: z.array(z.object({ id: z.string(), title: z.string() }).loose()) }).loose();

if (!plan.run) {
  test(`postmortem walk in the browser is not run: ${plan.reason}`, () => {
    expect(plan.run).toBe(false);
  });
} else {
  describe('postmortem walk in Chromium', () => {
    let site: BrowserSite;

    beforeAll(async () => {
      site = await openBrowserSite(plan.chromium);
    }, 90_000);


    afterAll(async () => {
      await site?.close();
    }, 60_000);

    async function spacePages(): Promise<{ id: string; title: string }[]> {
      const response = await fetch(site.url('/wiki/api/v2/pages?space-id=98305&limit=250'));
      return Pages.parse(await response.json()).results;
    }

    it('inserts the macro, configures it, and creates the postmortem page exactly once', async () => {
      const { page } = site;
      await page.goto(site.url('/wiki/spaces/ENG'));
      await page.locator('#page-title').fill('Review: checkout payments outage');
      await page.locator('[data-testid=create-page]').click();
      await page.waitForURL(/\/wiki\/pages\/\d+$/);
      const hostPageId = /\/wiki\/pages\/(\d+)/.exec(page.url())?.[1] ?? '';
      const pagesBefore = await spacePages();

      // Insert: the config panel opens on insert (openOnInsert), with the real config bundle.
      await page.locator('[data-testid=insert-macro]').first().click();
      await page.waitForURL(/\?configure=/);
      const config = page.frameLocator('[data-testid=macro-config] iframe');
      await config.getByLabel('Search incidents by key or summary').fill('INC-1');
      await config.getByRole('option').filter({ hasText: 'INC-1' }).first().getByRole('button').click();
      await site.shot('07-postmortem-config');
      await config.getByRole('button', { name: 'Use INC-1' }).click();
      await page.waitForURL(new RegExp(`/wiki/pages/${hostPageId}$`));

      // The saved config is in the page's ADF as the macro's guestParams, as Confluence stores it.
      const stored = await (await fetch(site.url(`/wiki/api/v2/pages/${hostPageId}?body-format=atlas_doc_format`))).json();
      const adf = JSON.parse(z.object({ body: z.object({ atlas_doc_format: z.object({ value: z.string() }).loose() }).loose() }).loose().parse(stored).body.atlas_doc_format.value);
      expect(JSON.stringify(adf)).toContain('"guestParams":{"issueKey":"INC-1"}');

      // The view renders for the configured incident and creates the postmortem page.
      const macro = page.frameLocator('[data-testid=macro] iframe');
      await macro.getByRole('button', { name: 'Create postmortem page' }).click();
      await macro.getByText('Postmortem page created.').waitFor({ timeout: 30_000 });
      await site.shot('08-postmortem-macro');
      const created = (await spacePages()).filter((candidate) => !pagesBefore.some((before) => before.id === candidate.id));
      expect(created).toHaveLength(1);
      const postmortem = created[0]!;
      expect(postmortem.title).toContain('INC-1');

      // "Open" goes to the page's absolute address on this site (Confluence's base + webui), not a
      // relative path: it opens the postmortem, and the remote link stores the same address.
      const documents: string[] = [];
      const noteDocument = (request: { resourceType(): string; url(): string }) => {
        if (request.resourceType() === 'document') documents.push(request.url());
      };
      page.context().on('request', noteDocument);
      const [opened] = await Promise.all([page.waitForEvent('popup'), macro.getByRole('button', { name: `Open “${postmortem.title}”` }).click()]);
      await opened.waitForLoadState();
      page.context().off('request', noteDocument);
      expect(documents[0]).toBe(site.url(`/wiki/spaces/ENG/pages/${postmortem.id}`));
      expect(opened.url()).toBe(site.url(`/wiki/pages/${postmortem.id}`));
      expect(await opened.locator('[data-testid=page-title]').textContent()).toBe(postmortem.title);
      await opened.close();
      const remoteLinks = z.array(z.object({ globalId: z.string().optional(), object: z.object({ url: z.string() }).loose() }).loose()).parse(await (await fetch(site.url('/rest/api/3/issue/INC-1/remotelink'))).json());
      const storedUrl = remoteLinks.find((link) => link.globalId === `postmortem-page=${postmortem.id}`)?.object.url ?? '';
      expect(storedUrl).toBe(site.url(`/wiki/spaces/ENG/pages/${postmortem.id}`));
      const followed = await fetch(storedUrl);
      expect(followed.status).toBe(200);
      expect(followed.url).toBe(site.url(`/wiki/pages/${postmortem.id}`));

      // Refresh from Jira, also after a reload: the resolver answers success, the view says so
      // with the page's new version (and still says so once the preview has reloaded), and there
      // is still exactly one postmortem page.
      const invokeAnswer = (key: string) => page.waitForResponse((response) => response.url().includes('/__bridge/') && response.url().endsWith('/invoke') && (response.request().postData() ?? '').includes(`"${key}"`));
      const refreshOnce = async (frame: ReturnType<typeof page.frameLocator>) => {
        const answer = invokeAnswer('postmortem.refresh');
        const reloaded = invokeAnswer('postmortem.preview');
        await frame.getByRole('button', { name: 'Refresh from Jira' }).click();
        const body = z.object({ result: z.object({ success: z.literal(true), data: z.object({ page: z.object({ title: z.string(), version: z.number() }).loose() }) }).loose() }).parse(await (await answer).json());
        await reloaded;
        // Let the reloaded preview render: the message used to vanish at exactly this point.
        await page.waitForTimeout(500);
        const message = frame.getByTestId('postmortem-outcome');
        expect(await message.isVisible()).toBe(true);
        expect(await message.textContent()).toBe(`Refreshed “${body.result.data.page.title}” from Jira: now version ${body.result.data.page.version}. Sections written by authors were kept.`);
        return body.result.data.page.version;
      };
      const firstVersion = await refreshOnce(macro);
      await page.reload();
      expect(await refreshOnce(page.frameLocator('[data-testid=macro] iframe'))).toBeGreaterThanOrEqual(firstVersion);
      const after = (await spacePages()).filter((candidate) => !pagesBefore.some((before) => before.id === candidate.id));
      expect(after.map((candidate) => candidate.id)).toEqual([postmortem.id]);

      // The generated page renders from its ADF with Atlassian's serializer.
      await page.goto(site.url(`/wiki/pages/${postmortem.id}`));
      expect(await page.locator('[data-testid=page-title]').textContent()).toBe(postmortem.title);
      expect(await page.locator('[data-testid=page-body] h2, [data-testid=page-body] h1').count()).toBeGreaterThan(0);
      await site.shot('09-postmortem-page');
    }, 180_000);
  });
}
