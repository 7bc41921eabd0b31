import { workflowValidatorHandler } from './workflow-validator-handler';

/** manifest: jira:workflowValidator `resolution-ready` → function `resolution-ready-fn`. */
export const resolutionReadyValidator = workflowValidatorHandler('resolution-ready');
