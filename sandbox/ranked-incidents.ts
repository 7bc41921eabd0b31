import { JiraClient } from '../src/adapters/jira/jira-client';
import { loadIncidentFieldMap } from '../src/adapters/jira/incident-field-map';
import { IncidentMappingError, incidentFromJiraIssue, incidentIssueFieldIds } from '../src/adapters/jira/incident-mapper';
import { AppStorage } from '../src/adapters/storage/app-storage';
import type { Incident } from '../src/domain/incident/incident';
import { isOpenIncident, rankEntryOf } from '../src/domain/priority/rank-entry';
import { incidentSla } from '../src/domain/priority/sla-for-incident';
import { sortIncidents } from '../src/domain/priority/incident-ranking';
import type { PriorityLevel } from '../src/domain/priority/priority-level';
import { type SlaStatus } from '../src/domain/priority/sla-clock';
import { OPEN_INCIDENTS_JQL } from '../src/usecases/priority/open-incident-index';
import { PrioritySettingsStore } from '../src/usecases/priority/priority-settings-store';

export interface RankedIncident {
  /** 1-based position in the app's order over the open incidents this user can see. */
  rank: number;
  incident: Incident;
  level: PriorityLevel | null;
  sla: SlaStatus;
}

export interface RankedIncidents {
  incidents: RankedIncident[];
  /** Issues the app's mapper refused (malformed fields): left out of the order, named on the page. */
  skipped: { key: string; reason: string }[];
}

/**
 * The open incidents the signed-in user can see, in the app's rank order (the panel's total order:
 * priority level, SLA due, affected users, age, key), read the way the app reads them: the field
 * map as the panel loads it, the stored priority settings (or the defaults), Jira's search as the
 * user, the app's mapper and `rankEntryOf`. Not the app's open-incident index: that is searched as
 * the app and holds incidents this user may not see ("counted, never shown").
 * Must run inside an invocation as the user (PageContext.asUser).
 */
export async function rankedOpenIncidents(now: string): Promise<RankedIncidents> {
  const storage = new AppStorage();
  const appJira = JiraClient.asApp();
  const userJira = JiraClient.asUser();
  const [fieldMap, { settings }] = await Promise.all([loadIncidentFieldMap(appJira, storage), new PrioritySettingsStore(storage).load()]);
  const incidents = new Map<string, Incident>();
  const skipped: RankedIncidents['skipped'] = [];
  for await (const issue of userJira.searchJql({ jql: OPEN_INCIDENTS_JQL, fields: incidentIssueFieldIds(fieldMap), maxResults: 100 })) {
    try {
      const incident = incidentFromJiraIssue(issue, fieldMap);
      if (isOpenIncident(incident)) incidents.set(incident.key, incident);
    } catch (error) {
      if (!(error instanceof IncidentMappingError)) throw error;
      skipped.push({ key: error.issueKey, reason: error.message });
    }
  }
  const ordered = sortIncidents([...incidents.values()].map((incident) => rankEntryOf(incident, settings)));
  return {
    incidents: ordered.flatMap((entry, index) => {
      const incident = incidents.get(entry.key);
      // The panel's clock, by the same rule: no clock before the incident is prioritized.
      return incident ? [{ rank: index + 1, incident, level: entry.priorityLevel, sla: incidentSla(incident, settings, now).sla }] : [];
    }),
    skipped,
  };
}
