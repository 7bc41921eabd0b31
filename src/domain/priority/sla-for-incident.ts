import type { Incident } from '../incident/incident';
import type { PriorityLevel } from './priority-level';
import { effectiveLevel, overrideReasonOf } from './priority-override';
import { type ComputedPriority, assessmentOf, computePriority } from './priority-rule';
import type { PrioritySettings } from './priority-settings';
import { type SlaStatus, type SlaStop, UNPRIORITIZED_SLA, slaStatus, slaStopOf } from './sla-clock';

/*
 * An incident's SLA clock: when it starts and stops (from the issue's own fields, so every reader
 * agrees), which level it runs for, and its state at a given time. The clock itself, independent
 * of incidents, is sla-clock.ts.
 */

/** The SLA clock runs from when harm began if that is recorded, else from the creation. */
export function slaStartOf(incident: Incident): string {
  return incident.impactStartedAt ?? incident.reportedAt;
}

/**
 * When the incident's SLA clock stopped, by the one stop rule (`slaStopOf`), from the issue's own
 * fields: every reader (panel, incident list, validators, postmortem) reads these, so they agree.
 * `enteredDoneAt` defaults to Jira's `statuscategorychangedate`; only a reader that has the
 * changelog and finds that field missing passes another.
 */
export function slaStopOfIncident(incident: Incident, enteredDoneAt: string | null = incident.statusCategoryChangedAt): SlaStop {
  return slaStopOf({
    statusCategoryKey: incident.status.categoryKey,
    serviceRestoredAt: incident.serviceRestoredAt,
    resolutionDate: incident.resolvedAt,
    enteredDoneAt,
  });
}

/**
 * The level the SLA clock runs for: none until the incident is prioritized, that is its assessment
 * places it in the matrix, or someone set the priority by hand and said why. The priority Jira
 * gives every new issue by default is not a prioritization, so it starts no clock.
 */
export function slaLevelOf(incident: Incident, computed: ComputedPriority | null, settings: PrioritySettings): PriorityLevel | null {
  if (computed === null && overrideReasonOf(incident) === null) return null;
  return effectiveLevel(incident, computed, settings);
}

export function slaOf(incident: Incident, level: PriorityLevel | null, settings: PrioritySettings, now: string): SlaStatus {
  if (level === null) return UNPRIORITIZED_SLA;
  return slaStatus({ level, startedAt: slaStartOf(incident), at: now, stop: slaStopOfIncident(incident) }, settings.slaTargets);
}

/** The incident's SLA clock at `now`, its level chosen by `slaLevelOf`. */
export function incidentSla(incident: Incident, settings: PrioritySettings, now: string): { level: PriorityLevel | null; sla: SlaStatus } {
  const computed = computePriority(assessmentOf(incident), settings);
  const level = slaLevelOf(incident, computed.ok ? computed.value : null, settings);
  return { level, sla: slaOf(incident, level, settings, now) };
}
