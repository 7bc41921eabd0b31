/** Injected faults, for tests of retries and error handling. */
import type { SiteRequest } from './site-http';

/** '420' is Statuspage's own rate-limit answer ("Enhance Your Calm"), documented next to 429. */
export type FaultKind = '420' | '429' | '503' | '500' | 'reset' | 'slow' | 'truncated';

export interface FaultRule {
  /** Which requests: a predicate, or a method and/or path prefix. */
  match: ((req: SiteRequest) => boolean) | { method?: string; pathPrefix?: string };
  /** How many matching requests fail (default 1). */
  times?: number;
  kind: FaultKind;
  /** For 420, 429 and 503: the Retry-After header. */
  retryAfterSeconds?: number;
  /** For 'slow': added delay. */
  delayMs?: number;
}

interface ActiveFault extends FaultRule {
  remaining: number;
}

export class FaultInjector {
  private readonly active: ActiveFault[] = [];
  /** How many faults were served, per kind. */
  readonly served: Record<FaultKind, number> = { '420': 0, '429': 0, '503': 0, '500': 0, reset: 0, slow: 0, truncated: 0 };

  inject(rule: FaultRule): void {
    this.active.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.active.reduce((sum, fault) => sum + fault.remaining, 0);
  }

  /** The fault for this request, consuming one use; undefined when none applies. */
  take(req: SiteRequest): FaultRule | undefined {
    const fault = this.active.find((f) => f.remaining > 0 && matches(f.match, req));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.served[fault.kind] += 1;
    if (fault.remaining === 0) this.active.splice(this.active.indexOf(fault), 1);
    return fault;
  }
}

function matches(match: FaultRule['match'], req: SiteRequest): boolean {
  if (typeof match === 'function') return match(req);
  return (
    (!match.method || match.method.toUpperCase() === req.method.toUpperCase()) &&
    (!match.pathPrefix || req.path.startsWith(match.pathPrefix))
  );
}

/** Thrown by the handler for a 'reset' fault: the bridge turns it into a fetch TypeError, the server drops the socket. */
export class ConnectionResetError extends Error {
  readonly code = 'ECONNRESET';
  constructor() {
    super('socket hang up');
  }
}
