import Resolver from '@forge/resolver';
import {
  ChangeMatrixSizePayload,
  GetPrioritySettingsPayload,
  PRIORITY_RESOLVER_KEYS,
  ResetPrioritySettingsPayload,
  SavePrioritySettingsPayload,
} from '../../contracts/priority-panel';
import {
  adminAccess,
  changeMatrixSize,
  getPrioritySettings,
  resetPrioritySettings,
  savePrioritySettings,
} from '../../usecases/priority/priority-settings-store';
import { productionPriorityDeps, prioritySettingsStore } from '../../usecases/priority/priority-deps';
import { resolverAction } from '../entry-point';

/**
 * Reading is admin-only like writing, the same as the validator settings: only the admin page
 * reads them here; the priority panel gets the matrix it needs through its own view use case.
 */
const ADMIN_ONLY = 'Only Jira administrators can change the priority settings.';

/** Adds the priority settings actions to a resolver: the admin page's resolver (shared with other settings) calls this. */
export function definePrioritySettingsResolvers(resolver: Resolver): Resolver {
  return (
    resolver
      .define(
        PRIORITY_RESOLVER_KEYS.settingsGet,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: GetPrioritySettingsPayload,
          run: () => getPrioritySettings(prioritySettingsStore(productionPriorityDeps())),
        }),
      )
      .define(
        PRIORITY_RESOLVER_KEYS.settingsSave,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: SavePrioritySettingsPayload,
          run: ({ settings }) => savePrioritySettings(prioritySettingsStore(productionPriorityDeps()), settings),
        }),
      )
      .define(
        PRIORITY_RESOLVER_KEYS.settingsReset,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: ResetPrioritySettingsPayload,
          run: (input) => resetPrioritySettings(prioritySettingsStore(productionPriorityDeps()), input?.matrixSize ?? 3),
        }),
      )
      .define(
        PRIORITY_RESOLVER_KEYS.settingsMatrixSize,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: ChangeMatrixSizePayload,
          run: ({ matrixSize, settings }) => changeMatrixSize(prioritySettingsStore(productionPriorityDeps()), matrixSize, settings),
        }),
      )
      // Anyone who can open the admin page may ask whether they can administer: the answer is about them.
      .define(
        PRIORITY_RESOLVER_KEYS.adminAccess,
        resolverAction({ payload: GetPrioritySettingsPayload, run: () => adminAccess(productionPriorityDeps().userJira) }),
      )
  );
}
