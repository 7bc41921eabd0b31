import type { PriorityPanelView } from '../../src/contracts/priority-panel';
import { findChromium, screenshotPath, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, type StaticServer } from './ui-harness';

/** The production priority panel bundle in Chromium, against a stand-in host and resolver. */
const chromiumPath = findChromium();

function aPanelView(overrides: Partial<PriorityPanelView> = {}): PriorityPanelView {
  return {
    incident: {
      key: 'INC-7',
      summary: 'Checkout fails for EU customers',
      statusName: 'In Progress',
      open: true,
      priorityName: 'High',
      reportedAt: '2026-11-26T12:00:00.000Z',
    },
    assessment: { impact: 'High', urgency: 'Medium', affectedUsers: 1200, businessImplications: ['Financial'] },
    options: {
      impactLevels: ['High', 'Medium', 'Low'],
      urgencyLevels: ['High', 'Medium', 'Low'],
      businessImplications: ['Security', 'Financial', 'Compliance', 'SLA at risk'],
      jiraPriorityNames: ['Highest', 'High', 'Medium', 'Low', 'Lowest'],
    },
    computed: {
      level: 'P1',
      matrixLevel: 'P2',
      jiraPriorityName: 'Highest',
      raisedBy: 1,
      capped: false,
      reasons: ['P2 from matrix (High impact, Medium urgency)', 'raised to P1: financial implication'],
      summary: 'P1 (Highest)',
    },
    assessmentProblem: null,
    override: null,
    drift: null,
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
    rank: { position: 2, total: 5, above: { key: 'INC-3', summary: 'Payments down' }, below: { hidden: true } },
    canEdit: true,
    lastApplied: null,
    ...overrides,
  };
}

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the priority panel browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('priority panel in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;

    serveAppsForBlock(['priority-panel'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
    });

    it('shows loading, then the computed priority with its reasons, the SLA clock and the rank; enables theming', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolveHeld) => (release = resolveHeld));
      const { page, calls, errors } = await openApp(browser.context, server, 'priority-panel', async () => {
        await held;
        return { success: true, data: aPanelView() };
      });
      await page.locator('[data-state="loading"]').waitFor();
      release();
      await page.getByText('raised to P1: financial implication').waitFor();
      expect(await page.getByTestId('computed-priority').innerText()).toContain('Highest');
      expect(await page.getByTestId('sla-clock').innerText()).toMatch(/4[12] min left/);
      expect(await page.getByTestId('rank').innerText()).toContain('Rank 2 of 5 open incidents');
      expect(await page.getByText('Behind: an incident you cannot view').count()).toBe(1);
      expect(calls.invokes.filter((call) => call.functionKey.startsWith('priority.'))).toEqual([
        { functionKey: 'priority.view', payload: {} },
      ]);
      expect(calls.ops).toContain('enableTheming');
      // The view call leaves when the bundle runs (index.tsx), before the theme set-up and React's
      // first render, not from an effect after them.
      expect(calls.ops.indexOf('invoke')).toBeLessThan(calls.ops.indexOf('enableTheming'));
      expect(errors).toEqual([]);
      await page.screenshot({ path: screenshotPath('priority-panel'), fullPage: true });
      // Only the start-up files load: the theme and iframe-resizer chunks stay on the server.
      const chunksFetched = server.requested.filter((path) => path.startsWith('/priority-panel/chunks/'));
      expect(chunksFetched.every((path) => /\/chunk-[A-Z0-9]+\.js$/.test(path))).toBe(true);
      await page.close();
    }, 60_000);

    it('paints the computed priority before it renders the assessment form and the communication section', async () => {
      // Records, in the same task as the DOM change, whether the form came with the first priority.
      await browser.context.addInitScript(() => {
        new MutationObserver((_changes, observer) => {
          if (!document.querySelector('[data-testid="computed-priority"]')) return;
          observer.disconnect();
          document.documentElement.dataset.formWithFirstPriority = String(document.querySelector('#impact') !== null);
        }).observe(document, { childList: true, subtree: true });
      });
      const { page } = await openApp(browser.context, server, 'priority-panel', () => ({ success: true, data: aPanelView() }));
      await page.locator('#impact').waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.formWithFirstPriority)).toBe('false');
      await page.close();
    }, 60_000);

    it('says when the ranking is being rebuilt, and how old a ranking served during a refresh is', async () => {
      const pending = await openApp(browser.context, server, 'priority-panel', () => ({
        success: true,
        data: aPanelView({ rank: null, rankPending: true }),
      }));
      await pending.page.getByText('The ranking among open incidents is being rebuilt').waitFor();
      expect(await pending.page.getByText('Closed incidents have no rank.').count()).toBe(0);
      await pending.page.close();
      const old = await openApp(browser.context, server, 'priority-panel', () => ({
        success: true,
        data: aPanelView({ rank: { position: 2, total: 5, asOf: '2026-11-25T08:00:00.000Z' } }),
      }));
      await old.page.getByTestId('rank').waitFor();
      expect(await old.page.getByTestId('rank').innerText()).toMatch(/Rank 2 of 5 open incidents[\s\S]*as of/);
      await old.page.close();
    }, 60_000);

    it('shows the forbidden state when the resolver refuses', async () => {
      const { page } = await openApp(browser.context, server, 'priority-panel', () => ({
        success: false,
        error: { code: 'FORBIDDEN', message: 'You cannot browse INC-7.' },
      }));
      await page.locator('[data-state="forbidden"]').waitFor();
      expect(await page.locator('[data-state="forbidden"]').innerText()).toContain("You don't have permission to see this incident");
      await page.close();
    }, 60_000);

    it('shows the empty state for an issue that is not an incident', async () => {
      const { page } = await openApp(browser.context, server, 'priority-panel', () => ({
        success: false,
        error: { code: 'NOT_INCIDENT', message: 'INC-7 is a Task, not an Incident.' },
      }));
      await page.locator('[data-state="empty"]').waitFor();
      expect(await page.locator('[data-state="empty"]').innerText()).toContain('INC-7 is a Task, not an Incident.');
      await page.close();
    }, 60_000);

    it('shows the error state with a retry that loads again', async () => {
      let attempts = 0;
      const { page, calls } = await openApp(browser.context, server, 'priority-panel', () => {
        attempts += 1;
        return attempts === 1
          ? { success: false, error: { code: 'UNAVAILABLE', message: 'Jira answered 503.' } }
          : { success: true, data: aPanelView() };
      });
      await page.locator('[data-state="error"]').waitFor();
      expect(await page.locator('[data-state="error"]').innerText()).toContain('Jira answered 503.');
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByTestId('computed-priority').waitFor();
      expect(calls.invokes.filter((call) => call.functionKey.startsWith('priority.')).length).toBe(2);
      await page.close();
    }, 60_000);

    it('applies an assessment with the keyboard alone and shows the answer', async () => {
      const applied = aPanelView({
        assessment: { impact: 'Low', urgency: 'Medium', affectedUsers: 1200, businessImplications: ['Financial', 'Security'] },
        computed: {
          level: 'P2',
          matrixLevel: 'P4',
          jiraPriorityName: 'High',
          raisedBy: 2,
          capped: true,
          reasons: ['P4 from matrix', 'raised to P2: security and financial implications (capped at 2)'],
          summary: 'P2 (High): applied',
        },
        lastApplied: { appliedAt: '2026-11-26T12:30:00.000Z', appliedByAccountId: 'test-user', source: 'panel', summary: 'P2 (High)' },
      });
      const { page, calls } = await openApp(browser.context, server, 'priority-panel', (key) => ({
        success: true,
        data: key === 'priority.apply' ? applied : aPanelView(),
      }));
      await page.getByTestId('computed-priority').waitFor();
      await page.locator('#impact').focus();
      await page.keyboard.press('ArrowDown'); // High -> Medium
      await page.keyboard.press('ArrowDown'); // Medium -> Low
      // Tab through urgency and affected users to the implication checkboxes; Space ticks Security.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('implication-Security');
      await page.keyboard.press('Space');
      await page.keyboard.press('Enter');
      await page.getByTestId('applied').waitFor();
      expect(calls.invokes.at(-1)).toEqual({
        functionKey: 'priority.apply',
        payload: {
          assessment: { impact: 'Low', urgency: 'Medium', affectedUsers: 1200, businessImplications: ['Financial', 'Security'] },
          override: null,
        },
      });
      expect(await page.getByTestId('applied').innerText()).toBe('P2 (High): applied');
      expect(await page.getByText('raised to P2: security and financial implications (capped at 2)').count()).toBe(1);
      await page.close();
    }, 60_000);

    it('says when the priority is out of step, fixes it with one apply, or opens the override with the hand-set priority', async () => {
      const drift = {
        currentPriorityName: 'High',
        computedPriorityName: 'Highest',
        message:
          'The priority is High, but the assessment gives Highest (P1 (Highest)). Without a priority override reason, the app sets Highest the next time impact, urgency, affected users or implications change.',
      };
      const inStep = aPanelView({
        incident: { ...aPanelView().incident, priorityName: 'Highest' },
        lastApplied: { appliedAt: '2026-11-26T12:40:00.000Z', appliedByAccountId: 'test-user', source: 'panel', summary: 'P1 (Highest)' },
      });
      const { page, calls } = await openApp(browser.context, server, 'priority-panel', (key) => ({
        success: true,
        data: key === 'priority.apply' ? inStep : aPanelView({ drift }),
      }));
      const note = page.getByTestId('priority-drift');
      await note.waitFor();
      expect(await note.innerText()).toContain('The priority is High, but the assessment gives Highest');

      await note.getByRole('button', { name: 'Keep High and give a reason' }).click();
      expect(await page.getByLabel('Set a different priority by hand').isChecked()).toBe(true);
      expect(await page.locator('#override-priority').inputValue()).toBe('High');
      await page.waitForFunction(() => document.activeElement?.id === 'override-reason');

      await note.getByRole('button', { name: 'Use Highest' }).click();
      await note.waitFor({ state: 'detached' });
      // One click is one apply: the stored assessment as it is, without an override.
      expect(calls.invokes.filter((call) => call.functionKey === 'priority.apply')).toEqual([
        {
          functionKey: 'priority.apply',
          payload: {
            assessment: { impact: 'High', urgency: 'Medium', affectedUsers: 1200, businessImplications: ['Financial'] },
            override: null,
          },
        },
      ]);
      await page.close();
    }, 60_000);

    it('shows an Impact value the matrix does not have as it is, with what to do, instead of a level it is not', async () => {
      const message =
        'unknown impact level "Critical": the 3×3 priority matrix has High, Medium, Low. Choose one of them, or ask a Jira admin to switch to the 4×4 or 5×5 matrix on the Incident response admin page.';
      const { page } = await openApp(browser.context, server, 'priority-panel', () => ({
        success: true,
        data: aPanelView({
          assessment: { ...aPanelView().assessment, impact: 'Critical' },
          computed: null,
          assessmentProblem: { field: 'impact', message },
        }),
      }));
      await page.getByTestId('computed-priority').waitFor();
      expect(await page.getByTestId('computed-priority').innerText()).toBe(`Not computed: ${message}`);
      expect(await page.locator('#impact').inputValue()).toBe('Critical');
      expect(await page.locator('#impact option:checked').innerText()).toBe('Critical (not in the matrix)');
      await page.close();
    }, 60_000);

    it('shows a field error from the resolver under its field, and checks input before calling', async () => {
      const { page, calls } = await openApp(browser.context, server, 'priority-panel', (key) =>
        key === 'priority.apply'
          ? {
              success: false,
              error: { code: 'BAD_REQUEST', message: 'expected a whole number of users', field: 'assessment.affectedUsers' },
            }
          : { success: true, data: aPanelView() },
      );
      await page.getByTestId('computed-priority').waitFor();
      await page.locator('#affected-users').fill('12.5');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.locator('#assessment\\.affectedUsers-error, #affected-users-error').first().waitFor();
      expect(calls.invokes.filter((call) => call.functionKey === 'priority.apply')).toEqual([]);
      await page.locator('#affected-users').fill('12');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.getByText('expected a whole number of users').waitFor();
      expect(calls.invokes.filter((call) => call.functionKey === 'priority.apply').length).toBe(1);
      await page.close();
    }, 60_000);

    it('follows the dark theme the host applies (colours come from design tokens)', async () => {
      // Atlassian's own dark theme CSS, as the host provides it after view.theme.enable().
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const darkThemeCss: string = require('@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-dark').default;
      const { page, calls } = await openApp(
        browser.context,
        server,
        'priority-panel',
        () => ({ success: true, data: aPanelView() }),
        {},
        { darkThemeCss },
      );
      await page.getByTestId('computed-priority').waitFor();
      expect(calls.ops).toContain('enableTheming');
      const colours = await page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
      }));
      expect(colours.body).toBe('rgb(31, 31, 33)'); // --ds-surface in atlassian-dark
      const brightness = (rgb: string) => (rgb.match(/\d+/g) ?? []).slice(0, 3).reduce((sum, part) => sum + Number(part), 0) / 3;
      expect(brightness(colours.text)).toBeGreaterThan(150);
      await page.screenshot({ path: screenshotPath('priority-panel-dark'), fullPage: true });
      await page.close();
    }, 60_000);

    it('renders text from Jira as text, never as markup', async () => {
      const hostile = aPanelView({ incident: { ...aPanelView().incident, summary: '<img src=x onerror="window.__pwned=1"> Outage' } });
      const { page } = await openApp(browser.context, server, 'priority-panel', () => ({ success: true, data: hostile }));
      await page.getByText('<img src=x onerror="window.__pwned=1"> Outage').waitFor();
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      await page.close();
    }, 60_000);
  });
}
