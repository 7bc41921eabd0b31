import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POSTMORTEM_RESOLVER_KEYS, type CreatePostmortemResult, type PostmortemPreview } from '../../../src/contracts/postmortem-macro';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';
import { adfProblems } from '../../support/adf-validators';
import { startLocalForge, type LocalForge } from '../../support/local-forge';

const DEMO_SEED = path.resolve(__dirname, '../../../seeds/demo');
const PRIYA = '5f1a2b3c4d5e6f7a8b9c0d01';
const CHANGELOG_ENTRIES = 2500;
const COMMENTS = 1200;

/** The demo seed with INC-8's history grown to thousands of changelog entries and comments, some hostile. */
function bigHistorySeed(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postmortem-scale-'));
  fs.cpSync(DEMO_SEED, dir, { recursive: true });
  const changelogFile = path.join(dir, 'INC-8', 'changelog.json');
  const commentsFile = path.join(dir, 'INC-8', 'comments.json');
  const changelog = JSON.parse(fs.readFileSync(changelogFile, 'utf8')) as { values: Array<Record<string, unknown>> };
  const comments = JSON.parse(fs.readFileSync(commentsFile, 'utf8')) as { comments: Array<Record<string, unknown>> };
  const template = changelog.values[0]!;
  const commentTemplate = comments.comments[0]!;
  const start = Date.parse('2026-11-06T14:00:00.000Z');
  const at = (i: number) => new Date(start + 1000 + i * 1000).toISOString().replace('Z', '+0000');
  const values = Array.from({ length: CHANGELOG_ENTRIES }, (_, i) => ({
    ...template,
    id: String(900000 + i),
    created: at(i),
    items: [
      { field: 'labels', fieldtype: 'jira', fieldId: 'labels', fromString: `label-${i}`, toString: `label-${i + 1} <script>x</script>` },
    ],
  }));
  const extraComments = Array.from({ length: COMMENTS }, (_, i) => ({
    ...commentTemplate,
    id: String(800000 + i),
    created: at(i),
    updated: at(i),
    body: {
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `Update ${i} 😀 שלום ${'long '.repeat(i % 300)}` }] }],
    },
  }));
  const allValues = [...changelog.values, ...values];
  fs.writeFileSync(
    changelogFile,
    JSON.stringify({ ...changelog, startAt: 0, maxResults: allValues.length, total: allValues.length, isLast: true, values: allValues }),
  );
  const allComments = [...comments.comments, ...extraComments];
  fs.writeFileSync(
    commentsFile,
    JSON.stringify({ ...comments, startAt: 0, maxResults: allComments.length, total: allComments.length, comments: allComments }),
  );
  return dir;
}

describe('postmortem of an incident with thousands of changelog entries and comments', () => {
  let forge: LocalForge;
  beforeAll(async () => {
    forge = await startLocalForge({ seedDir: bigHistorySeed(), latencyMs: 5 });
  });
  afterAll(() => forge?.dispose());

  it('reads every page, several at a time once the first page tells the total', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const handle = forge.site.handle.bind(forge.site);
    Object.assign(forge.site, {
      handle: async (req: Parameters<LocalForge['site']['handle']>[0]) => {
        const paged = /\/(changelog|comment)$/.test(req.path);
        if (paged) maxInFlight = Math.max(maxInFlight, ++inFlight);
        try {
          return await handle(req);
        } finally {
          if (paged) inFlight -= 1;
        }
      },
    });
    const before = forge.site.stats.log.length;
    const result = (await forge.asInvocation({ accountId: PRIYA }, () =>
      forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.preview,
        { issueKey: 'INC-8' },
        { accountId: PRIYA, moduleKey: 'incident-postmortem' },
      ),
    )) as ResolverResult<PostmortemPreview>;
    if (!result.success) throw new Error(result.error.message);
    const requests = forge.site.stats.log.slice(before);
    expect(requests.filter((entry) => entry.path.endsWith('/changelog'))).toHaveLength(Math.ceil((CHANGELOG_ENTRIES + 268) / 100));
    expect(requests.filter((entry) => entry.path.endsWith('/comment'))).toHaveLength(Math.ceil((COMMENTS + 1) / 100));
    expect(maxInFlight).toBeGreaterThan(2);
    const { timeline } = result.data.model;
    expect(timeline.filter((entry) => entry.kind === 'comment')).toHaveLength(COMMENTS + 1);
    // One person's label changes a second apart merge into rows of 5 minutes each; every change is in a row or counted in one.
    const labelRows = timeline.filter((entry) => entry.text.includes('label-'));
    expect(labelRows.reduce((sum, entry) => sum + 1 + (entry.folded ?? 0), 0)).toBe(CHANGELOG_ENTRIES);
  });

  it('creates a page for it that passes every ADF validator', async () => {
    const extension = {
      type: 'macro',
      content: { id: '131074', type: 'page' },
      space: { id: '98305', key: 'ENG' },
      config: { issueKey: 'INC-8' },
    };
    const created = (await forge.asInvocation({ accountId: PRIYA }, () =>
      forge.invoke(
        postmortemMacroResolver,
        POSTMORTEM_RESOLVER_KEYS.create,
        {},
        { accountId: PRIYA, moduleKey: 'incident-postmortem', extension },
      ),
    )) as ResolverResult<CreatePostmortemResult>;
    if (!created.success) throw new Error(created.error.message);
    const page = (await forge.site.request('app', 'GET', `/wiki/api/v2/pages/${created.data.page.pageId}?body-format=atlas_doc_format`))
      .body as { body: { atlas_doc_format: { value: string } } };
    expect(adfProblems(JSON.parse(page.body.atlas_doc_format.value))).toEqual([]);
  });
});
