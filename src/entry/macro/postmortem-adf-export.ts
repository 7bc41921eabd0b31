import { z } from 'zod';
import { doc, p } from '@atlaskit/adf-utils/builders';
import { PostmortemMacroConfig } from '../../contracts/postmortem-macro';
import { renderPostmortemAdf, type AdfDoc } from '../../domain/postmortem/postmortem-adf';
import { buildPostmortem } from '../../domain/postmortem/postmortem-model';
import { loadPostmortemSource } from '../../usecases/postmortem/load-postmortem-source';
import { productionPostmortemDeps, type PostmortemDeps } from '../../usecases/postmortem/postmortem-deps';
import { failureFor } from '../entry-point';

/**
 * The macro's saved config may arrive in more than one place: the docs describe the export
 * function's payload only loosely, so `extensionPayload.config`, `config` and
 * `context.extension.config` are all accepted (unverified on a real site; see the README).
 */
const ExportPayload = z.object({
  extensionPayload: z.object({ config: z.unknown().optional() }).optional(),
  config: z.unknown().optional(),
  context: z.object({ extension: z.object({ config: z.unknown().optional() }).optional() }).optional(),
});

export function issueKeyFromExportPayload(payload: unknown): string | null {
  const parsed = ExportPayload.safeParse(payload);
  if (!parsed.success) return null;
  for (const candidate of [parsed.data.extensionPayload?.config, parsed.data.config, parsed.data.context?.extension?.config]) {
    const config = PostmortemMacroConfig.safeParse(candidate);
    if (config.success) return config.data.issueKey;
  }
  return null;
}

/** The same document the page gets, for PDF/Word export; a readable note in its place when it cannot be built. */
async function exportPostmortemAdf(deps: PostmortemDeps, payload: unknown): Promise<AdfDoc> {
  const issueKey = issueKeyFromExportPayload(payload);
  if (issueKey === null) return doc(p('Incident postmortem: no incident is selected in this macro.'));
  try {
    const { source } = await loadPostmortemSource(deps, issueKey);
    return renderPostmortemAdf(buildPostmortem(source));
  } catch (error) {
    const failure = failureFor(error);
    return doc(p(`Incident postmortem for ${issueKey}: ${failure.success ? 'unavailable' : failure.error.message}`));
  }
}

/** manifest: function `postmortem-adf-export` → `index.postmortemAdfExport`. */
export const postmortemAdfExport = (payload: unknown): Promise<AdfDoc> => exportPostmortemAdf(productionPostmortemDeps(), payload);
