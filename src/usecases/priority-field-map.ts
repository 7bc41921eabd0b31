import { loadIncidentFieldMap as loadSharedIncidentFieldMap } from '../adapters/jira/incident-field-map';
import type { IncidentFieldMap } from '../adapters/jira/incident-mapper';
import type { JiraClient } from '../adapters/jira/jira-client';
import type { AppStorage } from '../adapters/storage/app-storage';

/**
 * Kept for the callers that adopted it before the shared loader existed (postmortem source,
 * workflow validators): the site's incident field ids from app storage (`setup:incident-field-map`),
 * found by name with GET /rest/api/3/field as the app when setup has not stored them.
 * New code should call `loadIncidentFieldMap` in adapters/jira/incident-field-map.ts directly.
 */
export async function loadIncidentFieldMap(storage: AppStorage, appJira: JiraClient, _now?: string): Promise<IncidentFieldMap> {
  return loadSharedIncidentFieldMap(appJira, storage);
}
