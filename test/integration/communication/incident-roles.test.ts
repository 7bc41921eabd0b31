import path from 'node:path';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { COMMUNICATION_RESOLVER_KEYS, type CommunicationView } from '../../../src/contracts/communication';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { incidentPanelResolver } from '../../../src/entry/resolvers/incident-panel-resolver';
import { ROLE_FIELD_IDS } from '../../../src/usecases/communicate/role-fields';
import { remindOverdueUpdates } from '../../../src/usecases/communicate/remind-overdue-updates';
import { runIncidentSetup } from '../../../src/usecases/setup/run-incident-setup';
import { FakeNotifier } from '../../support/communication-fakes';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const MARCUS = '5f1a2b3c4d5e6f7a8b9c0d02';
const ELENA = '5f1a2b3c4d5e6f7a8b9c0d03';

let forge: LocalForge;

function panel<T>(key: string, payload: unknown, accountId: string): Promise<ResolverResult<T>> {
  return forge.asInvocation({ accountId }, () =>
    forge.invoke(incidentPanelResolver, key, payload, {
      accountId,
      moduleKey: 'incident-priority-panel',
      extension: { issue: { key: 'INC-1' } },
    }),
  ) as Promise<ResolverResult<T>>;
}

describe('incident roles', () => {
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: DEMO_SEED });
  });
  afterEach(() => forge.dispose());

  it('before setup, taking a role says to run setup', async () => {
    const result = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.takeRole, { role: 'communicationsManager' }, MARCUS);
    expect(result).toMatchObject({ success: false, error: { code: 'CONFLICT', message: expect.stringContaining('Incident setup') } });
  });

  it('setup adds the two user-picker role fields; "I\'ll manage comms" sets the caller as themselves; the reminder then goes to them', async () => {
    const report = await forge.asInvocation({ accountId: PRIYA }, () =>
      runIncidentSetup({ jira: JiraClient.asApp(), storage: new AppStorage(), now: () => new Date() }, { projectKeys: [] }),
    );
    expect(report.created.map((item) => item.id)).toEqual(
      expect.arrayContaining(['roleField:incidentManager', 'roleField:communicationsManager']),
    );
    const ids = await forge.asInvocation({ accountId: PRIYA }, () => new AppStorage().get(ROLE_FIELD_IDS));
    expect(ids?.communicationsManager).toMatch(/^customfield_/);

    const taken = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.takeRole, { role: 'communicationsManager' }, MARCUS);
    if (!taken.success) throw new Error(taken.error.message);
    expect(taken.data.roles?.communicationsManager?.accountId).toBe(MARCUS);
    expect(taken.data.roles?.incidentManager).toBeNull();
    const history = (await forge.site.request('app', 'GET', '/rest/api/3/issue/INC-1/changelog?maxResults=100&startAt=0')).body as {
      values: Array<{ author?: { accountId: string }; items: Array<{ field: string }> }>;
    };
    expect(
      history.values.some(
        (entry) => entry.author?.accountId === MARCUS && entry.items.some((item) => item.field === 'Communications manager'),
      ),
    ).toBe(true);

    // A browse-only user cannot edit the incident, so Jira refuses and the role stays Marcus's.
    const refused = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.takeRole, { role: 'communicationsManager' }, ELENA);
    expect(refused.success).toBe(false);

    const notifier = new FakeNotifier();
    const farFuture = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
    await forge.asInvocation({ accountId: PRIYA }, () =>
      remindOverdueUpdates({ appJira: JiraClient.asApp(), storage: new AppStorage(), notifier, now: () => farFuture }),
    );
    expect(notifier.sent.find((sent) => sent.issueKey === 'INC-1')?.notification.to).toEqual({ users: [{ accountId: MARCUS }] });
  });

  it('refuses an unknown role naming the field', async () => {
    const result = await panel<CommunicationView>(COMMUNICATION_RESOLVER_KEYS.takeRole, { role: 'scribe' }, MARCUS);
    expect(result).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'role' } });
  });
});
