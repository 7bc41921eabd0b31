import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { checkFinalUpdate } from '../../usecases/communicate/final-update-check';
import { WorkflowValidatorPayload } from '../../usecases/workflow/validate-transition';
import { workflowValidatorHandler } from './workflow-validator-handler';

const closureRule = workflowValidatorHandler('closure');

/**
 * manifest: jira:workflowValidator `closure` → function `closure-fn`. The closure rule first; when
 * it lets the move through, the final-Resolved-update requirement of the communication settings.
 * A failure of that second check lets the move through (logged): communication bookkeeping must
 * never lock an incident open.
 */
export async function closureValidator(payload: unknown, context?: unknown) {
  const answer = await closureRule(payload, context);
  if (!answer.result) return answer;
  const parsed = WorkflowValidatorPayload.safeParse(payload);
  if (!parsed.success) return answer;
  try {
    return await checkFinalUpdate(
      { jira: JiraClient.asApp(), storage: new AppStorage() },
      { issueKey: parsed.data.issue.key, toStatusId: parsed.data.transition.to.id },
    );
  } catch (error) {
    console.warn('closure: the final stakeholder update could not be checked; allowing the move', error);
    return answer;
  }
}
