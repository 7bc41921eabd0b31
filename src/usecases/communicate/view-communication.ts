import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { incidentFromJiraIssue, incidentIssueFieldIds } from '../../adapters/jira/incident-mapper';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { AppStorage } from '../../adapters/storage/app-storage';
import type { CommunicationView, PersonView } from '../../contracts/communication';
import { cadenceLine, nextUpdateDue } from '../../domain/communication/cadence';
import { UPDATE_STATES, type UpdateState } from '../../domain/communication/stakeholder-update';
import { renderUpdateTemplate } from '../../domain/communication/update-templates';
import { slaStartOf } from '../../domain/priority/sla-for-incident';
import { PrioritySettingsStore } from '../priority/priority-settings-store';
import { UseCaseRefusal } from '../use-case-refusal';
import { loadCommunicationSettings } from './communication-settings-store';
import { componentNames, levelOf } from './post-stakeholder-update';
import { loadRoleFieldIds } from './role-fields';
import { UPDATES_PROPERTY, parseUpdatesProperty } from './update-records';
import { z } from 'zod';

export interface ViewCommunicationDeps {
  /** As the viewer: the section shows only an incident they may browse. */
  readonly userJira: JiraClient;
  /** Site configuration only (field ids, time zone). */
  readonly appJira: JiraClient;
  readonly storage: AppStorage;
  readonly now: () => string;
}

const FALLBACK_NEXT_UPDATE_MINUTES = 30;

/**
 * The communication section of the incident panel: roles, the latest update, the cadence line
 * and the form's prefilled templates. Jira calls: the issue as the viewer (fields and the
 * update-marker property in one GET) and the site's time zone; settings and field ids come from
 * app storage.
 */
export async function viewCommunication(
  deps: ViewCommunicationDeps,
  input: { issueKey: string; viewerAccountId: string | null },
): Promise<CommunicationView> {
  const now = deps.now();
  const [settings, { settings: prioritySettings }, fieldMap, roleFields, serverInfo] = await Promise.all([
    loadCommunicationSettings(deps.storage),
    new PrioritySettingsStore(deps.storage).load(),
    loadIncidentFieldMap(deps.appJira, deps.storage),
    loadRoleFieldIds(deps.appJira, deps.storage),
    deps.appJira.getServerInfo(),
  ]);
  const roleIds = [roleFields.incidentManager, roleFields.communicationsManager].filter((id): id is string => id !== null);
  const issue = await deps.userJira.getIssue(input.issueKey, {
    fields: [...incidentIssueFieldIds(fieldMap), 'components', ...roleIds],
    properties: [UPDATES_PROPERTY],
  });
  const incident = incidentFromJiraIssue(issue, fieldMap);
  if (incident.workType !== 'incident')
    throw new UseCaseRefusal(
      'NOT_INCIDENT',
      `${incident.key} is a ${incident.issueTypeName}, not an Incident: stakeholder updates are for incidents.`,
    );
  const level = levelOf(incident, prioritySettings);
  const updates = parseUpdatesProperty(issue.properties?.[UPDATES_PROPERTY])?.updates ?? [];
  const latest = updates.at(-1) ?? null;
  const resolved = latest?.state === 'Resolved' || incident.status.categoryKey === 'done';
  const dueAt = resolved
    ? null
    : nextUpdateDue(
        { level, lastUpdateAt: latest?.at ?? null, promisedNextAt: latest?.nextUpdateDueAt ?? null, startedAt: slaStartOf(incident) },
        settings.cadence,
      );
  const target = level === null ? null : settings.cadence[level];
  const suggestedNextUpdateAt = new Date(Date.parse(now) + (target ?? FALLBACK_NEXT_UPDATE_MINUTES) * 60_000).toISOString();
  const siteTimeZone = serverInfo.serverTimeZone ?? 'UTC';
  const facts = { key: incident.key, summary: incident.summary, impact: incident.impact, priority: level, siteTimeZone };
  const templates = Object.fromEntries(
    UPDATE_STATES.map((state) => [
      state,
      renderUpdateTemplate(settings.templates[state], { ...facts, nextUpdateDueAt: state === 'Resolved' ? null : suggestedNextUpdateAt }),
    ]),
  ) as Record<UpdateState, string>;
  const fields = (issue.fields ?? {}) as Record<string, unknown>;
  const person = (fieldId: string | null): PersonView | null => {
    if (fieldId === null) return null;
    const parsed = z.object({ accountId: z.string().min(1), displayName: z.string() }).safeParse(fields[fieldId]);
    return parsed.success ? parsed.data : null;
  };
  return {
    issueKey: incident.key,
    level,
    roles:
      roleFields.incidentManager === null || roleFields.communicationsManager === null
        ? null
        : { incidentManager: person(roleFields.incidentManager), communicationsManager: person(roleFields.communicationsManager) },
    viewerAccountId: input.viewerAccountId,
    latestUpdate:
      latest === null
        ? null
        : { id: latest.id, state: latest.state, audience: latest.audience, at: latest.at, nextUpdateDueAt: latest.nextUpdateDueAt },
    updateCount: updates.length,
    cadence: resolved ? { state: 'none', text: 'no further update due: the incident is resolved' } : cadenceLine(dueAt, now, level),
    components: componentNames(issue),
    templates,
    suggestedNextUpdateAt,
    statuspageConfigured: settings.statuspage.pageId !== null,
  };
}

/**
 * "I'll manage comms": the person puts themselves in a role field, as themselves (Jira checks
 * they may edit the incident and records who did it). Setting the same person again is harmless.
 */
export async function takeIncidentRole(
  deps: ViewCommunicationDeps,
  input: { issueKey: string; role: 'incidentManager' | 'communicationsManager'; accountId: string | null },
): Promise<CommunicationView> {
  if (input.accountId === null) throw new UseCaseRefusal('FORBIDDEN', 'Only a signed-in person can take an incident role.');
  const roleFields = await loadRoleFieldIds(deps.appJira, deps.storage);
  const fieldId = roleFields[input.role];
  if (fieldId === null)
    throw new UseCaseRefusal(
      'CONFLICT',
      "The incident role fields do not exist yet: a Jira admin runs Incident setup on the app's admin page to add them.",
      'role',
    );
  await deps.userJira.updateIssue(input.issueKey, { fields: { [fieldId]: { accountId: input.accountId } } });
  return viewCommunication(deps, { issueKey: input.issueKey, viewerAccountId: input.accountId });
}
