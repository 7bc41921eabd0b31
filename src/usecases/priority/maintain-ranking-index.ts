import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { type RebuildProgress } from './open-incident-index';
import { type PriorityDeps, openIncidentIndex, prioritySettingsStore } from './priority-deps';

/**
 * The scheduled part of keeping the ranking index: runs rebuild steps (as the app) while
 * `keepGoing()` allows, when the index is missing, outdated by a settings change, over a day old,
 * or half rebuilt, after applying changes parked while the index lock was busy. Costs a few storage reads when there is nothing to do.
 */
export async function maintainRankingIndex(deps: PriorityDeps, keepGoing: () => boolean): Promise<RebuildProgress> {
  const index = openIncidentIndex(deps);
  const [{ settings }, fieldMap] = await Promise.all([
    prioritySettingsStore(deps).load(),
    loadIncidentFieldMap(deps.appJira, deps.storage),
    index.applyParkedChanges(deps.now()),
  ]);
  return index.rebuildSteps(settings, fieldMap, deps.now(), { units: Number.POSITIVE_INFINITY, keepGoing });
}
