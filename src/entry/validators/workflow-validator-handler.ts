import { z } from 'zod';
import { JiraClient } from '../../adapters/jira/jira-client';
import { assessmentOf, computePriority } from '../../domain/priority/compute-priority';
import { defaultPrioritySettings } from '../../domain/priority/priority-settings';
import type { ValidatorModuleKey } from '../../domain/workflow-rules/recommended-workflow';
import type { ExpectedPriorityName } from '../../domain/workflow-rules/triage-complete-rule';
import { unavailableAnswer, validateTransition, type ValidateTransitionDependencies, type ValidatorAnswer, WorkflowValidatorPayload } from '../../usecases/validate-transition';
import { ValidatorSettingsStore } from '../../usecases/validator-settings-store';

/** Forge's second handler argument; `principal` is optional in the documented Context type. */
const InvocationContext = z.object({ principal: z.object({ accountId: z.string().min(1) }).nullish() }).passthrough();

/**
 * The matrix's priority under the default priority settings.
 * TODO(priority settings store): read the admin's stored priority settings once that store exists.
 */
async function loadExpectedPriorityName(): Promise<ExpectedPriorityName> {
  const settings = defaultPrioritySettings();
  return (incident) => {
    const computed = computePriority(assessmentOf(incident), settings);
    return computed.ok ? computed.value.jiraPriorityName : null;
  };
}

export function productionDependencies(): ValidateTransitionDependencies {
  return {
    // Only asApp() works in a workflow validator: there is no user session to ask for consent.
    jira: JiraClient.asApp(),
    loadSettings: () => new ValidatorSettingsStore().load(),
    loadExpectedPriorityName,
    now: () => new Date().toISOString(),
    warn: (message) => console.warn(message),
  };
}

/** A `jira:workflowValidator` function handler for one rule: parse, run the use case, answer. */
export function workflowValidatorHandler(rule: ValidatorModuleKey, dependencies: () => ValidateTransitionDependencies = productionDependencies) {
  return async (payload: unknown, context?: unknown): Promise<ValidatorAnswer> => {
    const deps = dependencies();
    const parsed = WorkflowValidatorPayload.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return unavailableAnswer(rule, `the validator payload is not what Jira documents (${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'})`, deps.warn);
    }
    const invocation = InvocationContext.safeParse(context ?? {});
    const actingAccountId = invocation.success ? (invocation.data.principal?.accountId ?? null) : null;
    const { issue, transition } = parsed.data;
    return validateTransition(rule, { issueKey: issue.key, toStatusId: transition.to.id, modifiedFields: transition.modifiedFields ?? {}, actingAccountId }, deps);
  };
}
