import { z } from 'zod';
import { IssueKey } from '../domain/incident/incident';
import type { PostmortemModel } from '../domain/postmortem/postmortem-model';

/**
 * The postmortem macro's (and its config panel's) resolver contract. Shared by `src/` and
 * `static/`: zod and pure domain types only. UI code imports the key constants and `import type`s.
 */
export const POSTMORTEM_RESOLVER_KEYS = {
  preview: 'postmortem.preview',
  create: 'postmortem.create',
  refresh: 'postmortem.refresh',
  searchIncidents: 'postmortem.searchIncidents',
} as const;

/** The macro's saved configuration (`view.submit({ config })` from the config panel). */
export const PostmortemMacroConfig = z.object({ issueKey: IssueKey });
export type PostmortemMacroConfig = z.infer<typeof PostmortemMacroConfig>;

// ---- Payloads ---------------------------------------------------------------------------------
// `issueKey` may be left out: the resolver then reads it from the macro's saved config.

export const PreviewPostmortemPayload = z.object({ issueKey: IssueKey.optional() });
export type PreviewPostmortemPayload = z.infer<typeof PreviewPostmortemPayload>;

/** The new page becomes a child of the page the macro sits on (from the macro's context). */
export const CreatePostmortemPayload = z.object({ issueKey: IssueKey.optional() });
export type CreatePostmortemPayload = z.infer<typeof CreatePostmortemPayload>;

export const RefreshPostmortemPayload = z.object({ issueKey: IssueKey.optional() });
export type RefreshPostmortemPayload = z.infer<typeof RefreshPostmortemPayload>;

export const SearchIncidentsPayload = z.object({
  query: z.string().max(200, 'expected at most 200 characters').default(''),
});
export type SearchIncidentsPayload = z.input<typeof SearchIncidentsPayload>;

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
