import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { browserPlan, openSiteForBlock, type BrowserSite } from './support/local-site-browser';

/**
 * Incident trends end to end in Chromium on the local site with the demo history: open the
 * project page from the project sidebar, change the period, download a chart's CSV and find the
 * page's table in it, then create the Problem of a candidate (a second click while it runs
 * creates nothing more) and follow its link.
 */
const plan = browserPlan();

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const SearchResult = z
  .object({
    issues: z.array(
      z
        .object({
          key: z.string(),
          fields: z
            .object({
              issuelinks: z
                .array(
                  z
                    .object({
                      type: z.object({ name: z.string() }).loose(),
                      outwardIssue: z.object({ key: z.string() }).loose().optional(),
                      inwardIssue: z.object({ key: z.string() }).loose().optional(),
                    })
                    .loose(),
                )
                .default([]),
            })
            .loose(),
        })
        .loose(),
    ),
  })
  .loose();

/** The Problems on the site, with their links, read as the default (admin) user. */
async function problems(site: BrowserSite): Promise<z.infer<typeof SearchResult>['issues']> {
  const response = await fetch(site.url('/rest/api/3/search/jql'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jql: 'issuetype = Problem ORDER BY key ASC', fields: ['issuelinks'], maxResults: 100 }),
  });
  expect(response.status).toBe(200);
  return SearchResult.parse(await response.json()).issues;
}

/** RFC 4180 fields of a CSV text (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += char;
  }
  return rows;
}

if (!plan.run) {
  test(`incident trends walk in the browser is not run: ${plan.reason}`, () => {
    expect(plan.run).toBe(false);
  });
} else {
  describe('incident trends in Chromium', () => {
    let site: BrowserSite;

    openSiteForBlock(plan.chromium, (opened) => {
      site = opened;
    });

    it('opens the page from the project sidebar, changes the period, downloads the CSV and creates one Problem from a candidate', async () => {
      const { page } = site;
      // The demo's PLAT project holds a year of resolved incidents (seeds/build/incident-history.ts).
      await page.goto(site.url('/jira/browse/PLAT-1'));
      await page.getByTestId('project-sidebar').getByRole('link', { name: 'Incident trends' }).click();
      await page.waitForURL(/\/jira\/projects\/PLAT\/apps\/incident-trends$/);
      const trends = page.frameLocator('[data-testid=project-page] iframe');
      await trends.getByTestId('trends-summary').waitFor({ timeout: 30_000 });

      // A year: the demo history's recurring category becomes a candidate.
      const today = Date.now();
      await trends.getByRole('button', { name: 'Last 365 days' }).click();
      await trends
        .getByTestId('trends-summary')
        .filter({ hasText: `created from ${isoDay(today - 364 * DAY_MS)} to ${isoDay(today)}` })
        .waitFor({ timeout: 30_000 });
      await site.shot('trends-walk-year');

      // The CSV of a chart holds exactly the rows of its table on the page.
      const table = await trends
        .locator('table[data-caption="Incidents by category"]')
        .evaluate((element) =>
          Array.from(element.querySelectorAll('tr')).map((row) =>
            Array.from(row.querySelectorAll('th, td')).map((cell) => (cell.textContent ?? '').trim()),
          ),
        );
      expect(table.length).toBeGreaterThan(2);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        trends.getByRole('button', { name: 'Download CSV: Incidents by category' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(
        `incident-trends_incidents-by-category_${isoDay(today - 364 * DAY_MS)}_${isoDay(today)}.csv`,
      );
      expect(parseCsv(readFileSync(await download.path(), 'utf8'))).toEqual(table);

      // Create the Problem of the first candidate; a second click while it runs does nothing.
      const before = await problems(site);
      const candidate = trends.getByTestId('problem-candidate').first();
      const showAll = candidate.getByRole('button', { name: /^Show all \d+$/ });
      if ((await showAll.count()) > 0) await showAll.click();
      const incidentKeys = await candidate.getByRole('list').first().getByRole('link').allTextContents();
      expect(incidentKeys.length).toBeGreaterThanOrEqual(3);
      const create = candidate.getByRole('button', { name: /Create Problem/ });
      await create.click();
      await create.click({ force: true, timeout: 2_000 }).catch(() => undefined);
      const link = candidate.getByTestId('problem-link');
      await link.waitFor({ timeout: 30_000 });
      const problemKey = (await link.textContent()) ?? '';
      expect(await link.getAttribute('href')).toMatch(new RegExp(`/browse/${problemKey}$`));

      const after = await problems(site);
      expect(after.length).toBe(before.length + 1);
      const created = after.find((issue) => issue.key === problemKey);
      const caused = (created?.fields.issuelinks ?? [])
        .filter((issueLink) => issueLink.type.name === 'Causes')
        .map((issueLink) => issueLink.inwardIssue?.key ?? issueLink.outwardIssue?.key);
      expect(caused.sort()).toEqual([...incidentKeys].sort());
      await site.shot('trends-walk-problem');

      // The Problem's link opens its issue on the site.
      await page.goto(site.url(`/browse/${problemKey}`));
      await page.getByTestId('issue-summary').filter({ hasText: problemKey }).waitFor();
    }, 180_000);
  });
}
