import type { ApplyPriorityPayload, PRIORITY_RESOLVER_KEYS, PriorityPanelView } from '../../../src/contracts/priority-panel';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { invokeResolver } from '../../shared/invoke-resolver';

/**
 * The panel's only way to its backend. The keys are written out rather than imported because the
 * contract module also builds zod schemas, which would land in the bundle; typing the object as
 * `typeof PRIORITY_RESOLVER_KEYS` makes tsc reject any key that drifts from the contract.
 */
const KEYS: Pick<typeof PRIORITY_RESOLVER_KEYS, 'view' | 'apply'> = {
  view: 'priority.view',
  apply: 'priority.apply',
};

export interface PriorityPanelApi {
  /** The panel's issue comes from the module context on the backend. */
  view(): Promise<ResolverResult<PriorityPanelView>>;
  apply(payload: ApplyPriorityPayload): Promise<ResolverResult<PriorityPanelView>>;
}

export const priorityPanelApi: PriorityPanelApi = {
  view: () => invokeResolver<PriorityPanelView>(KEYS.view, {}),
  apply: (payload) => invokeResolver<PriorityPanelView>(KEYS.apply, payload),
};
