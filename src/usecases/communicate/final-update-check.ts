import { z } from 'zod';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { AppStorage } from '../../adapters/storage/app-storage';
import { workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { levelOfJiraPriority } from '../../domain/priority/priority-override';
import { finalUpdateProblem } from '../../domain/workflow-rules/final-update-rule';
import { sameName } from '../../domain/workflow-rules/rule-verdict';
import { PrioritySettingsStore } from '../priority/priority-settings-store';
import type { ValidatorAnswer } from '../workflow/validate-transition';
import { ValidatorSettingsStore } from '../workflow/validator-settings-store';
import { loadCommunicationSettings } from './communication-settings-store';
import { UPDATES_PROPERTY, parseUpdatesProperty } from './update-records';

export interface FinalUpdateCheckDeps {
  /** asApp(): a workflow validator has no user session. */
  readonly jira: JiraClient;
  readonly storage: AppStorage;
}

/**
 * The closure validator's communication part (setting `requireResolvedUpdate`, on by default):
 * a P1/P2 moving into a closed status needs a final Resolved stakeholder update. Runs after the
 * closure rule allowed the move, so it costs its two reads (the issue with the update-marker
 * property, the statuses) only on a move the other checks let through.
 */
export async function checkFinalUpdate(
  deps: FinalUpdateCheckDeps,
  request: { issueKey: string; toStatusId: string },
): Promise<ValidatorAnswer> {
  const [comms, rules, { settings: prioritySettings }] = await Promise.all([
    loadCommunicationSettings(deps.storage),
    new ValidatorSettingsStore(deps.storage).load(),
    new PrioritySettingsStore(deps.storage).load(),
  ]);
  if (!comms.requireResolvedUpdate || !rules.ok || !rules.settings.closure.enabled) return { result: true };
  const [issue, statuses] = await Promise.all([
    deps.jira.getIssue(request.issueKey, { fields: ['issuetype', 'priority'], properties: [UPDATES_PROPERTY] }),
    deps.jira.getStatuses(),
  ]);
  const to = statuses.find((status) => status.id === request.toStatusId);
  if (to === undefined || !rules.settings.closure.closedStatusNames.some((name) => sameName(name, to.name))) return { result: true };
  const fields = z
    .object({ issuetype: z.object({ name: z.string() }), priority: z.object({ name: z.string() }).nullish() })
    .safeParse(issue.fields);
  if (!fields.success || workTypeOfIssueTypeName(fields.data.issuetype.name) !== 'incident') return { result: true };
  const level = levelOfJiraPriority(fields.data.priority?.name ?? null, prioritySettings);
  const latest = parseUpdatesProperty(issue.properties?.[UPDATES_PROPERTY])?.updates.at(-1) ?? null;
  const problem = finalUpdateProblem({ issueKey: request.issueKey, level, latestUpdateState: latest?.state ?? null }, true);
  return problem === null ? { result: true } : { result: false, errorMessage: `Incident ready to close: ${problem}` };
}
