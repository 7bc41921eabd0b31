import { z } from 'zod';

/**
 * ITIL separates four kinds of work that often share one Jira project. Only incidents are
 * prioritized by the matrix and gated by the incident validators; the others pass untouched.
 */
export const WorkType = z.enum(['incident', 'problem', 'change', 'serviceRequest', 'other']);
export type WorkType = z.infer<typeof WorkType>;

/** Issue type names the app provisions (Incident, Problem) or recognises (Jira Service Management's names). */
export const ISSUE_TYPE_NAMES = {
  incident: 'Incident',
  problem: 'Problem',
  change: 'Change',
  serviceRequest: 'Service Request',
} as const;

export function workTypeOfIssueTypeName(name: string): WorkType {
  const normalised = name.trim().toLowerCase();
  if (normalised === 'incident') return 'incident';
  if (normalised === 'problem') return 'problem';
  if (normalised === 'change') return 'change';
  if (normalised === 'service request' || normalised === 'service request with approvals') return 'serviceRequest';
  return 'other';
}
