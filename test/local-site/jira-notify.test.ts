import { JiraClient } from '../../src/adapters/jira/jira-client';
import { isProductApiError } from '../../src/adapters/http/product-api-error';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * Jira's notify API on the local site: recipients resolved as Jira resolves them, users who may not
 * browse the issue dropped, and every email kept in the outbox (what `npm start` shows).
 */
describe('POST /rest/api/3/issue/{key}/notify and the outbox', () => {
  let forge: LocalForge;
  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC });
  });
  afterEach(() => forge.dispose());

  const asApp = <T>(fn: (jira: JiraClient) => Promise<T>) =>
    forge.asInvocation({ accountId: SEED_USERS.admin }, () => fn(JiraClient.asApp({ retry: { sleep: async () => {} } })));
  const asUser = <T>(accountId: string, fn: (jira: JiraClient) => Promise<T>) =>
    forge.asInvocation({ accountId }, () => fn(JiraClient.asUser({ retry: { sleep: async () => {} } })));

  it('mails watchers and group members who can browse the issue, drops those who cannot, and keeps the mail in the outbox', async () => {
    forge.site.notifications.setWatchers('INC-1', [SEED_USERS.responder, SEED_USERS.viewer]);
    await asApp((jira) =>
      jira.notifyIssue('INC-1', {
        subject: '[INC-1] Update: investigating',
        textBody: 'Payments fail for EU customers.\nNext update in 30 min.',
        to: { watchers: true, groups: [{ name: 'site-admins' }, { name: 'jira-software-users' }] },
      }),
    );
    const [mail] = forge.site.notifications.outbox;
    expect(forge.site.notifications.outbox).toHaveLength(1);
    expect(mail).toMatchObject({
      issueKey: 'INC-1',
      subject: '[INC-1] Update: investigating',
      textBody: 'Payments fail for EU customers.\nNext update in 30 min.',
      sentBy: forge.site.appAccountId,
    });
    expect(mail!.to.map((r) => [r.displayName, r.reasons])).toEqual([
      ['Rui Responder', ['watcher', 'group:jira-software-users']],
      ['Ada Admin', ['group:site-admins']],
    ]);
    // Vera watches and is in the group but may not browse INC: Jira sends her nothing.
    expect(mail!.dropped).toEqual([{ accountId: SEED_USERS.viewer, reason: 'cannot browse the issue' }]);
    expect(forge.site.contract.violations).toEqual([]);
  });

  it('sends Jira text escaped as the HTML part, never as markup', async () => {
    await asApp((jira) => jira.notifyIssue('INC-1', { subject: 's', textBody: 'Use <b>x</b> & "y"\nnow', to: { reporter: true } }));
    expect(forge.site.notifications.outbox[0]!.htmlBody).toBe('Use &lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;<br>now');
    expect(forge.site.notifications.outbox[0]!.to.map((r) => r.accountId)).toEqual([SEED_USERS.responder]);
  });

  it('answers 404 for an issue the caller may not browse, and 400 for an invalid recipient, sending nothing', async () => {
    const hidden = await asUser(SEED_USERS.viewer, (jira) =>
      jira.notifyIssue('INC-1', { subject: 's', textBody: 't', to: { watchers: true } }).catch((e: unknown) => e),
    );
    expect(isProductApiError(hidden, 'notFound')).toBe(true);
    const unassigned = await asApp((jira) =>
      jira.notifyIssue('INC-1', { subject: 's', textBody: 't', to: { assignee: true } }).catch((e: unknown) => e),
    );
    expect(isProductApiError(unassigned, 'badRequest')).toBe(true);
    const nobody = await asApp((jira) => jira.notifyIssue('INC-1', { subject: 's', textBody: 't', to: {} }).catch((e: unknown) => e));
    expect(isProductApiError(nobody, 'badRequest')).toBe(true);
    expect((nobody as Error).message).toContain('No recipients were defined for notification.');
    const self = await asUser(SEED_USERS.responder, (jira) =>
      jira
        .notifyIssue('INC-1', { subject: 's', textBody: 't', to: { users: [{ accountId: SEED_USERS.responder }] } })
        .catch((e: unknown) => e),
    );
    expect(isProductApiError(self, 'badRequest')).toBe(true);
    const unknownGroup = await asApp((jira) =>
      jira.notifyIssue('INC-1', { subject: 's', textBody: 't', to: { groups: [{ name: 'no-such-group' }] } }).catch((e: unknown) => e),
    );
    expect(isProductApiError(unknownGroup, 'badRequest')).toBe(true);
    expect(forge.site.notifications.outbox).toEqual([]);
    expect(forge.site.contract.violations).toEqual([]);
  });

  it('answers 403 when outgoing mail is disabled on the site', async () => {
    forge.site.notifications.outgoingMail = false;
    const error = await asApp((jira) =>
      jira.notifyIssue('INC-1', { subject: 's', textBody: 't', to: { reporter: true } }).catch((e: unknown) => e),
    );
    expect(isProductApiError(error, 'forbidden')).toBe(true);
    expect(forge.site.notifications.outbox).toEqual([]);
  });

  it('resolves groups by id as well as by name, and users named directly', async () => {
    const groups = await forge.site.request('app', 'GET', `/rest/api/3/user/groups?accountId=${SEED_USERS.admin}`);
    const siteAdmins = (groups.body as { name: string; groupId: string }[]).find((g) => g.name === 'site-admins')!;
    await asApp((jira) =>
      jira.notifyIssue('INC-1', {
        subject: 's',
        textBody: 't',
        to: { groups: [{ groupId: siteAdmins.groupId }], users: [{ accountId: SEED_USERS.responder }] },
      }),
    );
    expect(forge.site.notifications.outbox[0]!.to.map((r) => [r.accountId, r.reasons])).toEqual([
      [SEED_USERS.responder, ['user']],
      [SEED_USERS.admin, ['group:site-admins']],
    ]);
  });

  it('serves the watcher list: reporter and assignee by default, and adds a watcher who can browse', async () => {
    const before = await forge.site.request(SEED_USERS.responder, 'GET', '/rest/api/3/issue/INC-1/watchers');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ isWatching: true, watchCount: 1, watchers: [{ accountId: SEED_USERS.responder }] });
    expect((await forge.site.request(SEED_USERS.admin, 'POST', '/rest/api/3/issue/INC-1/watchers', SEED_USERS.admin)).status).toBe(204);
    expect((await forge.site.request(SEED_USERS.admin, 'POST', '/rest/api/3/issue/INC-1/watchers', SEED_USERS.viewer)).status).toBe(400);
    const after = await forge.site.request(SEED_USERS.admin, 'GET', '/rest/api/3/issue/INC-1/watchers');
    expect((after.body as { watchers: { accountId: string }[] }).watchers.map((w) => w.accountId)).toEqual([
      SEED_USERS.responder,
      SEED_USERS.admin,
    ]);
    expect(forge.site.contract.violations).toEqual([]);
  });
});
