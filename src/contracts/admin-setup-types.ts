/**
 * The admin page's calls to the Incident setup resolver: keys and result types. No imports, so
 * static/admin-page can import it at run time; the zod schemas are in admin-setup.ts.
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

export interface SetupItem {
  /** Stable across runs (`field:impact`, `scheme:10010`), so the UI can key rows and match a rerun. */
  id: string;
  label: string;
}

export interface SetupSkipped extends SetupItem {
  reason: string;
}

export interface SetupFailure extends SetupItem {
  error: string;
}

export interface SetupPreview {
  existing: SetupItem[];
  planned: SetupItem[];
  skipped: SetupSkipped[];
}

export interface SetupReport {
  existing: SetupItem[];
  created: SetupItem[];
  /** Steps that failed; running setup again retries exactly these. */
  failed: SetupFailure[];
  skipped: SetupSkipped[];
}

export interface SetupProject {
  id: string;
  key: string;
  name: string;
  /** Team-managed projects keep their own issue types; setup cannot add types to them. */
  teamManaged: boolean;
}
