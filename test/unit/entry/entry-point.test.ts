import { NeedsAuthenticationError } from '@forge/api';
import type { Request } from '@forge/resolver';
import { z } from 'zod';
import { ProductApiError, type ProductApiErrorKind } from '../../../src/adapters/http/product-api-error';
import { IncidentMappingError, MissingIncidentFieldError } from '../../../src/adapters/jira/incident-mapper';
import { answer, failureFor, payloadProblem, resolverAction, triggerAction } from '../../../src/entry/entry-point';
import { PrioritySettingsInvalidError } from '../../../src/usecases/priority/priority-settings-store';
import { SetupAlreadyRunningError } from '../../../src/usecases/setup/run-incident-setup';
import { UseCaseRefusal } from '../../../src/usecases/use-case-refusal';
import { jsonResponse, scriptForgeFetch } from '../adapters/scripted-forge-fetch';

const productError = (kind: ProductApiErrorKind, details: Partial<ConstructorParameters<typeof ProductApiError>[2]> = {}) =>
  new ProductApiError(kind, `GET ${details.path ?? '/rest/api/3/issue/INC-1'} answered`, {
    product: 'jira',
    method: 'GET',
    path: '/rest/api/3/issue/INC-1',
    ...details,
  });

/** What the product proxy answers an asUser() call for someone who has not allowed the app access yet. */
const needsConsent = () => new Response('', { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
const permissions = (admin: boolean) => jsonResponse({ permissions: { ADMINISTER: { key: 'ADMINISTER', havePermission: admin } } });
const request = (payload: unknown): Request => ({ payload, context: {} }) as unknown as Request;

describe('failureFor: the one mapping from a thrown error to a resolver answer', () => {
  it.each([
    [
      'a use case refusal, as it is',
      new UseCaseRefusal('NOT_INCIDENT', 'INC-2 is a Task, not an Incident.', 'issueKey'),
      { code: 'NOT_INCIDENT', message: 'INC-2 is a Task, not an Incident.', field: 'issueKey' },
    ],
    [
      'a refusal without a field',
      new UseCaseRefusal('CONFLICT', 'Being created right now.'),
      { code: 'CONFLICT', message: 'Being created right now.' },
    ],
    [
      'unreadable priority settings',
      new PrioritySettingsInvalidError('matrix.cells', 'expected an object'),
      { code: 'CONFLICT', field: 'settings.matrix.cells' },
    ],
    ['a field the site lacks', new MissingIncidentFieldError('impact'), { code: 'UNAVAILABLE', field: 'impact' }],
    [
      'an issue Jira returned in an unreadable shape',
      new IncidentMappingError('INC-1', 'fields.status', 'expected object'),
      { code: 'INTERNAL', message: 'Jira returned INC-1 in a shape the app cannot read (fields.status).', field: 'fields.status' },
    ],
    ['a setup already running', new SetupAlreadyRunningError(), { code: 'CONFLICT', message: new SetupAlreadyRunningError().message }],
    [
      'a Jira issue the user may not browse (404)',
      productError('notFound'),
      { code: 'NOT_FOUND', message: 'The issue does not exist or you do not have permission to see it.' },
    ],
    [
      'a Confluence page not found',
      productError('notFound', { product: 'confluence', path: '/wiki/api/v2/pages/7' }),
      { code: 'NOT_FOUND', message: 'GET /wiki/api/v2/pages/7 answered' },
    ],
    ['Jira refusing (403)', productError('forbidden'), { code: 'FORBIDDEN' }],
    ['a lost grant (401 without the consent header)', productError('unauthorized'), { code: 'FORBIDDEN' }],
    ['rate limiting after the retries', productError('rateLimited'), { code: 'UNAVAILABLE' }],
    [
      'a field Jira refused',
      productError('badRequest', { fieldErrors: { customfield_10050: 'bad' } }),
      { code: 'BAD_REQUEST', field: 'customfield_10050' },
    ],
    ['a response of unexpected shape', productError('invalidResponse'), { code: 'INTERNAL' }],
  ])('answers %s', (_name, error, expected) => {
    const result = failureFor(error);
    expect(result).toEqual({ success: false, error: expect.objectContaining(expected) });
    if (!('field' in expected) && !result.success) expect(result.error.field).toBeUndefined();
  });

  it('throws NeedsAuthenticationError on, the same error, so Forge can ask the user for consent', () => {
    const consent = new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
    expect(() => failureFor(consent)).toThrow(consent);
  });

  it('answers anything else INTERNAL with a fixed message: nothing of the error reaches the user', () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const leaky = Object.assign(new Error('password=hunter2 at /srv/app/secret.ts:12'), { stack: 'secret stack' });
    for (const thrown of [leaky, 'a thrown string with a token', { code: 'ECONNRESET', secret: 'x' }, undefined]) {
      const result = failureFor(thrown);
      expect(result).toEqual({ success: false, error: { code: 'INTERNAL', message: 'Unexpected error; see the app logs.' } });
    }
    expect(logged).toHaveBeenCalledTimes(4);
    logged.mockRestore();
  });
});

describe('payloadProblem: the one bad-payload format', () => {
  const Payload = z.object({ assessment: z.object({ affectedUsers: z.number({ error: 'expected a whole number of users' }) }) });

  it('names the first field at fault as a dotted path, and says what was expected', () => {
    const parsed = Payload.safeParse({ assessment: { affectedUsers: 'many' } });
    expect(parsed.success ? null : payloadProblem(parsed.error)).toEqual({
      field: 'assessment.affectedUsers',
      message: 'assessment.affectedUsers: expected a whole number of users',
    });
  });

  it('names the payload itself when it is not an object at all', () => {
    const parsed = Payload.safeParse(42);
    expect(parsed.success ? null : payloadProblem(parsed.error).field).toBe('payload');
  });
});

describe('resolverAction: permission check, payload, use case, answer', () => {
  let restore: () => void = () => undefined;
  afterEach(() => restore());
  const Payload = z.object({ name: z.string().min(1, 'expected a name') });

  it('checks ADMINISTER as the user before reading the payload, and runs nothing for a non-admin', async () => {
    const script = scriptForgeFetch(() => permissions(false));
    restore = script.restore;
    const run = jest.fn(async () => 'ran');
    const action = resolverAction({ adminOnly: 'Only Jira administrators can do this.', payload: Payload, run });

    expect(await action(request({ name: 42 }))).toEqual({
      success: false,
      error: { code: 'FORBIDDEN', message: 'Only Jira administrators can do this.' },
    });
    expect(run).not.toHaveBeenCalled();
    expect(script.calls.map((call) => [call.path, call.meta.provider])).toEqual([
      ['/rest/api/3/mypermissions?permissions=ADMINISTER', 'user'],
    ]);
  });

  it('answers a bad payload BAD_REQUEST naming the field, without running the use case', async () => {
    const script = scriptForgeFetch(() => permissions(true));
    restore = script.restore;
    const run = jest.fn(async () => 'ran');
    expect(await resolverAction({ adminOnly: 'admins only', payload: Payload, run })(request({ name: '' }))).toEqual({
      success: false,
      error: { code: 'BAD_REQUEST', message: 'name: expected a name', field: 'name' },
    });
    expect(run).not.toHaveBeenCalled();
  });

  it('hands the parsed payload to the use case and answers its data', async () => {
    const action = resolverAction({ payload: Payload.extend({ count: z.number().default(3) }), run: async (input) => ({ echoed: input }) });
    expect(await action(request({ name: 'x', extra: '<script>' }))).toEqual({ success: true, data: { echoed: { name: 'x', count: 3 } } });
  });

  it('answers what the use case throws through failureFor', async () => {
    const action = resolverAction({
      payload: z.object({}),
      run: async () => {
        throw new UseCaseRefusal('NOT_FOUND', 'Nothing to refresh yet.');
      },
    });
    expect(await action(request({}))).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'Nothing to refresh yet.' } });
  });

  it('lets NeedsAuthenticationError out of the admin check and out of the use case', async () => {
    const script = scriptForgeFetch(needsConsent);
    restore = script.restore;
    await expect(
      resolverAction({ adminOnly: 'admins only', payload: z.object({}), run: async () => 'ran' })(request({})),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
    await expect(
      resolverAction({
        payload: z.object({}),
        run: async () => {
          throw new NeedsAuthenticationError('Authentication Required', 'atlassian-token-service-key');
        },
      })(request({})),
    ).rejects.toBeInstanceOf(NeedsAuthenticationError);
  });
});

describe('answer and triggerAction', () => {
  it('answer wraps data, and maps what is thrown', async () => {
    expect(await answer(async () => 7)).toEqual({ success: true, data: 7 });
    expect(await answer(async () => Promise.reject(new SetupAlreadyRunningError()))).toMatchObject({
      success: false,
      error: { code: 'CONFLICT' },
    });
  });

  it('a trigger logs an event of unexpected shape and a failed run, and throws neither', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const run = jest.fn(async (event: { id: string }) => {
      if (event.id === 'boom') throw new Error('boom');
      return event.id;
    });
    const trigger = triggerAction({ name: 'test trigger', event: z.object({ id: z.string() }), run });
    expect(await trigger({ id: 'ok' })).toBe('ok');
    expect(await trigger({ nope: true })).toBeUndefined();
    expect(await trigger({ id: 'boom' })).toBeUndefined();
    expect(run).toHaveBeenCalledTimes(2);
    expect(logged.mock.calls.map((call) => call[0])).toEqual([
      'test trigger: ignoring an event of unexpected shape (id: Invalid input: expected string, received undefined)',
      'test trigger failed',
    ]);
    logged.mockRestore();
  });
});
