import { z } from 'zod';
import { loadIncidentFieldMap } from '../../adapters/jira/incident-field-map';
import { JiraClient } from '../../adapters/jira/jira-client';
import { SiteStatusStore } from '../../adapters/jira/site-statuses';
import { AppStorage } from '../../adapters/storage/app-storage';
import { assessmentOf, computePriority } from '../../domain/priority/priority-rule';
import type { PrioritySettings } from '../../domain/priority/priority-settings';
import type { ValidatorModuleKey } from '../../domain/workflow-rules/recommended-workflow';
import type { ExpectedPriorityName } from '../../domain/workflow-rules/triage-complete-rule';
import { recordedPostmortemPageId } from '../../usecases/postmortem/postmortem-page-record';
import { PrioritySettingsInvalidError, PrioritySettingsStore } from '../../usecases/priority/priority-settings-store';
import {
  unavailableAnswer,
  validateTransition,
  ValidationUnavailableError,
  type ValidateTransitionDependencies,
  type ValidatorAnswer,
  WorkflowValidatorPayload,
} from '../../usecases/workflow/validate-transition';
import { ValidatorSettingsStore } from '../../usecases/workflow/validator-settings-store';
import { payloadProblem } from '../entry-point';

/** Forge's second handler argument; `principal` is optional in the documented Context type. */
const InvocationContext = z.object({ principal: z.object({ accountId: z.string().min(1) }).nullish() }).passthrough();

/** The Jira priority the priority panel would set: the matrix with modifiers, under the admin's priority settings. */
export function expectedPriorityNameUnder(settings: PrioritySettings): ExpectedPriorityName {
  return (incident) => {
    const computed = computePriority(assessmentOf(incident), settings);
    return computed.ok ? computed.value.jiraPriorityName : null;
  };
}

async function loadExpectedPriorityName(storage: AppStorage): Promise<ExpectedPriorityName> {
  try {
    return expectedPriorityNameUnder((await new PrioritySettingsStore(storage).load()).settings);
  } catch (error) {
    if (error instanceof PrioritySettingsInvalidError)
      throw new ValidationUnavailableError(
        `the priority settings are unreadable (${error.field}: ${error.reason}); an admin can reset them on the Incident response ` +
          `admin page`,
      );
    throw error;
  }
}

export function productionDependencies(): ValidateTransitionDependencies {
  // Only asApp() works in a workflow validator: there is no user session to ask for consent.
  const jira = JiraClient.asApp();
  const storage = new AppStorage();
  const now = () => new Date().toISOString();
  const warn = (message: string) => console.warn(message);
  return {
    jira,
    siteStatuses: new SiteStatusStore(jira, storage, now, warn),
    loadSettings: () => new ValidatorSettingsStore(storage).load(),
    loadFieldMap: () => loadIncidentFieldMap(jira, storage),
    loadExpectedPriorityName: () => loadExpectedPriorityName(storage),
    loadRecordedPostmortemPageId: (issueKey) => recordedPostmortemPageId(storage, issueKey),
    now,
    warn,
  };
}

/** A `jira:workflowValidator` function handler for one rule: parse, run the use case, answer. */
export function workflowValidatorHandler(
  rule: ValidatorModuleKey,
  dependencies: () => ValidateTransitionDependencies = productionDependencies,
) {
  return async (payload: unknown, context?: unknown): Promise<ValidatorAnswer> => {
    const deps = dependencies();
    const parsed = WorkflowValidatorPayload.safeParse(payload);
    if (!parsed.success) {
      return unavailableAnswer(
        rule,
        `the validator payload is not what Jira documents (${payloadProblem(parsed.error).message})`,
        deps.warn,
      );
    }
    const invocation = InvocationContext.safeParse(context ?? {});
    const actingAccountId = invocation.success ? (invocation.data.principal?.accountId ?? null) : null;
    const { issue, transition } = parsed.data;
    return validateTransition(
      rule,
      { issueKey: issue.key, toStatusId: transition.to.id, modifiedFields: transition.modifiedFields ?? {}, actingAccountId },
      deps,
    );
  };
}
