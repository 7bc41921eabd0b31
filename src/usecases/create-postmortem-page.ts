import { isProductApiError } from '../adapters/http/product-api-error';
import type { ConfluencePage } from '../adapters/confluence/confluence-schemas';
import type { CreatePostmortemResult } from '../contracts/postmortem-macro';
import { renderPostmortemAdf } from '../domain/postmortem/postmortem-adf';
import { buildPostmortem, postmortemTitle } from '../domain/postmortem/postmortem-model';
import { POSTMORTEM_GLOBAL_ID_PREFIX } from '../domain/workflow-rules/closure-rule';
import { loadPostmortemSource, type PostmortemDeps } from './load-postmortem-source';
import { UseCaseRefusal } from './use-case-refusal';
import {
  POSTMORTEM_PAGE_PROPERTY,
  pageRefOf,
  postmortemPageKey,
  wikiBaseOf,
  readPostmortemPageRecord,
  STALE_CLAIM_SECONDS,
  type PostmortemPageRecord,
} from './postmortem-page-record';

export interface CreatePostmortemInput {
  issueKey: string;
  /** The page the macro sits on; the postmortem becomes its child. */
  parentPageId: string | null;
  spaceId: string | null;
  accountId: string | null;
}

/**
 * Creates the incident's postmortem page once. Order: read Jira as the user (which also checks
 * they may browse the incident); reuse the recorded page if it still exists; otherwise claim
 * `postmortem-page:<issueKey>` with a conditional write, adopt a page with the same title (left
 * by an invocation that died after creating it) or create one as the user, tag it with a page
 * property, record it, and link it from the issue with the globalId the closure validator reads.
 */
export async function createPostmortemPage(deps: PostmortemDeps, input: CreatePostmortemInput): Promise<CreatePostmortemResult> {
  const { source } = await loadPostmortemSource(deps, input.issueKey);
  const issueKey = source.incident.key;
  const title = postmortemTitle(source);
  const wikiBase = wikiBaseOf(source.siteUrl);
  const existing = await existingPage(deps, issueKey, await readPostmortemPageRecord(deps.storage, issueKey));
  if (existing) {
    await linkPageFromIssue(deps, issueKey, existing, wikiBase);
    return { page: pageRefOf(existing, wikiBase), created: false };
  }

  const spaceId = input.spaceId ?? (input.parentPageId ? (await deps.userConfluence.getPage(input.parentPageId)).spaceId : null);
  if (spaceId === null) throw new UseCaseRefusal('BAD_REQUEST', 'The macro context names no Confluence page or space to create the postmortem in.', 'context.extension.content.id');

  const key = postmortemPageKey(issueKey);
  if (!(await claim(deps, issueKey, input.accountId))) {
    // Someone else (often the same person's first click) is creating it: wait for their page.
    const theirs = await awaitOtherCreation(deps, issueKey);
    if (theirs) return { page: pageRefOf(theirs, wikiBase), created: false };
    throw new UseCaseRefusal('CONFLICT', `The postmortem page for ${issueKey} is being created right now; try again in a moment.`);
  }

  try {
    const adopted = await deps.userConfluence.findPageByTitle(spaceId, title);
    const page = adopted ?? (await createOrAdopt(deps, { spaceId, title, parentId: input.parentPageId, adf: renderPostmortemAdf(buildPostmortem(source)) }));
    await deps.userConfluence.setPageProperty(page.id, POSTMORTEM_PAGE_PROPERTY, { issueKey });
    await deps.storage.set(key, { state: 'created', pageId: page.id, spaceId, title: page.title, createdAt: deps.now() });
    await linkPageFromIssue(deps, issueKey, page, wikiBase);
    return { page: pageRefOf(page, wikiBase), created: adopted === undefined };
  } catch (error) {
    // Release the claim so a retry can start over; a page created before the failure is adopted by title.
    const current = await readPostmortemPageRecord(deps.storage, issueKey);
    if (current?.state === 'creating') await deps.storage.delete(key);
    throw error;
  }
}

/**
 * The recorded page when it still exists; a record whose page was deleted is dropped so a new page
 * can be made. Confluence answers 404 both for a deleted page and for one the user may not view,
 * so the app checks which it is: a page hidden from this user must not get a duplicate.
 */
async function existingPage(deps: PostmortemDeps, issueKey: string, record: PostmortemPageRecord | undefined): Promise<ConfluencePage | undefined> {
  if (record?.state !== 'created') return undefined;
  const page = await deps.userConfluence.findPage(record.pageId);
  if (page && page.status !== 'trashed') return page;
  const seenByApp = page ? undefined : await deps.appConfluence.findPage(record.pageId);
  if (seenByApp && seenByApp.status !== 'trashed') {
    throw new UseCaseRefusal('FORBIDDEN', `${issueKey} already has a postmortem page, and you do not have permission to view it.`);
  }
  await deps.storage.delete(postmortemPageKey(issueKey));
  return undefined;
}

/** How long a second click waits for the first one's page, well inside the 25 s resolver limit. */
const CLAIM_WAIT_MS = [200, 400, 800, 1600, 3200];

async function awaitOtherCreation(deps: PostmortemDeps, issueKey: string): Promise<ConfluencePage | undefined> {
  for (const delay of [0, ...CLAIM_WAIT_MS]) {
    if (delay > 0) await deps.sleep(delay);
    const record = await readPostmortemPageRecord(deps.storage, issueKey);
    if (record === undefined) return undefined;
    if (record.state === 'created') return existingPage(deps, issueKey, record);
  }
  return undefined;
}

/** True when this invocation now holds the claim. A claim left by a dead invocation is taken over. */
async function claim(deps: PostmortemDeps, issueKey: string, accountId: string | null): Promise<boolean> {
  const key = postmortemPageKey(issueKey);
  const claimRecord = { state: 'creating' as const, claimedAt: deps.now(), claimedBy: accountId };
  if (await deps.storage.setIfAbsent(key, claimRecord)) return true;
  const current = await readPostmortemPageRecord(deps.storage, issueKey);
  if (current === undefined) return deps.storage.setIfAbsent(key, claimRecord);
  if (current.state === 'creating' && Date.parse(deps.now()) - Date.parse(current.claimedAt) > STALE_CLAIM_SECONDS * 1000) {
    await deps.storage.delete(key);
    return deps.storage.setIfAbsent(key, claimRecord);
  }
  return false;
}

/** Confluence refuses a second page with the same title in a space (400): that page is ours from an earlier attempt. */
async function createOrAdopt(deps: PostmortemDeps, page: { spaceId: string; title: string; parentId: string | null; adf: unknown }): Promise<ConfluencePage> {
  try {
    return await deps.userConfluence.createPage({ spaceId: page.spaceId, title: page.title, adf: page.adf, ...(page.parentId ? { parentId: page.parentId } : {}) });
  } catch (error) {
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'conflict')) {
      const clash = await deps.userConfluence.findPageByTitle(page.spaceId, page.title);
      if (clash) return clash;
    }
    throw error;
  }
}

/**
 * Jira keeps one remote link per globalId and updates it on a repeat, so this is safe to resend.
 * Written as the app: the closure validator depends on this link, and a reader who may create the
 * page may still lack Link issues permission on the incident.
 */
export async function linkPageFromIssue(deps: PostmortemDeps, issueKey: string, page: ConfluencePage, siteWikiBase: string): Promise<void> {
  const ref = pageRefOf(page, siteWikiBase);
  await deps.appJira.upsertRemoteLink(issueKey, {
    globalId: `${POSTMORTEM_GLOBAL_ID_PREFIX}${page.id}`,
    relationship: 'Postmortem',
    application: { type: 'com.atlassian.confluence', name: 'Confluence' },
    object: { url: ref.url, title: page.title },
  });
}
