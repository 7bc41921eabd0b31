import type { PostmortemPreview } from '../../contracts/postmortem-macro';
import { buildPostmortem } from '../../domain/postmortem/postmortem-model';
import { loadPostmortemSource } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import { pageRefOf, readDocumentStatus, readPostmortemPageRecord, wikiBaseOf } from './postmortem-page-record';

/**
 * The macro's view: the postmortem model built from Jira as the viewer, and the incident's
 * postmortem page when one exists and the viewer may see it. Jira calls: the issue, then
 * changelog pages, comment pages, statuses, linked issues, the viewer's profile and (as the app)
 * serverInfo for the site's time zone, concurrently.
 */
export async function previewPostmortem(deps: PostmortemDeps, issueKey: string): Promise<PostmortemPreview> {
  const { source } = await loadPostmortemSource(deps, issueKey);
  const record = await readPostmortemPageRecord(deps.storage, source.incident.key);
  const page = record?.state === 'created' ? await deps.userConfluence.findPage(record.pageId) : undefined;
  // The status the authors set lives on the page: only a viewer who can see the page reads it.
  const documentStatus = page ? await readDocumentStatus(deps.userConfluence, page.id) : 'Draft';
  const model = buildPostmortem({ ...source, documentStatus });
  return { model, page: page ? pageRefOf(page, wikiBaseOf(source.siteUrl)) : null };
}
