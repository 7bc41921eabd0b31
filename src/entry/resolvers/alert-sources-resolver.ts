import Resolver from '@forge/resolver';
import { AppStorage } from '../../adapters/storage/app-storage';
import {
  ALERT_SOURCE_RESOLVERS,
  AlertSourceIdPayload,
  CreateAlertSourcePayload,
  ListAlertSourcesPayload,
  UpdateAlertSourcePayload,
} from '../../contracts/alert-sources';
import {
  createAlertSource,
  deleteAlertSource,
  listAlertSources,
  listParkedAlerts,
  rotateAlertToken,
  updateAlertSource,
} from '../../usecases/alerts/manage-alert-sources';
import { resolverAction } from '../entry-point';

/** Reading is admin-only too: the list names projects and shows parked alerts' titles. */
const ADMIN_ONLY = 'Only Jira administrators can manage alert sources.';
const now = () => new Date().toISOString();

/** Registers `alerts.sources.*` on a resolver (the admin page's). */
export function defineAlertSourceResolvers(resolver: Resolver, storage: () => AppStorage = () => new AppStorage()): Resolver {
  return resolver
    .define(
      ALERT_SOURCE_RESOLVERS.list,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: ListAlertSourcesPayload,
        run: async () => ({ sources: await listAlertSources(storage()), parked: await listParkedAlerts(storage()) }),
      }),
    )
    .define(
      ALERT_SOURCE_RESOLVERS.create,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: CreateAlertSourcePayload,
        run: (input) => createAlertSource(storage(), input, now()),
      }),
    )
    .define(
      ALERT_SOURCE_RESOLVERS.update,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: UpdateAlertSourcePayload,
        run: ({ sourceId, ...change }) => updateAlertSource(storage(), sourceId, change),
      }),
    )
    .define(
      ALERT_SOURCE_RESOLVERS.rotateToken,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: AlertSourceIdPayload,
        run: ({ sourceId }) => rotateAlertToken(storage(), sourceId, now()),
      }),
    )
    .define(
      ALERT_SOURCE_RESOLVERS.remove,
      resolverAction({
        adminOnly: ADMIN_ONLY,
        payload: AlertSourceIdPayload,
        run: async ({ sourceId }) => {
          await deleteAlertSource(storage(), sourceId);
          return { removed: sourceId };
        },
      }),
    );
}
