import { epochMs } from './rule-verdict';

/**
 * The parts of an issue's changelog the workflow rules read, already reduced by the adapter layer:
 * status moves (status ids) and Escalation tier changes (option names).
 */
export interface HistoryChange {
  /** When the change was made (Jira timestamp). */
  readonly at: string;
  readonly field: 'status' | 'escalationTier';
  /** Status id or tier name before the change; null when the field was empty. */
  readonly from: string | null;
  readonly to: string | null;
}

function chronological(changes: readonly HistoryChange[]): HistoryChange[] {
  return [...changes].sort((a, b) => epochMs(a.at) - epochMs(b.at));
}

/**
 * The Escalation tier the incident had when it entered its current status: the tier "before the
 * transition". Edits made since entering the status (including several small steps up) do not
 * move this baseline, so a tier cannot be skipped by editing it twice before escalating.
 * Changes made together with the status move (the transition screen) belong to entering it.
 */
export function tierBeforeTransition(changes: readonly HistoryChange[], storedTier: string | null): string | null {
  const ordered = chronological(changes);
  const tierChanges = ordered.filter((change) => change.field === 'escalationTier');
  if (tierChanges.length === 0) return storedTier;
  const statusMoves = ordered.filter((change) => change.field === 'status');
  const enteredAt = statusMoves.length === 0 ? Number.NEGATIVE_INFINITY : epochMs(statusMoves[statusMoves.length - 1]!.at);
  const upToEntry = tierChanges.filter((change) => epochMs(change.at) <= enteredAt);
  if (upToEntry.length > 0) return upToEntry[upToEntry.length - 1]!.to;
  return tierChanges[0]!.from;
}

/**
 * When the incident was last resolved: the latest move into one of `resolvedStatusIds`
 * (Done-category statuses), else Jira's resolution date, else null (never resolved).
 * The changelog wins because Jira only sets the resolution date when a transition sets a resolution.
 */
export function lastResolvedAt(
  changes: readonly HistoryChange[],
  resolvedStatusIds: ReadonlySet<string>,
  resolutionDate: string | null,
): string | null {
  const moves = chronological(changes).filter(
    (change) => change.field === 'status' && change.to !== null && resolvedStatusIds.has(change.to),
  );
  const last = moves[moves.length - 1];
  return last?.at ?? resolutionDate;
}

/** When the incident entered its current status: the latest status move, else its creation. */
export function enteredCurrentStatusAt(changes: readonly HistoryChange[], createdAt: string): string {
  const moves = chronological(changes).filter((change) => change.field === 'status');
  return moves[moves.length - 1]?.at ?? createdAt;
}
