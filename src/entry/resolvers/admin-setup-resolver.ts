import { NeedsAuthenticationError } from '@forge/api';
import Resolver from '@forge/resolver';
import type { z } from 'zod';
import { ADMIN_SETUP_KEYS, ProjectsPayload, SetupPayload, type SetupProject } from '../../contracts/admin-setup';
import { fail, ok, type ResolverResult } from '../../contracts/resolver-result';
import { resolverFailureFor } from '../../adapters/http/product-api-error';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { previewIncidentSetup, runIncidentSetup, SetupAlreadyRunningError } from '../../usecases/run-incident-setup';

/**
 * Null when the invoking user is a Jira administrator (global ADMINISTER), else the FORBIDDEN
 * envelope. Asked as the user: the admin page's own module permission is not an authorization
 * check, and the setup itself then runs as the app, which could do it for anyone.
 */
export async function denyUnlessJiraAdmin(): Promise<ResolverResult<never> | null> {
  try {
    const { ADMINISTER } = await JiraClient.asUser().myPermissions(['ADMINISTER']);
    return ADMINISTER ? null : fail('FORBIDDEN', 'Only Jira administrators can run the Incident setup.');
  } catch (error) {
    // Thrown on, so Forge asks the user to grant the app access (the consent flow).
    if (error instanceof NeedsAuthenticationError) throw error;
    return resolverFailureFor(error);
  }
}

function badPayload(error: z.ZodError): ResolverResult<never> {
  const first = error.issues[0];
  // A payload that is not an object at all has an empty path: the field at fault is the payload itself.
  return fail('BAD_REQUEST', first?.message ?? 'Invalid payload', first?.path.map(String).join('.') || 'payload');
}

async function wrap<T>(work: () => Promise<T>): Promise<ResolverResult<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof SetupAlreadyRunningError) return fail('CONFLICT', error.message);
    return resolverFailureFor(error);
  }
}

const resolver = new Resolver();

resolver.define(ADMIN_SETUP_KEYS.preview, async ({ payload }) => {
  const denied = await denyUnlessJiraAdmin();
  if (denied) return denied;
  const input = SetupPayload.safeParse(payload);
  if (!input.success) return badPayload(input.error);
  // Reading schemes and field contexts needs Administer Jira; the app reads with its own grant.
  return wrap(() => previewIncidentSetup({ jira: JiraClient.asApp(), storage: new AppStorage() }, input.data));
});

resolver.define(ADMIN_SETUP_KEYS.run, async ({ payload }) => {
  const denied = await denyUnlessJiraAdmin();
  if (denied) return denied;
  const input = SetupPayload.safeParse(payload);
  if (!input.success) return badPayload(input.error);
  // As the app: creating issue types and fields needs manage:jira-configuration.
  return wrap(() => runIncidentSetup({ jira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date() }, input.data));
});

resolver.define(ADMIN_SETUP_KEYS.projects, async ({ payload }) => {
  const denied = await denyUnlessJiraAdmin();
  if (denied) return denied;
  const input = ProjectsPayload.safeParse(payload);
  if (!input.success) return badPayload(input.error);
  // As the user: the picker offers the projects this admin can see.
  return wrap(async (): Promise<SetupProject[]> => {
    const projects = await JiraClient.asUser().searchProjects(input.data.query ? { query: input.data.query } : {});
    return projects.map((project) => ({ id: project.id, key: project.key, name: project.name, teamManaged: project.simplified === true || project.style === 'next-gen' }));
  });
});

/** The `resolver` handler of the admin page (manifest: function → admin-setup-resolver). */
export const adminSetupResolver = resolver.getDefinitions();
