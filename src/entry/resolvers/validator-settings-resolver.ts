import Resolver from '@forge/resolver';
import { JiraClient } from '../../adapters/jira/jira-client';
import {
  GetValidatorSettingsPayload,
  ResetValidatorSettingsPayload,
  SaveValidatorSettingsPayload,
  VALIDATOR_SETTINGS_RESOLVERS,
} from '../../contracts/validator-settings';
import { resetValidatorSettings, saveValidatorSettings, viewValidatorSettings } from '../../usecases/workflow/configure-validator-settings';
import { ValidatorSettingsStore } from '../../usecases/workflow/validator-settings-store';
import { resolverAction } from '../entry-point';

/**
 * Reading is admin-only like writing, the same as the priority settings: both are read only by
 * the admin page, and these name the groups allowed to close incidents. The validators read the
 * settings through their own use case, as the app.
 */
const ADMIN_ONLY = 'Only Jira administrators can change the incident workflow validators.';

/** Registers `validators.settings.get/save/reset` on a resolver (the admin page's, or its own). */
export function defineValidatorSettingsResolvers(
  resolver: Resolver,
  store: () => ValidatorSettingsStore = () => new ValidatorSettingsStore(),
): Resolver {
  return (
    resolver
      // Groups are checked as the app: whether a group exists is site configuration, and the caller is an admin.
      .define(
        VALIDATOR_SETTINGS_RESOLVERS.get,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: GetValidatorSettingsPayload,
          run: () => viewValidatorSettings(store(), JiraClient.asApp()),
        }),
      )
      .define(
        VALIDATOR_SETTINGS_RESOLVERS.save,
        resolverAction({
          adminOnly: ADMIN_ONLY,
          payload: SaveValidatorSettingsPayload,
          run: ({ settings }) => saveValidatorSettings(store(), JiraClient.asApp(), settings),
        }),
      )
      .define(
        VALIDATOR_SETTINGS_RESOLVERS.reset,
        resolverAction({ adminOnly: ADMIN_ONLY, payload: ResetValidatorSettingsPayload, run: () => resetValidatorSettings(store()) }),
      )
  );
}
