import Resolver from '@forge/resolver';
import { ChangeMatrixSizePayload, PRIORITY_RESOLVER_KEYS, ResetPrioritySettingsPayload, SavePrioritySettingsPayload } from '../../contracts/priority-panel';
import { payloadFailure, priorityFailure } from '../../usecases/priority-errors';
import { adminAccess, changeMatrixSize, getPrioritySettings, resetPrioritySettings, savePrioritySettings } from '../../usecases/priority-settings-store';
import { productionPriorityDeps, prioritySettingsStore } from '../../usecases/view-priority-panel';

/**
 * Adds the priority settings actions to a resolver. The admin page's resolver (shared with other
 * settings) calls this; `prioritySettingsResolver` is the same actions on their own.
 */
export function definePrioritySettingsResolvers(resolver: Resolver): Resolver {
  return resolver
    .define(PRIORITY_RESOLVER_KEYS.settingsGet, async () => {
      const deps = productionPriorityDeps();
      return getPrioritySettings(prioritySettingsStore(deps)).catch(priorityFailure);
    })
    .define(PRIORITY_RESOLVER_KEYS.settingsSave, async ({ payload }) => {
      const parsed = SavePrioritySettingsPayload.safeParse(payload);
      if (!parsed.success) return payloadFailure(parsed.error);
      const deps = productionPriorityDeps();
      return savePrioritySettings(prioritySettingsStore(deps), deps.userJira, parsed.data.settings).catch(priorityFailure);
    })
    .define(PRIORITY_RESOLVER_KEYS.settingsReset, async ({ payload }) => {
      const parsed = ResetPrioritySettingsPayload.safeParse(payload ?? undefined);
      if (!parsed.success) return payloadFailure(parsed.error);
      const deps = productionPriorityDeps();
      return resetPrioritySettings(prioritySettingsStore(deps), deps.userJira, parsed.data?.matrixSize ?? 3).catch(priorityFailure);
    })
    .define(PRIORITY_RESOLVER_KEYS.settingsMatrixSize, async ({ payload }) => {
      const parsed = ChangeMatrixSizePayload.safeParse(payload);
      if (!parsed.success) return payloadFailure(parsed.error);
      const deps = productionPriorityDeps();
      return changeMatrixSize(prioritySettingsStore(deps), deps.userJira, parsed.data.matrixSize, parsed.data.settings).catch(priorityFailure);
    })
    .define(PRIORITY_RESOLVER_KEYS.adminAccess, async () => adminAccess(productionPriorityDeps().userJira).catch(priorityFailure));
}

export const prioritySettingsResolver = definePrioritySettingsResolvers(new Resolver()).getDefinitions();
