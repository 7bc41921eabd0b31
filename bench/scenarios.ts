/**
 * Benchmark scenarios. Each one prepares a fresh local site (no latency while preparing), then
 * runs the measured action once with the simulated latency and once without it, recording every
 * request. Latency is added per request by the exchange recorder, exactly like the site's own
 * `latencyMs` option, so set-up and warm-up traffic is not slowed.
 *
 * Why two runs: the local site checks every response against Atlassian's OpenAPI documents, which
 * costs CPU on the same thread as the app (tens of ms per 100-entry page). The run at 0 ms shows
 * that cost; `latency share = wall(L) - wall(0)` is the time the action spent waiting on round
 * trips, and that is what the lower bound of unavoidable sequential round trips is compared with.
 */
import { jiraRatePoints, type PointsSummary } from './rate-limit-points';
import { sequentialDepth } from './request-log';
import { addHistory, addIncident, BENCH_USERS, startBenchForge, type BenchForge } from './support/bench-site';
import { recordExchanges, type ExchangeRecorder } from './support/exchange-recorder';

export interface LowerBound {
  /** Fewest Jira calls that can produce the result. */
  readonly jiraCalls: number;
  /** Fewest Confluence calls. */
  readonly confluenceCalls: number;
  /** Round trips that must happen one after another (including storage), times the latency. */
  readonly sequentialRoundTrips: number;
  readonly explanation: string;
}

export interface Measurement {
  readonly scenario: string;
  readonly group: string;
  readonly size?: number;
  readonly jiraCalls: number;
  readonly confluenceCalls: number;
  readonly storageCalls: number;
  readonly points: PointsSummary;
  readonly wallMs: number;
  readonly wallMsNoLatency: number;
  readonly latencyShareMs: number;
  readonly latencyMs: number;
  readonly lowerBound: LowerBound;
  readonly callRatio: number;
  /** latencyShareMs / (sequentialRoundTrips × latency). */
  readonly wallRatio: number;
  /**
   * Round trips the action made one after another, read from the request log: the most requests
   * that do not overlap in time (greedy by end time). Requests sent together overlap and count
   * once, so this is the action's sequential depth, and CPU noise barely moves it.
   */
  readonly sequentialDepth: number;
  /** sequentialDepth / lowerBound.sequentialRoundTrips. */
  readonly depthRatio: number;
  readonly outcome: string;
  readonly notes?: string;
}

export interface NotMeasured {
  readonly scenario: string;
  readonly group: string;
  readonly notMeasured: string;
}

export interface Scenario {
  readonly name: string;
  readonly group: string;
  readonly size?: number;
  /** Prepares the site and returns the measured action (run inside an invocation by the scenario). */
  prepare(forge: BenchForge, recorder: ExchangeRecorder): Promise<() => Promise<string>>;
  lowerBound(): LowerBound;
  notes?: string;
}

async function runOnce(
  scenario: Scenario,
  latencyMs: number,
): Promise<{ wallMs: number; recorder: ExchangeRecorder; outcome: string; violations: number }> {
  const forge = await startBenchForge();
  const recorder = recordExchanges(forge.site);
  try {
    const action = await scenario.prepare(forge, recorder);
    recorder.clear();
    recorder.latencyMs = latencyMs;
    const startedAt = performance.now();
    const outcome = await action();
    const wallMs = performance.now() - startedAt;
    recorder.latencyMs = 0;
    return { wallMs, recorder, outcome, violations: forge.site.contract.acknowledge().length };
  } finally {
    recorder.stop();
    await forge.dispose();
  }
}

export async function measure(scenario: Scenario, latencyMs: number): Promise<Measurement> {
  const withLatency = await runOnce(scenario, latencyMs);
  const without = await runOnce(scenario, 0);
  const log = withLatency.recorder.exchanges;
  const count = (product: string) => log.filter((exchange) => exchange.product === product).length;
  const bound = scenario.lowerBound();
  const latencyShareMs = Math.max(0, withLatency.wallMs - without.wallMs);
  const jiraCalls = count('jira');
  const confluenceCalls = count('confluence');
  return {
    scenario: scenario.name,
    group: scenario.group,
    ...(scenario.size === undefined ? {} : { size: scenario.size }),
    jiraCalls,
    confluenceCalls,
    storageCalls: count('kvs'),
    points: jiraRatePoints(log),
    wallMs: round(withLatency.wallMs),
    wallMsNoLatency: round(without.wallMs),
    latencyShareMs: round(latencyShareMs),
    latencyMs,
    lowerBound: bound,
    callRatio: round((jiraCalls + confluenceCalls) / Math.max(1, bound.jiraCalls + bound.confluenceCalls), 2),
    wallRatio: latencyMs > 0 ? round(latencyShareMs / (bound.sequentialRoundTrips * latencyMs), 2) : 0,
    sequentialDepth: sequentialDepth(log),
    depthRatio: round(sequentialDepth(log) / bound.sequentialRoundTrips, 2),
    outcome: withLatency.violations > 0 ? `${withLatency.outcome}; ${withLatency.violations} contract violations` : withLatency.outcome,
    ...(scenario.notes ? { notes: scenario.notes } : {}),
  };
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

const responder = BENCH_USERS.responder.accountId;

// ---- Incident history read (the reads every postmortem needs) --------------------------------

export function commentsFor(entries: number): number {
  return Math.max(5, Math.round(entries / 5));
}

/** The adapter-level reads a postmortem is built from: the issue, every changelog page, every comment page. */
export function historyReadScenario(entries: number): Scenario {
  const comments = commentsFor(entries);
  return {
    name: `incident history read, ${entries} changelog + ${comments} comments`,
    group: 'postmortem',
    size: entries,
    async prepare(forge) {
      const key = addIncident(forge.site, { status: 'Resolved' });
      addHistory(forge.site, key, { changelogEntries: entries, comments });
      const { JiraClient } = await import('../src/adapters/jira/jira-client');
      return () =>
        forge.asInvocation({ accountId: responder }, async () => {
          const jira = JiraClient.asUser();
          const [issue, changelog, all] = await Promise.all([jira.getIssue(key), jira.getChangelogAll(key), jira.getCommentsAll(key)]);
          return `${issue.key}: ${changelog.length} changelog entries, ${all.length} comments`;
        });
    },
    lowerBound: () => ({
      jiraCalls: 1 + Math.ceil(entries / 100) + Math.ceil(comments / 100),
      confluenceCalls: 0,
      sequentialRoundTrips: entries > 100 || comments > 100 ? 2 : 1,
      explanation: 'issue + ceil(n/100) changelog pages + ceil(c/100) comment pages; first pages together, then the rest at once',
    }),
  };
}

// ---- Priority panel ----------------------------------------------------------------------------

/** The default 3x3 matrix's levels. */
const IMPACTS = ['High', 'Medium', 'Low'];
const URGENCIES = ['Medium', 'High', 'Low'];

function addOpenIncidents(forge: BenchForge, count: number): string[] {
  const keys: string[] = [];
  for (let i = 0; i < count; i += 1) {
    keys.push(
      addIncident(forge.site, {
        summary: `Open incident ${i + 1}`,
        status: i % 3 === 0 ? 'Open' : 'In Progress',
        impact: IMPACTS[i % IMPACTS.length]!,
        urgency: URGENCIES[Math.floor(i / 3) % URGENCIES.length]!,
        affectedUsers: 100 + i,
        created: new Date(Date.parse('2026-11-25T00:00:00.000Z') + i * 60_000).toISOString().replace('Z', '+0000'),
      }),
    );
  }
  return keys;
}

async function priorityResolver() {
  const { priorityPanelResolver } = await import('../src/entry/resolvers/priority-panel-resolver');
  const { PRIORITY_RESOLVER_KEYS } = await import('../src/contracts/priority-panel');
  return { definitions: priorityPanelResolver, keys: PRIORITY_RESOLVER_KEYS };
}

function outcomeOf(result: unknown): string {
  const envelope = result as { success?: boolean; error?: { code?: string; message?: string } };
  return envelope.success ? 'ok' : `failed: ${envelope.error?.code ?? '?'} ${envelope.error?.message ?? ''}`;
}

/** Files the open incidents and picks the one in the middle of the ranking as the panel's issue. */
async function panelOnIncidents(forge: BenchForge, openIncidents: number) {
  const keys = addOpenIncidents(forge, openIncidents);
  const { definitions, keys: resolverKeys } = await priorityResolver();
  return { target: keys[Math.floor(keys.length / 2)]!, definitions, resolverKeys };
}

/** The scheduled maintenance run (as Forge runs it every five minutes): builds the ranking index to the end. */
async function maintainIndex(forge: BenchForge): Promise<string> {
  const { maintainRankingIndex } = await import('../src/usecases/priority/maintain-ranking-index');
  const { productionPriorityDeps } = await import('../src/usecases/priority/priority-deps');
  const progress = await forge.asInvocation({ accountId: forge.site.appAccountId, moduleKey: 'ranking-maintenance' }, () =>
    maintainRankingIndex(productionPriorityDeps(), () => true),
  );
  return progress.state === 'done' ? `index built: ${progress.total} open incidents` : `maintenance ended ${progress.state}`;
}

/** A warm view: settings, field map and ranking index already in app storage (built by the maintenance run). */
export function panelViewScenario(openIncidents: number): Scenario {
  return {
    name: `priority panel view, ${openIncidents} open incidents`,
    group: 'priority panel',
    size: openIncidents,
    async prepare(forge) {
      const { target, definitions, resolverKeys } = await panelOnIncidents(forge, openIncidents);
      await maintainIndex(forge);
      const view = () => forge.invoke(definitions, resolverKeys.view, { issueKey: target }, { accountId: responder });
      const warm = await view();
      if (outcomeOf(warm) !== 'ok') throw new Error(`panel warm-up failed: ${outcomeOf(warm)}`);
      return async () => outcomeOf(await view());
    },
    lowerBound: () => ({
      jiraCalls: openIncidents > 1 ? 2 : 1,
      confluenceCalls: 0,
      sequentialRoundTrips: 2,
      explanation:
        'GET the issue (fields, assessment property, editmeta) with the storage reads alongside, then one bulk fetch of the rank neighbours. The app makes 3: the index queries that place the incident by its fresh values come between; 2 would need the neighbours readable in the first round (e.g. a per-issue record of its neighbours kept by every index write)',
    }),
    notes:
      "storage per view: the index summary (bucket counts), the incident's stored entry, one bucket count query and two neighbour queries: a few KB whatever the number of open incidents",
  };
}

/**
 * The first view after install or a settings change: no usable ranking index. The view does at
 * most one bounded rebuild step (one search page as the app): enough for up to 100 open incidents,
 * otherwise it answers "being rebuilt" and the maintenance run finishes the index.
 */
export function panelColdViewScenario(openIncidents: number): Scenario {
  const ranked = openIncidents <= 100;
  return {
    name: `priority panel first view (no index yet), ${openIncidents} open incidents`,
    group: 'priority panel',
    size: openIncidents,
    async prepare(forge) {
      const { target, definitions, resolverKeys } = await panelOnIncidents(forge, openIncidents);
      return async () => {
        const answer = await forge.invoke(definitions, resolverKeys.view, { issueKey: target }, { accountId: responder });
        const outcome = outcomeOf(answer);
        return outcome === 'ok' && (answer as { data: { rankPending?: boolean } }).data.rankPending
          ? 'ok (ranking being rebuilt)'
          : outcome;
      };
    },
    lowerBound: () => ({
      jiraCalls: 3 + (ranked ? 1 : 0),
      confluenceCalls: 0,
      sequentialRoundTrips: 3 + (ranked ? 1 : 0),
      explanation: ranked
        ? "field list, the issue, one search page as the app (the whole index), the neighbours' bulk fetch"
        : 'field list, the issue, one search page as the app (a start on the index); no rank yet',
    }),
  };
}

/** Building the ranking index from scratch in the scheduled maintenance run (as the app, off any viewer's path). */
export function indexRebuildScenario(openIncidents: number): Scenario {
  return {
    name: `priority panel index rebuild (maintenance run), ${openIncidents} open incidents`,
    group: 'priority panel',
    size: openIncidents,
    async prepare(forge) {
      addOpenIncidents(forge, openIncidents);
      return () => maintainIndex(forge);
    },
    lowerBound: () => ({
      jiraCalls: 1 + Math.ceil(openIncidents / 100),
      confluenceCalls: 0,
      sequentialRoundTrips: 1 + Math.ceil(openIncidents / 100),
      explanation: 'field list, ceil(N/100) search pages (token paging is sequential); storage writes and the ordered scan come on top',
    }),
  };
}

export function panelApplyScenario(openIncidents: number): Scenario {
  return {
    name: `priority panel apply, ${openIncidents} open incidents`,
    group: 'priority panel',
    size: openIncidents,
    async prepare(forge) {
      const { target, definitions, resolverKeys } = await panelOnIncidents(forge, openIncidents);
      await maintainIndex(forge);
      const warm = await forge.invoke(definitions, resolverKeys.view, { issueKey: target }, { accountId: responder });
      if (outcomeOf(warm) !== 'ok') throw new Error(`panel warm-up failed: ${outcomeOf(warm)}`);
      const payload = {
        issueKey: target,
        assessment: { impact: 'High', urgency: 'High', affectedUsers: 5000, businessImplications: ['Financial'] },
      };
      return async () => outcomeOf(await forge.invoke(definitions, resolverKeys.apply, payload, { accountId: responder }));
    },
    lowerBound: () => ({
      jiraCalls: 3,
      confluenceCalls: 0,
      sequentialRoundTrips: 3,
      explanation:
        'GET the issue (type, current values, editmeta), one PUT of fields + assessment property, one bulk fetch of the new rank neighbours (the panel is answered from what was written); the index reads under the lock and its one transaction can ride along only if the lock is taken with the GET. The app takes it with the PUT (4 trips), so the shared lock is not held across two Jira calls or for a request Jira then refuses',
    }),
  };
}

// ---- Workflow validators -----------------------------------------------------------------------

export function validatorScenario(
  rule: 'triage-complete' | 'escalation-ready' | 'resolution-ready' | 'closure',
  historyEntries = 200,
): Scenario {
  return {
    name: `workflow validator ${rule}, ${historyEntries} changelog entries`,
    group: 'workflow validators',
    size: historyEntries,
    async prepare(forge) {
      const key = addIncident(forge.site, {
        status:
          rule === 'closure' ? 'Resolved' : rule === 'resolution-ready' ? 'In Progress' : rule === 'escalation-ready' ? 'Triaged' : 'Open',
      });
      addHistory(forge.site, key, { changelogEntries: historyEntries, comments: 10 });
      const handlers = await import('../src/entry/validators');
      const handler = {
        'triage-complete': handlers.triageCompleteValidator,
        'escalation-ready': handlers.escalationReadyValidator,
        'resolution-ready': handlers.resolutionReadyValidator,
        closure: handlers.closureValidator,
      }[rule];
      const toStatus = { 'triage-complete': 'Triaged', 'escalation-ready': 'Escalated', 'resolution-ready': 'Resolved', closure: 'Closed' }[
        rule
      ];
      const toId = String(forge.site.jira.state.statuses.find((status) => status.name === toStatus)?.id);
      const payload = { issue: { key }, transition: { from: { id: '1' }, to: { id: toId } } };
      // A site in use: setup stored the field ids, and an earlier transition the statuses and time zone.
      const { loadIncidentFieldMap } = await import('../src/adapters/jira/incident-field-map');
      const { SiteStatusStore } = await import('../src/adapters/jira/site-statuses');
      const { JiraClient } = await import('../src/adapters/jira/jira-client');
      const { AppStorage } = await import('../src/adapters/storage/app-storage');
      await forge.asInvocation({ accountId: forge.site.appAccountId, moduleKey: rule }, async () => {
        await loadIncidentFieldMap(JiraClient.asApp(), new AppStorage());
        await new SiteStatusStore(JiraClient.asApp(), new AppStorage(), () => new Date().toISOString()).load();
      });
      return async () => {
        const answer = await forge.asInvocation({ accountId: responder, moduleKey: rule }, () =>
          handler(payload, { principal: { accountId: responder } }),
        );
        return answer.result ? 'passes' : `blocks: ${answer.errorMessage ?? ''}`.slice(0, 90);
      };
    },
    lowerBound: () => validatorLowerBound(rule, historyEntries, 10),
  };
}

/**
 * Field ids, statuses and the site's time zone are site configuration that app storage holds
 * (setup stores the field ids; the validators keep the statuses and time zone for ten minutes,
 * see src/adapters/jira/site-statuses.ts), so the bound counts only the incident's own data: the
 * issue; the changelog for escalation (tier before the transition); for closure also the comments,
 * remote links (postmortem page) and the closer's groups. Trips: those reads start together with
 * the storage reads; only changelog pages past the first wait for it (its total).
 */
function validatorLowerBound(rule: string, entries: number, comments: number): LowerBound {
  const pages = Math.ceil(entries / 100);
  if (rule === 'escalation-ready')
    return { jiraCalls: 1 + pages, confluenceCalls: 0, sequentialRoundTrips: 2, explanation: 'the issue, ceil(n/100) changelog pages' };
  if (rule === 'closure') {
    return {
      jiraCalls: 1 + pages + Math.ceil(comments / 100) + 2,
      confluenceCalls: 0,
      sequentialRoundTrips: 2,
      explanation: "the issue, changelog and comment pages, remote links, the closer's groups",
    };
  }
  return {
    jiraCalls: 1,
    confluenceCalls: 0,
    sequentialRoundTrips: 1,
    explanation: 'the issue with its fields (settings, field ids and statuses from storage in the same round)',
  };
}

/**
 * Alert delivery to the incident-alerts web trigger (src/usecases/alerts/receive-alert.ts), Jira calls per
 * delivered alert. A new group, in the web trigger invocation: storage only (claim + queue push), answered 202.
 * A new group, in the queue's consumer: the field map is in storage (setup ran), so one create (the
 * count property rides in the create body) and the priority rule's read and writes.
 * A known group repeating inside the minute: storage only.
 * A known group whose comment is due: the status check, the count property and the comment.
 */
export type AlertDeliveryKind = 'new group' | 'new group, consumer' | 'known group' | 'known group, comment due';
export function alertDeliveryScenario(kind: AlertDeliveryKind): Scenario {
  const bounds: Record<AlertDeliveryKind, LowerBound> = {
    'new group': {
      jiraCalls: 0,
      confluenceCalls: 0,
      sequentialRoundTrips: 4,
      explanation:
        'the web trigger invocation only: the token digest and group record reads, the claim write, the queue push; the sender has its 202 before any Jira call',
    },
    'new group, consumer': {
      jiraCalls: 4,
      confluenceCalls: 0,
      sequentialRoundTrips: 8,
      explanation:
        "the queue consumer: source read, work lock, group record read, the create (fields + count property in one request), the group record; then the priority rule the trigger would run (ignoreSelf keeps it from the app's own create): GET the issue, PUT priority + assessment, its comment",
    },
    'known group': {
      jiraCalls: 0,
      confluenceCalls: 0,
      sequentialRoundTrips: 3,
      explanation: 'storage only: the token digest, the group record, the count write',
    },
    'known group, comment due': {
      jiraCalls: 3,
      confluenceCalls: 0,
      sequentialRoundTrips: 6,
      explanation: 'the status check (GET issue), the count property and the comment, each after the storage reads',
    },
  };
  return {
    name: `alert delivery, ${kind}`,
    group: 'alerts',
    async prepare(forge) {
      const { AppStorage } = await import('../src/adapters/storage/app-storage');
      const { JiraClient } = await import('../src/adapters/jira/jira-client');
      const { ALERT_INCIDENT_QUEUE, handleAlertDelivery } = await import('../src/entry/triggers/incident-alerts-webtrigger');
      const { handleAlertIncidentEvent } = await import('../src/entry/triggers/incident-alerts-consumer');
      const { AlertSourceStore, newAlertSource } = await import('../src/usecases/alerts/alert-source-store');
      const { loadIncidentFieldMap } = await import('../src/adapters/jira/incident-field-map');
      // Incident setup puts the Incident type in the project's scheme; the bench seed's projects start with none.
      forge.site.jira.state.schemes.find((scheme) => scheme.name === 'INC: Issue Type Scheme')?.issueTypeIds.push('10010');
      let now = Date.parse('2026-11-30T10:00:00Z');
      const app = { accountId: forge.site.appAccountId, moduleKey: 'incident-alerts' };
      const storage = new AppStorage();
      // Pushed events are held here and consumed explicitly, so each row measures one invocation.
      const pushed: Record<string, unknown>[] = [];
      forge.setQueueConsumer(ALERT_INCIDENT_QUEUE, async (event) => void pushed.push(event));
      const consume = async () => {
        await forge.drainEvents();
        const events = pushed.splice(0);
        for (const event of events)
          await forge.asInvocation(app, () =>
            handleAlertIncidentEvent(event, { storage, jira: JiraClient.asApp(), now: () => new Date(now).toISOString() }),
          );
        return events.length;
      };
      await forge.asInvocation(app, async () => {
        const store = new AlertSourceStore(storage);
        await store.save(newAlertSource({ id: 'bench', name: 'Bench', projectKey: 'INC', now: new Date(now).toISOString() }));
        await store.setToken('bench', 'bench-token');
        await loadIncidentFieldMap(JiraClient.asApp(), storage);
      });
      const deliver = (dedupKey: string) =>
        forge.asInvocation(app, () =>
          handleAlertDelivery(
            {
              method: 'POST',
              headers: { authorization: ['Bearer bench-token'] },
              body: JSON.stringify({ title: 'Checkout errors', dedupKey, severity: 'critical' }),
            },
            { storage, jira: JiraClient.asApp(), now: () => new Date(now).toISOString() },
          ),
        );
      if (kind === 'new group, consumer') {
        // A site in use has its ranking index (the maintenance trigger builds it every five minutes),
        // so the priority rule only adds this incident to it instead of starting a rebuild.
        const { maintainRankingIndex } = await import('../src/usecases/priority/maintain-ranking-index');
        const { productionPriorityDeps } = await import('../src/usecases/priority/priority-deps');
        await forge.asInvocation(app, () => maintainRankingIndex(productionPriorityDeps(), () => true));
        await deliver('group-new');
        await forge.drainEvents();
        return async () => {
          const [event] = pushed.splice(0);
          if (!event) throw new Error('the delivery pushed no event');
          const retry = await forge.asInvocation(app, () =>
            handleAlertIncidentEvent(event, { storage, jira: JiraClient.asApp(), now: () => new Date(now).toISOString() }),
          );
          return retry === undefined ? `consumed: ${forge.site.jira.state.issues.size} issues` : 'retry requested';
        };
      }
      if (kind !== 'new group') {
        await deliver('group-1');
        await consume();
        now += kind === 'known group' ? 10_000 : 11 * 60_000;
      }
      return async () => {
        const answer = await deliver(kind === 'new group' ? 'group-new' : 'group-1');
        return `${answer.statusCode} ${String((JSON.parse(answer.body) as { outcome?: string }).outcome)}`;
      };
    },
    lowerBound: () => bounds[kind],
    notes:
      'a storm of n alerts in g groups costs g web-trigger answers without Jira calls and g consumer runs (each a create with the priority rule and its ranking-index update, which on a site without an index yet also carries a bounded rebuild step), at most one status read per group per minute and two writes per group per 10 minutes, whatever n',
  };
}
