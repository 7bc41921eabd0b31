/**
 * Stakeholder communication: posting an update (use case with the delivery ports served by the
 * test fakes, so the Jira and Confluence calls are the real ones and email/Statuspage are counted
 * apart) and the cadence job at 10, 100 and 1,000 open P1/P2 incidents.
 */
import { FakeNotifier, FakeStatuspage } from '../test/support/communication-fakes';
import type { Scenario } from './scenarios';
import { addIncident, BENCH_USERS, CONFLUENCE_SPACE } from './support/bench-site';

const responder = BENCH_USERS.responder.accountId;
const STATUSPAGE_ID = 'benchpage01';

async function commsSettings(forge: Parameters<Scenario['prepare']>[0]): Promise<void> {
  const { AppStorage } = await import('../src/adapters/storage/app-storage');
  const { COMMUNICATION_SETTINGS } = await import('../src/usecases/communicate/communication-settings-store');
  const { defaultCommunicationSettings } = await import('../src/domain/communication/communication-settings');
  await forge.asInvocation({ accountId: responder }, () =>
    new AppStorage().set(COMMUNICATION_SETTINGS, {
      ...defaultCommunicationSettings(),
      statusPageSpaceId: CONFLUENCE_SPACE.id,
      statuspage: { pageId: STATUSPAGE_ID, componentMap: { Checkout: 'cmpcheckout1' } },
    }),
  );
}

export function postUpdateScenario(): Scenario {
  return {
    name: 'post update (both audiences, second update of a P1)',
    group: 'communication',
    async prepare(forge) {
      const issueKey = addIncident(forge.site, {
        priority: 'Highest',
        status: 'In Progress',
        extraFields: { components: [{ id: '10001', name: 'Checkout' }] },
      });
      await commsSettings(forge);
      const { postStakeholderUpdate } = await import('../src/usecases/communicate/post-stakeholder-update');
      const { productionCommunicateDeps } = await import('../src/usecases/communicate/communicate-deps');
      const statusPage = new FakeStatuspage([STATUSPAGE_ID]);
      const notifier = new FakeNotifier();
      let n = 0;
      const post = () =>
        forge.asInvocation({ accountId: responder }, async () => {
          n += 1;
          const draft = {
            updateId: `bench-update-${String(n).padStart(4, '0')}`,
            state: 'Identified' as const,
            audience: 'both' as const,
            message: `Update ${n}: cause identified.`,
            components: ['Checkout'],
            nextUpdateDueAt: new Date(Date.now() + 30 * 60_000).toISOString(),
          };
          const result = await postStakeholderUpdate(
            { ...productionCommunicateDeps(), notifier, statusPage, sleep: async () => {} },
            { issueKey, draft, accountId: responder, siteUrl: null },
          );
          const failed = Object.entries(result.deliveries).filter(([, outcome]) => outcome.status === 'failed');
          return failed.length === 0
            ? `ok (${statusPage.calls.length} Statuspage calls, ${notifier.sent.length} emails so far)`
            : `failed: ${failed.map(([name]) => name).join(', ')}`;
        });
      const warm = await post();
      if (!warm.startsWith('ok')) throw new Error(`post update warm-up: ${warm}`);
      return post;
    },
    lowerBound: () => ({
      jiraCalls: 3,
      confluenceCalls: 2,
      sequentialRoundTrips: 5,
      explanation:
        'Jira: the issue as the user, the comment, the marker property PUT; Confluence: the status page (its version) and its PUT; plus 1 notify and 1 Statuspage call through the ports (not counted). Made: +1 site time zone, +1 property GET (re-read as the app just before the write)',
    }),
  };
}

export function cadenceJobScenario(openIncidents: number): Scenario {
  return {
    name: `cadence job, ${openIncidents} open P1/P2 incidents`,
    group: 'communication',
    size: openIncidents,
    async prepare(forge) {
      for (let i = 0; i < openIncidents; i += 1) {
        addIncident(forge.site, {
          summary: `Open incident ${i + 1}`,
          status: 'In Progress',
          priority: i % 2 === 0 ? 'Highest' : 'High',
          created: '2026-11-20T08:00:00.000+0000',
        });
      }
      const { remindOverdueUpdates } = await import('../src/usecases/communicate/remind-overdue-updates');
      const { productionReminderDeps } = await import('../src/usecases/communicate/communicate-deps');
      const notifier = new FakeNotifier();
      const run = () =>
        forge.asInvocation({ accountId: responder }, async () => {
          const summary = await remindOverdueUpdates({ ...productionReminderDeps(), notifier });
          return `${summary.watched} watched, ${summary.overdue} overdue, ${summary.reminded.length} reminded now`;
        });
      await run(); // field ids into app storage; every incident reminded once for its period
      return run;
    },
    lowerBound: () => ({
      jiraCalls: Math.ceil(openIncidents / 100),
      confluenceCalls: 0,
      sequentialRoundTrips: Math.ceil(openIncidents / 100),
      explanation:
        'ceil(N/100) JQL search pages with fields + the update-marker property (token paging is sequential); + 1 notify per new reminder (none in the measured run: all were reminded in the warm-up)',
    }),
  };
}
