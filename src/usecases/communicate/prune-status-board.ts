import { z } from 'zod';
import type { JiraClient } from '../../adapters/jira/jira-client';
import { loadCommunicationSettings } from './communication-settings-store';
import { type StatusPageSyncDeps, syncStatusPage } from './status-page-sync';
import { STATUS_BOARD } from './update-records';

export interface PruneStatusBoardDeps extends StatusPageSyncDeps {
  /** As the app (the cadence job has no user). */
  readonly appJira: JiraClient;
  readonly now: () => string;
}

const BULK_FETCH_LIMIT = 100;
const StatusField = z.object({ status: z.object({ statusCategory: z.object({ key: z.string() }) }) });

/**
 * Takes incidents that were resolved or closed without a final Resolved update off the Incident
 * status page (a Resolved update removes its row at once). Run by the cadence job: one bulk fetch
 * of the listed incidents' status per 100 rows, and a page write only when a row goes. An incident
 * the app can no longer read (deleted) goes too.
 * @returns the keys taken off the page.
 */
export async function pruneStatusBoard(deps: PruneStatusBoardDeps): Promise<string[]> {
  const [settings, board] = await Promise.all([loadCommunicationSettings(deps.storage), deps.storage.get(STATUS_BOARD)]);
  if (settings.statusPageSpaceId === null || board === undefined || board.rows.length === 0) return [];
  const keys = board.rows.map((row) => row.key);
  const open = new Set<string>();
  for (let start = 0; start < keys.length; start += BULK_FETCH_LIMIT) {
    const { issues, issueErrors } = await deps.appJira.bulkFetchIssues(keys.slice(start, start + BULK_FETCH_LIMIT), ['status']);
    // A retriable per-issue error says nothing about the issue's state: keep its row this time.
    for (const error of issueErrors)
      for (const key of keys.slice(start, start + BULK_FETCH_LIMIT)) if (JSON.stringify(error).includes(key)) open.add(key);
    for (const issue of issues) {
      const status = StatusField.safeParse(issue.fields);
      if (!status.success || status.data.status.statusCategory.key !== 'done') open.add(issue.key);
    }
  }
  const closed = keys.filter((key) => !open.has(key));
  if (closed.length === 0) return [];
  const siteTimeZone = (await deps.appJira.getServerInfo()).serverTimeZone ?? 'UTC';
  await syncStatusPage(deps, { spaceId: settings.statusPageSpaceId, change: null, removeKeys: closed, now: deps.now(), siteTimeZone });
  return closed;
}
