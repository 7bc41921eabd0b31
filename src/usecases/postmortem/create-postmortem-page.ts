import { randomUUID } from 'node:crypto';
import { isProductApiError } from '../../adapters/http/product-api-error';
import type { ConfluencePage } from '../../adapters/confluence/confluence-schemas';
import type { CreatePostmortemResult } from '../../contracts/postmortem-macro';
import { carriesOrigin, renderPostmortemAdf } from '../../domain/postmortem/postmortem-adf';
import { generatedPartFingerprints } from '../../domain/postmortem/refresh-merge';
import { buildPostmortem, postmortemTitle } from '../../domain/postmortem/postmortem-model';
import { POSTMORTEM_GLOBAL_ID_PREFIX } from '../../domain/workflow-rules/closure-rule';
import { loadPostmortemSource, started } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import { UseCaseRefusal } from '../use-case-refusal';
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
 * `postmortem-page:<issueKey>` with a conditional write, create the page as the user (marked with
 * the claim's secret origin id), tag it with a page property, record it with the fingerprints of
 * its generated parts, and link it from the issue with the globalId the closure validator reads.
 *
 * A page that already has the title is adopted only when it carries the claim's origin id: that is
 * a page an earlier attempt created before it failed. Any other page with the title was made by a
 * person; it is left alone and the create fails with CONFLICT naming it, as Confluence itself
 * refuses a second page of the same title. (Picking another title instead would leave two pages
 * that both look like the postmortem.)
 */
export async function createPostmortemPage(deps: PostmortemDeps, input: CreatePostmortemInput): Promise<CreatePostmortemResult> {
  // The record is read with the source's first storage reads; records are kept under the issue's
  // own key, so one asked for by another spelling is read again.
  const recordRead = started(readPostmortemPageRecord(deps.storage, input.issueKey));
  const { source } = await loadPostmortemSource(deps, input.issueKey);
  const issueKey = source.incident.key;
  const title = postmortemTitle(source);
  const wikiBase = wikiBaseOf(source.siteUrl);
  const existing = await existingPage(
    deps,
    issueKey,
    issueKey === input.issueKey ? await recordRead : await readPostmortemPageRecord(deps.storage, issueKey),
  );
  if (existing) {
    await linkPageFromIssue(deps, issueKey, existing, wikiBase);
    return { page: pageRefOf(existing, wikiBase), created: false };
  }

  const spaceId = input.spaceId ?? (input.parentPageId ? (await deps.userConfluence.getPage(input.parentPageId)).spaceId : null);
  if (spaceId === null)
    throw new UseCaseRefusal(
      'BAD_REQUEST',
      'The macro context names no Confluence page or space to create the postmortem in.',
      'context.extension.content.id',
    );

  const key = postmortemPageKey(issueKey);
  // The title check goes with the claim: only the claim's holder uses it, and no page with the
  // title can be made in between by us (creating needs the claim) or anyone else (Confluence
  // refuses a second page of a title, which createOrAdopt answers).
  const clashRead = started(deps.userConfluence.findPageByTitle(spaceId, title));
  const originId = await claim(deps, issueKey, input.accountId);
  if (originId === null) {
    // Someone else (often the same person's first click) is creating it: wait for their page.
    const theirs = await awaitOtherCreation(deps, issueKey);
    if (theirs) return { page: pageRefOf(theirs, wikiBase), created: false };
    throw new UseCaseRefusal('CONFLICT', `The postmortem page for ${issueKey} is being created right now; try again in a moment.`);
  }

  try {
    const adf = renderPostmortemAdf(buildPostmortem(source), { originId });
    const placed =
      (await adoptable(deps, issueKey, title, originId, wikiBase, await clashRead)) ??
      (await createOrAdopt(deps, issueKey, originId, wikiBase, { spaceId, title, parentId: input.parentPageId, adf }));
    const { page } = placed;
    // A page this call created has no properties yet, so the tag is created without a read first.
    await (placed.created
      ? deps.userConfluence.createPageProperty(page.id, POSTMORTEM_PAGE_PROPERTY, { issueKey })
      : deps.userConfluence.setPageProperty(page.id, POSTMORTEM_PAGE_PROPERTY, { issueKey }));
    // The record names the page only once it is tagged; the link goes alongside the record (a
    // failed link is made again by the retry, which finds the recorded page and links it). Both
    // settle before a failure is handled, so the release below cannot land after the record.
    const written = await Promise.allSettled([
      deps.storage.set(key, {
        state: 'created',
        pageId: page.id,
        spaceId,
        title: page.title,
        createdAt: deps.now(),
        generatedParts: generatedPartFingerprints(placed.adf),
      }),
      linkPageFromIssue(deps, issueKey, page, wikiBase),
    ]);
    const failed = written.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return { page: pageRefOf(page, wikiBase), created: placed.created };
  } catch (error) {
    // Release the claim so a retry can start over at once, keeping the origin id: a page created
    // before the failure carries it and is adopted by the retry.
    const current = await readPostmortemPageRecord(deps.storage, issueKey);
    if (current?.state === 'creating') await deps.storage.set(key, { ...current, releasedAt: deps.now() });
    throw error;
  }
}

interface PlacedPage {
  page: ConfluencePage;
  /** The document the app wrote on the page, for the fingerprints of its generated parts. */
  adf: unknown;
  created: boolean;
}

/**
 * The page with the postmortem's title, when an earlier attempt created it (it carries the origin
 * id). A page of that title made by anyone else ends the create with CONFLICT.
 */
async function adoptable(
  deps: PostmortemDeps,
  issueKey: string,
  title: string,
  originId: string,
  wikiBase: string,
  clash: ConfluencePage | undefined,
): Promise<PlacedPage | undefined> {
  if (!clash) return undefined;
  const withBody = await deps.userConfluence.getPage(clash.id, { bodyFormat: 'atlas_doc_format' });
  const adf = parsedBody(withBody.body?.atlas_doc_format?.value);
  if (!carriesOrigin(adf, originId)) {
    throw new UseCaseRefusal(
      'CONFLICT',
      `A page titled “${title}” already exists in this space and was not made by the postmortem macro, so it is not used as ` +
        `${issueKey}'s postmortem. Rename or move that page (${pageRefOf(clash, wikiBase).url}), then create the postmortem again.`,
    );
  }
  return { page: withBody, adf, created: false };
}

function parsedBody(value: string | undefined): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

/**
 * The recorded page when it still exists; a record whose page was deleted is dropped so a new page
 * can be made. Confluence answers 404 both for a deleted page and for one the user may not view,
 * so the app checks which it is: a page hidden from this user must not get a duplicate.
 */
async function existingPage(
  deps: PostmortemDeps,
  issueKey: string,
  record: PostmortemPageRecord | undefined,
): Promise<ConfluencePage | undefined> {
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
    if (record === undefined || (record.state === 'creating' && record.releasedAt !== undefined)) return undefined;
    if (record.state === 'created') return existingPage(deps, issueKey, record);
  }
  return undefined;
}

/**
 * The claim's origin id when this invocation now holds the claim, else null. A claim given up by a
 * failed attempt, or left by a dead one, is taken over with its origin id.
 */
async function claim(deps: PostmortemDeps, issueKey: string, accountId: string | null): Promise<string | null> {
  const key = postmortemPageKey(issueKey);
  const claimRecord = (originId: string) => ({ state: 'creating' as const, claimedAt: deps.now(), claimedBy: accountId, originId });
  const fresh = randomUUID();
  if (await deps.storage.setIfAbsent(key, claimRecord(fresh))) return fresh;
  const current = await readPostmortemPageRecord(deps.storage, issueKey);
  if (current === undefined) return (await deps.storage.setIfAbsent(key, claimRecord(fresh))) ? fresh : null;
  if (
    current.state === 'creating' &&
    (current.releasedAt !== undefined || Date.parse(deps.now()) - Date.parse(current.claimedAt) > STALE_CLAIM_SECONDS * 1000)
  ) {
    const inherited = current.originId ?? fresh;
    await deps.storage.delete(key);
    return (await deps.storage.setIfAbsent(key, claimRecord(inherited))) ? inherited : null;
  }
  return null;
}

/**
 * Confluence refuses a second page with the same title in a space (400). The page that took the
 * title in the meantime is adopted only when it carries our origin id (a concurrent retry of ours).
 */
async function createOrAdopt(
  deps: PostmortemDeps,
  issueKey: string,
  originId: string,
  wikiBase: string,
  page: { spaceId: string; title: string; parentId: string | null; adf: unknown },
): Promise<PlacedPage> {
  try {
    const created = await deps.userConfluence.createPage({
      spaceId: page.spaceId,
      title: page.title,
      adf: page.adf,
      ...(page.parentId ? { parentId: page.parentId } : {}),
    });
    return { page: created, adf: page.adf, created: true };
  } catch (error) {
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'conflict')) {
      const clash = await adoptable(
        deps,
        issueKey,
        page.title,
        originId,
        wikiBase,
        await deps.userConfluence.findPageByTitle(page.spaceId, page.title),
      );
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
