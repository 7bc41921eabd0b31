import { z } from 'zod';
import { BUSINESS_IMPLICATIONS } from './incident-fields';
import { WorkType } from './work-type';

/** An ISO-8601 timestamp with an offset (Jira sends `2026-11-26T10:15:00.000+0000`). */
export const Timestamp = z.string().refine((value) => !Number.isNaN(Date.parse(normaliseJiraOffset(value))), {
  message: 'expected an ISO-8601 date-time',
});

/** Jira writes offsets as `+0000`; `Date.parse` wants `+00:00`. */
export function normaliseJiraOffset(value: string): string {
  return value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

export const Person = z.object({
  accountId: z.string().min(1),
  displayName: z.string(),
});
export type Person = z.infer<typeof Person>;

export const BusinessImplication = z.enum(BUSINESS_IMPLICATIONS);
export type BusinessImplication = z.infer<typeof BusinessImplication>;

export const IssueKey = z.string().regex(/^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/, 'expected an issue key like INC-42');

/**
 * The incident as the app reasons about it: Jira's standard fields plus the app's incident
 * fields, already read from a Jira issue. Levels are the option names of the site's Impact and
 * Urgency fields; the priority settings say which names are valid and how they rank.
 */
export const Incident = z.object({
  id: z.string().min(1),
  key: IssueKey,
  workType: WorkType,
  issueTypeName: z.string(),
  projectKey: z.string(),
  summary: z.string(),
  /** Plain text of the ADF description; rendering code must treat it as text, never HTML. */
  description: z.string(),
  reporter: Person.nullable(),
  assignee: Person.nullable(),
  reportedAt: Timestamp,
  updatedAt: Timestamp,
  status: z.object({ id: z.string(), name: z.string(), categoryKey: z.enum(['new', 'indeterminate', 'done', 'undefined']) }),
  priority: z.object({ id: z.string(), name: z.string() }).nullable(),
  resolvedAt: Timestamp.nullable(),
  /** Jira's `statuscategorychangedate`: when the status last moved into another category (null if Jira did not send it). */
  statusCategoryChangedAt: Timestamp.nullable().default(null),
  category: z.string().nullable(),
  subcategory: z.string().nullable(),
  impact: z.string().nullable(),
  urgency: z.string().nullable(),
  affectedUsers: z.number().int().nonnegative().nullable(),
  impactStartedAt: Timestamp.nullable(),
  detectionSource: z.string().nullable(),
  businessImplications: z.array(BusinessImplication),
  initialDiagnosis: z.string().nullable(),
  escalationTier: z.string().nullable(),
  resolutionSummary: z.string().nullable(),
  serviceRestoredAt: Timestamp.nullable(),
  rootCause: z.string().nullable(),
  priorityOverrideReason: z.string().nullable(),
  labels: z.array(z.string()),
});
export type Incident = z.infer<typeof Incident>;
