import type { AppStorage } from '../storage/app-storage';
import { INCIDENT_FIELD_MAP } from '../storage/setup-storage-keys';
import type { JiraClient } from './jira-client';
import { incidentFieldMapFrom, type IncidentFieldMap } from './incident-mapper';

/**
 * The site's incident field ids: the map stored by the last setup run, or, when setup never ran
 * (or the map was lost), found again by name from GET /rest/api/3/field and stored.
 */
export async function loadIncidentFieldMap(jira: JiraClient, storage: AppStorage): Promise<IncidentFieldMap> {
  const stored = await storage.get(INCIDENT_FIELD_MAP);
  if (stored !== undefined && Object.keys(stored).length > 0) return stored;
  const found = incidentFieldMapFrom(await jira.getFields());
  await storage.set(INCIDENT_FIELD_MAP, found);
  return found;
}
