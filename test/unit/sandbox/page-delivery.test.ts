import http from 'node:http';
import path from 'node:path';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';

const ROOT = path.resolve(__dirname, '../../..');

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Each part as it arrived, with its time from the request (ms). */
  parts: { atMs: number; text: string }[];
}

/** A GET that keeps the bytes and headers as sent (fetch would decompress and join them). */
function get(url: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const startedAt = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const parts: RawAnswer['parts'] = [];
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          parts.push({ atMs: performance.now() - startedAt, text: chunk.toString('utf8') });
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), parts }));
      })
      .on('error', reject);
  });
}

/**
 * How `npm start` delivers an issue view and its app frames: the page in parts, so a panel's frame
 * starts loading before the server has read what the page shows below it; a frame's bundle at one
 * address per build, which browsers keep from page to page, compressed as a CDN sends it.
 */
describe('npm start: the issue page and its frames reach the browser early', () => {
  let sandbox: StartedSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rootDir: ROOT, seedDir: path.join(ROOT, 'seeds/demo'), port: 0, log: () => undefined });
  }, 60_000);
  afterAll(() => sandbox.close());

  const panelSrc = (page: string) =>
    /<iframe[^>]*src="([^"]+)"[^>]*data-module-key="incident-priority-panel"/.exec(page)?.[1]?.replace(/&amp;/g, '&');

  it("sends the panel's frame before the edit screen's fields, the comments and the history are read", async () => {
    // The edit form's field list answers 600 ms late: the frame must not wait for it.
    sandbox.site.faults.inject({ match: { method: 'GET', pathPrefix: '/rest/api/3/field' }, kind: 'slow', delayMs: 600 });
    const answer = await get(`${sandbox.url}/jira/browse/INC-1`);
    expect(answer.status).toBe(200);
    const frameAt = answer.parts.find((part) => part.text.includes('<iframe'))?.atMs;
    const endAt = answer.parts.at(-1)?.atMs ?? 0;
    expect(frameAt).toBeDefined();
    expect(endAt - (frameAt ?? endAt)).toBeGreaterThan(400);
    // The page is whole: the same sections as ever, in order, and the document closed.
    const page = answer.body.toString('utf8');
    const order = [
      'data-testid="issue-summary"',
      'id="issue-description"',
      'id="issue-workflow"',
      'data-testid="issue-panel"',
      'data-testid="edit-form"',
      'class="comments"',
      'id="issue-history"',
      'id="issue-fields"',
      '</html>',
    ].map((marker) => page.indexOf(marker));
    expect(order.every((at, index) => at >= 0 && (index === 0 || at > (order[index - 1] ?? -1)))).toBe(true);
  });

  it("serves a frame's bundle at one address per build, immutable and gzipped, and its index.html only to that frame", async () => {
    const first = panelSrc((await get(`${sandbox.url}/jira/browse/INC-1`)).body.toString('utf8'));
    const second = panelSrc((await get(`${sandbox.url}/jira/browse/INC-2`)).body.toString('utf8'));
    if (!first || !second) throw new Error('no priority panel frame on the issue pages');
    const [firstBase, firstFrame] = first.split('?');
    const [secondBase, secondFrame] = second.split('?');
    // Two pages, two frames, one address for the build's files.
    expect(firstBase).toBe(secondBase);
    expect(firstFrame).not.toBe(secondFrame);

    const index = await get(`${sandbox.url}${first}`);
    expect(index.status).toBe(200);
    expect(index.headers['cache-control']).toBe('no-store');
    expect(index.body.toString('utf8')).toContain(JSON.stringify(firstFrame?.replace('frame=', '')));
    expect(index.body.toString('utf8')).toContain('src="./main.js"');

    const bundle = await get(`${sandbox.url}${firstBase}main.js`, { 'accept-encoding': 'gzip, br' });
    expect(bundle.status).toBe(200);
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(bundle.headers['content-encoding']).toBe('gzip');
    const plain = await get(`${sandbox.url}${firstBase}main.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(bundle.body.length).toBeLessThan(plain.body.length / 2);

    // An older build's address still answers, but nothing may keep it.
    const stale = await get(`${sandbox.url}${firstBase?.replace(/\/[^/]+\/$/, '/0/')}main.js`);
    expect({ status: stale.status, cache: stale.headers['cache-control'] }).toEqual({ status: 200, cache: 'no-store' });
    // index.html goes only to a frame that shows this resource; nothing outside the build folder.
    expect((await get(`${sandbox.url}${firstBase}`)).status).toBe(404);
    expect((await get(`${sandbox.url}${firstBase}index.html?frame=not-a-frame`)).status).toBe(404);
    expect((await get(`${sandbox.url}${firstBase}..%2F..%2Fpackage.json`)).status).toBe(403);
  });

  it('lets browsers keep the host script, at an address that changes with it', async () => {
    const page = (await get(`${sandbox.url}/jira/browse/INC-1`)).body.toString('utf8');
    const src = /<script src="(\/__local\/host\.js\?v=[0-9a-f]+)"><\/script>/.exec(page)?.[1];
    expect(src).toBeDefined();
    expect((await get(`${sandbox.url}${src ?? ''}`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(`${sandbox.url}/__local/host.js?v=old`)).headers['cache-control']).toBe('no-store');
  });
});
