import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IssueEvent } from '../../../local-site';
import { incidentFieldDefinition } from '../../../src/domain/incident/incident-fields';
import { issueEventTrigger } from '../../../src/entry/triggers/issue-event-trigger';
import { priorityPanelResolver } from '../../../src/entry/resolvers/priority-panel-resolver';
import type { LocalForge } from '../../support/local-forge';

const DEMO_SEED_DIR = path.resolve(__dirname, '../../../seeds/demo');

/**
 * The demo seed's Jira part (INC-1..5 open incidents, INC-6/8 closed, INC-7 a Problem, OPS-1..3
 * tasks), copied without its Confluence pages: the priority feature never reads Confluence, so
 * its tests need not load (or wait for) that part of the seed.
 */
export const DEMO_SEED = (() => {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'priority-seed-'));
  fs.cpSync(DEMO_SEED_DIR, target, { recursive: true, filter: (source) => path.basename(source) !== 'confluence' });
  return target;
})();

/** Seeded people (seeds/demo/users.json). */
export const PEOPLE = {
  /** site admin; edits INC and OPS */
  priya: '5f1a2b3c4d5e6f7a8b9c0d01',
  /** edits INC and OPS, not an admin */
  marcus: '5f1a2b3c4d5e6f7a8b9c0d02',
  /** browses INC (no edit) and OPS */
  elena: '5f1a2b3c4d5e6f7a8b9c0d03',
  /** browses OPS only */
  jonas: '5f1a2b3c4d5e6f7a8b9c0d04',
} as const;

/** The demo seed's incident field ids (seeds/demo/fields.json). */
export const FIELD = {
  impact: 'customfield_10050',
  urgency: 'customfield_10051',
  affectedUsers: 'customfield_10053',
  businessImplications: 'customfield_10056',
  priorityOverrideReason: 'customfield_10062',
} as const;

/**
 * The demo seed only knows the options its issues use; a set-up site has every catalog option
 * (incident-fields.ts). Adds the missing ones through Jira's REST API, as the setup would.
 */
export async function addCatalogOptions(forge: LocalForge): Promise<void> {
  for (const key of ['impact', 'urgency', 'businessImplications'] as const) {
    const fieldId = FIELD[key];
    const contexts = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context`)).body as {
      values: Array<{ id: string }>;
    };
    const contextId = contexts.values[0]?.id;
    if (contextId === undefined) throw new Error(`no context for ${fieldId}`);
    const existing = (await forge.site.request('app', 'GET', `/rest/api/3/field/${fieldId}/context/${contextId}/option`)).body as {
      values: Array<{ value: string }>;
    };
    const missing = (incidentFieldDefinition(key).options ?? []).filter(
      (value) => !existing.values.some((option) => option.value === value),
    );
    if (missing.length === 0) continue;
    const created = await forge.site.request('app', 'POST', `/rest/api/3/field/${fieldId}/context/${contextId}/option`, {
      options: missing.map((value) => ({ value })),
    });
    if (created.status !== 200) throw new Error(`could not add options to ${fieldId}: ${JSON.stringify(created.body)}`);
  }
}

export function panelCall(
  forge: LocalForge,
  accountId: string,
  functionKey: string,
  payload: unknown,
  issueKey?: string,
): Promise<unknown> {
  const extension = issueKey
    ? { type: 'jira:issuePanel', issue: { key: issueKey, type: 'Incident' }, project: { key: issueKey.split('-')[0] } }
    : undefined;
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(priorityPanelResolver, functionKey, payload, {
      accountId,
      moduleKey: 'incident-priority-panel',
      ...(extension ? { extension } : {}),
    }),
  );
}

/** Jira requests the site answered since `from` (an index into the request log). */
export function jiraRequestsSince(forge: LocalForge, from: number) {
  return forge.site.stats.log.slice(from).filter((entry) => entry.product === 'jira');
}

/**
 * Records the site's issue events and delivers them to the trigger as Forge would with the
 * manifest's `ignoreSelf: true` filter: events caused by the app itself are dropped.
 */
export class TriggerDelivery {
  readonly recorded: IssueEvent[] = [];
  private readonly stop: () => void;

  constructor(private readonly forge: LocalForge) {
    this.stop = forge.site.onIssueEvent((event) => this.recorded.push(event));
  }

  /** Delivers every recorded event not yet delivered; returns how many were delivered. */
  async deliverPending(options: { ignoreSelf?: boolean } = {}): Promise<number> {
    const ignoreSelf = options.ignoreSelf ?? true;
    const pending = this.recorded.splice(0);
    let delivered = 0;
    for (const event of pending) {
      if (ignoreSelf && event.actorIsApp) continue;
      await this.forge.asInvocation({ accountId: event.atlassianId, moduleKey: 'incident-issue-events' }, () => issueEventTrigger(event));
      delivered += 1;
    }
    return delivered;
  }

  dispose(): void {
    this.stop();
  }
}
