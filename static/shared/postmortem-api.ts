import {
  type CreatePostmortemResult,
  POSTMORTEM_RESOLVER_KEYS as KEYS,
  type PostmortemPreview,
  type RefreshPostmortemResult,
  type SearchIncidentsResult,
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
}

export const postmortemApi: PostmortemApi = {
  preview: () => invokeResolver<PostmortemPreview>(KEYS.preview, {}),
  create: () => invokeResolver<CreatePostmortemResult>(KEYS.create, {}),
  refresh: () => invokeResolver<RefreshPostmortemResult>(KEYS.refresh, {}),
  searchIncidents: (query) => invokeResolver<SearchIncidentsResult>(KEYS.searchIncidents, { query }),
};
