import { z } from 'zod';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraIssue } from '../../adapters/jira/jira-schemas';
import { type AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { REMINDED_LEVELS, cadenceLine, nextUpdateDue, reminderDecision } from '../../domain/communication/cadence';
import { normaliseJiraOffset } from '../../domain/incident/incident';
import { levelOfJiraPriority } from '../../domain/priority/priority-override';
import type { PriorityLevel } from '../../domain/priority/priority-level';
import { OPEN_INCIDENTS_JQL } from '../priority/open-incident-index';
import { PrioritySettingsStore } from '../priority/priority-settings-store';
import { loadCommunicationSettings } from './communication-settings-store';
import type { StakeholderNotifier } from './delivery-ports';
import { accountIdOf, loadRoleFieldIds } from './role-fields';
import { UPDATES_PROPERTY, parseUpdatesProperty } from './update-records';

/**
 * The due time each incident was last reminded for, one value for all open incidents (about 60
 * bytes each), pruned to the incidents of the latest run. Kept in app storage, not on the issue,
 * so a reminder costs no Jira write.
 */
export const REMINDERS_SENT = storageKey('comms-reminders-sent', z.object({ byIssue: z.record(z.string(), z.string()) }));

export interface ReminderDeps {
  /** As the app: a scheduled trigger has no user. */
  readonly appJira: JiraClient;
  readonly storage: AppStorage;
  readonly notifier: StakeholderNotifier;
  readonly now: () => string;
}

export interface ReminderRunSummary {
  /** Open P1/P2 incidents the search returned. */
  watched: number;
  overdue: number;
  reminded: Array<{ issueKey: string; accountId: string; overdueText: string }>;
  /** Overdue but with neither a communications manager nor an assignee to remind. */
  nobodyToRemind: string[];
  /** Reminders Jira refused (logged; tried again on the next run, since the period is not marked). */
  failed: string[];
}

/**
 * The cadence job (every 5 minutes). One JQL search as the app finds the open incidents whose
 * Jira priority maps to P1 or P2, asking in the same request for the few fields it needs and the
 * update-marker property (search/jql returns up to 5 properties per issue), so the Jira calls are
 * ceil(n / 100) searches plus one notify per reminder, never one read per incident. The due time
 * is derived from what Jira holds now (last update, its promised time, the current priority), so
 * a priority change needs no bookkeeping of its own. Chosen over a cadence record per incident in
 * app storage: that record would have to follow every priority change and resolution (events can
 * be missed), and an incident nobody has posted on yet, the one most in need of a reminder,
 * would have none.
 */
export async function remindOverdueUpdates(deps: ReminderDeps): Promise<ReminderRunSummary> {
  const now = deps.now();
  const [settings, { settings: prioritySettings }, fieldMap, roleFields, sent] = await Promise.all([
    loadCommunicationSettings(deps.storage),
    new PrioritySettingsStore(deps.storage).load(),
    loadIncidentFieldMap(deps.appJira, deps.storage),
    loadRoleFieldIds(deps.appJira, deps.storage),
    deps.storage.get(REMINDERS_SENT),
  ]);
  const summary: ReminderRunSummary = { watched: 0, overdue: 0, reminded: [], nobodyToRemind: [], failed: [] };
  const priorityNames = [
    ...new Set(REMINDED_LEVELS.filter((level) => settings.cadence[level] !== null).map((level) => prioritySettings.priorityMapping[level])),
  ];
  if (priorityNames.length === 0) return summary;

  const impactStartedId = fieldMap.impactStartedAt;
  const managerId = roleFields.communicationsManager;
  const fields = [
    'priority',
    'assignee',
    'created',
    'summary',
    ...(impactStartedId ? [impactStartedId] : []),
    ...(managerId ? [managerId] : []),
  ];
  const jql = `${OPEN_INCIDENTS_JQL} AND priority in (${priorityNames.map((name) => JSON.stringify(name)).join(', ')})`;
  const remindedBefore = sent?.byIssue ?? {};
  const remindedNow: Record<string, string> = {};

  for await (const issue of deps.appJira.searchJql({ jql, fields, maxResults: 100, properties: [UPDATES_PROPERTY] })) {
    summary.watched += 1;
    const facts = issueFacts(issue, { impactStartedId, managerId });
    const level = levelOfJiraPriority(facts.priorityName, prioritySettings);
    const latest = facts.updates.at(-1);
    if (latest?.state === 'Resolved') continue;
    const dueAt = nextUpdateDue(
      { level, lastUpdateAt: latest?.at ?? null, promisedNextAt: latest?.nextUpdateDueAt ?? null, startedAt: facts.startedAt },
      settings.cadence,
    );
    const previous = remindedBefore[issue.key] ?? null;
    if (previous !== null) remindedNow[issue.key] = previous;
    const decision = reminderDecision({ level, dueAt, remindedForDueAt: previous, now });
    if (dueAt !== null && Date.parse(dueAt) <= Date.parse(now)) summary.overdue += 1;
    if (!decision.remind) continue;
    const recipient = facts.communicationsManager ?? facts.assignee;
    if (recipient === null) {
      summary.nobodyToRemind.push(issue.key);
      continue;
    }
    const overdueText = cadenceLine(decision.periodDueAt, now, level).text;
    try {
      await deps.notifier.notify(issue.key, reminderEmail(issue.key, facts.summary, level, overdueText, recipient));
      remindedNow[issue.key] = decision.periodDueAt;
      summary.reminded.push({ issueKey: issue.key, accountId: recipient, overdueText });
    } catch (error) {
      console.warn(`cadence reminder for ${issue.key} failed; the next run tries again`, error);
      summary.failed.push(issue.key);
    }
  }
  await deps.storage.set(REMINDERS_SENT, { byIssue: remindedNow });
  return summary;
}

function reminderEmail(issueKey: string, summary: string, level: PriorityLevel | null, overdueText: string, accountId: string) {
  return {
    subject: `[${issueKey}] Stakeholder update ${overdueText.replace(/^update /, '')}`.slice(0, 255),
    textBody:
      `${issueKey} (${level ?? 'unprioritized'}): ${summary}\n\nThe next stakeholder update is ` +
      `${overdueText.replace(/^update /, '')}. Post one from the incident's panel.`,
    to: { users: [{ accountId }] },
  };
}

function issueFacts(issue: JiraIssue, ids: { impactStartedId: string | undefined; managerId: string | null }) {
  const fields = (issue.fields ?? {}) as Record<string, unknown>;
  const priorityName = z.object({ name: z.string() }).safeParse(fields.priority);
  const started = ids.impactStartedId ? fields[ids.impactStartedId] : undefined;
  const created = typeof fields.created === 'string' ? fields.created : new Date(0).toISOString();
  const properties = issue.properties ?? {};
  return {
    priorityName: priorityName.success ? priorityName.data.name : null,
    summary: typeof fields.summary === 'string' ? fields.summary : issue.key,
    startedAt: normaliseJiraOffset(typeof started === 'string' ? started : created),
    assignee: accountIdOf(fields.assignee),
    communicationsManager: ids.managerId ? accountIdOf(fields[ids.managerId]) : null,
    updates: parseUpdatesProperty(properties[UPDATES_PROPERTY])?.updates ?? [],
  };
}
