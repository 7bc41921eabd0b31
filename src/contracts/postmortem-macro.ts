import { z } from 'zod';
import { IssueKey } from '../domain/incident/incident';
import { DOCUMENT_STATUSES } from '../domain/postmortem/postmortem-source';
import type { Assert, SameShape } from './same-shape';
import type * as Types from './postmortem-macro-types';

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

/** Follow-up work often lives in a team's project rather than the incident's; absent: the incident's project. */
const ProjectKey = z
  .string()
  .trim()
  .regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'expected a Jira project key like OPS');

export const SearchOwnersPayload = z.object({
  issueKey: IssueKey.optional(),
  projectKey: ProjectKey.optional(),
  query: z.string().trim().min(1, 'expected at least one character of a name or email').max(100, 'expected at most 100 characters'),
});
export type SearchOwnersPayload = z.input<typeof SearchOwnersPayload>;

/** A calendar date as Jira's `duedate` takes it, and a real one (no 2026-02-30). */
const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'expected a real calendar date');

/**
 * "Add action item": a Jira Task in `projectKey` (default: the incident's project), linked to the incident. `requestId` is made by
 * the form once per action item it shows, so a retry or a double click creates one Task.
 */
export const AddActionItemPayload = z.object({
  issueKey: IssueKey.optional(),
  projectKey: ProjectKey.optional(),
  requestId: z.string().regex(/^[A-Za-z0-9-]{16,64}$/, "expected the form's request id (16 to 64 letters, digits or dashes)"),
  summary: z
    .string()
    .trim()
    .min(1, 'expected a summary')
    .max(255, "expected at most 255 characters (Jira's limit for a summary)")
    .refine((value) => !/[\r\n]/.test(value), 'expected one line'),
  ownerAccountId: z.string().trim().min(1, 'expected an owner').max(128, 'expected an account id'),
  dueDate: CalendarDate,
});
type AddActionItemInput = z.input<typeof AddActionItemPayload>;

export const SetDocumentStatusPayload = z.object({
  issueKey: IssueKey.optional(),
  status: z.enum(DOCUMENT_STATUSES, { error: `expected one of ${DOCUMENT_STATUSES.join(', ')}` }),
});
export type SetDocumentStatusPayload = z.input<typeof SetDocumentStatusPayload>;

/** The hand-written type the UI imports describes exactly what the schema accepts. */
export type ContractChecks = [Assert<SameShape<AddActionItemInput, Types.AddActionItemPayload>>];
