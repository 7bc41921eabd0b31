import { z } from 'zod';
import { IncidentFieldMap, incidentFieldMapFrom } from '../adapters/jira/incident-mapper';
import type { JiraClient } from '../adapters/jira/jira-client';
import { type AppStorage, storageKey } from '../adapters/storage/app-storage';

/** Written by the incident setup when it creates or finds the fields. */
export const SETUP_FIELD_MAP = storageKey('setup:incident-field-map', IncidentFieldMap);

/** The priority feature's own copy, for sites where setup has not stored a map (fields made by hand). */
const PRIORITY_FIELD_MAP_CACHE = storageKey('priority:incident-field-map-cache', z.object({ cachedAt: z.string(), map: IncidentFieldMap }));

/** A cached map older than this is looked up again, so renamed or recreated fields are found within the hour. */
export const FIELD_MAP_CACHE_MINUTES = 60;

/**
 * The site's custom field ids for the incident fields. Custom field ids differ per site, so they
 * are found by name once and kept in app storage: a panel view then spends no Jira call on them.
 */
export async function loadIncidentFieldMap(storage: AppStorage, appJira: JiraClient, now: string): Promise<IncidentFieldMap> {
  const fromSetup = await storage.get(SETUP_FIELD_MAP);
  if (fromSetup !== undefined && fromSetup.impact !== undefined) return fromSetup;
  const cached = await storage.get(PRIORITY_FIELD_MAP_CACHE);
  if (cached !== undefined && Date.parse(now) - Date.parse(cached.cachedAt) < FIELD_MAP_CACHE_MINUTES * 60_000) return cached.map;
  // The field list is site configuration, not user data: read as the app so every viewer gets the same map.
  const map = incidentFieldMapFrom(await appJira.getFields());
  await storage.set(PRIORITY_FIELD_MAP_CACHE, { cachedAt: now, map });
  return map;
}
