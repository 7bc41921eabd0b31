import Resolver from '@forge/resolver';
import { z } from 'zod';
import {
  AddActionItemPayload,
  CreatePostmortemPayload,
  POSTMORTEM_RESOLVER_KEYS,
  PostmortemMacroConfig,
  PreviewPostmortemPayload,
  RefreshPostmortemPayload,
  SearchIncidentsPayload,
  SearchOwnersPayload,
  SetDocumentStatusPayload,
} from '../../contracts/postmortem-macro';
import { addPostmortemActionItem, searchActionItemOwners } from '../../usecases/postmortem/add-postmortem-action-item';
import { setPostmortemDocumentStatus } from '../../usecases/postmortem/set-postmortem-document-status';
import { createPostmortemPage } from '../../usecases/postmortem/create-postmortem-page';
import { productionPostmortemDeps } from '../../usecases/postmortem/postmortem-deps';
import { previewPostmortem } from '../../usecases/postmortem/preview-postmortem';
import { refreshPostmortemPage } from '../../usecases/postmortem/refresh-postmortem-page';
import { searchPostmortemIncidents } from '../../usecases/postmortem/search-postmortem-incidents';
import { UseCaseRefusal } from '../../usecases/use-case-refusal';
import { resolverAction } from '../entry-point';

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
function issueKeyOf(payloadKey: string | undefined, context: unknown): string {
  const issueKey = payloadKey ?? PostmortemMacroConfig.safeParse(macroContext(context)?.extension?.config).data?.issueKey;
  if (issueKey === undefined) throw new UseCaseRefusal('BAD_REQUEST', 'issueKey: choose an incident in the macro settings', 'issueKey');
  return issueKey;
}

/** Deps acting for this invocation, with the site's address from the Forge context. */
function depsFor(context: unknown) {
  return productionPostmortemDeps({ siteUrl: macroContext(context)?.siteUrl });
}

const resolver = new Resolver()
  .define(
    POSTMORTEM_RESOLVER_KEYS.preview,
    resolverAction({
      payload: PreviewPostmortemPayload,
      run: (input, { context }) => previewPostmortem(depsFor(context), issueKeyOf(input.issueKey, context)),
    }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.create,
    resolverAction({
      payload: CreatePostmortemPayload,
      run: (input, { context }) => {
        const issueKey = issueKeyOf(input.issueKey, context);
        const macro = macroContext(context);
        return createPostmortemPage(depsFor(context), {
          issueKey,
          parentPageId: macro?.extension?.content?.id ?? null,
          spaceId: macro?.extension?.space?.id ?? null,
          accountId: macro?.accountId ?? null,
        });
      },
    }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.refresh,
    resolverAction({
      payload: RefreshPostmortemPayload,
      run: (input, { context }) => refreshPostmortemPage(depsFor(context), issueKeyOf(input.issueKey, context)),
    }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.searchIncidents,
    resolverAction({ payload: SearchIncidentsPayload, run: ({ query }) => searchPostmortemIncidents(productionPostmortemDeps(), query) }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.searchOwners,
    resolverAction({
      payload: SearchOwnersPayload,
      run: (input, { context }) =>
        searchActionItemOwners(
          depsFor(context),
          { issueKey: issueKeyOf(input.issueKey, context), projectKey: input.projectKey ?? null },
          input.query,
        ).then((owners) => ({ owners })),
    }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.addActionItem,
    resolverAction({
      payload: AddActionItemPayload,
      run: (input, { context }) =>
        addPostmortemActionItem(depsFor(context), {
          issueKey: issueKeyOf(input.issueKey, context),
          projectKey: input.projectKey ?? null,
          requestId: input.requestId,
          summary: input.summary,
          ownerAccountId: input.ownerAccountId,
          dueDate: input.dueDate,
          accountId: macroContext(context)?.accountId ?? null,
        }),
    }),
  )
  .define(
    POSTMORTEM_RESOLVER_KEYS.setDocumentStatus,
    resolverAction({
      payload: SetDocumentStatusPayload,
      run: (input, { context }) =>
        setPostmortemDocumentStatus(depsFor(context), {
          issueKey: issueKeyOf(input.issueKey, context),
          status: input.status,
          accountId: macroContext(context)?.accountId ?? null,
        }),
    }),
  );

/** manifest: function `postmortem-resolver` → `index.postmortemMacroResolver`. */
export const postmortemMacroResolver = resolver.getDefinitions();
