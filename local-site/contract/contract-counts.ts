/**
 * Per-worker state of the contract check. Jest gives every test file a fresh module registry, but
 * core modules are shared by all test files of a worker: state hung on one lives for the whole
 * worker, so the specs load once per worker and the counts add up across its test files.
 * This module imports nothing heavy, so the jest guard can read counts cheaply.
 */
import os from 'node:os';

export interface ContractCounts {
  requests: number;
  responses: number;
  /** Violations that failed a test (counted by the jest guard). */
  violations: number;
  /** Violations a test provoked on purpose and acknowledged. */
  acknowledged: number;
  /** Requests and responses checked per OpenAPI document (jira, confluence, statuspage). */
  byProduct: Record<string, { requests: number; responses: number }>;
}

interface WorkerState {
  counts: ContractCounts;
  cache: Map<string, unknown>;
}

export function workerState(): WorkerState {
  const holder = os as unknown as Record<symbol, WorkerState | undefined>;
  const key = Symbol.for('local-site.contract-state');
  let state = holder[key];
  if (!state) {
    state = { counts: { requests: 0, responses: 0, violations: 0, acknowledged: 0, byProduct: {} }, cache: new Map() };
    holder[key] = state;
  }
  return state;
}

export function contractCounts(): ContractCounts {
  return workerState().counts;
}

/** Counts one checked request or response of `product`. */
export function countCheck(product: string, what: 'requests' | 'responses'): void {
  const counts = workerState().counts;
  counts[what] += 1;
  // Older state (a worker that loaded this module before byProduct existed) gets the field here.
  counts.byProduct ??= {};
  const entry = (counts.byProduct[product] ??= { requests: 0, responses: 0 });
  entry[what] += 1;
}
