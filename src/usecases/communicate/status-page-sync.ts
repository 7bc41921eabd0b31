import type { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import type { ConfluencePage } from '../../adapters/confluence/confluence-schemas';
import { isProductApiError } from '../../adapters/http/product-api-error';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { STATUS_PAGE_TITLE, type StatusBoardRow, boardWithUpdate, statusPageAdf } from '../../domain/communication/status-page-adf';
import { STATUS_BOARD, STATUS_BOARD_LOCK } from './update-records';

/** The page property that marks the Incident status page as the app's, so a person's page with the same title is never overwritten. */
export const STATUS_PAGE_PROPERTY = 'incident-status-page';

const LOCK_TTL_SECONDS = 10;
const LOCK_ATTEMPTS = 30;
const VERSION_CONFLICT_ATTEMPTS = 3;

export interface StatusPageSyncDeps {
  readonly storage: AppStorage;
  /** As the app: the page is the app's, kept for everyone with access to the chosen space. */
  readonly appConfluence: ConfluenceClient;
  readonly sleep: (ms: number) => Promise<void>;
}

export class StatusPageClashError extends Error {
  override readonly name = 'StatusPageClashError';
}

/**
 * Puts the incident's row on the status board and rewrites the Incident status page from it. The
 * board is changed under a lock (KVS `set` is last-write-wins, so two updates at once would lose a
 * row) and stored before Confluence is called, so a Confluence failure loses nothing: the next
 * sync (or the retry) shows every row. The page is found by its stored id, else by title and the
 * app's page property, else created, so it is never duplicated; a version conflict (someone saved
 * the page meanwhile) is retried with the new version.
 * @returns the page id.
 */
export async function syncStatusPage(
  deps: StatusPageSyncDeps,
  input: { spaceId: string; change: StatusBoardRow | null; removeKeys?: readonly string[]; now: string; siteTimeZone: string },
): Promise<string> {
  const token = `${input.now}#${Math.random().toString(36).slice(2)}`;
  let locked = false;
  for (let attempt = 0; attempt < LOCK_ATTEMPTS && !locked; attempt += 1) {
    locked = await deps.storage.setIfAbsent(STATUS_BOARD_LOCK, { token }, LOCK_TTL_SECONDS);
    if (!locked) await deps.sleep(100 + Math.floor(Math.random() * 100));
  }
  if (!locked) throw new Error('The Incident status page is being updated by another update; retry in a moment.');
  try {
    const board = (await deps.storage.get(STATUS_BOARD)) ?? { rows: [], page: null };
    const kept = input.removeKeys === undefined ? board.rows : board.rows.filter((row) => !input.removeKeys?.includes(row.key));
    const rows = input.change === null ? kept : boardWithUpdate(kept, input.change);
    const knownPage = board.page?.spaceId === input.spaceId ? board.page : null;
    await deps.storage.set(STATUS_BOARD, { rows, page: knownPage });
    const adf = statusPageAdf(rows, { now: input.now, siteTimeZone: input.siteTimeZone });
    // A new page is recorded before it is tagged, so a failure in between leaves a page the next sync finds by id.
    const remember = (pageId: string) => deps.storage.set(STATUS_BOARD, { rows, page: { spaceId: input.spaceId, pageId } });
    const page = await writePage(deps, input.spaceId, knownPage?.pageId ?? null, adf, remember);
    if (knownPage?.pageId !== page.id) await deps.storage.set(STATUS_BOARD, { rows, page: { spaceId: input.spaceId, pageId: page.id } });
    return page.id;
  } finally {
    const held = await deps.storage.get(STATUS_BOARD_LOCK).catch(() => undefined);
    if (held?.token === token) await deps.storage.delete(STATUS_BOARD_LOCK);
  }
}

async function writePage(
  deps: StatusPageSyncDeps,
  spaceId: string,
  knownPageId: string | null,
  adf: unknown,
  remember: (pageId: string) => Promise<void>,
): Promise<ConfluencePage> {
  const existing = knownPageId === null ? undefined : await deps.appConfluence.findPage(knownPageId);
  const page = existing && existing.status !== 'trashed' ? existing : await adoptByTitle(deps, spaceId);
  if (page === undefined) return createPage(deps, spaceId, adf, remember);
  return updateWithRetry(deps, page, adf);
}

async function adoptByTitle(deps: StatusPageSyncDeps, spaceId: string): Promise<ConfluencePage | undefined> {
  const page = await deps.appConfluence.findPageByTitle(spaceId, STATUS_PAGE_TITLE);
  if (page === undefined) return undefined;
  if ((await deps.appConfluence.getPageProperty(page.id, STATUS_PAGE_PROPERTY)) === undefined) {
    throw new StatusPageClashError(
      `A page titled "${STATUS_PAGE_TITLE}" already exists in the chosen space and was not made by the app: rename it, or choose ` +
        `another space in the communication settings.`,
    );
  }
  return page;
}

async function createPage(
  deps: StatusPageSyncDeps,
  spaceId: string,
  adf: unknown,
  remember: (pageId: string) => Promise<void>,
): Promise<ConfluencePage> {
  let page: ConfluencePage;
  try {
    page = await deps.appConfluence.createPage({ spaceId, title: STATUS_PAGE_TITLE, adf });
  } catch (error) {
    // Titles are unique in a space: a concurrent creation (or one that died before recording it) won.
    if (!isProductApiError(error, 'badRequest') && !isProductApiError(error, 'conflict')) throw error;
    const theirs = await adoptByTitle(deps, spaceId);
    if (theirs === undefined) throw error;
    return updateWithRetry(deps, theirs, adf);
  }
  await remember(page.id);
  await deps.appConfluence.setPageProperty(page.id, STATUS_PAGE_PROPERTY, { app: 'incident-management' });
  return page;
}

async function updateWithRetry(deps: StatusPageSyncDeps, page: ConfluencePage, adf: unknown): Promise<ConfluencePage> {
  let current = page;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await deps.appConfluence.updatePage({
        id: current.id,
        title: current.title,
        version: (current.version?.number ?? 1) + 1,
        adf,
        versionMessage: 'Stakeholder update',
      });
    } catch (error) {
      if (!isProductApiError(error, 'conflict') || attempt >= VERSION_CONFLICT_ATTEMPTS) throw error;
      current = await deps.appConfluence.getPage(current.id);
    }
  }
}
