import {
  type AddActionItemPayload,
  type AddActionItemResult,
  type CreatePostmortemResult,
  type DocumentStatus,
  POSTMORTEM_RESOLVER_KEYS as KEYS,
  type PostmortemPreview,
  type RefreshPostmortemResult,
  type SearchIncidentsResult,
  type SearchOwnersResult,
  type SetDocumentStatusResult,
} from '../../src/contracts/postmortem-macro-types';
import type { ResolverResult } from '../../src/contracts/resolver-result-types';
import { invokeResolver } from './invoke-resolver';

/**
 * The postmortem macro and its config panel share one resolver (the macro module's), so they
 * share this client.
 */
export interface PostmortemApi {
  /** The incident comes from the macro's saved config on the backend. */
  preview(): Promise<ResolverResult<PostmortemPreview>>;
  create(): Promise<ResolverResult<CreatePostmortemResult>>;
  refresh(): Promise<ResolverResult<RefreshPostmortemResult>>;
  searchIncidents(query: string): Promise<ResolverResult<SearchIncidentsResult>>;
  /** People who may be assigned issues in the incident's project. */
  searchOwners(query: string, projectKey?: string): Promise<ResolverResult<SearchOwnersResult>>;
  addActionItem(item: Omit<AddActionItemPayload, 'issueKey'>): Promise<ResolverResult<AddActionItemResult>>;
  setDocumentStatus(status: DocumentStatus): Promise<ResolverResult<SetDocumentStatusResult>>;
}

export const postmortemApi: PostmortemApi = {
  preview: () => invokeResolver<PostmortemPreview>(KEYS.preview, {}),
  create: () => invokeResolver<CreatePostmortemResult>(KEYS.create, {}),
  refresh: () => invokeResolver<RefreshPostmortemResult>(KEYS.refresh, {}),
  searchIncidents: (query) => invokeResolver<SearchIncidentsResult>(KEYS.searchIncidents, { query }),
  searchOwners: (query, projectKey) =>
    invokeResolver<SearchOwnersResult>(KEYS.searchOwners, projectKey ? { query, projectKey } : { query }),
  addActionItem: (item) => invokeResolver<AddActionItemResult>(KEYS.addActionItem, item),
  setDocumentStatus: (status) => invokeResolver<SetDocumentStatusResult>(KEYS.setDocumentStatus, { status }),
};
