import type {
  COMMUNICATION_RESOLVER_KEYS,
  CommunicationView,
  PostUpdatePayload,
  PostUpdateResult,
  TakeRolePayload,
} from '../../../src/contracts/communication';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { invokeResolver } from '../../shared/invoke-resolver';

/** Written out (not imported) to keep the contract's zod schemas out of the bundle; typed so a drifting key fails tsc. */
const KEYS: typeof COMMUNICATION_RESOLVER_KEYS = {
  view: 'comms.view',
  post: 'comms.post',
  takeRole: 'comms.takeRole',
  settingsGet: 'comms.settings.get',
  settingsSave: 'comms.settings.save',
};

export interface CommunicationApi {
  view(): Promise<ResolverResult<CommunicationView>>;
  post(payload: PostUpdatePayload): Promise<ResolverResult<PostUpdateResult>>;
  takeRole(role: TakeRolePayload['role']): Promise<ResolverResult<CommunicationView>>;
}

export const communicationApi: CommunicationApi = {
  view: () => invokeResolver<CommunicationView>(KEYS.view, {}),
  post: (payload) => invokeResolver<PostUpdateResult>(KEYS.post, payload),
  takeRole: (role) => invokeResolver<CommunicationView>(KEYS.takeRole, { role }),
};
