import {
  type ApplyPriorityPayload,
  PRIORITY_RESOLVER_KEYS as KEYS,
  type PriorityPanelView,
} from '../../../src/contracts/priority-panel-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result-types';
import { invokeResolver } from '../../shared/invoke-resolver';

/** The panel's only way to its backend. */
export interface PriorityPanelApi {
  /** The panel's issue comes from the module context on the backend. */
  view(): Promise<ResolverResult<PriorityPanelView>>;
  apply(payload: ApplyPriorityPayload): Promise<ResolverResult<PriorityPanelView>>;
}

export const priorityPanelApi: PriorityPanelApi = {
  view: () => invokeResolver<PriorityPanelView>(KEYS.view, {}),
  apply: (payload) => invokeResolver<PriorityPanelView>(KEYS.apply, payload),
};
