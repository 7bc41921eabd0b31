import type { PostmortemModel } from '../domain/postmortem/postmortem-model';
import type { InlinePart, PostmortemSection, SectionBlock, Tone } from '../domain/postmortem/section-content';

/**
 * The postmortem macro's (and its config panel's) resolver contract: keys and result types. Only
 * `import type`s (erased at build), so static/ imports this file at run time without pulling zod or
 * the domain into a bundle; the payload schemas are in postmortem-macro.ts.
 */
export type { InlinePart, PostmortemModel, PostmortemSection, SectionBlock, Tone };

export const POSTMORTEM_RESOLVER_KEYS = {
  preview: 'postmortem.preview',
  create: 'postmortem.create',
  refresh: 'postmortem.refresh',
  searchIncidents: 'postmortem.searchIncidents',
} as const;

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
