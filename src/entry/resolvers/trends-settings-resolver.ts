import type Resolver from '@forge/resolver';
import { AppStorage } from '../../adapters/storage/app-storage';
import { GetTrendsSettingsPayload, SaveTrendsSettingsPayload, TRENDS_SETTINGS_RESOLVER_KEYS } from '../../contracts/incident-trends';
import { loadTrendsSettings, saveTrendsSettings } from '../../usecases/trends/trends-settings-store';
import { resolverAction } from '../entry-point';

const ADMIN_ONLY = 'Only Jira administrators can change the incident trends settings.';

/** Registers `trends.settings.get/save` on the admin page's resolver; the page and the CLI read the same stored value. */
export function defineTrendsSettingsResolvers(resolver: Resolver): Resolver {
  return resolver
    .define(
      TRENDS_SETTINGS_RESOLVER_KEYS.get,
      resolverAction({ adminOnly: ADMIN_ONLY, payload: GetTrendsSettingsPayload, run: () => loadTrendsSettings(new AppStorage()) }),
    )
    .define(
      TRENDS_SETTINGS_RESOLVER_KEYS.save,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: SaveTrendsSettingsPayload,
        run: ({ settings }) => saveTrendsSettings(new AppStorage(), settings),
      }),
    );
}
