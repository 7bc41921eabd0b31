import type { ContractViolation } from './spec-checker';

/** One line per violation: kind, request, operation, status and the validator's findings. */
export function describeViolation(violation: ContractViolation): string {
  const where = `${violation.method} ${violation.path}${violation.operationId ? ` (${violation.operationId})` : ''}${violation.status ? ` → ${violation.status}` : ''}`;
  return `${violation.kind} ${where}: ${violation.errors.join('; ')}`;
}
