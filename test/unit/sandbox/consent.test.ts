import path from 'node:path';
import { z } from 'zod';
import { startSandbox, type StartedSandbox } from '../../../sandbox/start-sandbox';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * `npm start` models Forge's consent: a user who has not allowed the app access gets, from a
 * resolver call in a hosted frame, the answer that makes the host page show a consent prompt;
 * "Allow access" grants it and the same call then answers.
 */
describe('npm start: the consent prompt for asUser() calls', () => {
  let sandbox: StartedSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ rootDir: ROOT, seedDir: path.join(ROOT, 'seeds/demo'), port: 0, log: () => undefined });
  }, 60_000);
  afterAll(() => sandbox.close());

  const post = (url: string, body: unknown) =>
    fetch(`${sandbox.url}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("answers a frame's resolver call with consentRequired until the user allows access", async () => {
    const page = await (await fetch(`${sandbox.url}/jira/browse/INC-1`)).text();
    const frameId = /data-frame-id="([^"]+)" data-module-key="incident-priority-panel"/.exec(page)?.[1];
    expect(frameId).toBeDefined();
    const invoke = () => post(`/__bridge/${frameId}/invoke`, { functionKey: 'priority.view', payload: {} });

    expect(await (await post('/__local/consent', { granted: false })).json()).toMatchObject({ granted: false });
    const refused = await invoke();
    expect({ status: refused.status, body: await refused.json() }).toEqual({
      status: 401,
      body: { message: 'Authentication Required', consentRequired: true },
    });

    expect((await post('/__local/consent', { granted: true })).status).toBe(200);
    const answered = await invoke();
    expect(answered.status).toBe(200);
    expect(z.object({ result: z.object({ success: z.literal(true) }).loose() }).safeParse(await answered.json()).success).toBe(true);
  });

  it('refuses a consent body that is not { granted: boolean }', async () => {
    expect((await post('/__local/consent', { granted: 'yes' })).status).toBe(400);
  });
});
