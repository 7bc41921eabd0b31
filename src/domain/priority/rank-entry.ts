import type { Incident } from '../incident/incident';
import type { RankEntry } from './incident-ranking';
import { effectiveLevel } from './priority-override';
import { assessmentOf, computePriority } from './priority-rule';
import type { PrioritySettings } from './priority-settings';
import { toEpochMs } from './sla-clock';
import { slaOf } from './sla-for-incident';

/*
 * Which incidents are ranked (the open ones), and the entry an incident takes in the ranking of
 * open incidents (incident-ranking.ts orders the entries).
 */

/** Ranked: an incident (not another work type) whose status is not in the done category. */
export function isOpenIncident(incident: Incident): boolean {
  return incident.workType === 'incident' && incident.status.categoryKey !== 'done';
}

/** The incident's place-defining facts: its effective level, its SLA due time, its reach and age. */
export function rankEntryOf(incident: Incident, settings: PrioritySettings): RankEntry {
  const computed = computePriority(assessmentOf(incident), settings);
  const level = effectiveLevel(incident, computed.ok ? computed.value : null, settings);
  // The due time does not depend on `at`; reportedAt is a valid instant to evaluate at.
  const sla = slaOf(incident, level, settings, incident.reportedAt);
  return {
    key: incident.key,
    projectKey: incident.projectKey,
    priorityLevel: level,
    slaDueAt: sla.dueAt,
    affectedUsers: incident.affectedUsers,
    createdAt: new Date(toEpochMs(incident.reportedAt, 'reportedAt')).toISOString(),
  };
}
