export { triageCompleteValidator } from './triage-complete-validator';
export { escalationReadyValidator } from './escalation-ready-validator';
export { resolutionReadyValidator } from './resolution-ready-validator';
export { closureValidator } from './closure-validator';
