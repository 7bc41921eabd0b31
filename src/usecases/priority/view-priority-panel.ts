import type { IncidentFieldMap } from '../../adapters/jira/incident-mapper';
import { incidentFromJiraIssue } from '../../adapters/jira/incident-mapper';
import { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraIssue } from '../../adapters/jira/jira-schemas';
import {
  PRIORITY_ASSESSMENT_PROPERTY,
  type PriorityPanelView,
  type RankNeighbourView,
  type RankView,
  StoredPriorityAssessment,
} from '../../contracts/priority-panel';
import type { Incident } from '../../domain/incident/incident';
import { BUSINESS_IMPLICATIONS } from '../../domain/incident/incident-fields';
import { overrideReasonOf } from '../../domain/priority/priority-override';
import { type ComputedPriority, assessmentOf, computePriority } from '../../domain/priority/priority-rule';
import { isOpenIncident, rankEntryOf } from '../../domain/priority/rank-entry';
import { slaLevelOf, slaOf, slaStartOf } from '../../domain/priority/sla-for-incident';
import { PRIORITY_LEVELS } from '../../domain/priority/priority-level';
import type { PrioritySettings } from '../../domain/priority/priority-settings';
import { describeSla } from '../../domain/priority/sla-clock';
import { type IndexRank, type LiveRanking, OpenIncidentIndex } from './open-incident-index';
import { UseCaseRefusal } from '../use-case-refusal';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { storageKey } from '../../adapters/storage/app-storage';
import { z } from 'zod';
import { type PriorityDeps, openIncidentIndex, priorityIssueRequestAllFields, prioritySettingsStore } from './priority-deps';

/**
 * Rebuild work a panel view may do when it finds no usable ranking index: one search page, one
 * index scan page, one replay: a site with up to 100 open incidents gets its index at once, a
 * larger one gets a start and the panel says the ranking is being built (events and the hourly
 * maintenance trigger carry on).
 */
const VIEW_REBUILD_UNITS = 3;

/**
 * The panel view. Jira calls, all as the viewer: 1) GET the issue with its fields, the stored
 * assessment property and editmeta (which answers "may this person edit it"); 2) when the incident
 * has neighbours in the ranking, one bulk fetch of just those keys, so the ones the viewer may
 * not browse come back missing and are shown as hidden. Settings, field ids and the ranking come
 * from app storage, so the count does not grow with the number of open incidents; neither does the
 * storage read (open-incident-index.ts). Without a usable index the view does at most one bounded
 * rebuild step, and only after the viewer's own GET succeeded.
 * Round trips: the GET (all fields, mapped afterwards) with the storage reads and the neighbours
 * the previous view found (a hint); the index reads that place the incident by its fresh values,
 * with the bulk fetch of the hinted neighbours beside them. The index decides: when its neighbours
 * are not the hinted ones (the ranking moved, or no view yet), they are fetched in a third trip and
 * the hint is rewritten. So a repeat view is 2 trips, and a hint is never shown unchecked.
 */
export async function viewPriorityPanel(deps: PriorityDeps, issueKey: string): Promise<PriorityPanelView> {
  const now = deps.now();
  const index = openIncidentIndex(deps);
  const issueRead = deps.userJira.getIssue(issueKey, priorityIssueRequestAllFields({ editmeta: true }));
  const storageRead = Promise.all([prioritySettingsStore(deps).load(), loadIncidentFieldMap(deps.appJira, deps.storage), index.readLive()]);
  // A hint is only a guess: one that cannot be read is no hint.
  const hintRead = Promise.resolve()
    .then(() => deps.storage.get(rankNeighbourHintKey(issueKey)))
    .catch(() => undefined);
  // The viewer's GET decides first (NOT_FOUND, forbidden); a storage failure matters only after it.
  storageRead.catch(() => undefined);
  const issue = await issueRead;
  const [{ settings }, fieldMap, stored] = await storageRead;
  const incident = incidentFromJiraIssue(issue, fieldMap);
  if (incident.workType !== 'incident')
    throw new UseCaseRefusal(
      'NOT_INCIDENT',
      `${incident.key} is a ${incident.issueTypeName}, not an Incident: the priority matrix applies to incidents only.`,
    );
  if (!isOpenIncident(incident)) return panelView({ incident, issue, settings, fieldMap, rank: null, now });
  const hint = await hintRead;
  return {
    ...panelView({ incident, issue, settings, fieldMap, rank: null, now }),
    ...(await placeInRanking(deps, index, stored, incident, settings, fieldMap, now, hint ?? null)),
  };
}

/**
 * The ranking neighbours the last view of an incident found, kept so the next view can fetch them
 * while the index places the incident (a cache: checked against the index before it is shown, and
 * gone a week after the last change).
 */
const RankNeighbourHint = z.object({ above: z.string().nullable(), below: z.string().nullable() });
type RankNeighbourHint = z.infer<typeof RankNeighbourHint>;
export const rankNeighbourHintKey = (issueKey: string) => storageKey(`priority:rank-neighbours:${issueKey}`, RankNeighbourHint);
const RANK_NEIGHBOUR_HINT_TTL_SECONDS = 7 * 24 * 3600;

function neighbourKeys(neighbours: RankNeighbourHint): string[] {
  return [neighbours.above, neighbours.below].filter((key): key is string => key !== null);
}

/**
 * The rank of an open incident the person could read (their GET succeeded, so they may start the
 * rebuild): from the live index, or after at most one bounded rebuild step when there is none;
 * `rankPending` when the index is still being built.
 */
export async function placeInRanking(
  deps: PriorityDeps,
  index: OpenIncidentIndex,
  stored: LiveRanking | undefined,
  incident: Incident,
  settings: PrioritySettings,
  fieldMap: IncidentFieldMap,
  now: string,
  hint: RankNeighbourHint | null = null,
): Promise<{ rank: RankView | null; rankPending?: true }> {
  let live = stored;
  if (!index.usable(live, now)) {
    const progress = await index.rebuildSteps(settings, fieldMap, now, { units: VIEW_REBUILD_UNITS, searchPages: 1 });
    if (progress.state === 'done') live = progress.live;
  }
  if (!index.usable(live, now)) return { rank: null, rankPending: true };
  // The hinted neighbours are fetched (as the viewer) while the index places the incident.
  const hinted = hint === null ? undefined : { hint, summaries: browsableSummaries(deps.userJira, neighbourKeys(hint)) };
  hinted?.summaries.catch(() => undefined);
  const rank = await index.rank(live, rankEntryOf(incident, settings));
  // A new hint is written beside the neighbours' fetch, not after it.
  const remembering = hint?.above === rank.above && hint.below === rank.below ? undefined : rememberNeighbours(deps, incident.key, rank);
  const view = await rankViewOf(deps, index, live, rank, now, hinted);
  await remembering;
  return { rank: view };
}

async function rememberNeighbours(deps: PriorityDeps, issueKey: string, rank: IndexRank): Promise<void> {
  try {
    await deps.storage.set(
      rankNeighbourHintKey(issueKey),
      { above: rank.above, below: rank.below },
      { ttlSeconds: RANK_NEIGHBOUR_HINT_TTL_SECONDS },
    );
  } catch {
    // Only the next view's speed depends on it: it then fetches the neighbours after placing the incident.
  }
}

/**
 * The rank as the panel shows it: the neighbours the person may browse (one bulk fetch as them,
 * or the fetch of hinted neighbours already under way when the index found the same ones), and
 * the index's age when a rebuild is due.
 */
export async function rankViewOf(
  deps: PriorityDeps,
  index: OpenIncidentIndex,
  live: LiveRanking,
  rank: IndexRank,
  now: string,
  hinted?: { hint: RankNeighbourHint; summaries: Promise<Map<string, string>> },
): Promise<RankView> {
  const neighbours = neighbourKeys(rank);
  const hintHolds = hinted !== undefined && hinted.hint.above === rank.above && hinted.hint.below === rank.below;
  const visible = hintHolds ? await hinted.summaries : await browsableSummaries(deps.userJira, neighbours);
  const show = (key: string | null): RankNeighbourView | undefined => {
    if (key === null) return undefined;
    const summary = visible.get(key);
    return summary === undefined ? { hidden: true } : { key, summary };
  };
  const above = show(rank.above);
  const below = show(rank.below);
  // Past a day old the index is still served (a rebuild is due), saying how old it is.
  const asOf = index.needsRebuild(live, now) ? { asOf: live.builtAt } : {};
  return { position: rank.position, total: rank.total, ...(above ? { above } : {}), ...(below ? { below } : {}), ...asOf };
}

/**
 * Summaries of the given issues that the viewer may browse, in one bulk fetch as the viewer.
 * Jira leaves out of `issues` every issue that does not exist or that the caller may not browse,
 * and lists retriable per-issue failures in `issueErrors`; both kinds stay hidden. Unlike a JQL
 * `key in (…)`, which Jira Cloud refuses whole (400) when one key is not visible, one hidden
 * neighbour does not hide a visible one.
 */
async function browsableSummaries(userJira: JiraClient, keys: readonly string[]): Promise<Map<string, string>> {
  const summaries = new Map<string, string>();
  if (keys.length === 0) return summaries;
  // An issue listed in `issueErrors` is not in `issues`, so it stays hidden like a missing one.
  const { issues } = await userJira.bulkFetchIssues(keys, ['summary']);
  for (const issue of issues) {
    const summary = issue.fields.summary;
    // Jira matches keys case-insensitively and follows moved issues, so an answer is taken only
    // for a key that was asked for, under the key the ranking knows it by.
    const asked = keys.find((key) => key.toUpperCase() === issue.key.toUpperCase());
    if (asked !== undefined && typeof summary === 'string') summaries.set(asked, summary);
  }
  return summaries;
}

function lastAppliedOf(issue: JiraIssue): PriorityPanelView['lastApplied'] {
  const parsed = StoredPriorityAssessment.safeParse(issue.properties?.[PRIORITY_ASSESSMENT_PROPERTY]);
  if (!parsed.success) return null;
  const { appliedAt, appliedByAccountId, source, summary } = parsed.data;
  return { appliedAt, appliedByAccountId, source, summary };
}

/**
 * Editing the priority needs Edit Issues and the fields on the edit screen; Jira lists in
 * `editmeta` exactly the fields this caller may set on this issue, so both are answered at once.
 */
function canEditPriority(issue: JiraIssue, fieldMap: IncidentFieldMap): boolean {
  const editable = issue.editmeta?.fields ?? {};
  return ['priority', fieldMap.impact, fieldMap.urgency].every((id) => id !== undefined && id in editable);
}

/**
 * An open incident whose Jira priority is not the computed one and carries no override reason.
 * Jira's own edit form lets anyone with Edit Issues change the priority without a reason; the
 * issue-event trigger leaves such a change alone until the assessment changes, then replaces it.
 * The panel says so at once, where the person looks, instead of only in that later comment.
 */
function driftOf(incident: Incident, computed: ComputedPriority | null, overrideReason: string | null): PriorityPanelView['drift'] {
  if (computed === null || overrideReason !== null || !isOpenIncident(incident)) return null;
  const current = incident.priority?.name ?? null;
  if (current === computed.jiraPriorityName) return null;
  return {
    currentPriorityName: current,
    computedPriorityName: computed.jiraPriorityName,
    message:
      `The priority is ${current ?? 'not set'}, but the assessment gives ${computed.jiraPriorityName} (${computed.summary}). ` +
      `Without a priority override reason, the app sets ${computed.jiraPriorityName} the next time impact, urgency, affected users ` +
      `or implications change.`,
  };
}

export function panelView(input: {
  incident: Incident;
  issue: JiraIssue;
  settings: PrioritySettings;
  fieldMap: IncidentFieldMap;
  rank: RankView | null;
  now: string;
}): PriorityPanelView {
  const { incident, issue, settings, fieldMap, rank, now } = input;
  const computed = computePriority(assessmentOf(incident), settings);
  const computedValue = computed.ok ? computed.value : null;
  const overrideReason = overrideReasonOf(incident);
  const level = slaLevelOf(incident, computedValue, settings);
  const sla = slaOf(incident, level, settings, now);
  const priorityName = incident.priority?.name ?? null;
  return {
    incident: {
      key: incident.key,
      summary: incident.summary,
      statusName: incident.status.name,
      open: isOpenIncident(incident),
      priorityName,
      reportedAt: incident.reportedAt,
    },
    assessment: assessmentOf(incident),
    options: {
      impactLevels: settings.matrix.impactLevels,
      urgencyLevels: settings.matrix.urgencyLevels,
      businessImplications: [...BUSINESS_IMPLICATIONS],
      jiraPriorityNames: [...new Set(PRIORITY_LEVELS.map((p) => settings.priorityMapping[p]))],
    },
    computed: computedValue && {
      level: computedValue.level,
      matrixLevel: computedValue.matrixLevel,
      jiraPriorityName: computedValue.jiraPriorityName,
      raisedBy: computedValue.raisedBy,
      capped: computedValue.capped,
      reasons: computedValue.reasons,
      summary: computedValue.summary,
    },
    assessmentProblem: computed.ok ? null : computed.problem,
    override:
      overrideReason === null
        ? null
        : {
            reason: overrideReason,
            currentPriorityName: priorityName,
            computedPriorityName: computedValue?.jiraPriorityName ?? null,
            message:
              `The priority ${priorityName ?? '(none)'} was set by hand ("${overrideReason}"), so the app does not change it. ` +
              `Clear the override to use the computed priority.`,
          },
    drift: driftOf(incident, computedValue, overrideReason),
    sla: { level, ...sla, startedAt: slaStartOf(incident), text: describeSla(sla) },
    rank,
    canEdit: canEditPriority(issue, fieldMap),
    lastApplied: lastAppliedOf(issue),
  };
}
