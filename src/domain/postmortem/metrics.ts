import {
  type IncidentMetric,
  incidentMetrics,
  incidentMilestones,
  type Milestone,
  MILESTONE_DEFINITIONS,
  metricMinutes,
  milestoneAt,
} from '../incident/incident-metrics';
import type { PostmortemSource, StatusCategoryKey } from './postmortem-source';
import { statusChanges } from './status-history';
import { epochMillis, minutesBetween, toUtcIso } from './time';

/** A key moment with its name and definition, as the model carries it. */
export interface DefinedMilestone extends Milestone {
  label: string;
  definition: string;
}

export interface StatusDuration {
  status: string;
  categoryKey: StatusCategoryKey;
  minutes: number;
  /** The incident is still in this status; its time runs up to `generatedAt`. */
  ongoing: boolean;
}

/**
 * The moments and durations are those of `incident-metrics.ts` (one definition for every reader);
 * `createdAt`, `acknowledgedAt`, `resolvedAt` and the two `timeTo…Minutes` repeat some of them for
 * readers of the earlier model.
 */
export interface PostmortemMetrics {
  /** The Reported moment. */
  createdAt: string;
  /** The Acknowledged moment. */
  acknowledgedAt: string | null;
  /** The Resolved moment (see MILESTONE_DEFINITIONS.resolved). */
  resolvedAt: string | null;
  timeToAcknowledgeMinutes: number | null;
  timeToResolveMinutes: number | null;
  /** Time to detect, acknowledge, mitigate, resolve and the impact duration, each with its definition. */
  durations: IncidentMetric[];
  timeInStatus: StatusDuration[];
}

export function definedMilestones(milestones: readonly Milestone[]): DefinedMilestone[] {
  return milestones.map((milestone) => ({ ...milestone, ...MILESTONE_DEFINITIONS[milestone.kind] }));
}

/** The key moments of the source's incident, in time order. */
export function milestonesOf(source: Pick<PostmortemSource, 'incident' | 'changelog' | 'statuses'>): Milestone[] {
  return incidentMilestones(source.incident, statusChanges(source.changelog, source.statuses));
}

export function computeMetrics(source: PostmortemSource): PostmortemMetrics {
  const { incident, statuses } = source;
  const createdAt = toUtcIso(incident.reportedAt) ?? incident.reportedAt;
  const changes = statusChanges(source.changelog, statuses);
  const milestones = incidentMilestones(incident, changes);
  const durations = incidentMetrics(milestones);

  return {
    createdAt,
    acknowledgedAt: milestoneAt(milestones, 'acknowledged'),
    resolvedAt: milestoneAt(milestones, 'resolved'),
    timeToAcknowledgeMinutes: metricMinutes(durations, 'timeToAcknowledge'),
    timeToResolveMinutes: metricMinutes(durations, 'timeToResolve'),
    durations,
    timeInStatus: timeInStatus(source, createdAt, changes),
  };
}

/**
 * Replays the status changes from creation. The first status is the `from` of the first change
 * (or the current status when it never changed). Time after the last change counts up to
 * `generatedAt` unless that status is a Done one: time spent closed says nothing about the response.
 */
function timeInStatus(source: PostmortemSource, createdAt: string, changes: ReturnType<typeof statusChanges>): StatusDuration[] {
  const totals = new Map<string, StatusDuration>();
  const add = (name: string, categoryKey: StatusCategoryKey, startIso: string, endIso: string, ongoing: boolean) => {
    const minutes = minutesBetween(startIso, endIso) ?? 0;
    const existing = totals.get(name);
    if (existing) {
      existing.minutes += minutes;
      existing.ongoing = ongoing;
    } else {
      totals.set(name, { status: name, categoryKey, minutes, ongoing });
    }
  };

  const first = changes[0];
  let current = first
    ? { name: first.from.name ?? 'Unknown status', categoryKey: first.from.categoryKey }
    : { name: source.incident.status.name, categoryKey: source.incident.status.categoryKey };
  let since = createdAt;
  for (const change of changes) {
    // A change logged before creation (clock skew on imported issues) must not produce negative time.
    const at = (epochMillis(change.at) ?? 0) < (epochMillis(since) ?? 0) ? since : change.at;
    add(current.name, current.categoryKey, since, at, false);
    current = { name: change.to.name ?? 'Unknown status', categoryKey: change.to.categoryKey };
    since = at;
  }
  const generatedAt = toUtcIso(source.generatedAt) ?? since;
  if (current.categoryKey === 'done') add(current.name, current.categoryKey, since, since, false);
  else add(current.name, current.categoryKey, since, generatedAt, true);
  return [...totals.values()];
}
