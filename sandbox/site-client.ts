import { z } from 'zod';
import { parseTarget, type SiteRequest, type SiteResponse } from '../local-site/site-http';
import { ACTOR_HEADER, APP_ACTOR_HEADER } from '../local-site/local-site';

/** The local site as the sandbox uses it: one request handler (see local-site/). */
export interface SiteHandler {
  handle(req: SiteRequest): Promise<SiteResponse>;
}

/** How a request from outside names the seeded user it acts as (documented in docs/local-site.md). */
export const LOCAL_USER_HEADER = 'x-local-user';

/** Headers that tell the local site who acts; the sandbox sets them, never the caller. */
export function actorHeaders(accountId: string): Record<string, string> {
  return { [ACTOR_HEADER]: accountId };
}

/** Removes any actor headers a caller sent, so only the sandbox's choice of user reaches the site. */
export function withoutActorHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => ![ACTOR_HEADER, APP_ACTOR_HEADER, LOCAL_USER_HEADER, 'authorization', 'cookie'].includes(name.toLowerCase()),
    ),
  );
}

export class SiteCallError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly target: string,
  ) {
    super(`${target} answered ${status}: ${describeErrorBody(body)}`);
  }
}

/** Jira's `{errorMessages, errors}` and Confluence's `{errors:[{title,detail}]}` as one readable line. */
export function describeErrorBody(body: unknown): string {
  const jira = z
    .object({ errorMessages: z.array(z.string()).optional(), errors: z.record(z.string(), z.string()).optional() })
    .safeParse(body);
  if (jira.success && ((jira.data.errorMessages?.length ?? 0) > 0 || Object.keys(jira.data.errors ?? {}).length > 0)) {
    return [
      ...(jira.data.errorMessages ?? []),
      ...Object.entries(jira.data.errors ?? {}).map(([field, message]) => `${field}: ${message}`),
    ].join('; ');
  }
  const confluence = z
    .object({ errors: z.array(z.object({ title: z.string().optional(), detail: z.string().optional() }).loose()) })
    .safeParse(body);
  if (confluence.success) return confluence.data.errors.map((error) => [error.title, error.detail].filter(Boolean).join(': ')).join('; ');
  return typeof body === 'string' ? body : JSON.stringify(body ?? null);
}

/**
 * Calls the local site's REST API as a given user. The pages use it for everything they show, so
 * the browser UI exercises the same Jira/Confluence contract (and contract checks) as the app.
 */
export class SiteClient {
  constructor(private readonly site: SiteHandler) {}

  async call(accountId: string, method: string, target: string, body?: unknown): Promise<SiteResponse> {
    const { path, query } = parseTarget(target);
    const headers: Record<string, string> = { ...actorHeaders(accountId), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.site.handle({ method, path, query, headers, ...(body === undefined ? {} : { body }) });
  }

  /** Calls and parses a 2xx answer with `schema`; a non-2xx answer throws SiteCallError. */
  async json<T extends z.ZodType>(accountId: string, method: string, target: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    const response = await this.call(accountId, method, target, body);
    if (response.status < 200 || response.status >= 300) throw new SiteCallError(response.status, response.body, `${method} ${target}`);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw new Error(`${method} ${target}: unexpected answer: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }
}
