import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { CreateProblemResult, TrendsView } from '../../src/contracts/incident-trends-types';
import { findChromium, screenshotPath, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, waitUntil, type StaticServer } from './ui-harness';

/** The production Incident trends bundle in Chromium, against a stand-in host and resolver. */
const chromiumPath = findChromium();

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const lastDays = (days: number) => ({ from: isoDay(Date.now() - (days - 1) * DAY_MS), to: isoDay(Date.now()) });

function aTrendsView(period: { from: string; to: string }, overrides: Partial<TrendsView> = {}): TrendsView {
  return {
    projectKey: 'INC',
    minIncidents: 3,
    computedAt: '2026-11-30T12:00:00.000Z',
    siteUrl: 'https://example.atlassian.net',
    canCreateProblem: true,
    trends: {
      from: period.from,
      to: period.to,
      incidents: 7,
      bucket: 'week',
      byPriority: [
        {
          priority: 'Highest',
          count: 4,
          timeToAcknowledgeMinutes: { median: 3, p90: 11 },
          timeToResolveMinutes: { median: 95, p90: 400 },
          slaMet: 3,
          slaMissed: 1,
        },
        {
          priority: 'Medium',
          count: 3,
          timeToAcknowledgeMinutes: { median: null, p90: null },
          timeToResolveMinutes: { median: 1440.5, p90: 2880 },
          slaMet: 1,
          slaMissed: 2,
        },
      ],
      byCategory: [
        { category: 'Application', subcategory: 'Error', count: 4 },
        { category: 'Network, "core"', subcategory: '=HYPERLINK("http://evil.example")', count: 2 },
        { category: null, subcategory: null, count: 1 },
        { category: '<img src=x onerror="window.__pwned=1">', subcategory: 'Disk', count: 1 },
      ],
      byPeriod: [
        {
          start: '2026-11-16',
          count: 3,
          byPriority: [
            { priority: 'Highest', count: 2 },
            { priority: 'Medium', count: 1 },
          ],
          timeToAcknowledgeMinutes: { median: 3, p90: 11 },
          timeToResolveMinutes: { median: 95, p90: 400 },
          byCategory: [
            { category: 'Application', subcategory: 'Error', count: 2 },
            { category: 'Network, "core"', subcategory: '=HYPERLINK("http://evil.example")', count: 1 },
          ],
        },
        {
          start: '2026-11-23',
          count: 4,
          byPriority: [
            { priority: 'Highest', count: 2 },
            { priority: 'Medium', count: 2 },
          ],
          timeToAcknowledgeMinutes: { median: null, p90: null },
          timeToResolveMinutes: { median: 1440.5, p90: 2880 },
          byCategory: [
            { category: 'Application', subcategory: 'Error', count: 2 },
            { category: 'Network, "core"', subcategory: '=HYPERLINK("http://evil.example")', count: 1 },
            { category: null, subcategory: null, count: 1 },
          ],
        },
      ],
      openByAge: [
        { label: '< 1 day', minDays: 0, maxDays: 1, count: 1, incidentKeys: ['INC-7'] },
        { label: '1-7 days', minDays: 1, maxDays: 7, count: 0, incidentKeys: [] },
        { label: '7-30 days', minDays: 7, maxDays: 30, count: 1, incidentKeys: ['INC-5'] },
        { label: '> 30 days', minDays: 30, maxDays: null, count: 0, incidentKeys: [] },
      ],
      reopened: { count: 2, incidentKeys: ['INC-2', 'INC-4'] },
      problemCandidates: [
        { category: 'Application', subcategory: 'Error', incidentKeys: ['INC-1', 'INC-2', 'INC-3', 'INC-6'] },
        { category: 'Network', subcategory: 'DNS', incidentKeys: ['INC-4', 'INC-5', 'INC-7'] },
      ],
    },
    ...overrides,
  };
}

function periodOf(payload: unknown): { from: string; to: string } {
  return { from: String(Reflect.get(Object(payload), 'from')), to: String(Reflect.get(Object(payload), 'to')) };
}

/** Answers trends.load for whatever period was asked, as the resolver would. */
const loadAnswer =
  (overrides: Partial<TrendsView> = {}) =>
  (key: string, payload: unknown) =>
    key === 'trends.load'
      ? { success: true, data: aTrendsView(periodOf(payload), overrides) }
      : { success: false, error: { code: 'INTERNAL', message: `unexpected ${key}` } };

/** The rows of the table with this caption, header row first, as the reader sees them. */
async function tableRows(page: Page, caption: string): Promise<string[][]> {
  return page
    .locator(`table[data-caption="${caption}"]`)
    .evaluate((table) =>
      Array.from(table.querySelectorAll('tr')).map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim()),
      ),
    );
}

async function downloadCsv(page: Page, caption: string): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: `Download CSV: ${caption}` }).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the trends page browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('Incident trends page in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;

    serveAppsForBlock(['trends-page'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
    });

    it('loads the last 30 days, reloads for 90 days and for a valid custom period, and refuses an invalid one with a message', async () => {
      const { page, calls, errors } = await openApp(browser.context, server, 'trends-page', loadAnswer(), {
        type: 'jira:projectPage',
        project: { key: 'INC', id: '10000', type: 'software' },
      });
      await page.getByTestId('trends-summary').waitFor();
      await page.getByRole('button', { name: 'Last 90 days' }).click();
      await waitUntil(() => calls.invokes.length === 2);
      await page.getByText(`7 incidents created from ${lastDays(90).from} to ${lastDays(90).to}; 2 reopened.`).waitFor();
      expect(await page.getByRole('button', { name: 'Last 90 days' }).getAttribute('aria-pressed')).toBe('true');

      await page.getByLabel('From', { exact: true }).fill('2026-03-31');
      await page.getByLabel('To', { exact: true }).fill('2026-01-01');
      await page.getByRole('button', { name: 'Show period' }).click();
      await page.getByText('The first day must be on or before the last day.').waitFor();
      expect(await page.getByLabel('From', { exact: true }).getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('To', { exact: true }).fill('2999-01-01');
      await page.getByRole('button', { name: 'Show period' }).click();
      await page.getByText(/The last day cannot be after today/).waitFor();

      await page.getByLabel('From', { exact: true }).fill('2026-01-01');
      await page.getByLabel('To', { exact: true }).fill('2026-03-31');
      await page.getByRole('button', { name: 'Show period' }).click();
      await page.getByText('7 incidents created from 2026-01-01 to 2026-03-31; 2 reopened.').waitFor();
      expect(calls.invokes).toEqual([
        { functionKey: 'trends.load', payload: lastDays(30) },
        { functionKey: 'trends.load', payload: lastDays(90) },
        { functionKey: 'trends.load', payload: { from: '2026-01-01', to: '2026-03-31' } },
      ]);
      await page.screenshot({ path: screenshotPath('trends-page'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('draws the five largest categories of the period apart per week and sums the rest as Other categories', async () => {
      const names = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];
      const period = lastDays(30);
      const base = aTrendsView(period);
      const view = aTrendsView(period, {
        trends: {
          ...base.trends,
          byCategory: names.map((name, index) => ({ category: name, subcategory: 'x', count: 10 - index })),
          byPeriod: [
            {
              start: '2026-11-16',
              count: 12,
              byPriority: [{ priority: 'Highest', count: 12 }],
              timeToAcknowledgeMinutes: { median: 5, p90: 9 },
              timeToResolveMinutes: { median: 60, p90: 120 },
              byCategory: [
                { category: 'A', subcategory: 'x', count: 5 },
                { category: 'E', subcategory: 'x', count: 3 },
                { category: 'F', subcategory: 'x', count: 2 },
                { category: 'G', subcategory: 'x', count: 2 },
              ],
            },
          ],
        },
      });
      const { page } = await openApp(browser.context, server, 'trends-page', (key) =>
        key === 'trends.load' ? { success: true, data: view } : { success: false, error: { code: 'INTERNAL', message: key } },
      );
      await page.getByTestId('trends-summary').waitFor();
      expect(await tableRows(page, 'Incidents per week by category')).toEqual([
        ['Week starting', 'A / x', 'B / x', 'C / x', 'D / x', 'E / x', 'Other categories', 'Total'],
        ['2026-11-16', '5', '0', '0', '0', '3', '4', '12'],
      ]);
      await page.close();
    }, 60_000);

    it('shows each chart’s numbers in a table, and the CSV holds the same rows, quoted and defused', async () => {
      const { page } = await openApp(browser.context, server, 'trends-page', loadAnswer());
      await page.getByTestId('trends-summary').waitFor();
      expect(await page.getByTestId('chart').count()).toBe(9);
      expect(await tableRows(page, 'Incidents per week by priority')).toEqual([
        ['Week starting', 'Highest', 'Medium', 'Total'],
        ['2026-11-16', '2', '1', '3'],
        ['2026-11-23', '2', '2', '4'],
      ]);
      expect(await tableRows(page, 'Time to acknowledge and resolve per week')).toEqual([
        [
          'Week starting',
          'Incidents',
          'Acknowledge median (minutes)',
          'Acknowledge 90th percentile (minutes)',
          'Resolve median (minutes)',
          'Resolve 90th percentile (minutes)',
        ],
        ['2026-11-16', '3', '3', '11', '95', '400'],
        ['2026-11-23', '4', '–', '–', '1440.5', '2880'],
      ]);
      expect(await tableRows(page, 'Time to acknowledge by priority')).toEqual([
        ['Priority', 'Incidents', 'Median (minutes)', '90th percentile (minutes)'],
        ['Highest', '4', '3', '11'],
        ['Medium', '3', '–', '–'],
      ]);
      expect(await tableRows(page, 'Time to resolve by priority')).toEqual([
        ['Priority', 'Incidents', 'Median (minutes)', '90th percentile (minutes)'],
        ['Highest', '4', '95', '400'],
        ['Medium', '3', '1440.5', '2880'],
      ]);
      expect(await tableRows(page, 'SLA met and missed by priority')).toEqual([
        ['Priority', 'SLA met', 'SLA missed'],
        ['Highest', '3', '1'],
        ['Medium', '1', '2'],
      ]);
      expect(await tableRows(page, 'Open incidents by age')).toEqual([
        ['Age', 'Open incidents', 'Incidents'],
        ['< 1 day', '1', 'INC-7'],
        ['1-7 days', '0', ''],
        ['7-30 days', '1', 'INC-5'],
        ['> 30 days', '0', ''],
      ]);
      expect(await tableRows(page, 'Incidents per week by category')).toEqual([
        [
          'Week starting',
          'Application / Error',
          'Network, "core" / =HYPERLINK("http://evil.example")',
          '(no category) / (none)',
          '<img src=x onerror="window.__pwned=1"> / Disk',
          'Total',
        ],
        ['2026-11-16', '2', '1', '0', '0', '3'],
        ['2026-11-23', '2', '1', '1', '0', '4'],
      ]);
      const byCategory = await tableRows(page, 'Incidents by category');
      expect(byCategory).toEqual([
        ['Category', 'Subcategory', 'Incidents'],
        ['Application', 'Error', '4'],
        ['Network, "core"', '=HYPERLINK("http://evil.example")', '2'],
        ['(no category)', '(none)', '1'],
        ['<img src=x onerror="window.__pwned=1">', 'Disk', '1'],
      ]);
      // Jira text is text: the category above is shown, not run.
      expect(await page.evaluate(() => Reflect.get(window, '__pwned'))).toBeUndefined();
      expect(await page.locator('th[scope="col"]').count()).toBeGreaterThan(0);
      expect(await page.getByTestId('reopened-count').textContent()).toBe('2 reopened');

      const { from, to } = lastDays(30);
      const categories = await downloadCsv(page, 'Incidents by category');
      expect(categories.name).toBe(`incident-trends_incidents-by-category_${from}_${to}.csv`);
      expect(categories.text).toBe(
        'Category,Subcategory,Incidents\r\nApplication,Error,4\r\n"Network, ""core""","\'=HYPERLINK(""http://evil.example"")",2\r\n(no category),(none),1\r\n"<img src=x onerror=""window.__pwned=1"">",Disk,1\r\n',
      );
      const acknowledge = await downloadCsv(page, 'Time to acknowledge by priority');
      expect(acknowledge.text).toBe('Priority,Incidents,Median (minutes),90th percentile (minutes)\r\nHighest,4,3,11\r\nMedium,3,,\r\n');
      await page.close();
    }, 60_000);

    it('creates a Problem once however often the busy button is clicked, links it, and shows a refusal calmly', async () => {
      const pending = deferred<unknown>();
      const created: CreateProblemResult = {
        problem: { key: 'INC-42', url: 'https://example.atlassian.net/browse/INC-42' },
        created: true,
        linkedIncidentKeys: ['INC-1', 'INC-2', 'INC-3', 'INC-6'],
      };
      const { page, calls } = await openApp(browser.context, server, 'trends-page', (key, payload) => {
        if (key === 'trends.load') return loadAnswer()(key, payload);
        if (Reflect.get(Object(payload), 'category') === 'Application') return pending.promise;
        return { success: false, error: { code: 'CONFLICT', message: 'Jira has no "Causes" link type: ask a Jira admin to add it.' } };
      });
      const application = page.locator('[data-candidate="Application / Error"]');
      await application.getByRole('link', { name: 'INC-3' }).waitFor();
      expect(await application.getByRole('link', { name: 'INC-3' }).getAttribute('href')).toBe(
        'https://example.atlassian.net/browse/INC-3',
      );
      await application.getByRole('button', { name: 'Create Problem' }).click();
      await application.getByTestId('create-problem-busy').waitFor();
      await application.getByRole('button', { name: /Create Problem/ }).click({ force: true });
      await application.getByRole('button', { name: /Create Problem/ }).press('Enter');
      pending.resolve({ success: true, data: created });
      await application.getByTestId('problem-link').waitFor();
      expect(await application.getByTestId('problem-link').getAttribute('href')).toBe('https://example.atlassian.net/browse/INC-42');
      await application.getByText('linked 4 incidents to it with “Causes”.', { exact: false }).waitFor();
      expect(calls.invokes.filter((call) => call.functionKey === 'trends.createProblem')).toEqual([
        { functionKey: 'trends.createProblem', payload: { ...lastDays(30), category: 'Application', subcategory: 'Error' } },
      ]);
      expect(await application.getByRole('button', { name: 'Create Problem' }).isDisabled()).toBe(true);

      const network = page.locator('[data-candidate="Network / DNS"]');
      await network.getByRole('button', { name: 'Create Problem' }).focus();
      await page.keyboard.press('Enter');
      await network.getByRole('alert').getByText('Jira has no "Causes" link type: ask a Jira admin to add it.').waitFor();
      expect(await network.getByRole('button', { name: 'Create Problem' }).isEnabled()).toBe(true);
      await page.close();
    }, 60_000);

    it('disables Create Problem with the reason for a viewer who cannot create issues, and folds long incident lists', async () => {
      const many = Array.from({ length: 35 }, (_, index) => `INC-${100 + index}`);
      const { page, calls } = await openApp(browser.context, server, 'trends-page', (key, payload) => {
        const view = aTrendsView(periodOf(payload), { canCreateProblem: false });
        return {
          success: true,
          data: {
            ...view,
            trends: { ...view.trends, problemCandidates: [{ category: 'Application', subcategory: 'Error', incidentKeys: many }] },
          },
        };
      });
      const candidate = page.locator('[data-candidate="Application / Error"]');
      await candidate.getByRole('link', { name: 'INC-100' }).waitFor();
      expect(await candidate.getByRole('link').count()).toBe(30);
      await candidate.getByRole('button', { name: 'Show all 35' }).click();
      expect(await candidate.getByRole('link').count()).toBe(35);
      const button = page.locator('[data-candidate="Application / Error"]').getByRole('button', { name: 'Create Problem' });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      await page.getByText("You can't create issues in INC", { exact: false }).first().waitFor();
      expect(calls.invokes.map((call) => call.functionKey)).toEqual(['trends.load']);
      await page.close();
    }, 60_000);

    it('shows distinct empty, forbidden and error states, and Try again loads again', async () => {
      const empty = await openApp(browser.context, server, 'trends-page', (key, payload) => ({
        success: true,
        data: aTrendsView(periodOf(payload), {
          trends: {
            ...aTrendsView(periodOf(payload)).trends,
            incidents: 0,
            byPriority: [],
            byCategory: [],
            byPeriod: [],
            openByAge: [],
            reopened: { count: 0, incidentKeys: [] },
            problemCandidates: [],
          },
        }),
      }));
      await empty.page.locator('[data-state="empty"]').getByText('No incidents in this period').waitFor();
      expect(await empty.page.getByTestId('chart').count()).toBe(0);
      await empty.page.close();

      const forbidden = await openApp(browser.context, server, 'trends-page', () => ({
        success: false,
        error: { code: 'FORBIDDEN', message: 'You cannot browse project INC.' },
      }));
      await forbidden.page.locator('[data-state="forbidden"]').getByText("You can't see this project's incidents").waitFor();
      await forbidden.page.getByText('You cannot browse project INC.').waitFor();
      await forbidden.page.close();

      let failures = 1;
      const failing = await openApp(browser.context, server, 'trends-page', (key, payload) => {
        if (failures-- > 0) return { success: false, error: { code: 'UNAVAILABLE', message: 'Jira answered 503; try again in a minute.' } };
        return loadAnswer()(key, payload);
      });
      await failing.page.locator('[data-state="error"]').getByText('Jira answered 503; try again in a minute.').waitFor();
      await failing.page.getByRole('button', { name: 'Try again' }).click();
      await failing.page.getByTestId('trends-summary').waitFor();
      expect(failing.calls.invokes.length).toBe(2);
      await failing.page.close();
    }, 60_000);

    it('draws the charts in the dark theme’s token colours, and redraws them when the theme changes', async () => {
      // Atlassian's own dark theme CSS, as the host provides it after view.theme.enable().
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const darkThemeCss: string = require('@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-dark').default;
      const darkBrand = /--ds-chart-brand:\s*(#[0-9A-Fa-f]+)/.exec(darkThemeCss)?.[1];
      expect(darkBrand).toBeDefined();
      const { page, calls, errors } = await openApp(browser.context, server, 'trends-page', loadAnswer(), {}, { darkThemeCss });
      await page.getByTestId('trends-summary').waitFor();
      expect(calls.ops).toContain('enableTheming');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(31, 31, 33)');
      const chartColours = (colour: string) =>
        page.waitForFunction(
          (wanted) =>
            document
              .querySelector('[data-testid="chart"][aria-label^="Time to acknowledge by priority"]')
              ?.getAttribute('data-chart-colours')
              ?.includes(wanted) === true,
          colour,
          { timeout: 10_000 },
        );
      await chartColours(String(darkBrand));
      await page.screenshot({ path: screenshotPath('trends-page-dark'), fullPage: true });

      // The host switches to light: without light token CSS the fallbacks (the light palette) apply.
      await page.evaluate(() => document.documentElement.setAttribute('data-color-mode', 'light'));
      await chartColours('#357DE8');
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);
  });
}
