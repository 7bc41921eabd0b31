import type { ErrorCode } from '../contracts/resolver-result';

/**
 * A use case's refusal the person can act on (not an Incident, nothing to refresh yet, Jira refused
 * the edit). Use cases throw it and return plain data; the entry layer (src/entry/entry-point.ts)
 * answers it with its code, message and field as they are.
 */
export class UseCaseRefusal extends Error {
  override readonly name: string = 'UseCaseRefusal';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The payload field at fault, as a dotted path. */
    readonly field?: string,
  ) {
    super(message);
  }
}
