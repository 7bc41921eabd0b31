import type { LoadedHandler } from '../../../sandbox/app-manifest';
import type { ForgeHarness } from '../../../sandbox/app-runtime';

/**
 * The minimal Forge harness ORACLES.md §4 describes, for browser tests that host a probe app
 * without the local site: the resolver is driven with `getDefinitions()({ call, context }, runtime)`,
 * where the second argument carries the principal that @forge/resolver reads `accountId` from.
 */
export const directHarness: ForgeHarness = {
  asInvocation: (_who, fn) => fn(),
  invoke: async (definitions: LoadedHandler, functionKey: string, payload: unknown, context: Record<string, unknown>) =>
    definitions(
      { call: { functionKey, payload }, context },
      { principal: { accountId: context.accountId }, installContext: context.installContext },
    ),
};
