import { z } from 'zod';
import type { ConfluenceClient } from '../../adapters/confluence/confluence-client';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { DOCUMENT_STATUSES, type DocumentStatus } from '../../domain/postmortem/postmortem-source';

/**
 * One postmortem page per incident. The key is claimed with a conditional write (KVS
 * `FAIL_IF_EXISTS`) before a page is created, so double clicks, retries and two users at once
 * cannot make two pages; once the page exists the record names it.
 */
export const PostmortemPageRecord = z.discriminatedUnion('state', [
  z.object({
    state: z.literal('creating'),
    claimedAt: z.string(),
    claimedBy: z.string().nullable(),
    /**
     * The secret the page being created carries (see ORIGIN_PREFIX): a page with the incident's
     * title is adopted only when it carries it. Kept across failed attempts (`releasedAt`), so the
     * next attempt can adopt a page an earlier one created before it failed.
     */
    originId: z.string().min(1).optional(),
    /** Set when the attempt gave up: the next create takes the claim over at once. */
    releasedAt: z.string().optional(),
  }),
  z.object({
    state: z.literal('created'),
    pageId: z.string().min(1),
    spaceId: z.string().min(1),
    title: z.string(),
    createdAt: z.string(),
    /**
     * Fingerprint of what the app last wrote in each generated part of the page (see
     * refresh-merge.ts): a refresh rewrites only parts still equal to it. Absent on pages made
     * before fingerprints were kept.
     */
    generatedParts: z.record(z.string(), z.string()).optional(),
  }),
]);
export type PostmortemPageRecord = z.infer<typeof PostmortemPageRecord>;

export function postmortemPageKey(issueKey: string) {
  return storageKey(`postmortem-page:${issueKey}`, PostmortemPageRecord);
}

export { STALE_CLAIM_SECONDS } from '../create-once-claim';

export async function readPostmortemPageRecord(storage: AppStorage, issueKey: string): Promise<PostmortemPageRecord | undefined> {
  return storage.get(postmortemPageKey(issueKey));
}

/** The page the app created and recorded for the incident: the only page that counts as its postmortem. */
export async function recordedPostmortemPageId(storage: AppStorage, issueKey: string): Promise<string | null> {
  const record = await readPostmortemPageRecord(storage, issueKey);
  return record?.state === 'created' ? record.pageId : null;
}

/**
 * The Confluence page property that tags a page as an incident's postmortem, for people and
 * tools browsing the space. Anyone who can edit a page can set it, so the app never trusts it:
 * the record above decides which page is the postmortem.
 */
export const POSTMORTEM_PAGE_PROPERTY = 'incident-postmortem';
export const PostmortemPageProperty = z.object({ issueKey: z.string() });

/**
 * The page's absolute address: Confluence's `_links.base` (`https://<site>/wiki`) + `_links.webui`.
 * A page from a list carries no `base` of its own (lists send it once, at the top), so `siteWikiBase`
 * (the site URL + `/wiki`) stands in; without `webui`, the page-id view path under that base.
 */
export function pageRefOf(
  page: {
    id: string;
    title: string;
    version?: { number: number } | undefined;
    _links?: { webui?: string | undefined; base?: string | undefined } | undefined;
  },
  siteWikiBase: string,
): {
  pageId: string;
  title: string;
  url: string;
  version: number | null;
} {
  const webui = page._links?.webui;
  const base = (absoluteUrl(page._links?.base) ?? siteWikiBase).replace(/\/+$/, '');
  const url = webui
    ? `${base}${webui.startsWith('/') ? '' : '/'}${webui}`
    : `${base}/pages/viewpage.action?pageId=${encodeURIComponent(page.id)}`;
  return { pageId: page.id, title: page.title, url, version: page.version?.number ?? null };
}

/** Confluence's wiki base for a site URL: `https://acme.atlassian.net` → `https://acme.atlassian.net/wiki`. */
export function wikiBaseOf(siteUrl: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/wiki`;
}

function absoluteUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return /^https?:$/.test(new URL(value).protocol) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the document status lives: a Confluence content property on the postmortem page, written
 * as the user. Not in the page body, which a refresh regenerates, and not in app storage: writing
 * a page property needs permission to edit the page, so Confluence itself decides who may set the
 * status (the page's authors), and tools and CQL can read it. The page header shows it as a
 * status lozenge, rendered from the property on every refresh.
 */
export const POSTMORTEM_STATUS_PROPERTY = 'incident-postmortem-status';
const StatusProperty = z.object({
  status: z.enum(DOCUMENT_STATUSES),
  setBy: z.string().nullable().optional(),
  setAt: z.string().optional(),
});

/** The status the authors set on the page, as the user reads it; Draft when none is set or it is unreadable. */
export async function readDocumentStatus(confluence: ConfluenceClient, pageId: string): Promise<DocumentStatus> {
  const property = await confluence.getPageProperty(pageId, POSTMORTEM_STATUS_PROPERTY);
  return StatusProperty.safeParse(property?.value).data?.status ?? 'Draft';
}
