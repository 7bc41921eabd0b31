import { z } from 'zod';
import { PRIORITY_LEVELS, type PriorityLevel } from '../priority/priority-level';
import { CadenceTargets, defaultCadenceTargets } from './cadence';
import { UpdateTemplates, defaultUpdateTemplates } from './update-templates';

/** Jira group names to email per priority level, besides the incident's watchers. */
const GroupNames = z.array(z.string().trim().min(1, 'expected a group name')).max(10, 'expected at most 10 groups');
export const NotifyGroups = z.object(
  Object.fromEntries(PRIORITY_LEVELS.map((level) => [level, GroupNames])) as Record<PriorityLevel, typeof GroupNames>,
);
export type NotifyGroups = z.infer<typeof NotifyGroups>;

/** Statuspage ids are short lowercase alphanumerics (`kctbh9vrtdwd`). */
const StatuspageId = z.string().regex(/^[a-z0-9]{6,32}$/, 'expected a Statuspage id (6–32 lowercase letters and digits)');

export const StatuspageSettings = z.object({
  pageId: StatuspageId.nullable(),
  /** Jira component name → Statuspage component id. Components not mapped are not shown to customers. */
  componentMap: z.record(z.string().min(1), StatuspageId),
});
export type StatuspageSettings = z.infer<typeof StatuspageSettings>;

export const CommunicationSettings = z.object({
  version: z.literal(1),
  cadence: CadenceTargets,
  templates: UpdateTemplates,
  notifyGroups: NotifyGroups,
  /** The Confluence space (id) holding the Incident status page; null: no status page. */
  statusPageSpaceId: z.string().regex(/^\d+$/, 'expected a Confluence space id').nullable(),
  statuspage: StatuspageSettings,
  /** The closure validator refuses to close a P1/P2 without a final Resolved update. */
  requireResolvedUpdate: z.boolean(),
});
export type CommunicationSettings = z.infer<typeof CommunicationSettings>;

export function defaultCommunicationSettings(): CommunicationSettings {
  return {
    version: 1,
    cadence: defaultCadenceTargets(),
    templates: defaultUpdateTemplates(),
    notifyGroups: { P1: [], P2: [], P3: [], P4: [], P5: [] },
    statusPageSpaceId: null,
    statuspage: { pageId: null, componentMap: {} },
    requireResolvedUpdate: true,
  };
}

/** Statuspage component statuses (Statuspage API `component.status`). */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage';

/** The incident's priority shown on its components; a Resolved update puts them back to operational. */
export function componentStatusFor(level: PriorityLevel | null, state: string): ComponentStatus {
  if (state === 'Resolved') return 'operational';
  if (level === 'P1') return 'major_outage';
  if (level === 'P2') return 'partial_outage';
  return 'degraded_performance';
}
