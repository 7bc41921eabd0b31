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
