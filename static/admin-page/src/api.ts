import {
  ADMIN_SETUP_KEYS as SETUP,
  type SetupPreview,
  type SetupProject,
  type SetupReport,
} from '../../../src/contracts/admin-setup-types';
import {
  type AdminAccessView,
  PRIORITY_RESOLVER_KEYS as PRIORITY,
  type PrioritySettings,
  type PrioritySettingsView,
} from '../../../src/contracts/priority-panel-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result-types';
import {
  VALIDATOR_SETTINGS_RESOLVERS as VALIDATORS,
  type ValidatorSettingsView,
  type WorkflowRuleSettings,
} from '../../../src/contracts/validator-settings-types';
import type {
  ALERT_SOURCE_RESOLVERS,
  AlertMapping,
  AlertSourcesView,
  AlertSourceView,
  AlertSourceWithToken,
} from '../../../src/contracts/alert-sources';
import { invokeResolver } from '../../shared/invoke-resolver';

/**
 * The admin page's calls, all answered by the module's one resolver (admin-page-resolver.ts). The
 * keys come from the contracts' dependency-free type files, so no zod lands in the bundle.
 */
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
