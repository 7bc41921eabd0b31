import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppStorage, storageKey } from '../../adapters/storage/app-storage';
import { AlertGroupRecord } from '../../domain/alerts/alert-decision';
import { AlertMapping, DEFAULT_ALERT_MAPPING } from '../../domain/alerts/alert-mapping';

/**
 * Alert sources (one per sender: an Alertmanager, a Grafana, a script) and what the app records
 * per alert group. A source's token is kept only as its SHA-256 digest, in Forge secret storage:
 * neither storage queries nor the admin page can read a token back; it is shown once when made.
 */

export const AlertSourceId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a source id of a-z, 0-9 and -');
export const AlertSource = z.object({
  id: AlertSourceId,
  name: z.string().trim().min(1).max(100),
  projectKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,254}$/, 'expected a project key like OPS'),
  mapping: AlertMapping,
  createdAt: z.iso.datetime(),
  tokenSetAt: z.iso.datetime().nullable(),
});
export type AlertSource = z.infer<typeof AlertSource>;

/** At most this many sources: the web trigger compares a delivery's token with each one's digest. */
export const MAX_ALERT_SOURCES = 20;
export const ALERT_SOURCES = storageKey('alerts:sources', z.object({ sources: z.array(AlertSource).max(MAX_ALERT_SOURCES) }));

const tokenSecretName = (sourceId: string) => `alerts:token:${sourceId}`;
const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

/** What the app recorded for one group: being created (a claim), its open incident, or parked. */
export const AlertGroupState = z.discriminatedUnion('state', [
  AlertGroupRecord.extend({ state: z.literal('open') }),
  z.object({
    /**
     * The source's project could not take the incident (deleted, or the app may not create there); the alert waits here, listed on the
     * admin page.
     */
    state: z.literal('parked'),
    sourceId: z.string(),
    projectKey: z.string(),
    title: z.string(),
    groupKey: z.string(),
    reason: z.string(),
    firstAt: z.iso.datetime(),
    lastAt: z.iso.datetime(),
    count: z.number().int().positive(),
  }),
]);
export type AlertGroupState = z.infer<typeof AlertGroupState>;

/** Group keys are sender text of any length and alphabet; storage keys take a digest of them. */
export function groupDigest(sourceId: string, groupKey: string): string {
  return createHash('sha256').update(`${sourceId}\n${groupKey}`, 'utf8').digest('hex').slice(0, 40);
}
export const alertGroupKey = (sourceId: string, groupKey: string) =>
  storageKey(`alerts:group:${sourceId}:${groupDigest(sourceId, groupKey)}`, AlertGroupState);
/** The once-only claim on creating the group's next incident; `generation` is the previous incident's key, or `first`. */
export const alertClaimKey = (sourceId: string, groupKey: string, generation: string) =>
  storageKey(`alerts:claim:${sourceId}:${groupDigest(sourceId, groupKey)}:${generation}`, z.object({ claimedAt: z.iso.datetime() }));
export const PARKED_PREFIX = 'alerts:group:';

export class AlertSourceStore {
  constructor(private readonly storage: AppStorage) {}

  async list(): Promise<AlertSource[]> {
    return (await this.storage.get(ALERT_SOURCES))?.sources ?? [];
  }

  async find(sourceId: string): Promise<AlertSource | undefined> {
    return (await this.list()).find((source) => source.id === sourceId);
  }

  async save(source: AlertSource): Promise<void> {
    const others = (await this.list()).filter((existing) => existing.id !== source.id);
    if (others.length >= MAX_ALERT_SOURCES) throw new Error(`At most ${MAX_ALERT_SOURCES} alert sources`);
    await this.storage.set(ALERT_SOURCES, { sources: [...others, source] });
  }

  async remove(sourceId: string): Promise<void> {
    await this.storage.set(ALERT_SOURCES, { sources: (await this.list()).filter((existing) => existing.id !== sourceId) });
    await this.storage.deleteSecret(tokenSecretName(sourceId));
  }

  /** Stores the digest of `token` as the source's secret, replacing any earlier token. */
  async setToken(sourceId: string, token: string): Promise<void> {
    await this.storage.setSecret(tokenSecretName(sourceId), digest(token).toString('hex'));
  }

  /**
   * The source whose token this is, or undefined. Every source's digest is compared, each in
   * constant time over equal-length digests, so neither the answer time nor an early exit tells
   * how much of a token was right or which source was tried first.
   */
  async sourceForToken(token: string): Promise<AlertSource | undefined> {
    const offered = digest(token);
    let match: AlertSource | undefined;
    for (const source of await this.list()) {
      const stored = await this.storage.getSecret(tokenSecretName(source.id));
      if (stored === undefined || !/^[0-9a-f]{64}$/.test(stored)) continue;
      if (timingSafeEqual(offered, Buffer.from(stored, 'hex')) && match === undefined) match = source;
    }
    return match;
  }
}

/** A new token: 32 random bytes, URL-safe. */
export function newAlertToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newAlertSource(input: { id: string; name: string; projectKey: string; now: string }): AlertSource {
  return AlertSource.parse({
    id: input.id,
    name: input.name,
    projectKey: input.projectKey,
    mapping: DEFAULT_ALERT_MAPPING,
    createdAt: input.now,
    tokenSetAt: null,
  });
}
