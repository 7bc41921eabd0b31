import { isProductApiError } from '../../adapters/http/product-api-error';
import type { RefreshPostmortemResult } from '../../contracts/postmortem-macro';
import { renderPostmortemAdf, type AdfDoc } from '../../domain/postmortem/postmortem-adf';
import { buildPostmortem } from '../../domain/postmortem/postmortem-model';
import {
  generatedPartFingerprints,
  HEADER_PART,
  refreshPostmortemAdf,
  unwrittenAuthorSections,
} from '../../domain/postmortem/refresh-merge';
import { documentStatusOnPage, withAppStatusLozenge } from '../../domain/postmortem/document-status-on-page';
import type { DocumentStatus } from '../../domain/postmortem/postmortem-source';
import { linkPageFromIssue } from './create-postmortem-page';
import { loadPostmortemSource } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import {
  pageRefOf,
  POSTMORTEM_STATUS_PROPERTY,
  postmortemPageKey,
  readDocumentStatus,
  readPostmortemPageRecord,
  wikiBaseOf,
} from './postmortem-page-record';
import { UseCaseRefusal } from '../use-case-refusal';

/** Someone saving the page between our read and write bumps its version; we re-read and merge again this often. */
const VERSION_CONFLICT_RETRIES = 2;

/**
 * Regenerates the incident's postmortem page from Jira as a new page version written by the user,
 * rewriting only the generated parts nobody edited (see refresh-merge.ts); the answer names the
 * parts regenerated and the parts kept.
 */
export async function refreshPostmortemPage(
  deps: PostmortemDeps,
  issueKey: string,
  /** `statusJustSet`: the macro has just set the status, so it wins over the page's lozenge, which is rewritten to it. */
  options: { statusJustSet?: boolean } = {},
): Promise<RefreshPostmortemResult> {
  try {
    const { source } = await loadPostmortemSource(deps, issueKey);
    // The status is the authors' (a page property), so a refresh shows it and never overwrites it.
    const recorded = await readPostmortemPageRecord(deps.storage, source.incident.key);
    let documentStatus = recorded?.state === 'created' ? await readDocumentStatus(deps.userConfluence, recorded.pageId) : 'Draft';
    const render = (status: DocumentStatus) => renderPostmortemAdf(buildPostmortem({ ...source, documentStatus: status }));
    let fresh = render(documentStatus);

    for (let attempt = 0; ; attempt += 1) {
      // Read again on a retry: a refresh that won the race has stored new fingerprints.
      const record = await readPostmortemPageRecord(deps.storage, source.incident.key);
      if (record?.state !== 'created')
        throw new UseCaseRefusal('NOT_FOUND', `${source.incident.key} has no postmortem page yet: create it first.`);
      const page = await deps.userConfluence.getPage(record.pageId, { bodyFormat: 'atlas_doc_format' });
      const stored = storedAdf(page.body?.atlas_doc_format?.value);
      // An author may set the status on the page itself (the header's lozenge) instead of in the
      // macro: it becomes the page property, unless it says Published while an author section is
      // still empty (then the edited header is kept, flagged, and the status stays as it was). Only
      // a header someone edited says what an author set: an unedited one shows what the app last
      // wrote, which may be older than a status just set in the macro.
      const recordedParts = lastSavedByApp(page, source.incident.key)
        ? { ...record.generatedParts, ...generatedPartFingerprints(stored) }
        : (record.generatedParts ?? {});
      const headerEdited =
        recordedParts[HEADER_PART] !== undefined && generatedPartFingerprints(stored)[HEADER_PART] !== recordedParts[HEADER_PART];
      const onPage = headerEdited && options.statusJustSet !== true ? documentStatusOnPage(stored) : null;
      if (onPage !== null && onPage !== documentStatus && !(onPage === 'Published' && unwrittenAuthorSections(stored, fresh).length > 0)) {
        await deps.userConfluence.setPageProperty(record.pageId, POSTMORTEM_STATUS_PROPERTY, {
          status: onPage,
          setBy: null,
          setAt: deps.now(),
        });
        documentStatus = onPage;
        fresh = render(documentStatus);
      }
      const existing =
        onPage === documentStatus || options.statusJustSet === true
          ? (withAppStatusLozenge(stored, documentStatus) as AdfDoc | null)
          : stored;
      const lastWritten = lastSavedByApp(page, source.incident.key)
        ? { ...record.generatedParts, ...generatedPartFingerprints(existing) }
        : (record.generatedParts ?? {});
      const merged = refreshPostmortemAdf(existing, fresh, lastWritten);
      try {
        const updated = await deps.userConfluence.updatePage({
          id: page.id,
          title: page.title,
          version: (page.version?.number ?? 1) + 1,
          adf: merged.adf,
          versionMessage: versionMessage(source.incident.key, merged.keptEdited),
        });
        // Written after the page. If this write is lost, the version message above still marks the
        // page as the app's own (when it kept no edits); otherwise the next refresh keeps, flagged,
        // the parts written now: a needless note, but no text lost.
        await deps.storage.set(postmortemPageKey(source.incident.key), { ...record, generatedParts: merged.fingerprints });
        const wikiBase = wikiBaseOf(source.siteUrl);
        await linkPageFromIssue(deps, source.incident.key, updated, wikiBase);
        return {
          page: pageRefOf(updated, wikiBase),
          regenerated: merged.regenerated,
          keptAuthorSections: merged.keptAuthorSections,
          keptEdited: merged.keptEdited,
        };
      } catch (error) {
        if (!isProductApiError(error, 'conflict') || attempt >= VERSION_CONFLICT_RETRIES) throw error;
      }
    }
  } catch (error) {
    if (isProductApiError(error, 'notFound'))
      throw new UseCaseRefusal('NOT_FOUND', 'The incident or its postmortem page does not exist, or you do not have permission to see it.');
    throw error;
  }
}

/**
 * When the current version is the app's own (the first version, which the create wrote, or a
 * refresh that kept no edits), its generated parts are exactly what the app wrote: they serve as
 * the fingerprints. This covers pages made before fingerprints were stored, a fingerprint write
 * that was lost, and a concurrent refresh that saved in between.
 */
function lastSavedByApp(page: { version?: { number: number; message?: string | undefined } | undefined }, issueKey: string): boolean {
  return page.version?.number === 1 || page.version?.message === versionMessage(issueKey, []);
}

/** Shown in the page history, so readers see why a section kept its text. */
function versionMessage(issueKey: string, keptEdited: readonly string[]): string {
  return keptEdited.length === 0
    ? `Refreshed from Jira (${issueKey})`
    : `Refreshed from Jira (${issueKey}); kept edits in ${keptEdited.join(', ')}`;
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
  return (
    typeof value === 'object' &&
    value !== null &&
    'type' in value &&
    value.type === 'doc' &&
    'content' in value &&
    Array.isArray(value.content)
  );
}
