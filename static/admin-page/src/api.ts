import type { ALERT_SOURCE_RESOLVERS, AlertMapping, AlertSourcesView, AlertSourceView, AlertSourceWithToken } from '../../../src/contracts/alert-sources';
import type { ADMIN_SETUP_KEYS, SetupPreview, SetupProject, SetupReport } from '../../../src/contracts/admin-setup';
import type { AdminAccessView, PRIORITY_RESOLVER_KEYS, PrioritySettingsView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import type { VALIDATOR_SETTINGS_RESOLVERS, ValidatorSettingsView, WorkflowRuleSettings } from '../../../src/contracts/validator-settings';
import type { PrioritySettings } from '../../../src/domain/priority/priority-settings';
import { invokeResolver } from '../../shared/invoke-resolver';

/**
 * The admin page's calls, all answered by the module's one resolver (admin-page-resolver.ts).
 * Keys are written out and typed as the contracts' constants: tsc rejects any drift, and the
 * contracts' zod schemas stay out of the bundle.
 */
const SETUP: typeof ADMIN_SETUP_KEYS = { preview: 'setup.preview', run: 'setup.run', projects: 'setup.projects' };
const PRIORITY: Pick<typeof PRIORITY_RESOLVER_KEYS, 'settingsGet' | 'settingsSave' | 'settingsReset' | 'settingsMatrixSize' | 'adminAccess'> = {
  settingsGet: 'priority.settings.get',
  settingsSave: 'priority.settings.save',
  settingsReset: 'priority.settings.reset',
  settingsMatrixSize: 'priority.settings.matrixSize',
  adminAccess: 'admin.access',
};
const VALIDATORS: typeof VALIDATOR_SETTINGS_RESOLVERS = { get: 'validators.settings.get', save: 'validators.settings.save', reset: 'validators.settings.reset' };

const ALERTS: typeof ALERT_SOURCE_RESOLVERS = {
  list: 'alerts.sources.list',
  create: 'alerts.sources.create',
  update: 'alerts.sources.update',
  rotateToken: 'alerts.sources.rotateToken',
  remove: 'alerts.sources.remove',
};

export type MatrixSize = 3 | 4 | 5;

export interface AdminApi {
  /** Asked once when the page opens: may this person change anything here. */
  access(): Promise<ResolverResult<AdminAccessView>>;
  projects(query?: string): Promise<ResolverResult<SetupProject[]>>;
  previewSetup(projectKeys: string[]): Promise<ResolverResult<SetupPreview>>;
  runSetup(projectKeys: string[]): Promise<ResolverResult<SetupReport>>;
  prioritySettings(): Promise<ResolverResult<PrioritySettingsView>>;
  savePrioritySettings(settings: PrioritySettings): Promise<ResolverResult<PrioritySettingsView>>;
  resetPrioritySettings(matrixSize: MatrixSize): Promise<ResolverResult<PrioritySettingsView>>;
  /** A new default matrix of `matrixSize`; the draft's SLA targets, modifiers and mapping are kept. */
  changeMatrixSize(matrixSize: MatrixSize, settings: PrioritySettings): Promise<ResolverResult<PrioritySettingsView>>;
  validatorSettings(): Promise<ResolverResult<ValidatorSettingsView>>;
  saveValidatorSettings(settings: WorkflowRuleSettings): Promise<ResolverResult<ValidatorSettingsView>>;
  resetValidatorSettings(): Promise<ResolverResult<ValidatorSettingsView>>;
  alertSources(): Promise<ResolverResult<AlertSourcesView>>;
  createAlertSource(name: string, projectKey: string): Promise<ResolverResult<AlertSourceWithToken>>;
  rotateAlertToken(sourceId: string): Promise<ResolverResult<AlertSourceWithToken>>;
  updateAlertMapping(sourceId: string, mapping: AlertMapping): Promise<ResolverResult<AlertSourceView>>;
  removeAlertSource(sourceId: string): Promise<ResolverResult<{ removed: string }>>;
}

export const adminApi: AdminApi = {
  access: () => invokeResolver<AdminAccessView>(PRIORITY.adminAccess, {}),
  projects: (query) => invokeResolver<SetupProject[]>(SETUP.projects, query ? { query } : {}),
  previewSetup: (projectKeys) => invokeResolver<SetupPreview>(SETUP.preview, { projectKeys }),
  runSetup: (projectKeys) => invokeResolver<SetupReport>(SETUP.run, { projectKeys }),
  prioritySettings: () => invokeResolver<PrioritySettingsView>(PRIORITY.settingsGet, {}),
  savePrioritySettings: (settings) => invokeResolver<PrioritySettingsView>(PRIORITY.settingsSave, { settings }),
  resetPrioritySettings: (matrixSize) => invokeResolver<PrioritySettingsView>(PRIORITY.settingsReset, { matrixSize }),
  changeMatrixSize: (matrixSize, settings) => invokeResolver<PrioritySettingsView>(PRIORITY.settingsMatrixSize, { matrixSize, settings }),
  validatorSettings: () => invokeResolver<ValidatorSettingsView>(VALIDATORS.get, {}),
  saveValidatorSettings: (settings) => invokeResolver<ValidatorSettingsView>(VALIDATORS.save, { settings }),
  resetValidatorSettings: () => invokeResolver<ValidatorSettingsView>(VALIDATORS.reset, {}),
  alertSources: () => invokeResolver<AlertSourcesView>(ALERTS.list, {}),
  createAlertSource: (name, projectKey) => invokeResolver<AlertSourceWithToken>(ALERTS.create, { name, projectKey }),
  rotateAlertToken: (sourceId) => invokeResolver<AlertSourceWithToken>(ALERTS.rotateToken, { sourceId }),
  updateAlertMapping: (sourceId, mapping) => invokeResolver<AlertSourceView>(ALERTS.update, { sourceId, mapping }),
  removeAlertSource: (sourceId) => invokeResolver<{ removed: string }>(ALERTS.remove, { sourceId }),
};
