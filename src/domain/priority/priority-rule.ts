import { z } from 'zod';
import { BusinessImplication, type Incident } from '../incident/incident';
import { type PriorityLevel, type PriorityOutcome, problemOf } from './priority-level';
import { matrixLevel } from './priority-matrix';
import { type AppliedModifier, applyModifiers } from './priority-modifiers';
import type { PrioritySettings } from './priority-settings';

/*
 * The priority rule: an assessment (impact, urgency, affected users, business implications)
 * gives a level by the matrix, raised by the modifiers under their cap, and the site's Jira
 * priority for that level, with the reasons a person reads.
 */

/** The inputs of the priority rule, as the panel edits them and the incident fields hold them. */
export const PriorityAssessment = z.object({
  impact: z.string().nullable(),
  urgency: z.string().nullable(),
  affectedUsers: z.number().int('expected a whole number of users').min(0, 'expected 0 or more users').nullable(),
  businessImplications: z.array(BusinessImplication),
});
export type PriorityAssessment = z.infer<typeof PriorityAssessment>;

export interface ComputedPriority {
  matrixLevel: PriorityLevel;
  level: PriorityLevel;
  raisedBy: number;
  capped: boolean;
  modifiers: AppliedModifier[];
  /** The site's priority for `level`, from the settings' mapping. */
  jiraPriorityName: string;
  /** One line each: how the matrix placed it, then what raised it. */
  reasons: string[];
  /** `reasons` joined: "P2 from matrix; raised to P1: security implication". */
  summary: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function reasonsFor(
  matrix: PriorityLevel,
  level: PriorityLevel,
  raisedBy: number,
  capped: boolean,
  maxRaise: number,
  modifiers: readonly AppliedModifier[],
): string[] {
  const reasons = [`${matrix} from matrix`];
  if (modifiers.length === 0) return reasons;
  const labels = modifiers.map((modifier) => modifier.label).join(', ');
  if (raisedBy > 0) {
    reasons.push(`raised to ${level}: ${labels}${capped ? ` (capped at ${plural(maxRaise, 'level')})` : ''}`);
  } else if (matrix === 'P1') {
    reasons.push(`not raised, already the highest level: ${labels}`);
  } else {
    reasons.push(`not raised, modifiers are limited to ${plural(maxRaise, 'level')}: ${labels}`);
  }
  return reasons;
}

/** The priority rule: matrix cell, then modifiers under the cap. Bad input names its field. */
export function computePriority(assessment: PriorityAssessment, settings: PrioritySettings): PriorityOutcome<ComputedPriority> {
  if (assessment.affectedUsers !== null && (!Number.isInteger(assessment.affectedUsers) || assessment.affectedUsers < 0)) {
    return problemOf('affectedUsers', `expected a whole number of users, 0 or more, got ${assessment.affectedUsers}`);
  }
  const fromMatrix = matrixLevel(settings.matrix, assessment.impact, assessment.urgency);
  if (!fromMatrix.ok) return fromMatrix;
  const modified = applyModifiers(fromMatrix.value, assessment, settings.modifiers);
  const reasons = reasonsFor(
    fromMatrix.value,
    modified.level,
    modified.raisedBy,
    modified.capped,
    settings.modifiers.maxRaise,
    modified.applied,
  );
  return {
    ok: true,
    value: {
      matrixLevel: fromMatrix.value,
      level: modified.level,
      raisedBy: modified.raisedBy,
      capped: modified.capped,
      modifiers: modified.applied,
      jiraPriorityName: settings.priorityMapping[modified.level],
      reasons,
      summary: reasons.join('; '),
    },
  };
}

export function assessmentOf(incident: Incident): PriorityAssessment {
  return {
    impact: incident.impact,
    urgency: incident.urgency,
    affectedUsers: incident.affectedUsers,
    businessImplications: incident.businessImplications,
  };
}
