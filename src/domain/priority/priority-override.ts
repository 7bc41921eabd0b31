import type { Incident } from '../incident/incident';
import { PRIORITY_LEVELS, type PriorityLevel } from './priority-level';
import type { PrioritySettings } from './priority-settings';
import type { ComputedPriority } from './priority-rule';

/*
 * A priority set by hand instead of the computed one, and the level an incident actually carries
 * (its Jira priority read back through the settings' mapping, so a hand-set priority counts).
 */

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
