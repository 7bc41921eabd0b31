import { workflowValidatorHandler } from './workflow-validator-handler';

/** manifest: jira:workflowValidator `escalation-ready` → function `escalation-ready-fn`. */
export const escalationReadyValidator = workflowValidatorHandler('escalation-ready');
