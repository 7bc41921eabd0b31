/*
 * Re-exports only: each concept now has its own file in this folder (priority-rule.ts,
 * priority-override.ts, sla-for-incident.ts, rank-entry.ts, automatic-priority-decision.ts).
 * Kept so branches written against the old path still merge; to be removed when the use cases
 * move into feature folders. New code imports the concept's own file.
 */
export { type AutomaticPriorityDecision, decideAutomaticPriority } from './automatic-priority-decision';
export { effectiveLevel, levelOfJiraPriority, overrideReasonOf } from './priority-override';
export { type ComputedPriority, PriorityAssessment, assessmentOf, computePriority } from './priority-rule';
export { isOpenIncident, rankEntryOf } from './rank-entry';
export { incidentSla, slaLevelOf, slaOf, slaStartOf, slaStopOfIncident } from './sla-for-incident';
