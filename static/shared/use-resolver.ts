import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResolverError, ResolverResult } from '../../src/contracts/resolver-result-types';

/**
 * The five states every async view distinguishes. `empty` covers both "the resolver answered
 * with nothing to show" (per the view's `isEmpty`) and "this is not an incident / not found".
 */
export type ResolverState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'empty'; message?: string }
  | { status: 'forbidden'; error: ResolverError }
  | { status: 'error'; error: ResolverError };

export interface ResolverHandle<T> {
  state: ResolverState<T>;
  /** Loads again from scratch, showing the loading state (the error state's Retry). */
  retry: () => void;
  /** Replaces the shown data, e.g. with the answer of a save, without a new load. */
  replace: (data: T) => void;
}

export interface UseResolverOptions<T> {
  isEmpty?: (data: T) => boolean;
}

/** Maps one envelope to a view state; exported for views that hold their own state. */
export function stateOf<T>(result: ResolverResult<T>, isEmpty?: (data: T) => boolean): ResolverState<T> {
  if (result.success) {
    return isEmpty?.(result.data) ? { status: 'empty' } : { status: 'ready', data: result.data };
  }
  switch (result.error.code) {
    case 'FORBIDDEN':
      return { status: 'forbidden', error: result.error };
    case 'NOT_FOUND':
    case 'NOT_INCIDENT':
      return { status: 'empty', message: result.error.message };
    default:
      return { status: 'error', error: result.error };
  }
}

/**
 * Runs `load` on mount and whenever `key` changes; answers that arrive after a newer load
 * started are dropped, so a slow first answer cannot overwrite a retry's.
 */
export function useResolver<T>(
  load: () => Promise<ResolverResult<T>>,
  key: string,
  options: UseResolverOptions<T> = {},
): ResolverHandle<T> {
  const [state, setState] = useState<ResolverState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const isEmptyRef = useRef(options.isEmpty);
  isEmptyRef.current = options.isEmpty;

  useEffect(() => {
    let current = true;
    setState({ status: 'loading' });
    loadRef.current().then(
      (result) => {
        if (current) setState(stateOf(result, isEmptyRef.current));
      },
      (cause: unknown) => {
        const message = cause instanceof Error ? cause.message : 'Unknown failure';
        if (current) setState({ status: 'error', error: { code: 'INTERNAL', message } });
      },
    );
    return () => {
      current = false;
    };
  }, [key, attempt]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const replace = useCallback((data: T) => setState(stateOf<T>({ success: true, data }, isEmptyRef.current)), []);
  return { state, retry, replace };
}

export type ActionState<T> =
  { status: 'idle' } | { status: 'pending' } | { status: 'done'; data: T } | { status: 'failed'; error: ResolverError };

/** A user-started call (Apply, Create page, Run setup): one at a time, with its own outcome. */
export function useResolverAction<A extends unknown[], T>(
  action: (...args: A) => Promise<ResolverResult<T>>,
): { state: ActionState<T>; run: (...args: A) => Promise<ResolverResult<T> | undefined>; reset: () => void } {
  const [state, setState] = useState<ActionState<T>>({ status: 'idle' });
  const pending = useRef(false);
  const actionRef = useRef(action);
  actionRef.current = action;

  const run = useCallback(async (...args: A) => {
    if (pending.current) return undefined;
    pending.current = true;
    setState({ status: 'pending' });
    try {
      const result = await actionRef.current(...args);
      setState(result.success ? { status: 'done', data: result.data } : { status: 'failed', error: result.error });
      return result;
    } finally {
      pending.current = false;
    }
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset };
}
