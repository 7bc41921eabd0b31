import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createLocalSite } from '../../local-site';
import { writeDemoSeed } from '../../seeds/build/demo-seed';
import { defaultWorkflowRuleSettings } from '../../src/domain/workflow-rules/rule-settings';

const COMMITTED = join(__dirname, '..', '..', 'seeds', 'demo');
const EXPORTED_AT = new Date('2026-11-26T14:00:00Z');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('demo seed', () => {
  it('is what the generator writes, so the committed example never drifts from the code', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'demo-seed-'));
    writeDemoSeed(fresh, { now: EXPORTED_AT });
    const names = (dir: string) =>
      filesUnder(dir)
        .map((p) => relative(dir, p))
        .sort();
    expect(names(fresh)).toEqual(names(COMMITTED));
    for (const name of names(fresh)) {
      expect(readFileSync(join(fresh, name), 'utf8')).toBe(readFileSync(join(COMMITTED, name), 'utf8'));
    }
  });

  it('loads into the local site (every file checked against the Jira and Confluence specs) and pages the long history', async () => {
    const site = await createLocalSite({ seedDir: COMMITTED });
    const pages = [];
    for (let startAt = 0, isLast = false; !isLast;) {
      const page = await site.handle({
        method: 'GET',
        path: '/rest/api/3/issue/INC-8/changelog',
        query: { startAt: String(startAt) },
        headers: {},
        body: undefined,
      });
      expect(page.status).toBe(200);
      const body = page.body as { values: unknown[]; isLast: boolean; total: number };
      pages.push(body.values.length);
      isLast = body.isLast;
      startAt += body.values.length;
    }
    expect(pages).toEqual([100, 100, 68]);
  });

  it('runs on the default closure settings: every group they name exists, and the responders are in one', async () => {
    const site = await createLocalSite({ seedDir: COMMITTED });
    const groups = defaultWorkflowRuleSettings().closure.serviceDeskGroups;
    const found = await site.request(
      'app',
      'GET',
      `/rest/api/3/group/bulk?${groups.map((name) => `groupName=${encodeURIComponent(name)}`).join('&')}`,
    );
    expect((found.body as { values: { name: string }[] }).values.map((group) => group.name).sort()).toEqual([...groups].sort());
    const users = JSON.parse(readFileSync(join(COMMITTED, 'users.json'), 'utf8')).users as { displayName: string; groups: string[] }[];
    // Marcus is the on-call agent who resolves most demo incidents; he is no site admin.
    const marcus = users.find((user) => user.displayName === 'Marcus Chen');
    expect(marcus?.groups.some((group) => groups.includes(group))).toBe(true);
    expect(site.contract.violations).toEqual([]);
  });

  it('replays each history into matching final fields: the status of the last status change is the issue status', () => {
    for (const key of ['INC-1', 'INC-3', 'INC-6', 'INC-8']) {
      const issue = JSON.parse(readFileSync(join(COMMITTED, key, 'issue.json'), 'utf8'));
      const changelog = JSON.parse(readFileSync(join(COMMITTED, key, 'changelog.json'), 'utf8'));
      const statusChanges = changelog.values.flatMap((entry: { items: { fieldId: string; toString?: string }[] }) =>
        entry.items.filter((item) => item.fieldId === 'status'),
      );
      expect(statusChanges.at(-1).toString).toBe(issue.fields.status.name);
    }
  });
});
