import { z } from 'zod';
import { type AppStorage, storageKey } from '../adapters/storage/app-storage';
import type { PrioritySettingsView } from '../contracts/priority-panel';
import { type ResolverResult, fail, ok } from '../contracts/resolver-result';
import type { PriorityOutcome } from '../domain/priority/priority-level';
import type { MatrixSize } from '../domain/priority/priority-matrix';
import { type PrioritySettings, defaultPrioritySettings, parsePrioritySettings } from '../domain/priority/priority-settings';

/**
 * Stored raw and parsed by the domain's parser (not the storage wrapper's schema), so an old or
 * hand-edited value is reported by setting name (`version`, `matrix.cells.High.Low`).
 */
export const PRIORITY_SETTINGS = storageKey('priority:settings', z.unknown());

export class PrioritySettingsInvalidError extends Error {
  override readonly name = 'PrioritySettingsInvalidError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`The stored priority settings are invalid at "${field}": ${reason}. An admin can reset them to default on the Incident response admin page.`);
  }
}

export interface LoadedPrioritySettings {
  settings: PrioritySettings;
  isDefault: boolean;
}

/** Called after settings change: stored rank entries hold levels and due times computed with the old ones. */
export type SettingsChangedListener = () => Promise<void>;

export class PrioritySettingsStore {
  constructor(
    private readonly storage: AppStorage,
    private readonly onChanged: SettingsChangedListener = async () => {},
  ) {}

  /** The defaults while nothing is stored. @throws PrioritySettingsInvalidError for a stored value that no longer parses. */
  async load(): Promise<LoadedPrioritySettings> {
    const raw = await this.storage.get(PRIORITY_SETTINGS);
    if (raw === undefined) return { settings: defaultPrioritySettings(), isDefault: true };
    const parsed = parsePrioritySettings(raw);
    if (!parsed.ok) throw new PrioritySettingsInvalidError(parsed.problem.field, parsed.problem.message);
    return { settings: parsed.value, isDefault: false };
  }

  /** Validates first; on a problem nothing is written and the problem names the setting. */
  async save(candidate: unknown): Promise<PriorityOutcome<PrioritySettings>> {
    const parsed = parsePrioritySettings(candidate);
    if (!parsed.ok) return parsed;
    await this.storage.set(PRIORITY_SETTINGS, parsed.value);
    await this.onChanged();
    return parsed;
  }

  /** Forgets the stored settings, so the defaults (of the chosen matrix size) apply. */
  async reset(matrixSize: MatrixSize = 3): Promise<PrioritySettings> {
    const defaults = defaultPrioritySettings(matrixSize);
    if (matrixSize === 3) await this.storage.delete(PRIORITY_SETTINGS);
    else await this.storage.set(PRIORITY_SETTINGS, defaults);
    await this.onChanged();
    return defaults;
  }
}

// ---- The admin page's settings actions ------------------------------------------------------------

/** The one question asked of Jira before settings change: is the caller a Jira admin. */
export interface AdminCheck {
  myPermissions(permissions: readonly string[]): Promise<Record<string, boolean>>;
}

async function requireAdmin(userJira: AdminCheck): Promise<ResolverResult<never> | null> {
  const granted = await userJira.myPermissions(['ADMINISTER']);
  return granted.ADMINISTER === true ? null : fail('FORBIDDEN', 'Only Jira administrators can change the priority settings.');
}

export async function getPrioritySettings(store: PrioritySettingsStore): Promise<ResolverResult<PrioritySettingsView>> {
  try {
    return ok(await store.load());
  } catch (error) {
    if (error instanceof PrioritySettingsInvalidError) return fail('CONFLICT', error.message, `settings.${error.field}`);
    throw error;
  }
}

/** Nothing is written unless the caller is an admin and the whole settings object is valid. */
export async function savePrioritySettings(store: PrioritySettingsStore, userJira: AdminCheck, candidate: unknown): Promise<ResolverResult<PrioritySettingsView>> {
  const refused = await requireAdmin(userJira);
  if (refused) return refused;
  const saved = await store.save(candidate);
  if (!saved.ok) return fail('BAD_REQUEST', `${saved.problem.field}: ${saved.problem.message}`, `settings.${saved.problem.field}`);
  return ok({ settings: saved.value, isDefault: false });
}

export async function resetPrioritySettings(store: PrioritySettingsStore, userJira: AdminCheck, matrixSize: MatrixSize): Promise<ResolverResult<PrioritySettingsView>> {
  const refused = await requireAdmin(userJira);
  if (refused) return refused;
  const settings = await store.reset(matrixSize);
  return ok({ settings, isDefault: matrixSize === 3 });
}
