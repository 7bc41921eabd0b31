import Resolver from '@forge/resolver';
import { z } from 'zod';
import { ApplyPriorityPayload, PRIORITY_RESOLVER_KEYS, ViewPriorityPayload } from '../../contracts/priority-panel';
import { applyPriority } from '../../usecases/priority/apply-priority';
import { UseCaseRefusal } from '../../usecases/use-case-refusal';
import { productionPriorityDeps } from '../../usecases/priority/priority-deps';
import { viewPriorityPanel } from '../../usecases/priority/view-priority-panel';
import { resolverAction } from '../entry-point';

/** The issue panel's context names its issue; a payload key wins so the UI can also ask explicitly. */
const PanelContext = z.object({
  accountId: z.string().optional(),
  extension: z.object({ issue: z.object({ key: z.string() }).optional() }).optional(),
});

function issueKeyOf(payloadKey: string | undefined, context: unknown): string {
  const issueKey = payloadKey ?? PanelContext.safeParse(context).data?.extension?.issue?.key;
  if (issueKey === undefined) throw new UseCaseRefusal('BAD_REQUEST', 'issueKey: expected an issue key like INC-42', 'issueKey');
  return issueKey;
}

const resolver = new Resolver()
  .define(
    PRIORITY_RESOLVER_KEYS.view,
    resolverAction({
      payload: ViewPriorityPayload,
      run: (input, { context }) => viewPriorityPanel(productionPriorityDeps(), issueKeyOf(input.issueKey, context)),
    }),
  )
  .define(
    PRIORITY_RESOLVER_KEYS.apply,
    resolverAction({
      payload: ApplyPriorityPayload,
      run: ({ issueKey, assessment, override }, { context }) =>
        applyPriority(productionPriorityDeps(), {
          issueKey: issueKeyOf(issueKey, context),
          accountId: PanelContext.safeParse(context).data?.accountId ?? null,
          assessment,
          override,
        }),
    }),
  );

/** manifest: function `priority-panel-resolver` → `index.priorityPanelResolver`. */
export const priorityPanelResolver = resolver.getDefinitions();
