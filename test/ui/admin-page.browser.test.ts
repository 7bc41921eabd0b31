import type { PrioritySettingsView } from '../../src/contracts/priority-panel';
import type { ValidatorSettingsView } from '../../src/contracts/validator-settings';
import { defaultPrioritySettings, parsePrioritySettings } from '../../src/domain/priority/priority-settings';
import { defaultWorkflowRuleSettings, parseWorkflowRuleSettings } from '../../src/domain/workflow-rules/rule-settings';
import { findChromium, screenshotPath, type LaunchedBrowser } from '../browser/support/chromium';
import { openApp, serveAppsForBlock, waitUntil, type StaticServer } from './ui-harness';

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
      case 'admin.access':
        return { success: true, data: { canAdminister: true, message: null } };
      case 'priority.settings.matrixSize': {
        // As changeMatrixSize answers: the draft's other values, with the default matrix of the new size.
        const body = Object(payload);
        const size = Reflect.get(body, 'matrixSize');
        const parsed = parsePrioritySettings({ ...Object(Reflect.get(body, 'settings')), matrix: defaultPrioritySettings(size === 5 ? 5 : size === 4 ? 4 : 3).matrix });
        if (!parsed.ok) return { success: false, error: { code: 'BAD_REQUEST', message: parsed.problem.message, field: `settings.${parsed.problem.field}` } };
        return { success: true, data: { settings: parsed.value, isDefault: false, fieldOptionsNote: 'Field options now match the 4×4 matrix (Impact: added Critical; Urgency: added Critical).' } };
      }
      case 'setup.projects':
        return { success: true, data: projects };
      case 'setup.preview':
        return { success: true, data: { existing: [{ id: 'type:incident', label: 'Issue type Incident' }], planned: [{ id: 'field:impact', label: 'Field Impact' }], skipped: [] } };
      case 'setup.run':
        return { success: true, data: { existing: [], created: [{ id: 'field:impact', label: 'Field Impact' }], failed: [{ id: 'scheme:1', label: 'Scheme OPS', error: 'Jira answered 500' }], skipped: [] } };
      case 'priority.settings.get':
        return { success: true, data: priorityView() };
      case 'priority.settings.save': {
        // Judged by the real settings parser and refused the way the save use case refuses (field under `settings.`).
        const parsed = parsePrioritySettings(Reflect.get(Object(payload), 'settings'));
        if (!parsed.ok) return { success: false, error: { code: 'BAD_REQUEST', message: `${parsed.problem.field}: ${parsed.problem.message}`, field: `settings.${parsed.problem.field}` } };
        return { success: true, data: { settings: parsed.value, isDefault: false } };
      }
      case 'priority.settings.reset':
        return { success: true, data: { settings: defaultPrioritySettings(4), isDefault: true } };
      case 'validators.settings.get':
        return { success: true, data: validatorView() };
      case 'validators.settings.save': {
        // As validator-settings-resolver.ts answers: the payload path is the field, the message leads with it.
        const parsed = parseWorkflowRuleSettings(Reflect.get(Object(payload), 'settings'));
        if (!parsed.ok) return { success: false, error: { code: 'BAD_REQUEST', message: `settings.${parsed.field}: ${parsed.message}`, field: `settings.${parsed.field}` } };
        return { success: true, data: { ...validatorView(), settings: parsed.settings, source: 'stored' } };
      }
      case 'trends.settings.get':
        return { success: true, data: { minIncidents: 3 } };
      case 'trends.settings.save': {
        // As trends-settings-resolver.ts answers: a whole number from 1, else the field under `settings.`.
        const minIncidents = Reflect.get(Object(Reflect.get(Object(payload), 'settings')), 'minIncidents');
        if (typeof minIncidents !== 'number' || !Number.isInteger(minIncidents) || minIncidents < 1) {
          return { success: false, error: { code: 'BAD_REQUEST', message: 'settings.minIncidents: expected at least 1 incident', field: 'settings.minIncidents' } };
        }
        return { success: true, data: { minIncidents } };
      }
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

    serveAppsForBlock(['admin-page'], chromiumPath, (opened) => {
      ({ browser, server } = opened);
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

    it('saves the incident trends threshold, and shows a refused one by its field', async () => {
      const { page, calls } = await openApp(browser.context, server, 'admin-page', adminResolver());
      const field = page.getByLabel('Incidents for a problem candidate');
      await field.fill('0');
      await page.getByRole('button', { name: 'Save incident trends settings' }).click();
      await page.getByText('settings.minIncidents: expected at least 1 incident').first().waitFor();
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await field.fill('5');
      await page.getByRole('button', { name: 'Save incident trends settings' }).click();
      await page.getByTestId('trends-settings-outcome').waitFor();
      expect(calls.invokes.filter((call) => call.functionKey === 'trends.settings.save').map((call) => call.payload)).toEqual([{ settings: { minIncidents: 0 } }, { settings: { minIncidents: 5 } }]);
      await page.close();
    }, 60_000);

    it('switches on the owner and due date rule for P1/P2 action items with the keyboard and saves it', async () => {
      const { page, calls } = await openApp(browser.context, server, 'admin-page', adminResolver());
      const box = page.getByLabel('Every action item of a P1/P2 incident needs an owner and a due date');
      expect(await box.isChecked()).toBe(false);
      await box.focus();
      await page.keyboard.press('Space');
      expect(await box.isChecked()).toBe(true);
      await page.getByText('P1/P2: Highest and High, the two most urgent priorities above.', { exact: false }).waitFor();
      await page.getByRole('button', { name: 'Save validator settings' }).click();
      await waitUntil(() => calls.invokes.some((call) => call.functionKey === 'validators.settings.save'));
      const sent = calls.invokes.find((call) => call.functionKey === 'validators.settings.save')?.payload;
      expect(Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(sent), 'settings')), 'closure')), 'requireActionItemOwners')).toBe(true);
      await page.close();
    }, 60_000);

    it('edits the modifiers with the keyboard, saves them, and shows refused values next to their controls', async () => {
      const { page, calls, errors } = await openApp(browser.context, server, 'admin-page', adminResolver());
      const saves = () => calls.invokes.filter((call) => call.functionKey === 'priority.settings.save');
      const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
      const threshold = page.getByLabel('Threshold 1: at least (users)');
      await threshold.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('250');
      await page.keyboard.press('Tab');
      expect(await focusedId()).toBe('modifier-users-0-raiseBy');
      await page.keyboard.press('2');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter'); // Add threshold: suggests ten times the last one, raising by 1
      expect(await page.getByLabel('Threshold 2: at least (users)').inputValue()).toBe('2500');
      await page.getByLabel('Security implication raises by').focus();
      await page.keyboard.press('0');
      await page.getByLabel('Maximum raise in total').focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.getByRole('button', { name: 'Save priority settings' }).focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('priority-settings-outcome').getByText('Priority settings saved.').waitFor();
      const expected = defaultPrioritySettings(3);
      expect(saves().map((call) => call.payload)).toEqual([
        {
          settings: {
            ...expected,
            modifiers: {
              affectedUsers: [
                { atLeast: 250, raiseBy: 2 },
                { atLeast: 2500, raiseBy: 1 },
              ],
              implications: { ...expected.modifiers.implications, Security: 0 },
              maxRaise: 3,
            },
          },
        },
      ]);

      // Out of order: the server names settings.modifiers.affectedUsers.1.atLeast, shown under that input.
      const second = page.getByLabel('Threshold 2: at least (users)');
      await second.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('200');
      await page.getByRole('button', { name: 'Save priority settings' }).focus();
      await page.keyboard.press('Enter');
      const inlineError = page.locator('#modifier-users-1-atLeast-error');
      await inlineError.waitFor();
      expect(await inlineError.textContent()).toBe('modifiers.affectedUsers.1.atLeast: expected thresholds in increasing order: 200 is not above 250');
      expect(await second.getAttribute('aria-invalid')).toBe('true');
      expect(await second.getAttribute('aria-describedby')).toBe('modifier-users-1-atLeast-error');
      expect(await page.locator('#modifier-users-0-atLeast-error').count()).toBe(0);
      expect(saves()).toHaveLength(2);

      // Not a number: refused before sending, beside the same control.
      await second.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('lots');
      await page.getByRole('button', { name: 'Save priority settings' }).click();
      await page.locator('#modifier-users-1-atLeast-error').getByText('Affected-users threshold 2: enter a whole number of users.').waitFor();
      expect(saves()).toHaveLength(2);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('edits every remaining validator parameter with the keyboard and shows a refused one by its field', async () => {
      const { page, calls, errors } = await openApp(browser.context, server, 'admin-page', adminResolver());
      const saves = () => calls.invokes.filter((call) => call.functionKey === 'validators.settings.save');
      const retype = async (label: string, text: string) => {
        await page.getByLabel(label, { exact: true }).focus();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
      };
      await page.getByLabel('Incident category', { exact: true }).focus();
      await page.keyboard.press('Space');
      await retype('Field for the reason to skip a tier (optional)', 'customfield_10070');
      await retype('Issue types that count as a Problem when linked', 'Problem, Bug');
      await retype('Closed statuses', 'Closed,  Done ,');
      await page.getByLabel('Reporter confirmation phrases').focus();
      await page.keyboard.type('confirmed');
      await page.keyboard.press('Enter');
      await page.keyboard.type('fixed, thanks');
      await page.getByRole('button', { name: 'Save validator settings' }).focus();
      await page.keyboard.press('Enter');
      await page.getByTestId('validator-settings-outcome').getByText('Validator settings saved.').waitFor();
      const defaults = defaultWorkflowRuleSettings();
      expect(saves().map((call) => call.payload)).toEqual([
        {
          settings: {
            ...defaults,
            triage: { ...defaults.triage, requiredFields: ['impact', 'urgency'] },
            escalation: { ...defaults.escalation, tierSkipReasonFieldId: 'customfield_10070' },
            resolution: { ...defaults.resolution, problemIssueTypeNames: ['Problem', 'Bug'] },
            closure: { ...defaults.closure, closedStatusNames: ['Closed', 'Done'], confirmationPhrases: ['confirmed', 'fixed, thanks'] },
          },
        },
      ]);
      // The saved values come back into the controls (the editor remounts with the answer).
      expect(await page.getByLabel('Reporter confirmation phrases').inputValue()).toBe('confirmed\nfixed, thanks');

      await retype('Field for the reason to skip a tier (optional)', 'Skip reason');
      await page.getByRole('button', { name: 'Save validator settings' }).focus();
      await page.keyboard.press('Enter');
      const inlineError = page.locator('#tier-skip-field-error');
      await inlineError.waitFor();
      expect(await inlineError.textContent()).toBe('settings.escalation.tierSkipReasonFieldId: expected a custom field id like customfield_10070');
      const field = page.getByLabel('Field for the reason to skip a tier (optional)');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      expect(await field.getAttribute('aria-describedby')).toBe('tier-skip-field-hint tier-skip-field-error');
      expect(Reflect.get(Object(Reflect.get(Object(Reflect.get(Object(saves()[1]?.payload), 'settings')), 'escalation')), 'tierSkipReasonFieldId')).toBe('Skip reason');
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('changes the matrix size keeping the unsaved SLA targets and mapping, and says what happened to the field options', async () => {
      const { page, calls } = await openApp(browser.context, server, 'admin-page', adminResolver());
      await page.locator('#sla-P5').fill('4320');
      await page.locator('#mapping-P5').fill('Trivial');
      expect(await page.getByRole('button', { name: 'Change matrix size' }).isDisabled()).toBe(true); // already 3 × 3
      await page.getByLabel('Matrix size').selectOption('4');
      await page.getByRole('button', { name: 'Change matrix size' }).click();
      await page.getByLabel('Critical impact, Critical urgency').waitFor();
      const expected = defaultPrioritySettings(3);
      expect(calls.invokes.filter((call) => call.functionKey.startsWith('priority.settings.') && call.functionKey !== 'priority.settings.get')).toEqual([
        { functionKey: 'priority.settings.matrixSize', payload: { matrixSize: 4, settings: { ...expected, slaTargets: { ...expected.slaTargets, P5: 4320 }, priorityMapping: { ...expected.priorityMapping, P5: 'Trivial' } } } },
      ]);
      expect(await page.locator('#sla-P5').inputValue()).toBe('4320');
      expect(await page.locator('#mapping-P5').inputValue()).toBe('Trivial');
      expect(await page.getByTestId('priority-settings-outcome').innerText()).toBe(
        'Matrix changed to 4 × 4; the other settings were kept. Field options now match the 4×4 matrix (Impact: added Critical; Urgency: added Critical).',
      );
      await page.close();
    }, 60_000);

    it('shows a viewer who may not administer one explanation and no controls to use, and calls nothing that would be refused', async () => {
      const message = 'Only Jira administrators can run the Incident setup or see and change these settings; the controls stay disabled.';
      const { page, calls, errors } = await openApp(browser.context, server, 'admin-page', adminResolver({ 'admin.access': { success: true, data: { canAdminister: false, message } } }));
      await page.getByTestId('admin-read-only').waitFor();
      expect(await page.locator('[data-state="read-only"]').count()).toBe(1);
      expect(await page.getByTestId('admin-read-only').innerText()).toContain(message);
      expect(await page.locator('[data-state="forbidden"], [data-state="error"], [data-state="action-error"]').count()).toBe(0);
      for (const name of ['Preview', 'Run setup']) {
        expect(await page.getByRole('button', { name }).isDisabled()).toBe(true);
      }
      for (const name of ['Save priority settings', 'Change matrix size', 'Reset priority settings to default']) {
        expect(await page.getByRole('button', { name }).count()).toBe(0);
      }
      await page.getByRole('button', { name: 'Run setup' }).click({ force: true });
      expect(calls.invokes.map((call) => call.functionKey).sort()).toEqual(['admin.access']);
      expect(errors).toEqual([]);
      await page.close();
    }, 60_000);

    it('warns about closure groups the site lacks until the names change', async () => {
      const { page } = await openApp(browser.context, server, 'admin-page', adminResolver({ 'validators.settings.get': { success: true, data: { ...validatorView(), unknownClosureGroups: ['jira-servicemanagement-users'] } } }));
      const groups = page.locator('#closure-groups');
      await groups.waitFor();
      expect(await groups.getAttribute('aria-describedby')).toContain('closure-groups-error');
      expect(await page.locator('#closure-groups-error').innerText()).toBe(
        'This site has no group named "jira-servicemanagement-users". Enter the group of the people who close incidents.',
      );
      await groups.fill('service-desk-team');
      expect(await page.getByText('This site has no group named').count()).toBe(0);
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
