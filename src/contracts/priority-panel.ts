import { z } from 'zod';
import { BusinessImplication, IssueKey } from '../domain/incident/incident';
import { PriorityLevel } from '../domain/priority/priority-level';
import type * as Types from './priority-panel-types';
import type { Assert, SameShape } from './same-shape';

/**
 * The zod schemas of the priority panel's and the admin page's resolver payloads, and of the stored
 * assessment property. Keys, constants and result types are in the dependency-free
 * priority-panel-types.ts (the UI imports that one) and re-exported here for src/.
 */
export * from './priority-panel-types';

// ---- Payloads ---------------------------------------------------------------------------------

/** `issueKey` may be left out inside the issue panel: the resolver then takes it from the panel's context. */
export const ViewPriorityPayload = z.object({ issueKey: IssueKey.optional() });
export type ViewPriorityPayload = z.infer<typeof ViewPriorityPayload>;

export const AssessmentInput = z.object({
  impact: z.string().trim().min(1, 'expected an impact level'),
  urgency: z.string().trim().min(1, 'expected an urgency level'),
  affectedUsers: z.number().int('expected a whole number of users').min(0, 'expected 0 or more users').nullable(),
  businessImplications: z
    .array(BusinessImplication)
    .refine((values) => new Set(values).size === values.length, { message: 'expected each implication once' }),
});
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/**
 * Apply writes the assessment and the computed priority; with `override`, the person's chosen
 * Jira priority and their reason instead (the trigger then leaves the priority alone). Without
 * `override`, a previous override reason is cleared.
 */
export const ApplyPriorityPayload = z.object({
  issueKey: IssueKey.optional(),
  assessment: AssessmentInput,
  override: z
    .object({
      jiraPriorityName: z.string().trim().min(1, 'expected the name of a Jira priority'),
      reason: z
        .string()
        .trim()
        .min(1, 'expected a reason for overriding the computed priority')
        .max(255, 'expected at most 255 characters'),
    })
    .nullable()
    .default(null),
});
export type ApplyPriorityPayload = z.input<typeof ApplyPriorityPayload>;

export const GetPrioritySettingsPayload = z.object({}).optional();
/** `settings` is validated by the domain's settings schema, so its errors name the exact setting. */
export const SavePrioritySettingsPayload = z.object({ settings: z.unknown() });
export type SavePrioritySettingsPayload = z.infer<typeof SavePrioritySettingsPayload>;
export const ResetPrioritySettingsPayload = z
  .object({ matrixSize: z.union([z.literal(3), z.literal(4), z.literal(5)]).default(3) })
  .optional();
/** `settings`, when sent, is the admin's unsaved draft whose other values are kept; without it, the stored ones are. */
export const ChangeMatrixSizePayload = z.object({
  matrixSize: z.union([z.literal(3), z.literal(4), z.literal(5)], { error: 'expected 3, 4 or 5' }),
  settings: z.unknown().optional(),
});
export type ChangeMatrixSizePayload = z.infer<typeof ChangeMatrixSizePayload>;

// ---- The stored assessment property -------------------------------------------------------------

/** The value of the `incident-priority-assessment` issue property: what was applied, by whom, and why. */
export const StoredPriorityAssessment = z.object({
  version: z.literal(1),
  appliedAt: z.string(),
  appliedByAccountId: z.string().nullable(),
  source: z.enum(['panel', 'trigger']),
  assessment: z.object({
    impact: z.string().nullable(),
    urgency: z.string().nullable(),
    affectedUsers: z.number().int().nonnegative().nullable(),
    businessImplications: z.array(BusinessImplication),
  }),
  level: PriorityLevel.nullable(),
  jiraPriorityName: z.string(),
  reasons: z.array(z.string()),
  summary: z.string(),
  overrideReason: z.string().nullable(),
});
export type StoredPriorityAssessment = z.infer<typeof StoredPriorityAssessment>;

type _SchemasMatchTypes = [
  Assert<SameShape<z.input<typeof ViewPriorityPayload>, Types.ViewPriorityPayload>>,
  Assert<SameShape<z.input<typeof AssessmentInput>, Types.AssessmentInput>>,
  Assert<SameShape<ApplyPriorityPayload, Types.ApplyPriorityPayload>>,
];
