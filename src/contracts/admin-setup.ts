import { z } from 'zod';

/**
 * The admin page's calls to the Incident setup resolver. Shared by src/ and static/admin-page:
 * keep it free of `@forge/*` and Node imports.
 */
export const ADMIN_SETUP_KEYS = {
  /** Read-only: what exists and what a run would create, for the picked projects. */
  preview: 'setup.preview',
  /** Creates what is missing; answers the report. */
  run: 'setup.run',
  /** Projects the admin can pick from. */
  projects: 'setup.projects',
} as const;
export type AdminSetupKey = (typeof ADMIN_SETUP_KEYS)[keyof typeof ADMIN_SETUP_KEYS];

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
