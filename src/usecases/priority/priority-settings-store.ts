import { z } from 'zod';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import type { AdminAccessView, PrioritySettingsView } from '../../contracts/priority-panel';
import type { PriorityOutcome } from '../../domain/priority/priority-level';
import { type MatrixSize, type PriorityMatrix, defaultMatrix } from '../../domain/priority/priority-matrix';
import { type PrioritySettings, defaultPrioritySettings, parsePrioritySettings } from '../../domain/priority/priority-settings';
import { UseCaseRefusal } from '../use-case-refusal';

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
    super(
      `The stored priority settings are invalid at "${field}": ${reason}. An admin can reset them to default on the Incident ` +
        `response admin page.`,
    );
  }
}

export interface LoadedPrioritySettings {
  settings: PrioritySettings;
  isDefault: boolean;
}

/** Called after settings change: stored rank entries hold levels and due times computed with the old ones. */
export type SettingsChangedListener = () => Promise<void>;

/** Brings the Impact and Urgency options in line with a changed matrix; answers one line for the admin. */
export type LevelOptionsSync = (matrix: PriorityMatrix) => Promise<string>;

export class PrioritySettingsStore {
  constructor(
    private readonly storage: AppStorage,
    private readonly onChanged: SettingsChangedListener = async () => {},
    readonly syncLevelOptions: LevelOptionsSync | null = null,
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

/** The one question the admin page asks before offering its controls: is the caller a Jira admin. */
export interface AdminCheck {
  myPermissions(permissions: readonly string[]): Promise<Record<string, boolean>>;
}

/** The admin page asks once whether to offer its controls; nothing else depends on the answer (every action checks again). */
export async function adminAccess(userJira: AdminCheck): Promise<AdminAccessView> {
  const granted = await userJira.myPermissions(['ADMINISTER']);
  if (granted.ADMINISTER === true) return { canAdminister: true, message: null };
  return {
    canAdminister: false,
    message: 'Only Jira administrators can run the Incident setup or see and change these settings; the controls stay disabled.',
  };
}

function sameLevels(a: PriorityMatrix, b: PriorityMatrix): boolean {
  return (
    a.size === b.size &&
    a.impactLevels.join('\n') === b.impactLevels.join('\n') &&
    a.urgencyLevels.join('\n') === b.urgencyLevels.join('\n')
  );
}

/** After the matrix's levels changed, the field options follow; the note says what happened. */
async function withOptionsNote(
  store: PrioritySettingsStore,
  view: PrioritySettingsView,
  previous: PriorityMatrix | null,
): Promise<PrioritySettingsView> {
  if (store.syncLevelOptions === null || (previous !== null && sameLevels(previous, view.settings.matrix))) return view;
  return { ...view, fieldOptionsNote: await store.syncLevelOptions(view.settings.matrix) };
}

/** The matrix in force before a change, or null when the stored value is unreadable (then the options are synced anyway). */
async function matrixBefore(store: PrioritySettingsStore): Promise<PriorityMatrix | null> {
  try {
    return (await store.load()).settings.matrix;
  } catch (error) {
    if (error instanceof PrioritySettingsInvalidError) return null;
    throw error;
  }
}

function refusalOf(problem: { field: string; message: string }): UseCaseRefusal {
  return new UseCaseRefusal('BAD_REQUEST', `${problem.field}: ${problem.message}`, `settings.${problem.field}`);
}

/**
 * Switches the matrix to the default one of `matrixSize` and keeps everything else: the SLA
 * targets, modifiers and priority mapping of `candidate` (the admin's current draft), or of the
 * stored settings when no draft is sent. Nothing is written unless the whole result is valid.
 * @throws UseCaseRefusal BAD_REQUEST naming the setting.
 */
export async function changeMatrixSize(
  store: PrioritySettingsStore,
  matrixSize: MatrixSize,
  candidate: unknown,
): Promise<PrioritySettingsView> {
  const previous = await matrixBefore(store);
  const base = candidate === undefined ? (await store.load()).settings : candidate;
  if (typeof base !== 'object' || base === null)
    throw new UseCaseRefusal('BAD_REQUEST', 'settings: expected the priority settings object', 'settings');
  const saved = await store.save({ ...base, matrix: defaultMatrix(matrixSize) });
  if (!saved.ok) throw refusalOf(saved.problem);
  return withOptionsNote(store, { settings: saved.value, isDefault: false }, previous);
}

/** Nothing is written unless the whole settings object is valid. @throws UseCaseRefusal BAD_REQUEST naming the setting. */
export async function savePrioritySettings(store: PrioritySettingsStore, candidate: unknown): Promise<PrioritySettingsView> {
  const previous = await matrixBefore(store);
  const saved = await store.save(candidate);
  if (!saved.ok) throw refusalOf(saved.problem);
  return withOptionsNote(store, { settings: saved.value, isDefault: false }, previous);
}

export async function resetPrioritySettings(store: PrioritySettingsStore, matrixSize: MatrixSize): Promise<PrioritySettingsView> {
  const previous = await matrixBefore(store);
  const settings = await store.reset(matrixSize);
  return withOptionsNote(store, { settings, isDefault: matrixSize === 3 }, previous);
}
