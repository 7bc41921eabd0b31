import { z } from 'zod';
import type { AppStorage } from '../../adapters/storage/app-storage';
import type { AlertSourceView } from '../../contracts/alert-sources';
import type { AlertMapping } from '../../domain/alerts/alert-mapping';
import { AlertGroupState, AlertSourceStore, newAlertSource, newAlertToken, PARKED_PREFIX, type AlertSource } from './alert-source-store';
import { UseCaseRefusal } from '../use-case-refusal';

/** The admin page's view of a source (AlertSourceView): never its token, only when one was set. */

const viewOf = (source: AlertSource): AlertSourceView => ({ ...source });

export async function listAlertSources(storage: AppStorage): Promise<AlertSourceView[]> {
  return (await new AlertSourceStore(storage).list()).map(viewOf);
}

export async function createAlertSource(
  storage: AppStorage,
  input: { name: string; projectKey: string },
  now: string,
): Promise<{ source: AlertSourceView; token: string }> {
  const store = new AlertSourceStore(storage);
  const existing = await store.list();
  const base =
    input.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'source';
  let id = base;
  for (let n = 2; existing.some((source) => source.id === id); n++) id = `${base}-${n}`;
  const source = { ...newAlertSource({ id, name: input.name, projectKey: input.projectKey, now }), tokenSetAt: now };
  await store.save(source);
  const token = newAlertToken();
  await store.setToken(id, token);
  return { source: viewOf(source), token };
}

/** A new token replaces the old at once: senders using the old one get 401 from then on. Shown once. */
export async function rotateAlertToken(
  storage: AppStorage,
  sourceId: string,
  now: string,
): Promise<{ source: AlertSourceView; token: string }> {
  const store = new AlertSourceStore(storage);
  const source = await requireSource(store, sourceId);
  const token = newAlertToken();
  await store.setToken(sourceId, token);
  const updated = { ...source, tokenSetAt: now };
  await store.save(updated);
  return { source: viewOf(updated), token };
}

export async function updateAlertSource(
  storage: AppStorage,
  sourceId: string,
  change: { name?: string; projectKey?: string; mapping?: AlertMapping },
): Promise<AlertSourceView> {
  const store = new AlertSourceStore(storage);
  const source = await requireSource(store, sourceId);
  const updated: AlertSource = {
    ...source,
    ...(change.name ? { name: change.name } : {}),
    ...(change.projectKey ? { projectKey: change.projectKey } : {}),
    ...(change.mapping ? { mapping: change.mapping } : {}),
  };
  await store.save(updated);
  return viewOf(updated);
}

export async function deleteAlertSource(storage: AppStorage, sourceId: string): Promise<void> {
  const store = new AlertSourceStore(storage);
  await requireSource(store, sourceId);
  await store.remove(sourceId);
}

async function requireSource(store: AlertSourceStore, sourceId: string): Promise<AlertSource> {
  const source = await store.find(sourceId);
  if (!source) throw new UseCaseRefusal('NOT_FOUND', `No alert source "${sourceId}".`, 'sourceId');
  return source;
}

export const ParkedAlertView = z.object({
  sourceId: z.string(),
  projectKey: z.string(),
  title: z.string(),
  reason: z.string(),
  firstAt: z.string(),
  lastAt: z.string(),
  count: z.number(),
});
export type ParkedAlertView = z.infer<typeof ParkedAlertView>;

/** Alerts kept because their source's project could not take an incident (at most 200 shown). */
export async function listParkedAlerts(storage: AppStorage): Promise<ParkedAlertView[]> {
  const parked: ParkedAlertView[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page++) {
    const result = await storage.queryPrefix(PARKED_PREFIX, AlertGroupState, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const { value } of result.results) {
      if (value.state === 'parked')
        parked.push({
          sourceId: value.sourceId,
          projectKey: value.projectKey,
          title: value.title,
          reason: value.reason,
          firstAt: value.firstAt,
          lastAt: value.lastAt,
          count: value.count,
        });
    }
    cursor = result.nextCursor;
    if (!cursor || parked.length >= 200) break;
  }
  return parked.slice(0, 200);
}
