import api, { NeedsAuthenticationError, route } from '@forge/api';
import { ProductApiError, resolverFailureFor } from '../../../src/adapters/http/product-api-error';
import { collectOffsetPages, isConnectionFailure, mapWithConcurrency, ProductHttp } from '../../../src/adapters/http/product-http';
import { backoffDelay, parseRetryAfter } from '../../../src/adapters/http/retry-policy';
import { z } from 'zod';
import { fakeClock, jsonResponse, scriptForgeFetch } from './scripted-forge-fetch';

const Myself = z.object({ accountId: z.string() });

function httpWith(handler: Parameters<typeof scriptForgeFetch>[0], retry: Partial<ConstructorParameters<typeof ProductHttp>[2]> = {}) {
  const script = scriptForgeFetch(handler);
  const clock = fakeClock();
  const http = new ProductHttp('jira', api.asApp().requestJira, { sleep: clock.sleep, now: clock.now, random: () => 0.5, ...retry });
  return { http, clock, script };
}

async function caught(promise: Promise<unknown>): Promise<ProductApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProductApiError) return error;
    throw error;
  }
  throw new Error('expected a ProductApiError');
}

describe('ProductHttp retries', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it('waits the Retry-After seconds of a 429, then returns the retried answer', async () => {
    const answers = [jsonResponse({ errorMessages: ['Rate limited'] }, 429, { 'Retry-After': '3' }), jsonResponse({ accountId: 'a-1' })];
    const { http, clock, script } = httpWith(() => answers.shift() ?? jsonResponse({}, 500));
    restore = script.restore;

    const me = await http.json(Myself, 'GET', route`/rest/api/3/myself`);

    expect(me).toEqual({ accountId: 'a-1' });
    expect(clock.sleeps).toEqual([3000]);
    expect(script.calls).toHaveLength(2);
    expect(script.calls[0]?.meta).toMatchObject({ type: 'fpp', provider: 'app', remote: 'jira' });
  });

  it('reads an HTTP-date Retry-After against the injected clock', async () => {
    const clock = fakeClock();
    const in5s = new Date(clock.now() + 5000).toUTCString();
    expect(parseRetryAfter(in5s, clock.now())).toBe(5000);
    expect(parseRetryAfter('7', clock.now())).toBe(7000);
    expect(parseRetryAfter('soon', clock.now())).toBeUndefined();
    expect(parseRetryAfter(new Date(clock.now() - 60_000).toUTCString(), clock.now())).toBe(0);
  });

  it('backs off exponentially with jitter on a 503 without Retry-After', async () => {
    const answers = [jsonResponse({}, 503), jsonResponse({}, 503), jsonResponse({}, 503), jsonResponse({ accountId: 'a-1' })];
    const { http, clock, script } = httpWith(() => answers.shift() ?? jsonResponse({}, 500), { baseDelayMs: 100, maxDelayMs: 10_000 });
    restore = script.restore;

    await http.json(Myself, 'GET', route`/rest/api/3/myself`);

    // random() = 0.5 → 3/4 of each step: steps 100, 200, 400.
    expect(clock.sleeps).toEqual([75, 150, 300]);
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 1 })).toBe(1000);
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(50);
  });

  it('gives up with a rateLimited error once the wait budget would be exceeded', async () => {
    const { http, clock, script } = httpWith(() => jsonResponse({ errorMessages: ['Too many requests'] }, 429, { 'Retry-After': '8' }), {
      budgetMs: 20_000,
    });
    restore = script.restore;

    const error = await caught(http.json(Myself, 'GET', route`/rest/api/3/myself`));

    expect(error.kind).toBe('rateLimited');
    expect(error.details.retryAfterSeconds).toBe(8);
    expect(clock.sleeps).toEqual([8000, 8000]);
    expect(script.calls).toHaveLength(3);
    expect(resolverFailureFor(error)).toMatchObject({ success: false, error: { code: 'UNAVAILABLE' } });
  });

  it('stops after maxAttempts even within budget', async () => {
    const { http, script } = httpWith(() => jsonResponse({}, 503, { 'Retry-After': '0' }), { maxAttempts: 4 });
    restore = script.restore;
    const error = await caught(http.noContent('GET', route`/rest/api/3/myself`));
    expect(error.kind).toBe('unavailable');
    expect(script.calls).toHaveLength(4);
  });

  it('resends a GET after a dropped connection but not a POST', async () => {
    let failNext = true;
    const { http, script } = httpWith(() => {
      if (failNext) {
        failNext = false;
        throw new TypeError('fetch failed: ECONNRESET');
      }
      return jsonResponse({ accountId: 'a-1' });
    });
    restore = script.restore;
    await expect(http.json(Myself, 'GET', route`/rest/api/3/myself`)).resolves.toEqual({ accountId: 'a-1' });
    expect(script.calls).toHaveLength(2);

    failNext = true;
    const error = await caught(http.json(Myself, 'POST', route`/rest/api/3/issue`, { body: { fields: {} } }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('ECONNRESET');
    expect(script.calls).toHaveLength(3);

    failNext = true;
    await expect(http.json(Myself, 'POST', route`/rest/api/3/search/jql`, { body: { jql: 'x' }, idempotent: true })).resolves.toEqual({
      accountId: 'a-1',
    });
    expect(script.calls).toHaveLength(5);
  });

  it('lets the platform handle a consent request: NeedsAuthenticationError passes through, unretried', async () => {
    const { http, script } = httpWith(
      () => new Response('', { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } }),
    );
    restore = script.restore;
    await expect(http.noContent('GET', route`/rest/api/3/myself`)).rejects.toBeInstanceOf(NeedsAuthenticationError);
    expect(script.calls).toHaveLength(1);
  });

  it('does not mistake a programming error for a dropped connection', async () => {
    const { http, script } = httpWith(() => {
      throw new RangeError('bad header');
    });
    restore = script.restore;
    await expect(http.noContent('GET', route`/rest/api/3/myself`)).rejects.toThrow(RangeError);
    expect(script.calls).toHaveLength(1);
    expect(isConnectionFailure(Object.assign(new Error('read'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isConnectionFailure(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(true);
    expect(isConnectionFailure(new TypeError('x is not a function'))).toBe(false);
  });

  it('resends a POST answered 429, since Jira did not process it', async () => {
    const answers = [jsonResponse({}, 429, { 'Retry-After': '1' }), jsonResponse({ accountId: 'x' }, 201)];
    const { http, script } = httpWith(() => answers.shift() ?? jsonResponse({}, 500));
    restore = script.restore;
    await expect(http.json(Myself, 'POST', route`/rest/api/3/issue`, { body: {} })).resolves.toEqual({ accountId: 'x' });
    expect(script.calls.map((call) => call.method)).toEqual(['POST', 'POST']);
  });
});

describe('ProductHttp errors', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());

  it.each([
    [401, 'unauthorized', 'FORBIDDEN'],
    [403, 'forbidden', 'FORBIDDEN'],
    [404, 'notFound', 'NOT_FOUND'],
    [409, 'conflict', 'CONFLICT'],
    [500, 'unavailable', 'UNAVAILABLE'],
    [418, 'unexpected', 'INTERNAL'],
  ])('maps HTTP %i to %s', async (status, kind, code) => {
    const { http, script } = httpWith(() => jsonResponse({ errorMessages: ['Nope'] }, status));
    restore = script.restore;
    const error = await caught(http.noContent('GET', route`/rest/api/3/issue/${'INC-1'}`));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toContain('GET /rest/api/3/issue/INC-1 answered');
    expect(resolverFailureFor(error)).toMatchObject({ error: { code } });
    expect(script.calls).toHaveLength(1);
  });

  it("carries Jira's errorMessages and per-field errors on a 400", async () => {
    const { http, script } = httpWith(() =>
      jsonResponse({ errorMessages: [], errors: { customfield_10050: 'Option value "Huge" is not valid' } }, 400),
    );
    restore = script.restore;
    const error = await caught(http.noContent('PUT', route`/rest/api/3/issue/${'INC-1'}`, { body: { fields: {} } }));
    expect(error.kind).toBe('badRequest');
    expect(error.details.fieldErrors).toEqual({ customfield_10050: 'Option value "Huge" is not valid' });
    expect(error.message).toContain('customfield_10050: Option value "Huge" is not valid');
    expect(resolverFailureFor(error)).toEqual({
      success: false,
      error: { code: 'BAD_REQUEST', message: error.message, field: 'customfield_10050' },
    });
  });

  it("reads Confluence v2's error list", async () => {
    const script = scriptForgeFetch(() =>
      jsonResponse(
        { errors: [{ status: 400, code: 'INVALID_REQUEST_PARAMETER', title: 'A page with this title already exists', detail: null }] },
        400,
      ),
    );
    restore = script.restore;
    const http = new ProductHttp('confluence', api.asApp().requestConfluence);
    const error = await caught(http.noContent('POST', route`/wiki/api/v2/pages`, { body: {} }));
    expect(error.details.errorMessages).toEqual(['A page with this title already exists']);
    expect(error.details.product).toBe('confluence');
  });

  it('names the path that broke the schema of a 2xx body', async () => {
    const { http, script } = httpWith(() => jsonResponse({ values: [{ id: 1 }] }));
    restore = script.restore;
    const schema = z.object({ values: z.array(z.object({ id: z.string() })) });
    const error = await caught(http.json(schema, 'GET', route`/rest/api/3/issue/${'INC-1'}/changelog`));
    expect(error.kind).toBe('invalidResponse');
    expect(error.details.schemaIssues?.[0]).toMatch(/^response\.values\.0\.id: .*string/);
    expect(resolverFailureFor(error)).toMatchObject({ error: { code: 'INTERNAL' } });
  });

  it('does not echo the message of an unknown error into the envelope', () => {
    expect(resolverFailureFor(new Error('secret stack detail'))).toEqual({
      success: false,
      error: { code: 'INTERNAL', message: 'Unexpected error; see the app logs.' },
    });
  });
});

describe('paging helpers', () => {
  it('fetches the first page, then the rest concurrently within the limit, in order', async () => {
    const starts: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const items = Array.from({ length: 730 }, (_, index) => index);
    const all = await collectOffsetPages(
      async (startAt, maxResults) => {
        starts.push(startAt);
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        inFlight -= 1;
        return { values: items.slice(startAt, startAt + maxResults), total: items.length };
      },
      { pageSize: 100, concurrency: 3 },
    );
    expect(all).toEqual(items);
    expect(starts[0]).toBe(0);
    expect([...starts].sort((a, b) => a - b)).toEqual([0, 100, 200, 300, 400, 500, 600, 700]);
    expect(maxInFlight).toBe(3);
  });

  it('follows the page size the server used when it capped maxResults', async () => {
    const asked: Array<[number, number]> = [];
    const all = await collectOffsetPages(
      async (startAt, maxResults) => {
        asked.push([startAt, maxResults]);
        const size = Math.min(maxResults, 50);
        return { values: Array.from({ length: Math.max(0, Math.min(size, 120 - startAt)) }, (_, i) => startAt + i), total: 120 };
      },
      { pageSize: 100, concurrency: 5 },
    );
    expect(all).toHaveLength(120);
    expect(asked.map(([start]) => start).sort((a, b) => a - b)).toEqual([0, 50, 100]);
  });

  it('reads pages one by one when the list has no total', async () => {
    const all = await collectOffsetPages(async (startAt) => ({ values: startAt < 4 ? [startAt, startAt + 1] : [], isLast: startAt >= 2 }), {
      pageSize: 2,
      concurrency: 5,
    });
    expect(all).toEqual([0, 1, 2, 3]);
  });

  it('mapWithConcurrency keeps input order', async () => {
    const result = await mapWithConcurrency([30, 10, 20], 2, async (ms) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return ms * 2;
    });
    expect(result).toEqual([60, 20, 40]);
  });
});
