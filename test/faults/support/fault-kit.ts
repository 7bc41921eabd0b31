/**
 * Shared pieces of the fault, load and security suites: a started bench site with an exchange
 * recorder, a virtual clock for retry waits (so a 20 s retry budget costs no real time), and
 * readers of an incident's stored state.
 */
import type { RetryPolicy } from '../../../src/adapters/http/retry-policy';
import { PRIORITY_ASSESSMENT_PROPERTY } from '../../../src/contracts/priority-panel';
import { fieldId, startBenchForge, type BenchForge } from '../../../bench/support/bench-site';
import { recordExchanges, type ExchangeRecorder } from '../../../bench/support/exchange-recorder';
import { ProductApiError } from '../../../src/adapters/http/product-api-error';

export interface FaultSite {
  forge: BenchForge;
  recorder: ExchangeRecorder;
  dispose(): Promise<void>;
}

export async function startFaultSite(): Promise<FaultSite> {
  const forge = await startBenchForge();
  const recorder = recordExchanges(forge.site);
  return {
    forge,
    recorder,
    async dispose() {
      recorder.stop();
      await forge.dispose();
    },
  };
}

/** Retry waits recorded on a virtual clock: `sleeps` lists each wait, `elapsed` their sum. */
export function virtualRetryClock(start = Date.parse('2026-11-26T10:00:00Z')): {
  policy: Partial<RetryPolicy>;
  sleeps: number[];
  elapsed: () => number;
} {
  let now = start;
  const sleeps: number[] = [];
  return {
    policy: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
    },
    sleeps,
    elapsed: () => now - start,
  };
}

export async function caughtApiError(promise: Promise<unknown>): Promise<ProductApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProductApiError) return error;
    throw error;
  }
  throw new Error('expected a ProductApiError, but the call succeeded');
}

/** What the priority feature wrote on an incident, read straight from the site's state. */
export interface PriorityState {
  priority: string | null;
  impact: string | null;
  urgency: string | null;
  affectedUsers: number | null;
  property: { jiraPriorityName: string; assessment: { impact: string; urgency: string; affectedUsers: number | null } } | null;
}

export function priorityStateOf(forge: BenchForge, key: string): PriorityState {
  const issue = forge.site.jira.issue(key);
  if (!issue) throw new Error(`no issue ${key}`);
  const optionValue = (value: unknown) =>
    value && typeof value === 'object' && 'value' in value ? String((value as { value: unknown }).value) : null;
  const priority = issue.fields.priority as { name?: string } | null | undefined;
  const property = issue.properties.get(PRIORITY_ASSESSMENT_PROPERTY) as PriorityState['property'] | undefined;
  const affected = issue.fields[fieldId('Affected users')];
  return {
    priority: priority?.name ?? null,
    impact: optionValue(issue.fields[fieldId('Impact')]),
    urgency: optionValue(issue.fields[fieldId('Urgency')]),
    affectedUsers: typeof affected === 'number' ? affected : null,
    property: property ?? null,
  };
}

/**
 * "Whole": the property (the assessment and the priority it led to) agrees with the issue's fields
 * and priority. A half-done apply would leave fields from one assessment and a property (or a
 * priority) from another, or fields without a property.
 */
export function isWhole(state: PriorityState): boolean {
  if (state.property === null) return true;
  return (
    state.property.jiraPriorityName === state.priority &&
    state.property.assessment.impact === state.impact &&
    state.property.assessment.urgency === state.urgency &&
    state.property.assessment.affectedUsers === state.affectedUsers
  );
}
