import { z } from 'zod';
import { type AppStorage, storageKey } from '../adapters/storage/app-storage';
import type { PrioritySettingsView } from '../contracts/priority-panel';
import type { PriorityOutcome } from '../domain/priority/priority-level';
import type { MatrixSize } from '../domain/priority/priority-matrix';
import { type PrioritySettings, defaultPrioritySettings, parsePrioritySettings } from '../domain/priority/priority-settings';
import { UseCaseRefusal } from './use-case-refusal';

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
// Only Jira administrators reach these: the entry layer checks before calling them.

/** @throws PrioritySettingsInvalidError for a stored value that no longer parses. */
export async function getPrioritySettings(store: PrioritySettingsStore): Promise<PrioritySettingsView> {
  return store.load();
}

/** Nothing is written unless the whole settings object is valid. @throws UseCaseRefusal BAD_REQUEST naming the setting. */
export async function savePrioritySettings(store: PrioritySettingsStore, candidate: unknown): Promise<PrioritySettingsView> {
  const saved = await store.save(candidate);
  if (!saved.ok) throw new UseCaseRefusal('BAD_REQUEST', `${saved.problem.field}: ${saved.problem.message}`, `settings.${saved.problem.field}`);
  return { settings: saved.value, isDefault: false };
}

export async function resetPrioritySettings(store: PrioritySettingsStore, matrixSize: MatrixSize): Promise<PrioritySettingsView> {
  const settings = await store.reset(matrixSize);
  return { settings, isDefault: matrixSize === 3 };
}
