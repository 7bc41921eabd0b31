import Resolver from '@forge/resolver';
import { z } from 'zod';
import { CreateProblemPayload, LoadTrendsPayload, TRENDS_RESOLVER_KEYS } from '../../contracts/incident-trends';
import { createProblemFromCandidate } from '../../usecases/trends/create-problem';
import { ProjectKey } from '../../usecases/trends/load-incident-trends';
import { productionTrendsDeps } from '../../usecases/trends/trends-deps';
import { viewIncidentTrends } from '../../usecases/trends/view-incident-trends';
import { UseCaseRefusal } from '../../usecases/use-case-refusal';
import { resolverAction } from '../entry-point';

/**
 * A `jira:projectPage`'s context: the project the page is open in (never the payload's: the page
 * shows that project's incidents only), the caller and the site's address.
 */
const ProjectPageContext = z.object({
  accountId: z.string().optional(),
  siteUrl: z.string().optional(),
  extension: z.object({ project: z.object({ key: ProjectKey }) }),
});

function pageContext(context: unknown): z.infer<typeof ProjectPageContext> {
  const parsed = ProjectPageContext.safeParse(context);
  if (!parsed.success) throw new UseCaseRefusal('BAD_REQUEST', 'context.extension.project: open the Incident trends page from a Jira project', 'context.extension.project');
  return parsed.data;
}

const resolver = new Resolver()
  .define(
    TRENDS_RESOLVER_KEYS.load,
    resolverAction({
      payload: LoadTrendsPayload,
      run: (input, { context }) => {
        const page = pageContext(context);
        return viewIncidentTrends(productionTrendsDeps(page), { projectKey: page.extension.project.key, from: input.from, to: input.to });
      },
    }),
  )
  .define(
    TRENDS_RESOLVER_KEYS.createProblem,
    resolverAction({
      payload: CreateProblemPayload,
      run: (input, { context }) => {
        const page = pageContext(context);
        return createProblemFromCandidate(productionTrendsDeps(page), { ...input, projectKey: page.extension.project.key, accountId: page.accountId ?? null });
      },
    }),
  );

/** manifest: function `trends-page-resolver` → `index.trendsPageResolver`. */
export const trendsPageResolver = resolver.getDefinitions();
