import Resolver from '@forge/resolver';
import { z } from 'zod';
import { ApplyPriorityPayload, PRIORITY_RESOLVER_KEYS, ViewPriorityPayload } from '../../contracts/priority-panel';
import { fail } from '../../contracts/resolver-result';
import { applyPriority } from '../../usecases/apply-priority';
import { payloadFailure } from '../../usecases/priority-errors';
import { productionPriorityDeps, viewPriorityPanel } from '../../usecases/view-priority-panel';

/** The issue panel's context names its issue; a payload key wins so the UI can also ask explicitly. */
const PanelContext = z.object({ accountId: z.string().optional(), extension: z.object({ issue: z.object({ key: z.string() }).optional() }).optional() });

function issueKeyOf(payloadKey: string | undefined, context: unknown): string | undefined {
  return payloadKey ?? PanelContext.safeParse(context).data?.extension?.issue?.key;
}

const missingKey = fail('BAD_REQUEST', 'issueKey: expected an issue key like INC-42', 'issueKey');

const resolver = new Resolver()
  .define(PRIORITY_RESOLVER_KEYS.view, async ({ payload, context }) => {
    const parsed = ViewPriorityPayload.safeParse(payload ?? {});
    if (!parsed.success) return payloadFailure(parsed.error);
    const issueKey = issueKeyOf(parsed.data.issueKey, context);
    return issueKey ? viewPriorityPanel(productionPriorityDeps(), issueKey) : missingKey;
  })
  .define(PRIORITY_RESOLVER_KEYS.apply, async ({ payload, context }) => {
    const parsed = ApplyPriorityPayload.safeParse(payload);
    if (!parsed.success) return payloadFailure(parsed.error);
    const issueKey = issueKeyOf(parsed.data.issueKey, context);
    if (!issueKey) return missingKey;
    const accountId = PanelContext.safeParse(context).data?.accountId ?? null;
    return applyPriority(productionPriorityDeps(), { issueKey, accountId, assessment: parsed.data.assessment, override: parsed.data.override });
  });

/** manifest: function `priority-panel-resolver` → `index.priorityPanelResolver`. */
export const priorityPanelResolver = resolver.getDefinitions();
