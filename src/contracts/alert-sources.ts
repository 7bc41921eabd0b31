import { z } from 'zod';
import { AlertMapping } from '../domain/alerts/alert-mapping';

/**
 * The admin page's Alert sources section. Shared by src/ and static/admin-page: keep it free of
 * `@forge/*` and Node imports.
 */
export const ALERT_SOURCE_RESOLVERS = {
  list: 'alerts.sources.list',
  create: 'alerts.sources.create',
  update: 'alerts.sources.update',
  rotateToken: 'alerts.sources.rotateToken',
  remove: 'alerts.sources.remove',
} as const;

const SourceId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a source id of a-z, 0-9 and -');
const ProjectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'expected a project key like OPS');

export const ListAlertSourcesPayload = z.object({}).loose().optional();
export const CreateAlertSourcePayload = z.object({ name: z.string().trim().min(1, 'expected a name').max(100), projectKey: ProjectKey });
export const UpdateAlertSourcePayload = z.object({
  sourceId: SourceId,
  name: z.string().trim().min(1).max(100).optional(),
  projectKey: ProjectKey.optional(),
  mapping: AlertMapping.optional(),
});
export const AlertSourceIdPayload = z.object({ sourceId: SourceId });

export interface AlertSourceView {
  id: string;
  name: string;
  projectKey: string;
  mapping: AlertMapping;
  createdAt: string;
  tokenSetAt: string | null;
}

export interface ParkedAlertView {
  sourceId: string;
  projectKey: string;
  title: string;
  reason: string;
  firstAt: string;
  lastAt: string;
  count: number;
}

export interface AlertSourcesView {
  sources: AlertSourceView[];
  /** Alerts kept because their source's project could not take an incident. */
  parked: ParkedAlertView[];
}

/** The token is in this answer only: it is not stored in readable form anywhere. */
export interface AlertSourceWithToken {
  source: AlertSourceView;
  token: string;
}

export { AlertMapping };
