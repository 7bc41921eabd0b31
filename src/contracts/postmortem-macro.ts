import { z } from 'zod';
import { IssueKey } from '../domain/incident/incident';

/**
 * The zod schemas of the postmortem macro's (and its config panel's) resolver payloads. Keys and
 * result types are in the dependency-free postmortem-macro-types.ts (the UI imports that one) and
 * re-exported here for src/.
 */
export * from './postmortem-macro-types';

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
