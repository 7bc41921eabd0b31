import type Resolver from '@forge/resolver';
import { z } from 'zod';
import { COMMUNICATION_RESOLVER_KEYS, PostUpdatePayload, TakeRolePayload, ViewCommunicationPayload } from '../../contracts/communication';
import { AppStorage } from '../../adapters/storage/app-storage';
import {
  CommunicationSettingsSave,
  saveCommunicationSettings,
  viewCommunicationSettings,
} from '../../usecases/communicate/communication-settings-store';
import { productionCommunicateDeps } from '../../usecases/communicate/communicate-deps';
import { productionSecretStore } from '../../usecases/communicate/delivery-adapters';
import { postStakeholderUpdate } from '../../usecases/communicate/post-stakeholder-update';
import { takeIncidentRole, viewCommunication } from '../../usecases/communicate/view-communication';
import { UseCaseRefusal } from '../../usecases/use-case-refusal';
import { resolverAction } from '../entry-point';

/** The issue panel's context names its issue and the caller; a payload key wins so the UI can also ask explicitly. */
const PanelContext = z.object({
  accountId: z.string().optional(),
  siteUrl: z.string().optional(),
  extension: z.object({ issue: z.object({ key: z.string() }).optional() }).optional(),
});

function panelContext(payloadKey: string | undefined, context: unknown) {
  const parsed = PanelContext.safeParse(context).data;
  const issueKey = payloadKey ?? parsed?.extension?.issue?.key;
  if (issueKey === undefined) throw new UseCaseRefusal('BAD_REQUEST', 'issueKey: expected an issue key like INC-42', 'issueKey');
  return { issueKey, accountId: parsed?.accountId ?? null, siteUrl: parsed?.siteUrl ?? null };
}

/** The communication section of the incident panel: view, post an update (and retry it), take a role. */
export function defineCommunicationPanelResolvers(resolver: Resolver): Resolver {
  return resolver
    .define(
      COMMUNICATION_RESOLVER_KEYS.view,
      resolverAction({
        payload: ViewCommunicationPayload,
        run: (input, { context }) => {
          const { issueKey, accountId } = panelContext(input.issueKey, context);
          return viewCommunication(productionCommunicateDeps(), { issueKey, viewerAccountId: accountId });
        },
      }),
    )
    .define(
      COMMUNICATION_RESOLVER_KEYS.post,
      resolverAction({
        payload: PostUpdatePayload,
        run: ({ issueKey: payloadKey, ...draft }, { context }) => {
          const { issueKey, accountId, siteUrl } = panelContext(payloadKey, context);
          return postStakeholderUpdate(productionCommunicateDeps(), { issueKey, draft, accountId, siteUrl });
        },
      }),
    )
    .define(
      COMMUNICATION_RESOLVER_KEYS.takeRole,
      resolverAction({
        payload: TakeRolePayload,
        run: (input, { context }) => {
          const { issueKey, accountId } = panelContext(input.issueKey, context);
          return takeIncidentRole(productionCommunicateDeps(), { issueKey, role: input.role, accountId });
        },
      }),
    );
}

const ADMIN_ONLY = 'Only Jira administrators can see or change the communication settings.';

/** The admin page's communication settings. The Statuspage API key is written to the secret store and never answered. */
export function defineCommunicationSettingsResolvers(resolver: Resolver): Resolver {
  return resolver
    .define(
      COMMUNICATION_RESOLVER_KEYS.settingsGet,
      resolverAction({
        payload: z.object({}),
        adminOnly: ADMIN_ONLY,
        run: () => viewCommunicationSettings(new AppStorage(), productionSecretStore()),
      }),
    )
    .define(
      COMMUNICATION_RESOLVER_KEYS.settingsSave,
      resolverAction({
        payload: CommunicationSettingsSave,
        adminOnly: ADMIN_ONLY,
        run: (input) => saveCommunicationSettings(new AppStorage(), productionSecretStore(), input),
      }),
    );
}
