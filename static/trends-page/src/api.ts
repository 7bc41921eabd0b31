import {
  TRENDS_RESOLVER_KEYS as TRENDS,
  type CreateProblemPayload,
  type CreateProblemResult,
  type LoadTrendsPayload,
  type TrendsView,
} from '../../../src/contracts/incident-trends-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result-types';
import { invokeResolver } from '../../shared/invoke-resolver';

/** The Incident trends page's calls; the project is the page's Forge context, never a payload field. */
export interface TrendsApi {
  load(period: LoadTrendsPayload): Promise<ResolverResult<TrendsView>>;
  createProblem(candidate: CreateProblemPayload): Promise<ResolverResult<CreateProblemResult>>;
}

export const trendsApi: TrendsApi = {
  load: ({ from, to }) => invokeResolver<TrendsView>(TRENDS.load, { from, to }),
  createProblem: ({ from, to, category, subcategory }) =>
    invokeResolver<CreateProblemResult>(TRENDS.createProblem, { from, to, category, subcategory }),
};
