/**
 * Jira Cloud's points-based rate limit (enforced since 2 March 2026), as a pure function over a
 * log of request/response exchanges. Atlassian's rule: every request costs a base of 1 point;
 * a read adds 1 point per object it returns, 2 per user object; a write costs the base only.
 *
 * Atlassian does not publish a per-endpoint table of what "an object returned" is, so this model
 * fixes one, per endpoint family, and says it here (the benchmark report quotes these rules):
 *
 * - Objects are the top-level entities the endpoint is about: the single resource of a GET by id,
 *   or the items of a list or page. Entities embedded in them (the assignee inside an issue, the
 *   author of a changelog entry or comment, the status category inside a status) are part of that
 *   entity and are not charged again. This counts each entity the server had to load once.
 * - A read is GET, plus POSTs that only read: JQL search (`POST /search/jql`), approximate count,
 *   Jira expression evaluation and bulk fetch. Every other POST, and every PUT and DELETE, is a
 *   write: 1 point, whatever it returns (a created issue's `{id,key}` is not an object read).
 * - A request that fails (4xx, 5xx, a dropped connection) returns no objects: base 1 point. Jira
 *   still counts refused requests against the burst limit, so charging the base is the safe side.
 *
 * Families met by this app (see `JIRA_FAMILIES`):
 *   issue            GET /issue/{key}                              1 (the issue; its fields, properties, editmeta included)
 *   changelog page   GET /issue/{key}/changelog                    1 per history in `values`
 *   comment page     GET /issue/{key}/comment                      1 per comment in `comments`
 *   JQL search       POST|GET /search/jql                          1 per issue in `issues` (ids only or with fields)
 *   bulk fetch       POST /issue/bulkfetch                         1 per issue in `issues` (a read: it only fetches)
 *   transitions      GET /issue/{key}/transitions                  1 per transition
 *   issue property   GET /issue/{key}/properties[/{key}]           1 (the property, or the key list)
 *   remote links     GET /issue/{key}/remotelink                   1 per link
 *   issue picker     GET /issue/picker                             1 per suggested issue across sections
 *   permissions      GET /mypermissions                            1 per permission entry in `permissions`
 *   configuration    GET /field, /status, /priority, /issuetype,   1 per element of the array, or per item of
 *                    /issueLinkType, /field/{id}/context[/…/option],  `values` for paged beans
 *                    /issuetypescheme/…, /project/search, /priority/search
 *   project          GET /project/{key}                            1
 *   users            GET /myself, /user, /user/search,             2 per user returned (these are "user objects")
 *                    /user/assignable/search, /users/search, /group/member
 *   user groups      GET /user/groups                              1 per group
 * Anything else is charged by a generic rule (array → its length, a known list key → its length,
 * object → 1) and flagged `classified: false`, so a benchmark can insist every call is classified.
 */

export interface Exchange {
  /** Which product served it (only Jira is charged). */
  readonly product: 'jira' | 'confluence' | 'kvs' | 'unknown';
  readonly method: string;
  /** Path without query, e.g. `/rest/api/3/issue/INC-1/changelog`. */
  readonly path: string;
  /** HTTP status; 0 for a dropped connection. */
  readonly status: number;
  /** Parsed JSON response body, if any. */
  readonly body?: unknown;
}

export interface ExchangeCost {
  readonly family: string;
  readonly kind: 'read' | 'write';
  readonly objects: number;
  readonly userObjects: number;
  readonly points: number;
  /** False when no family rule matched and the generic rule was used. */
  readonly classified: boolean;
}

export interface PointsSummary {
  readonly requests: number;
  readonly reads: number;
  readonly writes: number;
  readonly objects: number;
  readonly userObjects: number;
  readonly points: number;
  readonly byFamily: Readonly<Record<string, { requests: number; points: number }>>;
  /** `METHOD path` of requests no family rule covered. */
  readonly unclassified: readonly string[];
}

type Counter = (body: unknown) => { objects: number; userObjects: number };

interface Family {
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'GET|POST';
  /** Matched against the path after `/rest/api/3` (or `/rest/api/2`). */
  readonly pattern: RegExp;
  readonly count: Counter;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const one: Counter = (body) => ({ objects: body === undefined ? 0 : 1, userObjects: 0 });
const listAt =
  (key: string): Counter =>
  (body) => ({ objects: isRecord(body) ? lengthOf(body[key]) : 0, userObjects: 0 });
const arrayOrValues: Counter = (body) => ({
  objects: Array.isArray(body) ? body.length : isRecord(body) ? lengthOf(body.values) : 0,
  userObjects: 0,
});
const users: Counter = (body) => {
  const list = Array.isArray(body)
    ? body
    : isRecord(body) && Array.isArray(body.values)
      ? body.values
      : isRecord(body) && Array.isArray(body.users)
        ? body.users
        : body === undefined
          ? []
          : [body];
  return { objects: 0, userObjects: list.length };
};
const pickerIssues: Counter = (body) => {
  const sections = isRecord(body) && Array.isArray(body.sections) ? body.sections : [];
  return {
    objects: sections.reduce<number>((sum, section) => sum + (isRecord(section) ? lengthOf(section.issues) : 0), 0),
    userObjects: 0,
  };
};
const permissionEntries: Counter = (body) => ({
  objects: isRecord(body) && isRecord(body.permissions) ? Object.keys(body.permissions).length : 0,
  userObjects: 0,
});

/** Order matters: the first match wins, so specific paths come before `/issue/{key}`. */
export const JIRA_FAMILIES: readonly Family[] = [
  { name: 'changelog page', method: 'GET', pattern: /^\/issue\/[^/]+\/changelog$/, count: listAt('values') },
  { name: 'comment page', method: 'GET', pattern: /^\/issue\/[^/]+\/comment$/, count: listAt('comments') },
  { name: 'transitions', method: 'GET', pattern: /^\/issue\/[^/]+\/transitions$/, count: listAt('transitions') },
  { name: 'issue property', method: 'GET', pattern: /^\/issue\/[^/]+\/properties(\/[^/]+)?$/, count: one },
  { name: 'remote links', method: 'GET', pattern: /^\/issue\/[^/]+\/remotelink$/, count: arrayOrValues },
  { name: 'issue picker', method: 'GET', pattern: /^\/issue\/picker$/, count: pickerIssues },
  { name: 'issue', method: 'GET', pattern: /^\/issue\/[^/]+$/, count: one },
  { name: 'JQL search', method: 'GET|POST', pattern: /^\/search\/jql$/, count: listAt('issues') },
  { name: 'bulk fetch', method: 'POST', pattern: /^\/issue\/bulkfetch$/, count: listAt('issues') },
  { name: 'permissions', method: 'GET', pattern: /^\/mypermissions$/, count: permissionEntries },
  {
    name: 'users',
    method: 'GET',
    pattern: /^\/(myself|user|user\/search|user\/assignable\/search|users\/search|group\/member)$/,
    count: users,
  },
  { name: 'user groups', method: 'GET', pattern: /^\/user\/groups$/, count: arrayOrValues },
  { name: 'link types', method: 'GET', pattern: /^\/issueLinkType$/, count: listAt('issueLinkTypes') },
  { name: 'project', method: 'GET', pattern: /^\/project\/(?!search$)[^/]+$/, count: one },
  {
    name: 'configuration',
    method: 'GET',
    pattern:
      /^\/(field|status|priority|priority\/search|issuetype|project\/search|field\/[^/]+\/context|field\/[^/]+\/context\/[^/]+\/option|issuetypescheme\/[^/]+)$/,
    count: arrayOrValues,
  },
];

/** POSTs that only read: charged as reads. */
const READ_ONLY_POSTS = [/^\/search\/jql$/, /^\/search\/approximate-count$/, /^\/expression\/eval(uate)?$/, /^\/issue\/bulkfetch$/];

const JIRA_PREFIX = /^\/rest\/api\/[23](?=\/)/;

function genericCount(body: unknown): { objects: number; userObjects: number } {
  if (body === undefined) return { objects: 0, userObjects: 0 };
  if (Array.isArray(body)) return { objects: body.length, userObjects: 0 };
  if (isRecord(body)) {
    for (const key of ['values', 'issues', 'comments', 'results'])
      if (Array.isArray(body[key])) return { objects: (body[key] as unknown[]).length, userObjects: 0 };
  }
  return { objects: 1, userObjects: 0 };
}

/** Points for one Jira exchange. */
export function costOf(exchange: Exchange): ExchangeCost {
  const method = exchange.method.toUpperCase();
  const resource = exchange.path.replace(JIRA_PREFIX, '');
  const isRead = method === 'GET' || (method === 'POST' && READ_ONLY_POSTS.some((pattern) => pattern.test(resource)));
  const failed = exchange.status < 200 || exchange.status >= 300;
  if (!isRead) return { family: 'write', kind: 'write', objects: 0, userObjects: 0, points: 1, classified: true };
  const family = JIRA_FAMILIES.find((candidate) => candidate.method.split('|').includes(method) && candidate.pattern.test(resource));
  const counted = failed ? { objects: 0, userObjects: 0 } : family ? family.count(exchange.body) : genericCount(exchange.body);
  return {
    family: failed ? 'failed' : (family?.name ?? 'other'),
    kind: 'read',
    ...counted,
    points: 1 + counted.objects + 2 * counted.userObjects,
    classified: failed || family !== undefined,
  };
}

/** Totals over a log; non-Jira exchanges are ignored (Confluence has its own limits). */
export function jiraRatePoints(log: readonly Exchange[]): PointsSummary {
  let reads = 0;
  let writes = 0;
  let objects = 0;
  let userObjects = 0;
  let points = 0;
  const byFamily: Record<string, { requests: number; points: number }> = {};
  const unclassified: string[] = [];
  const jira = log.filter((exchange) => exchange.product === 'jira');
  for (const exchange of jira) {
    const cost = costOf(exchange);
    if (cost.kind === 'read') reads += 1;
    else writes += 1;
    objects += cost.objects;
    userObjects += cost.userObjects;
    points += cost.points;
    const bucket = (byFamily[cost.family] ??= { requests: 0, points: 0 });
    bucket.requests += 1;
    bucket.points += cost.points;
    if (!cost.classified) unclassified.push(`${exchange.method.toUpperCase()} ${exchange.path}`);
  }
  return { requests: jira.length, reads, writes, objects, userObjects, points, byFamily, unclassified };
}
