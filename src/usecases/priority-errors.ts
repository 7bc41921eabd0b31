import type { z } from 'zod';
import { IncidentMappingError, MissingIncidentFieldError } from '../adapters/jira/incident-mapper';
import { isProductApiError, resolverFailureFor } from '../adapters/http/product-api-error';
import { type ResolverResult, fail } from '../contracts/resolver-result';
import { PrioritySettingsInvalidError } from './priority-settings-store';

/** The resolver envelope for anything the priority use cases throw. */
export function priorityFailure(error: unknown): ResolverResult<never> {
  if (error instanceof PrioritySettingsInvalidError) return fail('CONFLICT', error.message, `settings.${error.field}`);
  if (error instanceof MissingIncidentFieldError) return fail('UNAVAILABLE', error.message, error.fieldKey);
  if (error instanceof IncidentMappingError) return fail('INTERNAL', `Jira returned ${error.issueKey} in a shape the app cannot read (${error.field}).`, error.field);
  if (isProductApiError(error, 'notFound')) return fail('NOT_FOUND', 'The issue does not exist or you do not have permission to see it.');
  if (isProductApiError(error)) return resolverFailureFor(error);
  console.error('priority: unexpected error', error);
  return fail('INTERNAL', 'Unexpected error; see the app logs.');
}

/** A payload that failed its contract schema: BAD_REQUEST naming the first field at fault. */
export function payloadFailure(error: z.ZodError): ResolverResult<never> {
  const issue = error.issues[0];
  // A payload that is not an object at all has an empty path: the field at fault is the payload itself.
  const field = (issue ? issue.path.map(String).join('.') : '') || 'payload';
  return fail('BAD_REQUEST', `${field}: ${issue?.message ?? 'invalid'}`, field);
}
