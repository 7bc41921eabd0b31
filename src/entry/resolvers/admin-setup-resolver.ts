import Resolver from '@forge/resolver';
import { ADMIN_SETUP_KEYS, ProjectsPayload, SetupPayload, type SetupProject } from '../../contracts/admin-setup';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { previewIncidentSetup, runIncidentSetup } from '../../usecases/setup/run-incident-setup';
import { resolverAction } from '../entry-point';

/**
 * Every setup action is admin-only, checked as the user before anything else: the setup itself
 * runs as the app, which could do it for anyone.
 */
const ADMIN_ONLY = 'Only Jira administrators can run the Incident setup.';

const resolver = new Resolver()
  // Reading schemes and field contexts needs Administer Jira; the app reads with its own grant.
  .define(
    ADMIN_SETUP_KEYS.preview,
    resolverAction({
      adminOnly: ADMIN_ONLY,
      payload: SetupPayload,
      run: (input) => previewIncidentSetup({ jira: JiraClient.asApp(), storage: new AppStorage() }, input),
    }),
  )
  // As the app: creating issue types and fields needs manage:jira-configuration.
  .define(
    ADMIN_SETUP_KEYS.run,
    resolverAction({
      adminOnly: ADMIN_ONLY,
      payload: SetupPayload,
      run: (input) => runIncidentSetup({ jira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date() }, input),
    }),
  )
  // As the user: the picker offers the projects this admin can see.
  .define(
    ADMIN_SETUP_KEYS.projects,
    resolverAction({
      adminOnly: ADMIN_ONLY,
      payload: ProjectsPayload,
      run: async ({ query }): Promise<SetupProject[]> => {
        const projects = await JiraClient.asUser().searchProjects(query ? { query } : {});
        return projects.map((project) => ({
          id: project.id,
          key: project.key,
          name: project.name,
          teamManaged: project.simplified === true || project.style === 'next-gen',
        }));
      },
    }),
  );

/** The `resolver` handler of the admin page (manifest: function → admin-setup-resolver). */
export const adminSetupResolver = resolver.getDefinitions();
