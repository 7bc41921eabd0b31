import { isProductApiError } from '../adapters/http/product-api-error';
import type { RefreshPostmortemResult } from '../contracts/postmortem-macro';
import { renderPostmortemAdf, type AdfDoc } from '../domain/postmortem/postmortem-adf';
import { buildPostmortem } from '../domain/postmortem/postmortem-model';
import { refreshPostmortemAdf } from '../domain/postmortem/refresh-merge';
import { linkPageFromIssue } from './create-postmortem-page';
import { loadPostmortemSource, type PostmortemDeps } from './load-postmortem-source';
import { pageRefOf, readPostmortemPageRecord, wikiBaseOf } from './postmortem-page-record';
import { UseCaseRefusal } from './use-case-refusal';

/** Someone saving the page between our read and write bumps its version; we re-read and merge again this often. */
const VERSION_CONFLICT_RETRIES = 2;

/**
 * Regenerates the incident's postmortem page from Jira, keeping what authors wrote in their
 * sections (see refresh-merge.ts), as a new page version written by the user.
 */
export async function refreshPostmortemPage(deps: PostmortemDeps, issueKey: string): Promise<RefreshPostmortemResult> {
  try {
    const { source } = await loadPostmortemSource(deps, issueKey);
    const record = await readPostmortemPageRecord(deps.storage, source.incident.key);
    if (record?.state !== 'created') throw new UseCaseRefusal('NOT_FOUND', `${source.incident.key} has no postmortem page yet: create it first.`);
    const fresh = renderPostmortemAdf(buildPostmortem(source));

    for (let attempt = 0; ; attempt += 1) {
      const page = await deps.userConfluence.getPage(record.pageId, { bodyFormat: 'atlas_doc_format' });
      const merged = refreshPostmortemAdf(storedAdf(page.body?.atlas_doc_format?.value), fresh);
      try {
        const updated = await deps.userConfluence.updatePage({
          id: page.id,
          title: page.title,
          version: (page.version?.number ?? 1) + 1,
          adf: merged,
          versionMessage: `Refreshed from Jira (${source.incident.key})`,
        });
        await linkPageFromIssue(deps, source.incident.key, updated, wikiBaseOf(source.siteUrl));
        return { page: pageRefOf(updated, wikiBaseOf(source.siteUrl)) };
      } catch (error) {
        if (!isProductApiError(error, 'conflict') || attempt >= VERSION_CONFLICT_RETRIES) throw error;
      }
    }
  } catch (error) {
    if (isProductApiError(error, 'notFound')) throw new UseCaseRefusal('NOT_FOUND', 'The incident or its postmortem page does not exist, or you do not have permission to see it.');
    throw error;
  }
}

/** The page body as Confluence stores it; an unreadable body counts as empty, so the page is rebuilt. */
function storedAdf(value: string | undefined): AdfDoc | null {
  if (value === undefined) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isDoc(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function isDoc(value: unknown): value is AdfDoc {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'doc' && 'content' in value && Array.isArray(value.content);
}
