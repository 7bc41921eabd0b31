import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { DEFAULT_TRENDS_MIN_INCIDENTS, type TrendsSettings, TrendsSettingsSchema } from '../../contracts/incident-trends';

/** The admin's trends settings, beside the app's other settings in app storage. */
export const TRENDS_SETTINGS = storageKey('settings:trends', TrendsSettingsSchema);

export const DEFAULT_TRENDS_SETTINGS: TrendsSettings = { minIncidents: DEFAULT_TRENDS_MIN_INCIDENTS };

/** The stored settings, or the defaults when the admin never saved any. */
export async function loadTrendsSettings(storage: AppStorage): Promise<TrendsSettings> {
  return storage.getOr(TRENDS_SETTINGS, DEFAULT_TRENDS_SETTINGS);
}

export async function saveTrendsSettings(storage: AppStorage, settings: TrendsSettings): Promise<TrendsSettings> {
  await storage.set(TRENDS_SETTINGS, settings);
  return settings;
}
