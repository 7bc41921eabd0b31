import type { SetDocumentStatusResult } from '../../contracts/postmortem-macro';
import { renderPostmortemAdf } from '../../domain/postmortem/postmortem-adf';
import { buildPostmortem } from '../../domain/postmortem/postmortem-model';
import type { DocumentStatus } from '../../domain/postmortem/postmortem-source';
import { unwrittenAuthorSections } from '../../domain/postmortem/refresh-merge';
import { loadPostmortemSource } from './load-postmortem-source';
import type { PostmortemDeps } from './postmortem-deps';
import { POSTMORTEM_STATUS_PROPERTY, readPostmortemPageRecord } from './postmortem-page-record';
import { refreshPostmortemPage } from './refresh-postmortem-page';
import { UseCaseRefusal } from '../use-case-refusal';

/**
 * Sets the postmortem's document status and refreshes the page so its header shows it. Published
 * is refused while an author section (Leadup, Five whys, Root cause analysis, Lessons learned) is
 * empty or still only the prompt: the app never presents an unwritten review as finished.
 */
export async function setPostmortemDocumentStatus(
  deps: PostmortemDeps,
  input: { issueKey: string; status: DocumentStatus; accountId: string | null },
): Promise<SetDocumentStatusResult> {
  const { source } = await loadPostmortemSource(deps, input.issueKey);
  const record = await readPostmortemPageRecord(deps.storage, source.incident.key);
  if (record?.state !== 'created')
    throw new UseCaseRefusal('NOT_FOUND', `${source.incident.key} has no postmortem page yet: create it first.`);
  if (input.status === 'Published') {
    const page = await deps.userConfluence.getPage(record.pageId, { bodyFormat: 'atlas_doc_format' });
    const unwritten = unwrittenAuthorSections(parsed(page.body?.atlas_doc_format?.value), renderPostmortemAdf(buildPostmortem(source)));
    if (unwritten.length > 0) {
      throw new UseCaseRefusal(
        'CONFLICT',
        `Not published: write ${unwritten.join(', ')} on the page first (${unwritten.length === 1 ? 'it is' : 'they are'} still empty).`,
        'status',
      );
    }
  }
  await deps.userConfluence.setPageProperty(record.pageId, POSTMORTEM_STATUS_PROPERTY, {
    status: input.status,
    setBy: input.accountId,
    setAt: deps.now(),
  });
  const refreshed = await refreshPostmortemPage(deps, source.incident.key, { statusJustSet: true });
  return { status: input.status, page: refreshed.page };
}

function parsed(value: string | undefined): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
