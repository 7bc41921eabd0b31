import path from 'node:path';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { remindOverdueUpdates, type ReminderRunSummary } from '../../../src/usecases/communicate/remind-overdue-updates';
import { UPDATES_PROPERTY } from '../../../src/usecases/communicate/update-records';
import { startLocalForge, type LocalForge } from '../../support/local-forge';
import { FakeNotifier } from '../../support/communication-fakes';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const MARCUS = '5f1a2b3c4d5e6f7a8b9c0d02';
const START = Date.parse('2026-11-30T09:00:00.000Z');
const at = (minutes: number) => new Date(START + minutes * 60_000);
const jiraTime = (minutes: number) => at(minutes).toISOString().replace('Z', '+0000');

let forge: LocalForge;
let clock = at(0);
let notifier: FakeNotifier;

function run(): Promise<ReminderRunSummary> {
  return forge.asInvocation({ accountId: PRIYA }, () =>
    remindOverdueUpdates({
      appJira: JiraClient.asApp(),
      storage: new AppStorage(undefined, { sleep: async () => {} }),
      notifier,
      now: () => clock.toISOString(),
    }),
  );
}

/** A P1/P2/P3 incident opened at minute 0 (created; no impact start), assigned to Marcus. */
function addIncident(priority: 'Highest' | 'High' | 'Medium', overrides: { assignee?: string | null; updates?: unknown[] } = {}): string {
  const assignee = overrides.assignee === undefined ? MARCUS : overrides.assignee;
  const record = forge.site.jira.addIssue({
    project: 'INC',
    issueType: 'Incident',
    summary: `Outage at ${priority}`,
    status: 'In Progress',
    created: jiraTime(0),
    fields: { priority: { name: priority }, ...(assignee ? { assignee: forge.site.jira.state.userBody(assignee) } : {}) },
  });
  if (overrides.updates) record.properties.set(UPDATES_PROPERTY, { updates: overrides.updates });
  return record.key;
}

function jiraCallsDuring<T>(work: () => Promise<T>): Promise<{ result: T; jiraCalls: number }> {
  const before = forge.site.stats.log.filter((entry) => entry.product === 'jira').length;
  return work().then((result) => ({ result, jiraCalls: forge.site.stats.log.filter((entry) => entry.product === 'jira').length - before }));
}

describe('cadence reminders (scheduled job) on the local site', () => {
  beforeEach(async () => {
    clock = at(0);
    forge = await startLocalForge({ seedDir: DEMO_SEED, clock: () => clock });
    notifier = new FakeNotifier();
  });
  afterEach(() => forge.dispose());

  it('reminds the assignee of an overdue P1 once per overdue period, not every 5 minutes', async () => {
    const p1 = addIncident('Highest');
    clock = at(20);
    await run();
    const demoReminders = notifier.sent.length; // demo incidents may be overdue already
    clock = at(37);
    const first = await run();
    expect(first.reminded.filter((reminder) => reminder.issueKey === p1)).toEqual([
      { issueKey: p1, accountId: MARCUS, overdueText: 'update overdue by 7 min' },
    ]);
    const mine = notifier.sent.filter((sent) => sent.issueKey === p1);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.notification).toMatchObject({
      subject: `[${p1}] Stakeholder update overdue by 7 min`,
      to: { users: [{ accountId: MARCUS }] },
    });
    expect(notifier.sent.length).toBeGreaterThan(demoReminders);

    clock = at(42);
    await run();
    clock = at(47);
    await run();
    expect(notifier.sent.filter((sent) => sent.issueKey === p1)).toHaveLength(1);

    // An update at minute 50 promises the next by 65: missed at 70, a new period, one new reminder.
    forge.site.jira.issue(p1)!.properties.set(UPDATES_PROPERTY, {
      updates: [
        {
          id: 'u-00000001',
          state: 'Investigating',
          audience: 'internal',
          at: at(50).toISOString(),
          by: PRIYA,
          commentId: '1',
          nextUpdateDueAt: at(65).toISOString(),
        },
      ],
    });
    clock = at(60);
    await run();
    expect(notifier.sent.filter((sent) => sent.issueKey === p1)).toHaveLength(1);
    clock = at(70);
    expect((await run()).reminded.find((reminder) => reminder.issueKey === p1)?.overdueText).toBe('update overdue by 5 min');
    clock = at(75);
    await run();
    expect(notifier.sent.filter((sent) => sent.issueKey === p1)).toHaveLength(2);
  });

  it('leaves P3, resolved-update and unassigned incidents without a reminder, and reports who had nobody to remind', async () => {
    const p3 = addIncident('Medium');
    const resolved = addIncident('Highest', {
      updates: [
        {
          id: 'u-00000002',
          state: 'Resolved',
          audience: 'both',
          at: at(5).toISOString(),
          by: PRIYA,
          commentId: '2',
          nextUpdateDueAt: null,
        },
      ],
    });
    const orphan = addIncident('High', { assignee: null });
    clock = at(300);
    const summary = await run();
    const remindedKeys = summary.reminded.map((reminder) => reminder.issueKey);
    expect(remindedKeys).not.toContain(p3);
    expect(remindedKeys).not.toContain(resolved);
    expect(summary.nobodyToRemind).toContain(orphan);
  });

  it('finds overdue incidents with one search page per 100 incidents, not one call per incident', async () => {
    await run(); // field map and role fields are read once and kept in app storage
    for (const count of [10, 150]) {
      for (let i = 0; i < count; i += 1) addIncident(i % 2 === 0 ? 'Highest' : 'High');
      clock = at(5);
      const { result, jiraCalls } = await jiraCallsDuring(run);
      expect(result.watched).toBeGreaterThanOrEqual(count);
      // Reminders go through the notifier (one notify call each in production), not counted here.
      expect(jiraCalls).toBe(Math.ceil(result.watched / 100));
    }
  });
});
