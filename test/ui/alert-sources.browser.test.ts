import type { AlertSourceView } from '../../src/contracts/alert-sources';
import { AlertMapping, DEFAULT_ALERT_MAPPING } from '../../src/domain/alerts/alert-mapping';
import { findChromium, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, type StaticServer } from './ui-harness';

/** The admin page's Alert sources section in Chromium, against a stand-in resolver that keeps state and judges mappings with the real parser. */
const chromiumPath = findChromium();

function alertResolver() {
  const sources: AlertSourceView[] = [];
  const parked = [
    {
      sourceId: 'old',
      projectKey: 'GONE',
      title: 'Disk full on db-1',
      reason: 'Project GONE does not exist or the app may not see it.',
      firstAt: '2026-11-30T10:00:00.000Z',
      lastAt: '2026-11-30T10:05:00.000Z',
      count: 3,
    },
  ];
  let tokens = 0;
  return (key: string, payload: unknown): unknown => {
    const body = Object(payload);
    switch (key) {
      case 'admin.access':
        return { success: true, data: { canAdminister: true, message: null } };
      case 'alerts.sources.list':
        return { success: true, data: { sources, parked } };
      case 'alerts.sources.create': {
        const source: AlertSourceView = {
          id: 'prometheus',
          name: String(Reflect.get(body, 'name')),
          projectKey: String(Reflect.get(body, 'projectKey')),
          mapping: DEFAULT_ALERT_MAPPING,
          createdAt: '2026-11-30T10:00:00.000Z',
          tokenSetAt: '2026-11-30T10:00:00.000Z',
        };
        sources.push(source);
        return { success: true, data: { source, token: `token-${++tokens}` } };
      }
      case 'alerts.sources.rotateToken':
        return { success: true, data: { source: sources[0], token: `token-${++tokens}` } };
      case 'alerts.sources.update': {
        const parsed = AlertMapping.safeParse(Reflect.get(body, 'mapping'));
        if (!parsed.success) {
          const field = `mapping.${parsed.error.issues[0]!.path.join('.')}`;
          return { success: false, error: { code: 'BAD_REQUEST', message: `${field}: ${parsed.error.issues[0]!.message}`, field } };
        }
        sources[0] = { ...sources[0]!, mapping: parsed.data };
        return { success: true, data: sources[0] };
      }
      default:
        return { success: false, error: { code: 'UNAVAILABLE', message: `not part of this test: ${key}` } };
    }
  };
}

if (chromiumPath === null && process.env.CI !== 'true') {
  test('the alert sources browser test needs Chromium (apt-get install -y chromium): not run here', () => {
    expect(findChromium()).toBeNull();
  });
} else {
  describe('alert sources on the admin page in Chromium', () => {
    let browser: LaunchedBrowser;
    let server: StaticServer;
    serveAppsForBlock(['admin-page'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
    });

    it('creates a source showing its token once, rotates it, edits the mappings and lists parked alerts', async () => {
      const { page, calls, errors } = await openApp(browser.context, server, 'admin-page', alertResolver());
      const section = page.getByTestId('alert-sources-section');
      await section
        .getByTestId('alert-parked')
        .getByText(/Disk full on db-1 \(source old, 3 deliveries/)
        .waitFor();

      await section.getByLabel('Name').fill('Prometheus');
      await section.getByLabel('Project key').fill('inc');
      await section.getByRole('button', { name: 'Create and show token' }).click();
      await section.getByTestId('alert-source-token').getByText('token-1').waitFor();
      expect(calls.invokes.find((call) => call.functionKey === 'alerts.sources.create')?.payload).toEqual({
        name: 'Prometheus',
        projectKey: 'INC',
      });
      await section.getByRole('button', { name: 'Done' }).click();
      expect(await section.getByText('token-1').count()).toBe(0);
      await section.getByTestId('alert-source-prometheus').waitFor();

      await section.getByRole('button', { name: 'Rotate token' }).click();
      await section.getByTestId('alert-source-token').getByText('token-2').waitFor();
      await section.getByRole('button', { name: 'Done' }).click();

      await section.getByRole('button', { name: 'Edit mappings' }).click();
      const editor = section.getByTestId('alert-mapping-prometheus');
      await editor.getByRole('button', { name: 'Add category rule' }).click();
      await editor.getByLabel('Label').fill('team');
      await editor.getByLabel('Value').fill('dba');
      await editor.getByLabel('Category', { exact: true }).selectOption('Database');
      await editor.getByLabel('Subcategory').selectOption('Unavailable');
      await editor.getByRole('combobox', { name: 'Impact' }).first().selectOption('Medium');
      await editor.getByRole('button', { name: 'Save mappings' }).click();
      await section.getByText(/critical → Medium\/High/).waitFor();
      const saved = calls.invokes.filter((call) => call.functionKey === 'alerts.sources.update').at(-1)?.payload as {
        mapping: AlertMapping;
      };
      expect(saved.mapping.categories).toEqual([{ label: 'team', value: 'dba', category: 'Database', subcategory: 'Unavailable' }]);
      expect(saved.mapping.severities.critical).toEqual({ impact: 'Medium', urgency: 'High' });
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  });
}
