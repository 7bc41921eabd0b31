/**
 * Contract violations recorded by every local site in this test file. The jest guard
 * (test/support/contract-guard.ts) fails the test that caused any, in afterEach.
 */
import { contractCounts } from './contract-counts';
import type { ContractViolation } from './spec-checker';

const pending: ContractViolation[] = [];

export function recordViolation(violation: ContractViolation): void {
  pending.push(violation);
}

/** Removes and returns what was recorded so far. */
export function takeViolations(): ContractViolation[] {
  return pending.splice(0, pending.length);
}

/** Drops specific violations (a test that provokes one on purpose acknowledges it). */
export function forgetViolations(toForget: readonly ContractViolation[]): void {
  for (const violation of toForget) {
    const index = pending.indexOf(violation);
    if (index >= 0) {
      pending.splice(index, 1);
      contractCounts().acknowledged += 1;
    }
  }
}
