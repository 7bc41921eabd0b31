import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { ALERT_SOURCE_RESOLVERS } from '../../../src/contracts/alert-sources';
import { adminPageResolver } from '../../../src/entry/resolvers/admin-page-resolver';
import { handleAlertIncidentEvent } from '../../../src/entry/triggers/incident-alerts-consumer';
import { ALERT_INCIDENT_QUEUE, handleAlertDelivery } from '../../../src/entry/triggers/incident-alerts-webtrigger';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../../support/local-forge';

type Answer = {
  success: boolean;
  data?: Record<string, unknown> & { token?: string; source?: { id: string; tokenSetAt: string | null } };
  error?: { code: string; message: string; field?: string };
};

describe('alert sources on the admin page (resolvers)', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
    forge.setQueueConsumer(ALERT_INCIDENT_QUEUE, (event) =>
      handleAlertIncidentEvent(event, { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => new Date().toISOString() }),
    );
  });
  afterEach(async () => forge.dispose());

  const call = (accountId: string, functionKey: string, payload: unknown = {}) =>
    forge.asInvocation({ accountId }, () =>
      forge.invoke(adminPageResolver, functionKey, payload, { accountId, moduleKey: 'incident-admin-page' }),
    ) as Promise<Answer>;
  const deliver = (token: string) =>
    forge.asInvocation({ accountId: forge.site.appAccountId }, () =>
      handleAlertDelivery(
        {
          method: 'POST',
          headers: { Authorization: [`Bearer ${token}`] },
          body: JSON.stringify({ title: 'Disk full on db-1', dedupKey: 'disk-db-1', severity: 'critical', labels: { team: 'dba' } }),
        },
        { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => new Date().toISOString() },
      ),
    );

  it('refuses people who are not Jira administrators, for every key, and stores nothing', async () => {
    for (const key of Object.values(ALERT_SOURCE_RESOLVERS)) {
      expect(await call(SEED_USERS.responder, key, { name: 'x', projectKey: 'INC', sourceId: 'x' })).toEqual({
        success: false,
        error: { code: 'FORBIDDEN', message: 'Only Jira administrators can manage alert sources.' },
      });
    }
    expect(forge.site.storage.peek('alerts:sources')).toBeUndefined();
  });

  it('creates a source whose token is shown once and works; rotating it retires the old token', async () => {
    const created = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.create, { name: 'Prometheus prod', projectKey: 'INC' });
    expect(created.success).toBe(true);
    const first = created.data!.token!;
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.list);
    expect(JSON.stringify(listed)).not.toContain(first);
    expect(listed.data).toMatchObject({ sources: [{ id: 'prometheus-prod', name: 'Prometheus prod', projectKey: 'INC' }], parked: [] });

    expect((await deliver(first)).statusCode).toBe(202);
    await forge.drainEvents();
    const rotated = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.rotateToken, { sourceId: 'prometheus-prod' });
    const second = rotated.data!.token!;
    expect(second).not.toBe(first);
    expect((await deliver(first)).statusCode).toBe(401);
    expect((await deliver(second)).statusCode).toBe(200);
  });

  it('edits the severity and category mappings, refusing a category the field does not have by name', async () => {
    await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.create, { name: 'Grafana', projectKey: 'INC' });
    const bad = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.update, {
      sourceId: 'grafana',
      mapping: { severities: {}, categories: [{ label: 'team', value: 'dba', category: 'Weather' }] },
    });
    expect(bad).toMatchObject({ success: false, error: { code: 'BAD_REQUEST', field: 'mapping.categories.0.category' } });
    const mapping = {
      severities: { critical: { impact: 'Medium', urgency: 'High' } },
      categories: [{ label: 'team', value: 'dba', category: 'Database', subcategory: 'Unavailable' }],
    };
    const saved = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.update, { sourceId: 'grafana', mapping });
    expect(saved).toMatchObject({ success: true, data: { mapping } });
    const token = (await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.rotateToken, { sourceId: 'grafana' })).data!.token!;
    expect((await deliver(token)).statusCode).toBe(202);
    await forge.drainEvents();
    const issueKey = String((JSON.parse((await deliver(token)).body) as { issueKey: string }).issueKey);
    expect(forge.site.jira.issue(issueKey)!.fields).toMatchObject({
      customfield_10100: { value: 'Medium' },
      customfield_10101: { value: 'High' },
      customfield_10102: { value: 'Database', child: { value: 'Unavailable' } },
    });
  });

  it('lists alerts parked for a project that no longer exists', async () => {
    const created = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.create, { name: 'Old', projectKey: 'GONE' });
    expect((await deliver(created.data!.token!)).statusCode).toBe(202);
    await forge.drainEvents();
    const listed = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.list);
    expect(listed.data!.parked).toEqual([
      expect.objectContaining({ sourceId: 'old', projectKey: 'GONE', title: 'Disk full on db-1', count: 1 }),
    ]);
  });

  it('removes a source: its token stops working', async () => {
    const created = await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.create, { name: 'Temp', projectKey: 'INC' });
    expect(await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.remove, { sourceId: 'temp' })).toEqual({
      success: true,
      data: { removed: 'temp' },
    });
    expect((await deliver(created.data!.token!)).statusCode).toBe(401);
    expect((await call(SEED_USERS.admin, ALERT_SOURCE_RESOLVERS.remove, { sourceId: 'temp' })).error?.code).toBe('NOT_FOUND');
  });
});
