import { z } from 'zod';
import { type PriorityOutcome, dottedPath, problemOf } from './priority-level';
import { type MatrixSize, PriorityMatrixSchema, defaultMatrix } from './priority-matrix';
import { ModifierSettingsSchema, defaultModifierSettings } from './priority-modifiers';
import { SlaTargetsSchema, defaultSlaTargets } from './sla-clock';

/**
 * Everything an admin can change about prioritization, stored as one app-storage value.
 *
 * Versioning: `version` is the shape of this object. Version 1 is the first stored shape, so
 * there is nothing to migrate yet. When the shape changes, bump SETTINGS_VERSION and add a step to
 * `migrateSettings` that turns version N into N+1; a stored object with a version that has no
 * migration step (or none at all) is refused with an error naming `version`, never guessed at.
 */
export const SETTINGS_VERSION = 1;

// Bounded so settings always fit one app-storage value (KVS refuses values over 240 KiB).
const JiraPriorityName = z.string().trim().min(1, 'expected the name of a Jira priority').max(255, 'expected at most 255 characters');

/** P1..P5 → the site's priority names (several levels may share one name on sites with fewer priorities). */
export const PriorityMappingSchema = z.object({
  P1: JiraPriorityName,
  P2: JiraPriorityName,
  P3: JiraPriorityName,
  P4: JiraPriorityName,
  P5: JiraPriorityName,
});
export type PriorityMapping = z.infer<typeof PriorityMappingSchema>;

export const PrioritySettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION, { error: `expected settings version ${SETTINGS_VERSION}` }),
  matrix: PriorityMatrixSchema,
  modifiers: ModifierSettingsSchema,
  slaTargets: SlaTargetsSchema,
  priorityMapping: PriorityMappingSchema,
});
export type PrioritySettings = z.infer<typeof PrioritySettingsSchema>;

export function defaultPriorityMapping(): PriorityMapping {
  return { P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low', P5: 'Lowest' };
}

export function defaultPrioritySettings(matrixSize: MatrixSize = 3): PrioritySettings {
  return {
    version: SETTINGS_VERSION,
    matrix: defaultMatrix(matrixSize),
    modifiers: defaultModifierSettings(),
    slaTargets: defaultSlaTargets(),
    priorityMapping: defaultPriorityMapping(),
  };
}

/** The first problem zod found, as `{ field, message }` with a dotted path. */
export function firstProblem(error: z.ZodError, prefix = ''): { field: string; message: string } {
  const issue = error.issues[0];
  if (issue === undefined) return { field: prefix || '(root)', message: 'invalid value' };
  const path = dottedPath(issue.path);
  const field = [prefix, path].filter((part) => part !== '').join('.') || '(root)';
  return { field, message: issue.message };
}

function versionOf(value: unknown): unknown {
  return typeof value === 'object' && value !== null && 'version' in value ? value.version : undefined;
}

/**
 * Brings a stored or submitted settings object to the current version. No migrations exist yet
 * (version 1 is the first stored shape); older, newer or unversioned objects are refused by name.
 */
export function migrateSettings(value: unknown): PriorityOutcome<unknown> {
  const version = versionOf(value);
  if (version === SETTINGS_VERSION) return { ok: true, value };
  if (typeof version !== 'number') {
    return problemOf(
      'version',
      `expected settings version ${SETTINGS_VERSION}, got ${version === undefined ? 'none' : JSON.stringify(version)}: reset the ` +
        `priority settings to default and edit them again`,
    );
  }
  if (version > SETTINGS_VERSION) {
    return problemOf(
      'version',
      `settings version ${version} was written by a newer version of the app (this one reads version ${SETTINGS_VERSION})`,
    );
  }
  return problemOf(
    'version',
    `settings version ${version} is older than ${SETTINGS_VERSION} and has no migration: reset the priority settings to default and ` +
      `edit them again`,
  );
}

/** Validates settings from storage or from the admin page; the problem names the field at fault. */
export function parsePrioritySettings(value: unknown): PriorityOutcome<PrioritySettings> {
  const migrated = migrateSettings(value);
  if (!migrated.ok) return migrated;
  const parsed = PrioritySettingsSchema.safeParse(migrated.value);
  if (!parsed.success) return { ok: false, problem: firstProblem(parsed.error) };
  return { ok: true, value: parsed.data };
}
