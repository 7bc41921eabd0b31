import type { PostmortemModel } from '../domain/postmortem/postmortem-model';
import type { DocumentStatus } from '../domain/postmortem/postmortem-source';
import type { InlinePart, PostmortemSection, SectionBlock, Tone } from '../domain/postmortem/section-content';

/**
 * The postmortem macro's (and its config panel's) resolver contract: keys and result types. Only
 * `import type`s (erased at build), so static/ imports this file at run time without pulling zod or
 * the domain into a bundle; the payload schemas are in postmortem-macro.ts.
 */
export type { DocumentStatus, InlinePart, PostmortemModel, PostmortemSection, SectionBlock, Tone };

export const POSTMORTEM_RESOLVER_KEYS = {
  preview: 'postmortem.preview',
  create: 'postmortem.create',
  refresh: 'postmortem.refresh',
  searchIncidents: 'postmortem.searchIncidents',
  searchOwners: 'postmortem.searchOwners',
  addActionItem: 'postmortem.addActionItem',
  setDocumentStatus: 'postmortem.setDocumentStatus',
} as const;

/** "Add action item" (the schema, AddActionItemPayload in postmortem-macro.ts, is checked against this). */
export interface AddActionItemPayload {
  issueKey?: string | undefined;
  projectKey?: string | undefined;
  requestId: string;
  summary: string;
  ownerAccountId: string;
  dueDate: string;
}

// ---- Results ----------------------------------------------------------------------------------

export interface PostmortemPageRef {
  pageId: string;
  title: string;
  /** Absolute when the site's base URL is known, else the page's web UI path. */
  url: string;
  version: number | null;
}

export interface PostmortemPreview {
  model: PostmortemModel;
  /** The page already made for this incident, when there is one the viewer can see. */
  page: PostmortemPageRef | null;
}

export interface CreatePostmortemResult {
  page: PostmortemPageRef;
  /** False when the page already existed (a retry, a double click, or another user first). */
  created: boolean;
}

export interface RefreshPostmortemResult {
  page: PostmortemPageRef;
  /** Parts rewritten from Jira, in page order ("Page header", then section titles). */
  regenerated: string[];
  /** Author sections, kept as written. */
  keptAuthorSections: string[];
  /** Generated sections someone edited: kept as they are and flagged on the page. */
  keptEdited: string[];
}

export interface IncidentSearchHit {
  key: string;
  summary: string;
  status: string | null;
}

export interface SearchIncidentsResult {
  incidents: IncidentSearchHit[];
}

export interface OwnerCandidate {
  accountId: string;
  displayName: string;
}

export interface SearchOwnersResult {
  owners: OwnerCandidate[];
}

export interface AddActionItemResult {
  key: string;
  url: string;
  /** False when this request id already made the Task (a retry or a double click). */
  created: boolean;
}

export interface SetDocumentStatusResult {
  status: DocumentStatus;
  page: PostmortemPageRef;
}
