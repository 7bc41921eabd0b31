import { NeedsAuthenticationError } from '@forge/api';
import type { Request } from '@forge/resolver';
import type { z } from 'zod';
import { isProductApiError, resolverFailureFor } from '../adapters/http/product-api-error';
import { IncidentMappingError, MissingIncidentFieldError } from '../adapters/jira/incident-mapper';
import { JiraClient } from '../adapters/jira/jira-client';
import { fail, ok, type ResolverResult } from '../contracts/resolver-result';
import { PrioritySettingsInvalidError } from '../usecases/priority/priority-settings-store';
import { SetupAlreadyRunningError } from '../usecases/setup/run-incident-setup';
import { UseCaseRefusal } from '../usecases/use-case-refusal';

/**
 * The entry layer's one way of doing each step every resolver, validator and trigger handler
 * takes: read the payload against its schema, check the caller may act, call the use case, and
 * turn what it throws into an answer. Use cases return plain data and throw typed errors; only
 * this module knows the answer each error gets.
 */

/** Where a payload broke its schema: the first field at fault (a dotted path) and what was expected. */
export interface PayloadProblem {
  field: string;
  /** `field: what was expected`. */
  message: string;
}

/** The one bad-payload format, for resolvers (BAD_REQUEST), validators and triggers (logged) alike. */
export function payloadProblem(error: z.ZodError): PayloadProblem {
  const issue = error.issues[0];
  // A payload that is not an object at all has an empty path: the field at fault is the payload itself.
  const field = (issue ? issue.path.map(String).join('.') : '') || 'payload';
  return { field, message: `${field}: ${issue?.message ?? 'invalid'}` };
}

/**
 * The one mapping from a thrown error to a resolver answer. `NeedsAuthenticationError` is thrown
 * on: @forge/api raises it when the user has not yet allowed the app to act as them (an `asUser()`
 * call answered by the product proxy with `forge-proxy-error: NEEDS_AUTHENTICATION_ERR`), and
 * Forge shows the consent prompt only when it leaves the resolver function as thrown. Anything
 * not recognised is INTERNAL with a fixed message: its own message may carry internals.
 */
export function failureFor(error: unknown): ResolverResult<never> {
  if (error instanceof NeedsAuthenticationError) throw error;
  if (error instanceof UseCaseRefusal) return fail(error.code, error.message, error.field);
  if (error instanceof PrioritySettingsInvalidError) return fail('CONFLICT', error.message, `settings.${error.field}`);
  if (error instanceof MissingIncidentFieldError) return fail('UNAVAILABLE', error.message, error.fieldKey);
  if (error instanceof IncidentMappingError)
    return fail('INTERNAL', `Jira returned ${error.issueKey} in a shape the app cannot read (${error.field}).`, error.field);
  if (error instanceof SetupAlreadyRunningError) return fail('CONFLICT', error.message);
  // Jira answers 404, not 403, for an issue the user may not browse, so both read as "not visible".
  if (isProductApiError(error, 'notFound') && error.details.product === 'jira' && error.details.path.includes('/issue/')) {
    return fail('NOT_FOUND', 'The issue does not exist or you do not have permission to see it.');
  }
  if (isProductApiError(error)) return resolverFailureFor(error);
  console.error('Unexpected error answering a resolver call', error);
  return fail('INTERNAL', 'Unexpected error; see the app logs.');
}

/** Runs a use case and answers with its data, or with what `failureFor` makes of what it threw. */
export async function answer<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return ok(await work());
  } catch (error) {
    return failureFor(error);
  }
}

/**
 * The one admin check: the caller must hold Administer Jira (global ADMINISTER). Asked as the user:
 * a module being on the admin page is not an authorization check, and the answer must be about the
 * person calling, not about the app (which then often acts with its own, wider grant).
 * @throws UseCaseRefusal FORBIDDEN with `refusal` as its message.
 */
export async function requireJiraAdmin(refusal: string): Promise<void> {
  const { ADMINISTER } = await JiraClient.asUser().myPermissions(['ADMINISTER']);
  if (ADMINISTER !== true) throw new UseCaseRefusal('FORBIDDEN', refusal);
}

export interface ResolverAction<S extends z.ZodType, T> {
  /** The payload's contract (from src/contracts/). */
  payload: S;
  /** Set for actions only Jira administrators may take: the message everyone else gets (FORBIDDEN). Checked before the payload is read. */
  adminOnly?: string;
  /** Calls the use case. Throws typed errors (UseCaseRefusal and the adapters' errors); returns the answer's data. */
  run: (input: z.output<S>, request: Request) => Promise<T>;
}

/** A `resolver.define` callback: permission check first, then the payload, then the use case, every error through `failureFor`. */
export function resolverAction<T, S extends z.ZodType>(action: ResolverAction<S, T>): (request: Request) => Promise<ResolverResult<T>> {
  return (request) =>
    answer(async () => {
      if (action.adminOnly !== undefined) await requireJiraAdmin(action.adminOnly);
      const parsed = action.payload.safeParse(request.payload);
      if (!parsed.success) {
        const problem = payloadProblem(parsed.error);
        throw new UseCaseRefusal('BAD_REQUEST', problem.message, problem.field);
      }
      return action.run(parsed.data, request);
    });
}

export interface TriggerAction<S extends z.ZodType, R> {
  /** Names the trigger in the log. */
  name: string;
  event: S;
  run: (event: z.output<S>) => Promise<R>;
}

/**
 * A trigger function handler. A trigger has no one to answer: an event of unexpected shape and a
 * failed run are logged, not thrown, so the platform does not retry an event whose failure needs
 * a person's attention.
 */
export function triggerAction<S extends z.ZodType, R>(trigger: TriggerAction<S, R>): (event: unknown) => Promise<R | undefined> {
  return async (event) => {
    const parsed = trigger.event.safeParse(event);
    if (!parsed.success) {
      console.error(
        `${trigger.name}: ignoring an event of unexpected shape (${payloadProblem(parsed.error).message})`,
        parsed.error.issues,
      );
      return undefined;
    }
    try {
      return await trigger.run(parsed.data);
    } catch (error) {
      console.error(`${trigger.name} failed`, error);
      return undefined;
    }
  };
}
