import api, { route } from '@forge/api';
import { takeViolations } from '../../local-site';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

/**
 * Clearing a field, as a person does in normal use: Jira records the change with `to` and
 * `toString` = null (a real Jira Cloud export: an assignee removed reads
 * `"from": "<accountId>", "fromString": "<name>", "to": null, "toString": null`). The local site
 * writes the same, and every response that carries the changelog stays within the contract
 * (test/support/contract-guard.ts fails the test on any violation).
 */
describe('local Jira: the changelog of a cleared field', () => {
  let forge: LocalForge;
  const asResponder = <T>(fn: () => Promise<T>) => forge.asInvocation({ accountId: SEED_USERS.responder }, fn);
  const put = (key: string, fields: Record<string, unknown>) =>
    asResponder(() =>
      api.asUser().requestJira(route`/rest/api/3/issue/${key}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ fields }),
      }),
    );
  const get = (path: ReturnType<typeof route>) => asResponder(() => api.asUser().requestJira(path));

  beforeEach(async () => {
    forge = await startLocalForge({ seedDir: SEED_BASIC, clock: () => new Date('2026-11-26T12:00:00.000Z') });
  });
  afterEach(() => forge.dispose());

  it('writes null to/toString for each cleared field and serves them within the contract', async () => {
    expect(
      (
        await put('INC-3', {
          assignee: { accountId: SEED_USERS.responder },
          customfield_10100: { value: 'High' },
          customfield_10112: 'Customer escalation',
        })
      ).status,
    ).toBe(204);
    expect((await put('INC-3', { assignee: null, customfield_10100: null, customfield_10112: null })).status).toBe(204);

    const page = await (await get(route`/rest/api/3/issue/INC-3/changelog?maxResults=100`)).json();
    const last = page.values[page.values.length - 1];
    expect(last.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fieldId: 'assignee', from: SEED_USERS.responder, fromString: 'Rui Responder', to: null, toString: null }),
        expect.objectContaining({ fieldId: 'customfield_10100', fromString: 'High', to: null, toString: null }),
        expect.objectContaining({ fieldId: 'customfield_10112', fromString: 'Customer escalation', to: null, toString: null }),
      ]),
    );

    // The same entries through an issue with expand=changelog (Changelog.items again).
    const issue = await (await get(route`/rest/api/3/issue/INC-3?expand=changelog`)).json();
    expect(issue.changelog.histories.at(-1).items).toHaveLength(3);
    expect(takeViolations()).toEqual([]);
  });
});
