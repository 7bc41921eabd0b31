import type { PrioritySettingsView } from '../../src/contracts/priority-panel';
import type { ValidatorSettingsView } from '../../src/contracts/validator-settings';
import { defaultPrioritySettings } from '../../src/domain/priority/priority-settings';
import { defaultWorkflowRuleSettings } from '../../src/domain/workflow-rules/rule-settings';
import { ensureUiBuilt } from '../../scripts/build-ui';
import { findChromium, launchChromium, screenshotPath, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveBuilds, waitUntil, type StaticServer } from './ui-harness';

/** The production admin page bundle in Chromium, against a stand-in host and resolver. */
const chromiumPath = findChromium();

const projects = [
  { id: '1', key: 'OPS', name: 'Operations', teamManaged: false },
  { id: '2', key: 'WEB', name: 'Web team', teamManaged: true },
];
const priorityView = (): PrioritySettingsView => ({ settings: defaultPrioritySettings(3), isDefault: true });
const validatorView = (): ValidatorSettingsView => ({ settings: defaultWorkflowRuleSettings(), defaults: defaultWorkflowRuleSettings(), source: 'defaults', storedProblem: null, closerGroupExpression: null });

function adminResolver(overrides: Record<string, unknown> = {}) {
  return (key: string, payload: unknown): unknown => {
    if (key in overrides) return overrides[key];
    switch (key) {
      case 'setup.projects':
        return { success: true, data: projects };
      case 'setup.preview':
        return { success: true, data: { existing: [{ id: 'type:incident', label: 'Issue type Incident' }], planned: [{ id: 'field:impact', label: 'Field Impact' }], skipped: [] } };
      case 'setup.run':
        return { success: true, data: { existing: [], created: [{ id: 'field:impact', label: 'Field Impact' }], failed: [{ id: 'scheme:1', label: 'Scheme OPS', error: 'Jira answered 500' }], skipped: [] } };
      case 'priority.settings.get':
        return { success: true, data: priorityView() };
      case 'priority.settings.save':
        return { success: true, data: { settings: Reflect.get(Object(payload), 'settings'), isDefault: false } };
      case 'priority.settings.reset':
        return { success: true, data: { settings: defaultPrioritySettings(4), isDefault: true } };
      case 'validators.settings.get':
        return { success: true, data: validatorView() };
      case 'validators.settings.save':
        return { success: true, data: { ...validatorView(), settings: Reflect.get(Object(payload), 'settings'), source: 'stored' } };
      default:
        return { success: false, error: { code: 'INTERNAL', message: `unexpected ${key}` } };
    }
  };
}

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the admin page browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('admin page in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;

    beforeAll(async () => {
      if (chromiumPath === null) throw new Error('CI=true but no Chromium: install it with `apt-get install -y chromium`');
      await ensureUiBuilt(['admin-page']);
      server = await serveBuilds(['admin-page']);
      browser = await launchChromium(chromiumPath);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('previews and runs the setup for the picked projects, listing what exists, was created and failed', async () => {
      const { page, calls, errors } = await openApp(browser.context, server, 'admin-page', adminResolver());
      await page.getByLabel('Operations (OPS)').check();
      expect(await page.getByLabel(/Web team \(WEB\), team-managed/).isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByTestId('preview-planned').getByText('Field Impact').waitFor();
      await page.getByRole('button', { name: 'Run setup' }).click();
      await page.getByTestId('report-failed').getByText('Scheme OPS: Jira answered 500').waitFor();
      expect(calls.invokes.filter((call) => call.functionKey.startsWith('setup.') && call.functionKey !== 'setup.projects')).toEqual([
        { functionKey: 'setup.preview', payload: { projectKeys: ['OPS'] } },
        { functionKey: 'setup.run', payload: { projectKeys: ['OPS'] } },
      ]);
      await page.screenshot({ path: screenshotPath('admin-page'), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('edits a matrix cell and an SLA target, saves the whole settings, and resets to a 4 × 4 default', async () => {
      const { page, calls } = await openApp(browser.context, server, 'admin-page', adminResolver());
      await page.getByLabel('Low impact, Low urgency').selectOption('P4');
      await page.locator('#sla-P5').fill('4320');
      await page.getByRole('button', { name: 'Save priority settings' }).click();
      await page.getByTestId('priority-settings-outcome').waitFor();
      const saved = calls.invokes.find((call) => call.functionKey === 'priority.settings.save');
      const expected = defaultPrioritySettings(3);
      expect(saved?.payload).toEqual({ settings: { ...expected, matrix: { ...expected.matrix, cells: { ...expected.matrix.cells, Low: { ...expected.matrix.cells.Low, Low: 'P4' } } }, slaTargets: { ...expected.slaTargets, P5: 4320 } } });
      await page.getByLabel('Matrix size').selectOption('4');
      await page.getByRole('button', { name: 'Reset priority settings to default' }).click();
      await page.getByLabel('Critical impact, Critical urgency').waitFor();
      expect(calls.invokes.find((call) => call.functionKey === 'priority.settings.reset')?.payload).toEqual({ matrixSize: 4 });
      await page.close();
    }, 60_000);

    it('saves validator settings, showing a refused field from the resolver', async () => {
      const refused = { success: false, error: { code: 'BAD_REQUEST', message: 'settings.closure.serviceDeskGroups: expected at least one name', field: 'settings.closure.serviceDeskGroups' } };
      const { page, calls } = await openApp(browser.context, server, 'admin-page', adminResolver({ 'validators.settings.save': refused }));
      await page.locator('#closure-groups').fill('');
      await page.getByRole('button', { name: 'Save validator settings' }).click();
      await page.getByText('settings.closure.serviceDeskGroups: expected at least one name').first().waitFor();
      await waitUntil(() => calls.invokes.some((call) => call.functionKey === 'validators.settings.save'));
      const sent = calls.invokes.find((call) => call.functionKey === 'validators.settings.save')?.payload;
      expect(Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(sent), 'settings')), 'closure')), 'serviceDeskGroups')).toEqual([]);
      await page.close();
    }, 60_000);

    it('shows each section’s own forbidden or error state without hiding the others', async () => {
      const { page } = await openApp(
        browser.context,
        server,
        'admin-page',
        adminResolver({
          'setup.projects': { success: false, error: { code: 'FORBIDDEN', message: 'Only Jira administrators can run the Incident setup.' } },
          'validators.settings.get': { success: false, error: { code: 'UNAVAILABLE', message: 'App storage did not answer.' } },
        }),
      );
      await page.getByTestId('setup-section').locator('[data-state="forbidden"]').waitFor();
      await page.getByTestId('validator-settings-section').locator('[data-state="error"]').waitFor();
      await page.getByLabel('High impact, High urgency').waitFor();
      await page.close();
    }, 60_000);
  });
}
