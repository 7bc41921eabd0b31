import { PRIORITY_RESOLVER_KEYS } from '../../src/contracts/priority-panel';
import { priorityPanelResolver } from '../../src/entry/resolvers/priority-panel-resolver';
import type { FaultKind } from '../../local-site';
import { addIncident, BENCH_USERS } from '../../bench/support/bench-site';
import { isWhole, priorityStateOf, startFaultSite, type FaultSite, type PriorityState } from './support/fault-kit';

/**
 * A priority apply is never half done: whatever fails, wherever it fails, the incident ends either
 * as it was or with the new assessment, its priority and the stored assessment property together.
 * The sweep injects each fault kind on each request the apply makes, one at a time.
 */
const responder = BENCH_USERS.responder.accountId;
jest.setTimeout(120_000);
const NEW_ASSESSMENT = { impact: 'High', urgency: 'High', affectedUsers: 4321, businessImplications: ['Financial'] };

type Envelope = { success: boolean; error?: { code: string; message: string; field?: string } };

describe('priority apply under faults', () => {
  let site: FaultSite;
  beforeAll(async () => {
    site = await startFaultSite();
    // One warm view builds the settings, field map and ranking index, as a real first view does.
    const warm = addIncident(site.forge.site, { summary: 'warm-up' });
    const view = (await site.forge.invoke(
      priorityPanelResolver,
      PRIORITY_RESOLVER_KEYS.view,
      { issueKey: warm },
      { accountId: responder },
    )) as Envelope;
    expect(view.success).toBe(true);
  });
  afterAll(() => site.dispose());
  afterEach(() => site.forge.site.faults.clear());

  const freshIncident = () =>
    addIncident(site.forge.site, { impact: 'Low', urgency: 'Low', affectedUsers: 10, priority: 'Low', summary: 'Apply target' });
  const apply = async (issueKey: string, extra: Record<string, unknown> = {}) =>
    (await site.forge.invoke(
      priorityPanelResolver,
      PRIORITY_RESOLVER_KEYS.apply,
      { issueKey, assessment: NEW_ASSESSMENT, ...extra },
      { accountId: responder },
    )) as Envelope;

  /** The whole state a successful apply of NEW_ASSESSMENT leaves. */
  let applied: PriorityState;
  let untouched: PriorityState;
  beforeAll(async () => {
    const probe = freshIncident();
    untouched = priorityStateOf(site.forge, probe);
    expect(untouched.property).toBeNull();
    const result = await apply(probe);
    expect(result).toMatchObject({ success: true });
    applied = priorityStateOf(site.forge, probe);
    expect(isWhole(applied)).toBe(true);
    expect(applied).toMatchObject({ impact: 'High', urgency: 'High', affectedUsers: 4321 });
  });

  const strip = (state: PriorityState) => ({
    ...state,
    property: state.property && {
      jiraPriorityName: state.property.jiraPriorityName,
      assessment: {
        impact: state.property.assessment.impact,
        urgency: state.property.assessment.urgency,
        affectedUsers: state.property.assessment.affectedUsers,
      },
    },
  });

  it('leaves nothing changed when Jira keeps answering 503 to the write', async () => {
    const key = freshIncident();
    site.forge.site.faults.inject({
      match: { method: 'PUT', pathPrefix: `/rest/api/3/issue/${key}` },
      kind: '503',
      retryAfterSeconds: 0,
      times: 100,
    });
    const result = await apply(key);
    expect(result).toMatchObject({ success: false, error: { code: 'UNAVAILABLE' } });
    expect(priorityStateOf(site.forge, key)).toEqual(untouched);
  });

  it('leaves nothing changed when Jira refuses the write (an override naming no Jira priority), and names the field', async () => {
    const key = freshIncident();
    const result = await apply(key, { override: { jiraPriorityName: 'Apocalyptic', reason: 'testing' } });
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST' } });
    expect(result.error?.field).toBe('override.jiraPriorityName');
    expect(priorityStateOf(site.forge, key)).toEqual(untouched);
  });

  it('completes the write whole after a connection reset on the PUT (a PUT is safe to resend)', async () => {
    const key = freshIncident();
    site.forge.site.faults.inject({ match: { method: 'PUT', pathPrefix: `/rest/api/3/issue/${key}` }, kind: 'reset', times: 1 });
    expect(await apply(key)).toMatchObject({ success: true });
    expect(strip(priorityStateOf(site.forge, key))).toEqual(strip(applied));
  });

  it("keeps the incident whole when the panel's read after the write (the rank neighbours) fails", async () => {
    const key = freshIncident();
    // Apply answers the panel of what it wrote without reading the issue again; the neighbours' bulk fetch is its one read after the PUT.
    site.forge.site.faults.inject({
      match: (req) => req.method === 'POST' && req.path === '/rest/api/3/issue/bulkfetch',
      kind: 'truncated',
      times: 1,
    });
    const result = await apply(key);
    expect(result.success).toBe(false);
    expect(strip(priorityStateOf(site.forge, key))).toEqual(strip(applied));
  });

  it('never leaves a half-done apply, whichever request of the apply fails and however', async () => {
    // The request sequence of one apply, from a fault-free run.
    const probe = freshIncident();
    site.recorder.clear();
    await apply(probe);
    const sequence = site.recorder.exchanges.map((e) => `${e.method} ${e.path}`);
    expect(sequence.length).toBeGreaterThanOrEqual(4);
    const kinds: FaultKind[] = ['429', '503', '500', 'reset', 'truncated'];
    const outcomes: string[] = [];
    let runs = 0;
    for (let position = 0; position < sequence.length; position += 1) {
      // Storage calls fail the same way whatever the kind: two kinds cover them and keep the sweep short.
      const kindsHere: FaultKind[] = sequence[position]!.includes('/api/v1/') ? ['503', 'truncated'] : kinds;
      const line: string[] = [];
      for (const kind of kindsHere) {
        runs += 1;
        const key = freshIncident();
        let seen = 0;
        site.forge.site.faults.inject({ match: () => seen++ === position, kind, retryAfterSeconds: 0, times: 1 });
        const result = await apply(key);
        site.forge.site.faults.clear();
        const state = priorityStateOf(site.forge, key);
        const label = `${kind} on #${position} ${sequence[position]}`;
        expect({ label, whole: isWhole(state) }).toEqual({ label, whole: true });
        const ended =
          JSON.stringify(strip(state)) === JSON.stringify(strip(applied))
            ? 'applied'
            : JSON.stringify(state) === JSON.stringify(untouched)
              ? 'untouched'
              : 'other';
        expect({ label, ended }).not.toEqual({ label, ended: 'other' });
        if (result.success) expect({ label, ended }).toEqual({ label, ended: 'applied' });
        line.push(`${kind} ${result.success ? 'ok' : result.error?.code}→${ended}`);
      }
      outcomes.push(`#${position} ${sequence[position]}: ${line.join(', ')}`);
    }
    console.log(
      `priority apply fault sweep: ${runs} runs over ${sequence.length} requests, every one whole (fault → answer → state)\n  ${outcomes.join('\n  ')}`,
    );
  });
});
