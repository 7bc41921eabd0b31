import Resolver from '@forge/resolver';
import { ADMIN_SETUP_KEYS } from '../../contracts/admin-setup';
import { adminSetupResolver } from './admin-setup-resolver';
import { defineAlertSourceResolvers } from './alert-sources-resolver';
import { defineCommunicationSettingsResolvers } from './communication-resolver';
import { definePrioritySettingsResolvers } from './priority-settings-resolver';
import { defineTrendsSettingsResolvers } from './trends-settings-resolver';
import { defineValidatorSettingsResolvers } from './validator-settings-resolver';

/**
 * The admin page is one `jira:adminPage` module, and a module has one resolver function, so its
 * three features (Incident setup, priority settings, validator settings) answer through this one.
 *
 * The settings features register their keys on one shared Resolver (`define` throws on a
 * duplicate key, so a clash fails at load). Setup exposes only its finished definitions
 * function, so calls with a setup key go to it; everything else goes to the settings Resolver,
 * which answers an unknown key with @forge/resolver's own "has no definition" error.
 */
const settingsDefinitions = defineTrendsSettingsResolvers(
  defineAlertSourceResolvers(
    defineCommunicationSettingsResolvers(defineValidatorSettingsResolvers(definePrioritySettingsResolvers(new Resolver()))),
  ),
).getDefinitions();
const setupKeys: ReadonlySet<string> = new Set(Object.values(ADMIN_SETUP_KEYS));

type Definitions = ReturnType<Resolver['getDefinitions']>;

export const adminPageResolver: Definitions = (request, backendRuntimePayload) =>
  setupKeys.has(request.call.functionKey)
    ? adminSetupResolver(request, backendRuntimePayload)
    : settingsDefinitions(request, backendRuntimePayload);
