import { z } from 'zod';
import type { CommunicationSettingsView } from '../../contracts/communication';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { CommunicationSettings, defaultCommunicationSettings } from '../../domain/communication/communication-settings';
import { UseCaseRefusal } from '../use-case-refusal';

export const COMMUNICATION_SETTINGS = storageKey('comms:settings', z.unknown());

/** The Statuspage API key's name in Forge's secret store (`kvs.setSecret`): encrypted, never listed by queries. */
export const STATUSPAGE_API_KEY_SECRET = 'comms:statuspage-api-key';

/** The secret half of app storage (Forge KVS `setSecret`/`getSecret`/`deleteSecret`). */
export interface SecretStore {
  getSecret(key: string): Promise<string | undefined>;
  setSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
}

export type { CommunicationSettingsView };

export const CommunicationSettingsSave = z.object({
  settings: CommunicationSettings,
  /** A new key replaces the stored one; null removes it; absent leaves it as it is. */
  statuspageApiKey: z
    .string()
    .trim()
    .min(8, 'expected the Statuspage API key (at least 8 characters)')
    .max(200, 'expected at most 200 characters')
    .nullable()
    .optional(),
});
export type CommunicationSettingsSave = z.infer<typeof CommunicationSettingsSave>;

export async function loadCommunicationSettings(storage: AppStorage): Promise<CommunicationSettings> {
  const raw = await storage.get(COMMUNICATION_SETTINGS);
  if (raw === undefined) return defaultCommunicationSettings();
  const parsed = CommunicationSettings.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? 'settings';
    throw new UseCaseRefusal(
      'CONFLICT',
      `The stored communication settings are invalid (${field}: ${issue?.message ?? 'invalid'}); an admin must save them again.`,
      `settings.${field}`,
    );
  }
  return parsed.data;
}

export async function viewCommunicationSettings(storage: AppStorage, secrets: SecretStore): Promise<CommunicationSettingsView> {
  const [settings, key] = await Promise.all([loadCommunicationSettings(storage), secrets.getSecret(STATUSPAGE_API_KEY_SECRET)]);
  return { settings, apiKeySet: key !== undefined && key.length > 0 };
}

/** Admin-only (checked by the entry layer). The key goes to the secret store and is never returned. */
export async function saveCommunicationSettings(
  storage: AppStorage,
  secrets: SecretStore,
  input: CommunicationSettingsSave,
): Promise<CommunicationSettingsView> {
  if (input.settings.statuspage.pageId === null && Object.keys(input.settings.statuspage.componentMap).length > 0) {
    throw new UseCaseRefusal(
      'BAD_REQUEST',
      'settings.statuspage.pageId: enter the Statuspage page id before mapping components',
      'settings.statuspage.pageId',
    );
  }
  if (input.statuspageApiKey === null) await secrets.deleteSecret(STATUSPAGE_API_KEY_SECRET);
  else if (input.statuspageApiKey !== undefined) await secrets.setSecret(STATUSPAGE_API_KEY_SECRET, input.statuspageApiKey);
  await storage.set(COMMUNICATION_SETTINGS, input.settings);
  return viewCommunicationSettings(storage, secrets);
}
