import Resolver from '@forge/resolver';
import { z } from 'zod';
import {
  CreatePostmortemPayload,
  POSTMORTEM_RESOLVER_KEYS,
  PostmortemMacroConfig,
  PreviewPostmortemPayload,
  RefreshPostmortemPayload,
  SearchIncidentsPayload,
} from '../../contracts/postmortem-macro';
import { fail } from '../../contracts/resolver-result';
import { createPostmortemPage } from '../../usecases/create-postmortem-page';
import { productionPostmortemDeps } from '../../usecases/load-postmortem-source';
import { payloadFailure } from '../../usecases/priority-errors';
import { previewPostmortem } from '../../usecases/preview-postmortem';
import { refreshPostmortemPage } from '../../usecases/refresh-postmortem-page';
import { searchPostmortemIncidents } from '../../usecases/search-postmortem-incidents';

/** A Confluence macro's context: the page it sits on, its space, and the saved macro config. */
const MacroContext = z.object({
  accountId: z.string().optional(),
  /** The site's address, for links to Jira and Confluence (`self` links name the API gateway). */
  siteUrl: z.string().optional(),
  extension: z
    .object({
      content: z.object({ id: z.coerce.string() }).optional(),
      space: z.object({ id: z.coerce.string().optional(), key: z.string().optional() }).optional(),
      config: z.unknown().optional(),
    })
    .optional(),
});

function macroContext(context: unknown) {
  return MacroContext.safeParse(context).data;
}

/** A payload key wins over the saved config, so the config panel can preview before saving. */
function issueKeyOf(payloadKey: string | undefined, context: unknown): string | undefined {
  return payloadKey ?? PostmortemMacroConfig.safeParse(macroContext(context)?.extension?.config).data?.issueKey;
}

/** Deps acting for this invocation, with the site's address from the Forge context. */
function depsFor(context: unknown) {
  return productionPostmortemDeps({ siteUrl: macroContext(context)?.siteUrl });
}

const missingKey = fail('BAD_REQUEST', 'issueKey: choose an incident in the macro settings', 'issueKey');

const resolver = new Resolver()
  .define(POSTMORTEM_RESOLVER_KEYS.preview, async ({ payload, context }) => {
    const parsed = PreviewPostmortemPayload.safeParse(payload ?? {});
    if (!parsed.success) return payloadFailure(parsed.error);
    const issueKey = issueKeyOf(parsed.data.issueKey, context);
    return issueKey ? previewPostmortem(depsFor(context), issueKey) : missingKey;
  })
  .define(POSTMORTEM_RESOLVER_KEYS.create, async ({ payload, context }) => {
    const parsed = CreatePostmortemPayload.safeParse(payload ?? {});
    if (!parsed.success) return payloadFailure(parsed.error);
    const issueKey = issueKeyOf(parsed.data.issueKey, context);
    if (!issueKey) return missingKey;
    const extension = macroContext(context)?.extension;
    return createPostmortemPage(depsFor(context), {
      issueKey,
      parentPageId: extension?.content?.id ?? null,
      spaceId: extension?.space?.id ?? null,
      accountId: macroContext(context)?.accountId ?? null,
    });
  })
  .define(POSTMORTEM_RESOLVER_KEYS.refresh, async ({ payload, context }) => {
    const parsed = RefreshPostmortemPayload.safeParse(payload ?? {});
    if (!parsed.success) return payloadFailure(parsed.error);
    const issueKey = issueKeyOf(parsed.data.issueKey, context);
    return issueKey ? refreshPostmortemPage(depsFor(context), issueKey) : missingKey;
  })
  .define(POSTMORTEM_RESOLVER_KEYS.searchIncidents, async ({ payload }) => {
    const parsed = SearchIncidentsPayload.safeParse(payload ?? {});
    if (!parsed.success) return payloadFailure(parsed.error);
    return searchPostmortemIncidents(productionPostmortemDeps(), parsed.data.query);
  });

/** manifest: function `postmortem-resolver` → `index.postmortemMacroResolver`. */
export const postmortemMacroResolver = resolver.getDefinitions();
