import type {
  AddActionItemPayload,
  AddActionItemResult,
  CreatePostmortemResult,
  POSTMORTEM_RESOLVER_KEYS,
  PostmortemPreview,
  RefreshPostmortemResult,
  SearchIncidentsResult,
  SearchOwnersResult,
  SetDocumentStatusResult,
} from '../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../src/contracts/resolver-result';
import type { DocumentStatus } from '../../src/domain/postmortem/postmortem-source';
import { invokeResolver } from './invoke-resolver';

/**
 * The postmortem macro and its config panel share one resolver (the macro module's), so they
 * share this client. Keys are written out and typed as the contract's, so tsc rejects any drift
 * without pulling the contract's zod schemas into the bundles.
 */
const KEYS: typeof POSTMORTEM_RESOLVER_KEYS = {
  preview: 'postmortem.preview',
  create: 'postmortem.create',
  refresh: 'postmortem.refresh',
  searchIncidents: 'postmortem.searchIncidents',
  searchOwners: 'postmortem.searchOwners',
  addActionItem: 'postmortem.addActionItem',
  setDocumentStatus: 'postmortem.setDocumentStatus',
};

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
  searchOwners: (query, projectKey) => invokeResolver<SearchOwnersResult>(KEYS.searchOwners, projectKey ? { query, projectKey } : { query }),
  addActionItem: (item) => invokeResolver<AddActionItemResult>(KEYS.addActionItem, item),
  setDocumentStatus: (status) => invokeResolver<SetDocumentStatusResult>(KEYS.setDocumentStatus, { status }),
};
