import { z } from 'zod';
import { BusinessImplication, type Incident } from '../incident/incident';
import { PRIORITY_LEVELS, type PriorityLevel, type PriorityOutcome, problemOf } from './priority-level';
import { matrixLevel } from './priority-matrix';
import { type AppliedModifier, applyModifiers } from './priority-modifiers';
import type { PrioritySettings } from './priority-settings';
import type { RankEntry } from './incident-ranking';
import { type SlaStatus, type SlaStop, UNPRIORITIZED_SLA, slaStatus, slaStopOf, toEpochMs } from './sla-clock';

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

function reasonsFor(matrix: PriorityLevel, level: PriorityLevel, raisedBy: number, capped: boolean, maxRaise: number, modifiers: readonly AppliedModifier[]): string[] {
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
  const reasons = reasonsFor(fromMatrix.value, modified.level, modified.raisedBy, modified.capped, settings.modifiers.maxRaise, modified.applied);
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

/** A hand-set priority is kept only when the person said why (the Priority override reason field). */
export function overrideReasonOf(incident: Incident): string | null {
  const reason = incident.priorityOverrideReason?.trim() ?? '';
  return reason === '' ? null : reason;
}

/** The first level mapped to the Jira priority name (sites with fewer priorities map several levels to one). */
export function levelOfJiraPriority(name: string | null, settings: PrioritySettings): PriorityLevel | null {
  if (name === null) return null;
  return PRIORITY_LEVELS.find((level) => settings.priorityMapping[level] === name) ?? null;
}

/**
 * The level the incident actually carries: its Jira priority read back through the mapping (so a
 * hand-set priority counts), else the computed level, else null (no usable assessment yet).
 */
export function effectiveLevel(incident: Incident, computed: ComputedPriority | null, settings: PrioritySettings): PriorityLevel | null {
  return levelOfJiraPriority(incident.priority?.name ?? null, settings) ?? computed?.level ?? null;
}

export function isOpenIncident(incident: Incident): boolean {
  return incident.workType === 'incident' && incident.status.categoryKey !== 'done';
}

/** The SLA clock runs from when harm began if that is recorded, else from the issue's creation. */
export function slaStartOf(incident: Incident): string {
  return incident.impactStartedAt ?? incident.reportedAt;
}

/**
 * When the incident's SLA clock stopped, by the one stop rule (`slaStopOf`), from the issue's own
 * fields: every reader (panel, incident list, validators, postmortem) reads these, so they agree.
 * `enteredDoneAt` defaults to Jira's `statuscategorychangedate`; only a reader that has the
 * changelog and finds that field missing passes another.
 */
export function slaStopOfIncident(incident: Incident, enteredDoneAt: string | null = incident.statusCategoryChangedAt): SlaStop {
  return slaStopOf({
    statusCategoryKey: incident.status.categoryKey,
    serviceRestoredAt: incident.serviceRestoredAt,
    resolutionDate: incident.resolvedAt,
    enteredDoneAt,
  });
}

/**
 * The level the SLA clock runs for: none until the incident is prioritized, that is its assessment
 * places it in the matrix, or someone set the priority by hand and said why. The priority Jira
 * gives every new issue by default is not a prioritization, so it starts no clock.
 */
export function slaLevelOf(incident: Incident, computed: ComputedPriority | null, settings: PrioritySettings): PriorityLevel | null {
  if (computed === null && overrideReasonOf(incident) === null) return null;
  return effectiveLevel(incident, computed, settings);
}

export function slaOf(incident: Incident, level: PriorityLevel | null, settings: PrioritySettings, now: string): SlaStatus {
  if (level === null) return UNPRIORITIZED_SLA;
  return slaStatus({ level, startedAt: slaStartOf(incident), at: now, stop: slaStopOfIncident(incident) }, settings.slaTargets);
}

/** The incident's SLA clock at `now`, its level chosen by `slaLevelOf`. */
export function incidentSla(incident: Incident, settings: PrioritySettings, now: string): { level: PriorityLevel | null; sla: SlaStatus } {
  const computed = computePriority(assessmentOf(incident), settings);
  const level = slaLevelOf(incident, computed.ok ? computed.value : null, settings);
  return { level, sla: slaOf(incident, level, settings, now) };
}

export function rankEntryOf(incident: Incident, settings: PrioritySettings): RankEntry {
  const computed = computePriority(assessmentOf(incident), settings);
  const level = effectiveLevel(incident, computed.ok ? computed.value : null, settings);
  // The due time does not depend on `at`; reportedAt is a valid instant to evaluate at.
  const sla = slaOf(incident, level, settings, incident.reportedAt);
  return {
    key: incident.key,
    projectKey: incident.projectKey,
    priorityLevel: level,
    slaDueAt: sla.dueAt,
    affectedUsers: incident.affectedUsers,
    createdAt: new Date(toEpochMs(incident.reportedAt, 'reportedAt')).toISOString(),
  };
}

/** What the issue-event trigger should do about an incident's priority, and why. */
export type AutomaticPriorityDecision =
  | { action: 'skip'; why: 'notIncident' | 'closed' }
  | { action: 'skip'; why: 'incompleteAssessment'; field: string; message: string }
  | { action: 'keepOverride'; overrideReason: string }
  | { action: 'none'; computed: ComputedPriority }
  | { action: 'write'; computed: ComputedPriority };

export function decideAutomaticPriority(incident: Incident, settings: PrioritySettings): AutomaticPriorityDecision {
  if (incident.workType !== 'incident') return { action: 'skip', why: 'notIncident' };
  if (incident.status.categoryKey === 'done') return { action: 'skip', why: 'closed' };
  const overrideReason = overrideReasonOf(incident);
  if (overrideReason !== null) return { action: 'keepOverride', overrideReason };
  const computed = computePriority(assessmentOf(incident), settings);
  if (!computed.ok) return { action: 'skip', why: 'incompleteAssessment', ...computed.problem };
  if (incident.priority?.name === computed.value.jiraPriorityName) return { action: 'none', computed: computed.value };
  return { action: 'write', computed: computed.value };
}
