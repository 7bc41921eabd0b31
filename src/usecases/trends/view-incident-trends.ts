import type { TrendsView } from '../../contracts/incident-trends';
import { siteUrlFor } from '../postmortem/load-postmortem-source';
import { incidentTrends } from '../../domain/trends/incident-trends';
import { loadTrendsSource, type TrendsDeps } from './load-incident-trends';
import { loadTrendsSettings } from './trends-settings-store';

/** The site's address for links, or null when neither the context nor serverInfo names it (the page then shows keys without links). */
export async function siteUrlOrNull(deps: TrendsDeps): Promise<string | null> {
  try {
    return await siteUrlFor(deps);
  } catch {
    return null;
  }
}

/**
 * What the project page shows: the project's trends for the period read as the viewer, the
 * admin's threshold they were computed with, and whether the viewer may create the Problem
 * (Create issues in the project, asked as them).
 */
export async function viewIncidentTrends(deps: TrendsDeps, input: { projectKey: string; from: string; to: string }): Promise<TrendsView> {
  const computedAt = deps.now();
  // All at once: the threshold only matters once the incidents are read.
  const [{ minIncidents }, permissions, siteUrl, source] = await Promise.all([
    loadTrendsSettings(deps.storage),
    deps.userJira.myPermissions(['CREATE_ISSUES'], { projectKey: input.projectKey }),
    siteUrlOrNull(deps),
    loadTrendsSource(deps, input, input.projectKey),
  ]);
  const trends = incidentTrends(source.facts, { from: input.from, to: input.to, now: computedAt, minIncidents }, source.settings, source.priorityOrder);
  return { projectKey: input.projectKey, trends, minIncidents, computedAt, siteUrl, canCreateProblem: permissions.CREATE_ISSUES === true };
}
