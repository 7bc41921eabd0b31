import { z } from 'zod';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import type { JiraField } from '../../adapters/jira/jira-schemas';
import { INCIDENT_ROLE_FIELDS, type IncidentRoleKey, USER_PICKER_FIELD_TYPE } from '../../domain/communication/incident-roles';

const RoleFieldIds = z.object({ incidentManager: z.string().nullable(), communicationsManager: z.string().nullable() });
export type RoleFieldIds = z.infer<typeof RoleFieldIds>;

/** Written by setup when it creates the role fields; found again by name when missing. */
export const ROLE_FIELD_IDS = storageKey('comms:role-field-ids', RoleFieldIds);

/**
 * The role fields' ids on this site: the stored map, else looked up by name (one GET
 * /rest/api/3/field) and stored, also when a role field is missing, so the cadence job does not
 * repeat the lookup every 5 minutes; setup rewrites the map when it creates the fields.
 */
export async function loadRoleFieldIds(appJira: JiraClient, storage: AppStorage): Promise<RoleFieldIds> {
  const stored = await storage.get(ROLE_FIELD_IDS);
  if (stored !== undefined) return stored;
  const found = roleFieldIdsFrom(await appJira.getFields());
  await storage.set(ROLE_FIELD_IDS, found);
  return found;
}

/** The role fields among the site's fields: user pickers with the role's name (as setup creates them). */
export function roleFieldIdsFrom(fields: readonly JiraField[]): RoleFieldIds {
  const idOf = (key: IncidentRoleKey) => {
    const role = INCIDENT_ROLE_FIELDS.find((candidate) => candidate.key === key);
    if (role === undefined) return null;
    const match = fields
      .filter(
        (field) => field.name.trim().toLowerCase() === role.name.toLowerCase() && field.schema?.custom === USER_PICKER_FIELD_TYPE.type,
      )
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }))[0];
    return match?.id ?? null;
  };
  return { incidentManager: idOf('incidentManager'), communicationsManager: idOf('communicationsManager') };
}

/** The account id held by a user-picker field value (`{ accountId, ... }`), or null. */
export function accountIdOf(value: unknown): string | null {
  const parsed = z.object({ accountId: z.string().min(1) }).safeParse(value);
  return parsed.success ? parsed.data.accountId : null;
}
