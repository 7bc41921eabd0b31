import { workflowValidatorHandler } from './workflow-validator-handler';

/** manifest: jira:workflowValidator `closure` → function `closure-fn`. */
export const closureValidator = workflowValidatorHandler('closure');
