import { PRIORITY_RESOLVER_KEYS } from '../../src/contracts/priority-panel';
import { POSTMORTEM_RESOLVER_KEYS } from '../../src/contracts/postmortem-macro';
import { postmortemMacroResolver } from '../../src/entry/resolvers/postmortem-macro-resolver';
import { priorityPanelResolver } from '../../src/entry/resolvers/priority-panel-resolver';
import { addHistory, addIncident, BENCH_USERS, CONFLUENCE_SPACE } from '../../bench/support/bench-site';
import { startFaultSite, type FaultSite } from '../faults/support/fault-kit';

/**
 * A user without Browse Projects on an incident learns nothing about it from any surface: the
 * answer for a hidden incident is the answer for one that does not exist (same code, same
 * message, key aside), and none of its data (summary, fields, comments) appears anywhere in it.
 * The outsider may browse OPS only; the secret incident lives in INC.
 */
const outsider = BENCH_USERS.outsider.accountId;
const responder = BENCH_USERS.responder.accountId;
const SECRET = 'SECRET-acquisition-ledger';
jest.setTimeout(120_000);

describe('no browse permission, no information', () => {
  let site: FaultSite;
  let hiddenKey: string;
  let visibleKey: string;
  const macroContext = { content: { id: '131073' }, space: { id: CONFLUENCE_SPACE.id, key: CONFLUENCE_SPACE.key } };

  beforeAll(async () => {
    site = await startFaultSite();
    hiddenKey = addIncident(site.forge.site, { summary: `${SECRET} outage`, impact: 'High', urgency: 'High', status: 'Resolved' });
    addHistory(site.forge.site, hiddenKey, { changelogEntries: 12, comments: 3 });
    site.forge.site.jira.issue(hiddenKey)!.comments.forEach((comment) =>
      Object.assign(comment, {
        body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: `${SECRET} comment` }] }] },
      }),
    );
    // Open incidents on both sides of the outsider's own OPS incident in the ranking.
    addIncident(site.forge.site, { summary: `${SECRET} neighbour above`, impact: 'High', urgency: 'High' });
    visibleKey = addIncident(site.forge.site, { project: 'OPS', summary: 'Visible OPS incident', impact: 'Medium', urgency: 'Medium' });
    addIncident(site.forge.site, { summary: `${SECRET} neighbour below`, impact: 'Low', urgency: 'Low' });
    // The responder's view builds the ranking index (as the app) with every open incident in it.
    const warm = (await site.forge.invoke(
      priorityPanelResolver,
      PRIORITY_RESOLVER_KEYS.view,
      { issueKey: hiddenKey },
      { accountId: responder },
    )) as { success: boolean };
    expect(warm.success).toBe(true);
  });
  afterAll(() => site.dispose());

  const missingKey = 'INC-99999';
  const sameAnswer = (hidden: unknown, missing: unknown) => {
    const text = JSON.stringify(hidden);
    expect(text).not.toContain(SECRET);
    expect(text.replaceAll(hiddenKey, 'KEY')).toBe(JSON.stringify(missing).replaceAll(missingKey, 'KEY'));
  };

  it('priority panel view: a hidden incident answers exactly like a missing one', async () => {
    const ask = (issueKey: string) =>
      site.forge.invoke(priorityPanelResolver, PRIORITY_RESOLVER_KEYS.view, { issueKey }, { accountId: outsider });
    const hidden = await ask(hiddenKey);
    expect(hidden).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    sameAnswer(hidden, await ask(missingKey));
  });

  it('priority panel apply: refused like a missing incident, and nothing is written', async () => {
    site.recorder.clear();
    const ask = (issueKey: string) =>
      site.forge.invoke(
        priorityPanelResolver,
        PRIORITY_RESOLVER_KEYS.apply,
        { issueKey, assessment: { impact: 'Low', urgency: 'Low', affectedUsers: 1, businessImplications: [] } },
        { accountId: outsider },
      );
    const hidden = await ask(hiddenKey);
    sameAnswer(hidden, await ask(missingKey));
    expect(site.recorder.writes().filter((e) => e.product !== 'kvs')).toEqual([]);
  });

  it('rank neighbours the viewer may not browse are shown as hidden, without key or summary', async () => {
    const view = (await site.forge.invoke(
      priorityPanelResolver,
      PRIORITY_RESOLVER_KEYS.view,
      { issueKey: visibleKey },
      { accountId: outsider },
    )) as {
      success: boolean;
      data?: { rank: { above?: unknown; below?: unknown } | null };
    };
    expect(view.success).toBe(true);
    expect(view.data?.rank?.above).toEqual({ hidden: true });
    expect(view.data?.rank?.below).toEqual({ hidden: true });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    expect(JSON.stringify(view.data?.rank)).not.toMatch(/INC-\d+/);
  });

  it('postmortem preview: a hidden incident answers exactly like a missing one', async () => {
    const ask = (issueKey: string) =>
      site.forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.preview,
        { issueKey },
        { accountId: outsider, extension: macroContext },
      );
    const hidden = await ask(hiddenKey);
    expect(hidden).toMatchObject({ success: false });
    sameAnswer(hidden, await ask(missingKey));
  });

  it('postmortem create: refused like a missing incident, and no page, link or claim is written', async () => {
    site.recorder.clear();
    const ask = (issueKey: string) =>
      site.forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.create,
        { issueKey },
        { accountId: outsider, extension: macroContext },
      );
    const hidden = await ask(hiddenKey);
    expect(hidden).toMatchObject({ success: false });
    sameAnswer(hidden, await ask(missingKey));
    expect(site.recorder.writes()).toEqual([]);
  });

  it('search-as-you-type for the macro finds nothing the viewer may not browse', async () => {
    for (const query of [SECRET, 'SECRET', hiddenKey, 'acquisition', '']) {
      const result = await site.forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.searchIncidents,
        { query },
        { accountId: outsider },
      );
      expect({ query, result: JSON.stringify(result).includes(SECRET) || JSON.stringify(result).includes(`"${hiddenKey}"`) }).toEqual({
        query,
        result: false,
      });
    }
    // The same search as the responder does find it: the query reaches the incident when allowed.
    const allowed = await site.forge.invoke(
      postmortemMacroResolver,
      POSTMORTEM_RESOLVER_KEYS.searchIncidents,
      { query: 'acquisition' },
      { accountId: responder },
    );
    expect(JSON.stringify(allowed)).toContain(hiddenKey);
  });
});
