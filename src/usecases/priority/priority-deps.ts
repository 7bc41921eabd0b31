import type { IncidentFieldMap } from '../../adapters/jira/incident-mapper';
import { incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { PRIORITY_ASSESSMENT_PROPERTY } from '../../contracts/priority-panel';
import { OpenIncidentIndex } from './open-incident-index';
import { PrioritySettingsStore } from './priority-settings-store';
import { syncMatrixLevelOptions } from './sync-level-options';

/**
 * What the priority use cases run against. `userJira` acts with the viewer's permissions (Jira
 * decides what they may see and edit); `appJira` only reads site configuration and keeps the
 * ranking index, whose entries are never shown without a browse check as the user.
 */
export interface PriorityDeps {
  readonly userJira: JiraClient;
  readonly appJira: JiraClient;
  readonly storage: AppStorage;
  /** ISO-8601; the use cases read no clock themselves. */
  readonly now: () => string;
}

export function productionPriorityDeps(): PriorityDeps {
  return { userJira: JiraClient.asUser(), appJira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date().toISOString() };
}

export function openIncidentIndex(deps: PriorityDeps): OpenIncidentIndex {
  return new OpenIncidentIndex(deps.storage, deps.appJira);
}

export function prioritySettingsStore(deps: PriorityDeps): PrioritySettingsStore {
  const index = openIncidentIndex(deps);
  // As the app: changing field options needs manage:jira-configuration, and only admins get this far.
  return new PrioritySettingsStore(
    deps.storage,
    () => index.invalidate(deps.now()),
    (matrix) => syncMatrixLevelOptions(deps.appJira, deps.storage, matrix),
  );
}

/** Everything the priority feature needs from the issue, in one request. */
export function priorityIssueRequest(fieldMap: IncidentFieldMap, options: { editmeta: boolean }) {
  return {
    fields: incidentIssueFieldIds(fieldMap),
    properties: [PRIORITY_ASSESSMENT_PROPERTY],
    ...(options.editmeta ? { expand: ['editmeta'] } : {}),
  };
}

/**
 * The same request before the field ids are known: every field (Jira's `*all`), mapped with the
 * stored field map afterwards, so the GET need not wait for a storage read. Still one issue (the
 * same rate-limit points); the answer also carries the site's other fields of the issue.
 */
export function priorityIssueRequestAllFields(options: { editmeta: boolean }) {
  return {
    fields: ['*all'],
    properties: [PRIORITY_ASSESSMENT_PROPERTY],
    ...(options.editmeta ? { expand: ['editmeta'] } : {}),
  };
}
