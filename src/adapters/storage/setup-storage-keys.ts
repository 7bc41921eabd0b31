import { z } from 'zod';
import { IncidentFieldMap } from '../jira/incident-mapper';
import { storageKey } from './app-storage';

/** Written by the Incident setup; read by every feature that reads or writes incident fields. */
export const INCIDENT_FIELD_MAP = storageKey('setup:incident-field-map', IncidentFieldMap);

/** What the last setup run found or made, for features that link or create Incident/Problem issues. */
export const INCIDENT_SETUP_STATE = storageKey(
  'setup:state',
  z.object({
    issueTypeIds: z.object({ incident: z.string().optional(), problem: z.string().optional() }),
    /** The link type that reads "causes / is caused by" (ours, or Jira Service Management's). */
    causesLinkTypeName: z.string().nullable(),
    completedAt: z.string(),
    complete: z.boolean(),
  }),
);

/**
 * Held while a setup run executes, so two admins (or the install trigger and an admin) cannot
 * both create the same fields. The TTL frees it if a run dies mid-way (resolvers stop at 25 s,
 * triggers at 55 s).
 */
export const INCIDENT_SETUP_LOCK = storageKey('setup:run-lock', z.object({ startedAt: z.string() }));
export const INCIDENT_SETUP_LOCK_TTL_SECONDS = 120;
