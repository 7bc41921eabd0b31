import { workflowValidatorHandler } from './workflow-validator-handler';

/** manifest: jira:workflowValidator `triage-complete` → function `triage-complete-fn`. */
export const triageCompleteValidator = workflowValidatorHandler('triage-complete');
