import Resolver, { type Request } from '@forge/resolver';
import { resolverFailureFor } from '../../adapters/http/product-api-error';
import { JiraClient } from '../../adapters/jira/jira-client';
import { fail, ok, type ResolverResult } from '../../contracts/resolver-result';
import { SaveValidatorSettingsPayload, VALIDATOR_SETTINGS_RESOLVERS, type ValidatorSettingsView } from '../../contracts/validator-settings';
import { closerInGroupExpression, type GeneratedExpression } from '../../domain/workflow-rules/jira-expression';
import { defaultWorkflowRuleSettings, type WorkflowRuleSettings } from '../../domain/workflow-rules/rule-settings';
import { closureGroupsNotOnSite, type LoadedRuleSettings, saveCheckedValidatorSettings, ValidatorSettingsStore } from '../../usecases/validator-settings-store';

/**
 * Only Jira administrators configure the validators. Asked as the user: the answer must be about
 * the person on the admin page, not about the app.
 */
async function adminOnly(): Promise<ResolverResult<never> | null> {
  const permissions = await JiraClient.asUser().myPermissions(['ADMINISTER']);
  return permissions.ADMINISTER ? null : fail('FORBIDDEN', 'Only Jira administrators can change the incident workflow validators.');
}

function expressionFor(settings: WorkflowRuleSettings): GeneratedExpression | null {
  try {
    return closerInGroupExpression(settings.closure);
  } catch {
    // Too many group names for one expression: the function validator still checks them.
    return null;
  }
}

function viewOf(loaded: LoadedRuleSettings): ValidatorSettingsView {
  const defaults = defaultWorkflowRuleSettings();
  if (!loaded.ok) return { settings: defaults, defaults, source: 'unreadable', storedProblem: { field: loaded.field, message: loaded.message }, closerGroupExpression: expressionFor(defaults) };
  return { settings: loaded.settings, defaults, source: loaded.source, storedProblem: null, closerGroupExpression: expressionFor(loaded.settings) };
}

async function answer(work: () => Promise<ResolverResult<ValidatorSettingsView>>): Promise<ResolverResult<ValidatorSettingsView>> {
  try {
    return await work();
  } catch (error) {
    return resolverFailureFor(error);
  }
}

/** Registers `validators.settings.get/save/reset` on a resolver (the admin page's, or its own). */
export function defineValidatorSettingsResolvers(resolver: Resolver, store: () => ValidatorSettingsStore = () => new ValidatorSettingsStore()): Resolver {
  return resolver
    .define(VALIDATOR_SETTINGS_RESOLVERS.get, () =>
      answer(async () => {
        const denied = await adminOnly();
        if (denied) return denied;
        const view = viewOf(await store().load());
        // As the app, like the save's check: the caller is an admin, and groups are site configuration.
        return ok({ ...view, unknownClosureGroups: await closureGroupsNotOnSite(JiraClient.asApp(), view.settings) });
      }),
    )
    .define(VALIDATOR_SETTINGS_RESOLVERS.save, (request: Request) =>
      answer(async () => {
        const denied = await adminOnly();
        if (denied) return denied;
        const parsed = SaveValidatorSettingsPayload.safeParse(request.payload);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.map(String).join('.') || 'settings';
          return fail('BAD_REQUEST', `${field}: ${issue?.message ?? 'invalid value'}`, field);
        }
        // As the app: whether a group exists is site configuration, and the caller is an admin.
        const saved = await saveCheckedValidatorSettings(store(), JiraClient.asApp(), parsed.data.settings);
        if (!saved.ok) return fail('BAD_REQUEST', saved.message, saved.field);
        return ok(viewOf({ ok: true, settings: saved.settings, source: 'stored' }));
      }),
    )
    .define(VALIDATOR_SETTINGS_RESOLVERS.reset, () =>
      answer(async () => {
        const denied = await adminOnly();
        if (denied) return denied;
        const defaults = await store().reset();
        return ok(viewOf({ ok: true, settings: defaults, source: 'defaults' }));
      }),
    );
}

/** Stand-alone definitions, for a manifest function of its own or for tests. */
export const validatorSettingsResolver = defineValidatorSettingsResolvers(new Resolver()).getDefinitions();
