import type { ConfluencePage } from '../../adapters/confluence/confluence-schemas';
import type { PostmortemPreview } from '../../contracts/postmortem-macro';
import type { DocumentStatus } from '../../domain/postmortem/postmortem-source';
import { buildPostmortem } from '../../domain/postmortem/postmortem-model';
import { loadPostmortemSource, started } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import { pageRefOf, readDocumentStatus, readPostmortemPageRecord, wikiBaseOf } from './postmortem-page-record';

/**
 * The macro's view: the postmortem model built from Jira as the viewer, and the incident's
 * postmortem page when one exists and the viewer may see it. Jira calls: see
 * loadPostmortemSource. The page record is read with the first storage reads, and the page and its
 * status while Jira is read, so a recorded page adds no round trip.
 */
export async function previewPostmortem(deps: PostmortemDeps, issueKey: string): Promise<PostmortemPreview> {
  const recordedPage = started(readPostmortemPageRecord(deps.storage, issueKey).then((record) => recordedPageFor(deps, record)));
  const { source } = await loadPostmortemSource(deps, issueKey);
  // Records are kept under the issue's own key; one asked for by another spelling is read again.
  const { page, documentStatus } =
    source.incident.key === issueKey
      ? await recordedPage
      : await recordedPageFor(deps, await readPostmortemPageRecord(deps.storage, source.incident.key));
  const model = buildPostmortem({ ...source, documentStatus });
  return { model, page: page ? pageRefOf(page, wikiBaseOf(source.siteUrl)) : null };
}

/**
 * The recorded page as the viewer sees it, with the status its authors set (Draft when the viewer
 * cannot see the page). The status lives on the page, so only a viewer who can see the page reads
 * it: a failed status read counts only when the page was found.
 */
async function recordedPageFor(
  deps: PostmortemDeps,
  record: Awaited<ReturnType<typeof readPostmortemPageRecord>>,
): Promise<{ page: ConfluencePage | undefined; documentStatus: DocumentStatus }> {
  if (record?.state !== 'created') return { page: undefined, documentStatus: 'Draft' };
  const statusRead = started(readDocumentStatus(deps.userConfluence, record.pageId));
  const page = await deps.userConfluence.findPage(record.pageId);
  return page ? { page, documentStatus: await statusRead } : { page: undefined, documentStatus: 'Draft' };
}
