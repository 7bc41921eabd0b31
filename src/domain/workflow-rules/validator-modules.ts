import type { ValidatorModuleKey } from './recommended-workflow';

/**
 * What happens when a validator cannot do its check (Jira unreachable, settings unreadable):
 * `open` lets the transition through (and logs why), `closed` blocks it with a message naming the problem.
 */
export type FailureMode = 'open' | 'closed';

export interface ValidatorModule {
  /** `jira:workflowValidator` key in manifest.yml. */
  readonly moduleKey: ValidatorModuleKey;
  /** The `function` module key and the `src/index.ts` export it names. */
  readonly functionKey: string;
  readonly handlerExport: string;
  readonly failureMode: FailureMode;
  /** Why this failure mode: restated in docs/workflow-validators.md. */
  readonly failureModeReason: string;
}

export const VALIDATOR_MODULES: readonly ValidatorModule[] = [
  {
    moduleKey: 'triage-complete',
    functionKey: 'triage-complete-fn',
    handlerExport: 'triageCompleteValidator',
    failureMode: 'open',
    failureModeReason:
      'Starting work on an incident must not wait for the app; the priority panel still shows an incomplete triage afterwards.',
  },
  {
    moduleKey: 'escalation-ready',
    functionKey: 'escalation-ready-fn',
    handlerExport: 'escalationReadyValidator',
    failureMode: 'open',
    failureModeReason:
      'Escalating is how responders get help; an app outage must never stop it. The tier history stays in the changelog for review.',
  },
  {
    moduleKey: 'resolution-ready',
    functionKey: 'resolution-ready-fn',
    handlerExport: 'resolutionReadyValidator',
    failureMode: 'closed',
    failureModeReason:
      'Service is already restored, so retrying a minute later costs little, while a wrongly resolved incident stops its SLA clock ' +
      'and drops out of the open queue.',
  },
  {
    moduleKey: 'closure',
    functionKey: 'closure-fn',
    handlerExport: 'closureValidator',
    failureMode: 'closed',
    failureModeReason:
      'Closing is the final audit gate (reporter confirmation, postmortem, who closed); nothing is urgent about it, so unverified ' +
      'closure is refused.',
  },
];

export function validatorModule(moduleKey: ValidatorModuleKey): ValidatorModule {
  const found = VALIDATOR_MODULES.find((module) => module.moduleKey === moduleKey);
  if (!found) throw new Error(`No validator module "${moduleKey}"`);
  return found;
}
