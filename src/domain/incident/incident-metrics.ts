import { slaStopOf } from '../priority/sla-clock';
import { normaliseJiraOffset } from './incident';
import type { Incident } from './incident';

/**
 * The key moments of an incident and the durations between them: ONE definition of each, with the
 * sentence that states it, for every reader (the postmortem page and its preview, the postmortem
 * CLI, and incident trends). The SLA clock stops at `mitigated ?? resolved` by construction:
 * `resolved` is the SLA stop rule (`slaStopOf`) without its Service restored branch.
 */
export const MILESTONE_KINDS = ['impactStarted', 'detected', 'reported', 'acknowledged', 'mitigated', 'resolved', 'closed'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export interface Milestone {
  kind: MilestoneKind;
  /** ISO-8601 UTC. */
  at: string;
}

export const MILESTONE_DEFINITIONS: Readonly<Record<MilestoneKind, { label: string; definition: string }>> = {
  impactStarted: { label: 'Impact started', definition: 'The incident’s Impact started field: when users were first affected.' },
  detected: {
    label: 'Detected',
    definition:
      'When the incident was created in Jira: incidents have no Detection time field, so the moment it went on record (by an alert, ' +
      'an integration or a person) stands for detection.',
  },
  reported: { label: 'Reported', definition: 'When the incident was created in Jira.' },
  acknowledged: {
    label: 'Acknowledged',
    definition:
      'The first status change out of a To Do-category status (for example Open → Triaged); a reopened incident keeps its first ' +
      'acknowledgement.',
  },
  mitigated: { label: 'Mitigated', definition: 'The incident’s Service restored field: when service came back for users.' },
  resolved: {
    label: 'Resolved',
    definition:
      'While the incident is in a Done-category status: Jira’s resolution date, else when it moved into that status. A reopened ' +
      'incident that is open again is not resolved.',
  },
  closed: {
    label: 'Closed',
    definition:
      'When the incident moved from the Done-category status it was resolved in to the one it is in now (for example Resolved → Closed).',
  },
};

export const METRIC_KINDS = ['timeToDetect', 'timeToAcknowledge', 'timeToMitigate', 'timeToResolve', 'impactDuration'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

interface MetricDefinition {
  label: string;
  /** The moment the duration starts at. */
  from: MilestoneKind;
  /** The moment it ends at, then the fallback used when that one did not happen. */
  to: readonly MilestoneKind[];
  definition: string;
}

export const METRIC_DEFINITIONS: Readonly<Record<MetricKind, MetricDefinition>> = {
  timeToDetect: {
    label: 'Time to detect',
    from: 'impactStarted',
    to: ['detected'],
    definition: 'From Impact started to Detected (the incident’s creation in Jira).',
  },
  timeToAcknowledge: {
    label: 'Time to acknowledge',
    from: 'reported',
    to: ['acknowledged'],
    definition: 'From Reported to Acknowledged (the first move out of a To Do-category status).',
  },
  timeToMitigate: {
    label: 'Time to mitigate',
    from: 'impactStarted',
    to: ['mitigated'],
    definition: 'From Impact started to Mitigated (the Service restored time).',
  },
  timeToResolve: { label: 'Time to resolve', from: 'reported', to: ['resolved'], definition: 'From Reported to Resolved.' },
  impactDuration: {
    label: 'Impact duration',
    from: 'impactStarted',
    to: ['mitigated', 'resolved'],
    definition: 'From Impact started to Mitigated, or to Resolved when no Service restored time is recorded.',
  },
};

export interface IncidentMetric {
  kind: MetricKind;
  label: string;
  /** Whole minutes (rounded), never negative; null when a moment it needs did not happen. */
  minutes: number | null;
  from: MilestoneKind;
  /** The moment it actually ended at (the fallback when the first choice is missing); null with `minutes`. */
  to: MilestoneKind | null;
  definition: string;
}

type StatusCategoryKey = Incident['status']['categoryKey'];

/** One status change, as the changelog records it (postmortem's `StatusChange` is one). */
export interface StatusMove {
  at: string;
  from: { categoryKey: StatusCategoryKey };
  to: { categoryKey: StatusCategoryKey };
}

export type IncidentTimes = Pick<
  Incident,
  'reportedAt' | 'impactStartedAt' | 'serviceRestoredAt' | 'resolvedAt' | 'statusCategoryChangedAt' | 'status'
>;

function epochMillis(value: string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const millis = Date.parse(normaliseJiraOffset(value));
  return Number.isNaN(millis) ? null : millis;
}

function utc(value: string | null | undefined): string | null {
  const millis = epochMillis(value);
  return millis === null ? null : new Date(millis).toISOString();
}

/**
 * The moments that happened, in time order (ties in the order of MILESTONE_KINDS). `moves` are the
 * incident's status changes; they need not be sorted.
 */
export function incidentMilestones(incident: IncidentTimes, moves: readonly StatusMove[]): Milestone[] {
  const ordered = moves
    .map((move) => ({ move, millis: epochMillis(move.at) }))
    .filter((row): row is { move: StatusMove; millis: number } => row.millis !== null)
    .sort((a, b) => a.millis - b.millis)
    .map((row) => row.move);
  const reported = utc(incident.reportedAt);
  const acknowledgement = ordered.find((move) => move.from.categoryKey === 'new' && move.to.categoryKey !== 'new');
  const intoDone = ordered.filter((move) => move.to.categoryKey === 'done' && move.from.categoryKey !== 'done');
  const enteredDoneAt = incident.statusCategoryChangedAt ?? intoDone[intoDone.length - 1]?.at ?? null;
  const resolution = slaStopOf({
    statusCategoryKey: incident.status.categoryKey,
    serviceRestoredAt: null,
    resolutionDate: incident.resolvedAt,
    enteredDoneAt,
  });
  const last = ordered[ordered.length - 1];
  const closed =
    incident.status.categoryKey === 'done' && last && last.from.categoryKey === 'done' && last.to.categoryKey === 'done' ? last.at : null;

  const at: Record<MilestoneKind, string | null> = {
    impactStarted: utc(incident.impactStartedAt),
    detected: reported,
    reported,
    acknowledged: utc(acknowledgement?.at),
    mitigated: utc(incident.serviceRestoredAt),
    resolved: resolution.stopped ? utc(resolution.at) : null,
    closed: utc(closed),
  };
  return MILESTONE_KINDS.flatMap((kind, order) => {
    const when = at[kind];
    return when === null ? [] : [{ kind, at: when, order, millis: epochMillis(when) ?? 0 }];
  })
    .sort((a, b) => a.millis - b.millis || a.order - b.order)
    .map(({ kind, at: when }) => ({ kind, at: when }));
}

export function milestoneAt(milestones: readonly Milestone[], kind: MilestoneKind): string | null {
  return milestones.find((milestone) => milestone.kind === kind)?.at ?? null;
}

/** Every metric of METRIC_KINDS, in that order; `minutes` is null when a moment it needs did not happen. */
export function incidentMetrics(milestones: readonly Milestone[]): IncidentMetric[] {
  return METRIC_KINDS.map((kind) => {
    const definition = METRIC_DEFINITIONS[kind];
    const start = epochMillis(milestoneAt(milestones, definition.from));
    const to = definition.to.find((candidate) => milestoneAt(milestones, candidate) !== null) ?? null;
    const end = to === null ? null : epochMillis(milestoneAt(milestones, to));
    const known = start !== null && end !== null;
    return {
      kind,
      label: definition.label,
      // A moment recorded before the one it is measured from (a hand-typed time, clock skew) counts as no time at all.
      minutes: known ? Math.max(0, Math.round((end - start) / 60_000)) : null,
      from: definition.from,
      to: known ? to : null,
      definition: definition.definition,
    };
  });
}

export function metricMinutes(metrics: readonly IncidentMetric[], kind: MetricKind): number | null {
  return metrics.find((metric) => metric.kind === kind)?.minutes ?? null;
}
