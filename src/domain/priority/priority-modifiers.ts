import { z } from 'zod';
import { BUSINESS_IMPLICATIONS } from '../incident/incident-fields';
import type { BusinessImplication } from '../incident/incident';
import { type PriorityLevel, levelRank, raiseLevel } from './priority-level';

/**
 * Modifiers raise the matrix level when the assessment shows more at stake than impact × urgency
 * say. Each applied modifier contributes its `raiseBy`; the total is capped at `maxRaise` levels
 * (default 1, so by default a modifier raises by at most one level; an admin may allow more).
 */
export const MAX_RAISE_LIMIT = 4;

const RaiseBy = z
  .number()
  .int('expected a whole number of levels')
  .min(0, 'expected 0 or more levels')
  .max(MAX_RAISE_LIMIT, `expected at most ${MAX_RAISE_LIMIT} levels`);

export const AffectedUsersThreshold = z.object({
  atLeast: z.number().int('expected a whole number of users').min(1, 'expected at least 1 user'),
  raiseBy: RaiseBy,
});
export type AffectedUsersThreshold = z.infer<typeof AffectedUsersThreshold>;

export const ModifierSettingsSchema = z.object({
  /** The highest threshold met applies (they do not add up). Listed in increasing `atLeast`. */
  affectedUsers: z.array(AffectedUsersThreshold).superRefine((thresholds, ctx) => {
    thresholds.forEach((threshold, index) => {
      const previous = thresholds[index - 1];
      if (previous !== undefined && threshold.atLeast <= previous.atLeast) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'atLeast'],
          message: `expected thresholds in increasing order: ${threshold.atLeast} is not above ${previous.atLeast}`,
        });
      }
    });
  }),
  /** Levels each business implication raises by; 0 ignores it. */
  implications: z.object({
    Security: RaiseBy,
    Financial: RaiseBy,
    Compliance: RaiseBy,
    'SLA at risk': RaiseBy,
  } satisfies Record<BusinessImplication, typeof RaiseBy>),
  maxRaise: RaiseBy,
});
export type ModifierSettings = z.infer<typeof ModifierSettingsSchema>;

export function defaultModifierSettings(): ModifierSettings {
  return {
    affectedUsers: [{ atLeast: 100, raiseBy: 1 }],
    implications: { Security: 1, Financial: 1, Compliance: 1, 'SLA at risk': 1 },
    maxRaise: 1,
  };
}

export interface ModifierInput {
  affectedUsers: number | null;
  businessImplications: readonly BusinessImplication[];
}

export interface AppliedModifier {
  kind: 'affectedUsers' | 'implication';
  /** Human text used in the reasons: "security implication", "1,500 affected users (at least 1,000)". */
  label: string;
  raiseBy: number;
}

export interface ModifiedLevel {
  level: PriorityLevel;
  /** Levels actually raised: min(sum of raiseBy, maxRaise, room above the matrix level). */
  raisedBy: number;
  applied: AppliedModifier[];
  /** True when the modifiers asked for more than `maxRaise` levels. */
  capped: boolean;
}

const IMPLICATION_LABELS: Record<BusinessImplication, string> = {
  Security: 'security implication',
  Financial: 'financial implication',
  Compliance: 'compliance implication',
  'SLA at risk': 'SLA at risk',
};

/** Thousands separators without Intl, so reasons read the same on every runtime locale. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function applyModifiers(matrixLevel: PriorityLevel, input: ModifierInput, settings: ModifierSettings): ModifiedLevel {
  const applied: AppliedModifier[] = [];
  if (input.affectedUsers !== null) {
    const users = input.affectedUsers;
    const met = settings.affectedUsers.filter((threshold) => users >= threshold.atLeast && threshold.raiseBy > 0).at(-1);
    if (met !== undefined) {
      applied.push({
        kind: 'affectedUsers',
        label: `${formatCount(users)} affected users (at least ${formatCount(met.atLeast)})`,
        raiseBy: met.raiseBy,
      });
    }
  }
  // Catalog order, not the order the user ticked them, so the reasons text is stable.
  for (const implication of BUSINESS_IMPLICATIONS) {
    const raiseBy = settings.implications[implication];
    if (input.businessImplications.includes(implication) && raiseBy > 0) {
      applied.push({ kind: 'implication', label: IMPLICATION_LABELS[implication], raiseBy });
    }
  }
  const requested = applied.reduce((sum, modifier) => sum + modifier.raiseBy, 0);
  const allowed = Math.min(requested, settings.maxRaise);
  const raisedBy = Math.min(allowed, levelRank(matrixLevel));
  return { level: raiseLevel(matrixLevel, raisedBy), raisedBy, applied, capped: requested > settings.maxRaise };
}
