/**
 * The incident roles of Atlassian's incident handbook the app adds as Jira user-picker fields:
 * the incident manager leads the response, the communications manager keeps stakeholders informed
 * (and is the one the cadence reminder goes to).
 */
export const INCIDENT_ROLE_KEYS = ['incidentManager', 'communicationsManager'] as const;
export type IncidentRoleKey = (typeof INCIDENT_ROLE_KEYS)[number];

export interface IncidentRoleField {
  readonly key: IncidentRoleKey;
  readonly name: string;
  readonly description: string;
}

export const INCIDENT_ROLE_FIELDS: readonly IncidentRoleField[] = [
  { key: 'incidentManager', name: 'Incident manager', description: 'Leads the response to the incident and makes the calls.' },
  {
    key: 'communicationsManager',
    name: 'Communications manager',
    description: 'Keeps stakeholders informed: posts updates on the cadence and gets the overdue reminders.',
  },
];

/** Jira's single user picker (`POST /rest/api/3/field` `type` and `searcherKey`). */
export const USER_PICKER_FIELD_TYPE = {
  type: 'com.atlassian.jira.plugin.system.customfieldtypes:userpicker',
  searcherKey: 'com.atlassian.jira.plugin.system.customfieldtypes:userpickergroupsearcher',
} as const;
