import { z } from 'zod';
import type * as Types from './admin-setup-types';
import type { Assert, SameShape } from './same-shape';

/**
 * The zod schemas of the admin page's setup calls. The keys and the result types are in the
 * dependency-free admin-setup-types.ts (the UI imports that one); each schema is proven to match.
 */
export { ADMIN_SETUP_KEYS, type AdminSetupKey } from './admin-setup-types';

export const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'expected a project key like OPS');

export const SetupPayload = z.object({
  projectKeys: z.array(ProjectKey).max(100, 'pick at most 100 projects').default([]),
});
export type SetupPayload = z.infer<typeof SetupPayload>;

export const ProjectsPayload = z.object({ query: z.string().max(100).optional() });
export type ProjectsPayload = z.infer<typeof ProjectsPayload>;

export const SetupItemSchema = z.object({
  /** Stable across runs (`field:impact`, `scheme:10010`), so the UI can key rows and match a rerun. */
  id: z.string(),
  label: z.string(),
});
export type SetupItem = z.infer<typeof SetupItemSchema>;

export const SetupSkippedSchema = SetupItemSchema.extend({ reason: z.string() });
export const SetupFailureSchema = SetupItemSchema.extend({ error: z.string() });

export const SetupPreviewSchema = z.object({
  existing: z.array(SetupItemSchema),
  planned: z.array(SetupItemSchema),
  skipped: z.array(SetupSkippedSchema),
});
export type SetupPreview = z.infer<typeof SetupPreviewSchema>;

export const SetupReportSchema = z.object({
  existing: z.array(SetupItemSchema),
  created: z.array(SetupItemSchema),
  /** Steps that failed; running setup again retries exactly these. */
  failed: z.array(SetupFailureSchema),
  skipped: z.array(SetupSkippedSchema),
});
export type SetupReport = z.infer<typeof SetupReportSchema>;

export const SetupProjectSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  /** Team-managed projects keep their own issue types; setup cannot add types to them. */
  teamManaged: z.boolean(),
});
export type SetupProject = z.infer<typeof SetupProjectSchema>;

type _SchemasMatchTypes = [
  Assert<SameShape<SetupItem, Types.SetupItem>>,
  Assert<SameShape<SetupPreview, Types.SetupPreview>>,
  Assert<SameShape<SetupReport, Types.SetupReport>>,
  Assert<SameShape<SetupProject, Types.SetupProject>>,
];
