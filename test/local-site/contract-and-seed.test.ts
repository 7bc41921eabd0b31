import api, { route } from '@forge/api';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import { ContractChecker, SeedError, SpecsMissingError, createLocalSite, resolveSpecsDir } from '../../local-site';
import { SEED_BASIC, SEED_USERS, startLocalForge, type LocalForge } from '../support/local-forge';

describe('contract checks against the official OpenAPI documents', () => {
  let checker: ContractChecker;
  beforeAll(async () => {
    checker = await ContractChecker.load();
  });

  it('finds a malformed response body (a changelog page with a numeric id)', () => {
    const req = { method: 'GET', path: '/rest/api/3/issue/INC-1/changelog', query: {}, headers: {} };
    const violation = checker.checkResponse(req, {
      status: 200,
      headers: {},
      body: { startAt: 0, maxResults: 100, total: 1, isLast: true, values: [{ id: 1, items: [] }] },
    });
    expect(violation).toEqual(
      expect.objectContaining({ kind: 'bad-response', operationId: 'getChangeLogs', errors: ['/values/0/id must be string'] }),
    );
  });

  it('finds a status the operation does not declare, and an unknown operation', () => {
    const req = { method: 'GET', path: '/rest/api/3/issue/INC-1', query: {}, headers: {} };
    expect(checker.checkResponse(req, { status: 418, headers: {}, body: {} })).toEqual(
      expect.objectContaining({ kind: 'undeclared-status' }),
    );
    expect(checker.checkRequest({ method: 'GET', path: '/rest/api/3/no/such/thing', query: {}, headers: {} })?.violation).toEqual(
      expect.objectContaining({ kind: 'unknown-operation' }),
    );
  });

  it('matches a method and path against the document once, and checks every later request and answer as strictly', () => {
    // The loaded documents are kept per jest worker (spec-checker.ts workerState), so they may come
    // from another test file's module registry: spy on the instance this checker uses, not on this
    // file's copy of the class.
    const jiraBackend = (checker as unknown as { specs: { jira: OpenAPIBackend } }).specs.jira;
    const matches = jest.spyOn(jiraBackend, 'matchOperation');
    try {
      const req = { method: 'GET', path: '/rest/api/3/issue/INC-77/changelog', query: {}, headers: {} };
      const unknown = { method: 'GET', path: '/rest/api/3/no/such/thing/77', query: {}, headers: {} };
      const bad = { startAt: 0, maxResults: 100, total: 1, isLast: true, values: [{ id: 1, items: [] }] };
      for (let round = 0; round < 3; round += 1) {
        expect(checker.checkRequest(req)?.violation).toBeUndefined();
        expect(checker.checkResponse(req, { status: 200, headers: {}, body: bad })).toEqual(
          expect.objectContaining({ kind: 'bad-response', errors: ['/values/0/id must be string'] }),
        );
        expect(checker.checkRequest(unknown)?.violation).toEqual(expect.objectContaining({ kind: 'unknown-operation' }));
      }
      // One match per distinct method and path: openapi-backend rebuilds its operation list on each.
      expect(matches).toHaveBeenCalledTimes(2);
    } finally {
      matches.mockRestore();
    }
  });

  it('accepts a page-create body that only the overlapping oneOf calls ambiguous, and nothing looser', () => {
    const body = {
      spaceId: '98305',
      status: 'current',
      title: 'Postmortem',
      body: { representation: 'atlas_doc_format', value: '{"type":"doc","version":1,"content":[]}' },
    };
    expect(checker.checkRequest({ method: 'POST', path: '/wiki/api/v2/pages', query: {}, headers: {}, body })?.violation).toBeUndefined();
    const missingSpace = { title: 'Postmortem', body: body.body };
    expect(
      checker.checkRequest({ method: 'POST', path: '/wiki/api/v2/pages', query: {}, headers: {}, body: missingSpace })?.violation,
    ).toEqual(expect.objectContaining({ kind: 'bad-request' }));
  });

  it('refuses to run without the specs and says where it looked', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-specs-'));
    expect(() => resolveSpecsDir(empty)).toThrow(SpecsMissingError);
    expect(() => resolveSpecsDir(empty)).toThrow(/FORGE_SPECS_DIR/);
  });

  describe('on the site, for requests the app sends through @forge/api', () => {
    let forge: LocalForge;
    beforeEach(async () => {
      forge = await startLocalForge({ seedDir: SEED_BASIC });
    });
    afterEach(() => forge.dispose());

    it('records a bad request body, answers 400 like Jira and counts the checks', async () => {
      const before = { ...forge.site.contract.checked };
      const res = await forge.asInvocation({ accountId: SEED_USERS.responder }, () =>
        api.asUser().requestJira(route`/rest/api/3/issue/INC-1/transitions`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ transition: '11' }),
        }),
      );
      expect(res.status).toBe(400);
      const violations = forge.site.contract.acknowledge();
      expect(violations).toEqual([
        expect.objectContaining({ kind: 'bad-request', operationId: 'doTransition', errors: ['/requestBody/transition must be object'] }),
      ]);
      expect(forge.site.contract.checked.requests).toBe(before.requests + 1);
      expect((forge.site.jira.issue('INC-1')!.fields.status as { name: string }).name).toBe('Open');
    });

    it('records calls to operations the documents do not have', async () => {
      const res = await api.asApp().requestJira(route`/rest/api/3/issue/INC-1/no-such-resource`);
      expect(res.status).toBe(404);
      expect(forge.site.contract.acknowledge()).toEqual([expect.objectContaining({ kind: 'unknown-operation' })]);
    });

    it('answers the removed /rest/api/3/search with 410, as Jira Cloud does, and records it', async () => {
      const res = await api.asApp().requestJira(route`/rest/api/3/search?jql=${'project = INC'}`);
      expect(res.status).toBe(410);
      expect(forge.site.contract.acknowledge()).toEqual([
        expect.objectContaining({ kind: 'removed-operation', operationId: 'searchForIssuesUsingJql' }),
      ]);
    });
  });
});

describe('seed loading', () => {
  const tempSeed = (files: Record<string, string>) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-'));
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
  };
  const statuses = fs.readFileSync(path.join(SEED_BASIC, 'statuses.json'), 'utf8');
  const issue = fs.readFileSync(path.join(SEED_BASIC, 'INC-1', 'issue.json'), 'utf8');

  async function seedError(files: Record<string, string>): Promise<SeedError> {
    const error = await createLocalSite({ seedDir: tempSeed(files) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SeedError);
    return error as SeedError;
  }

  it('loads the basic fixture', async () => {
    const site = await createLocalSite({ seedDir: SEED_BASIC });
    expect([...site.jira.state.issues.keys()].sort()).toEqual(['INC-1', 'INC-2', 'INC-3', 'INC-4', 'OPS-1']);
    expect(site.jira.issue('INC-2')!.changelog).toHaveLength(250);
  });

  it('names the file holding malformed JSON', async () => {
    const error = await seedError({ 'statuses.json': statuses, 'INC-1/issue.json': '{ "key": "INC-1", ' });
    expect(error.file).toBe('INC-1/issue.json');
    expect(error.message).toMatch(/INC-1\/issue\.json: is not valid JSON/);
  });

  it('names an unknown seed file', async () => {
    const error = await seedError({ 'statuses.json': statuses, 'statusses.json': '[]' });
    expect(error.file).toBe('statusses.json');
  });

  it('names a file whose body breaks the response schema, with the schema error', async () => {
    const broken = JSON.parse(statuses);
    broken[0].statusCategory.id = 'two';
    const error = await seedError({ 'statuses.json': JSON.stringify(broken) });
    expect(error.message).toMatch(
      /statuses\.json: does not match the response schema of GET \/rest\/api\/3\/status: \/0\/statusCategory\/id must be integer/,
    );
  });

  it('names users.json problems by field', async () => {
    const error = await seedError({
      'statuses.json': statuses,
      'users.json': JSON.stringify({ users: [{ accountId: 'a', displayName: 'A', projectPermissions: { INC: ['FLY'] } }] }),
    });
    expect(error.message).toMatch(/users\.json: users\.0\.projectPermissions\.INC\.0/);
  });

  it('requires an issue folder to match its key', async () => {
    const error = await seedError({ 'statuses.json': statuses, 'INC-9/issue.json': issue });
    expect(error.message).toMatch(/INC-9\/issue\.json: has key "INC-1"/);
  });
});
