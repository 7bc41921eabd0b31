/**
 * Postmortem generation through the macro's resolver: `postmortem.preview` (read and build the
 * model) and `postmortem.create` (the same reads, then the Confluence page, its property, the
 * record in app storage and the remote link on the issue).
 */
import { addHistory, addIncident, BENCH_USERS, CONFLUENCE_SPACE } from './support/bench-site';
import { commentsFor, type LowerBound, type Scenario } from './scenarios';

const responder = BENCH_USERS.responder.accountId;

/**
 * The issue first (it says whether the viewer may see it and what it links to), then every
 * changelog and comment page at once (their first pages tell the totals, so: first pages with the
 * issue, the rest in one more round trip), plus statuses and the viewer's profile alongside.
 */
function readBound(entries: number): { calls: number; trips: number } {
  const comments = commentsFor(entries);
  return { calls: 1 + Math.ceil(entries / 100) + Math.ceil(comments / 100) + 2, trips: entries > 100 || comments > 100 ? 2 : 1 };
}

function outcomeOf(result: unknown): string {
  const envelope = result as { success?: boolean; error?: { code?: string; message?: string }; data?: { created?: boolean } };
  if (!envelope.success) return `failed: ${envelope.error?.code ?? '?'} ${envelope.error?.message ?? ''}`;
  return envelope.data?.created === undefined ? 'ok' : `ok (created: ${String(envelope.data.created)})`;
}

export function postmortemScenarios(sizes: readonly number[]): Scenario[] {
  return sizes.flatMap((entries): Scenario[] => {
    const comments = commentsFor(entries);
    const prepare = (key: 'preview' | 'create') => async (forge: Parameters<Scenario['prepare']>[0]) => {
      const issueKey = addIncident(forge.site, { summary: 'Checkout latency above SLO', status: 'Resolved' });
      addHistory(forge.site, issueKey, { changelogEntries: entries, comments });
      // The field map is in storage, as on any site where Incident setup ran (it writes the map;
      // the first feature to miss it also stores it): a postmortem is not a site's first read.
      const { AppStorage } = await import('../src/adapters/storage/app-storage');
      const { JiraClient } = await import('../src/adapters/jira/jira-client');
      const { loadIncidentFieldMap } = await import('../src/adapters/jira/incident-field-map');
      await forge.asInvocation({ accountId: forge.site.appAccountId }, () => loadIncidentFieldMap(JiraClient.asApp(), new AppStorage()));
      const { postmortemMacroResolver } = await import('../src/entry/resolvers/postmortem-macro-resolver');
      const { POSTMORTEM_RESOLVER_KEYS } = await import('../src/contracts/postmortem-macro');
      const extension = { space: { id: CONFLUENCE_SPACE.id, key: CONFLUENCE_SPACE.key } };
      return async () =>
        outcomeOf(
          await forge.invoke(postmortemMacroResolver, POSTMORTEM_RESOLVER_KEYS[key], { issueKey }, { accountId: responder, extension }),
        );
    };
    const bound = readBound(entries);
    const previewBound = (): LowerBound => ({
      jiraCalls: bound.calls,
      confluenceCalls: 0,
      sequentialRoundTrips: bound.trips,
      explanation:
        'issue + ceil(n/100) changelog + ceil(c/100) comment pages + statuses + viewer profile; first pages together, then the rest at once',
    });
    return [
      {
        name: `postmortem preview, ${entries} changelog + ${comments} comments`,
        group: 'postmortem',
        size: entries,
        prepare: prepare('preview'),
        lowerBound: previewBound,
      },
      {
        name: `postmortem create, ${entries} changelog + ${comments} comments`,
        group: 'postmortem',
        size: entries,
        prepare: prepare('create'),
        lowerBound: () => ({
          jiraCalls: bound.calls + 1,
          confluenceCalls: 3,
          sequentialRoundTrips: bound.trips + 3,
          explanation: 'the preview reads, then: a title check, the page create, its property; the issue remote link alongside',
        }),
      },
    ];
  });
}
