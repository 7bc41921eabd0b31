import type { PostmortemSource, StatusCategoryKey } from './postmortem-source';
import { statusChanges } from './status-history';
import { epochMillis, minutesBetween, toUtcIso } from './time';

export interface StatusDuration {
  status: string;
  categoryKey: StatusCategoryKey;
  minutes: number;
  /** The incident is still in this status; its time runs up to `generatedAt`. */
  ongoing: boolean;
}

export interface PostmortemMetrics {
  createdAt: string;
  /** First change that moves the status out of a To Do-category status. */
  acknowledgedAt: string | null;
  /** Jira's resolution date, else the first move into a Done-category status. */
  resolvedAt: string | null;
  timeToAcknowledgeMinutes: number | null;
  timeToResolveMinutes: number | null;
  timeInStatus: StatusDuration[];
}

export function computeMetrics(source: PostmortemSource): PostmortemMetrics {
  const { incident, statuses } = source;
  const createdAt = toUtcIso(incident.reportedAt) ?? incident.reportedAt;
  const changes = statusChanges(source.changelog, statuses);

  const acknowledgement = changes.find((change) => change.from.categoryKey === 'new' && change.to.categoryKey !== 'new');
  const acknowledgedAt = acknowledgement?.at ?? null;
  const firstDone = changes.find((change) => change.to.categoryKey === 'done' && change.from.categoryKey !== 'done');
  const resolvedAt = toUtcIso(incident.resolvedAt) ?? firstDone?.at ?? null;

  return {
    createdAt,
    acknowledgedAt,
    resolvedAt,
    timeToAcknowledgeMinutes: minutesBetween(createdAt, acknowledgedAt),
    timeToResolveMinutes: minutesBetween(createdAt, resolvedAt),
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
