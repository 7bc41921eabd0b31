import type { Actor, SiteRequest, SiteResponse } from '../../site-http';

/** The names in a path template: `'/issue/{issueIdOrKey}/properties/{propertyKey}'` → `'issueIdOrKey' | 'propertyKey'`. */
type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** One string per `{name}` in the path template, so a handler reads `params.issueIdOrKey` without `!`. */
export type RouteParams<Path extends string> = { readonly [Name in ParamNames<Path>]: string };

export interface RouteCall<Path extends string> {
  readonly req: SiteRequest;
  readonly params: RouteParams<Path>;
  readonly actor: Actor;
}

export type RouteHandler<Path extends string> = (call: RouteCall<Path>) => SiteResponse | Promise<SiteResponse>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Registers a route; the path is relative to the table's base and may hold `{name}` parameters. */
export type AddRoute = <Path extends string>(method: HttpMethod, path: Path, handler: RouteHandler<Path>) => void;

interface Route {
  readonly method: HttpMethod;
  readonly pattern: RegExp;
  readonly parameterCount: number;
  readonly handler: (call: RouteCall<string>) => SiteResponse | Promise<SiteResponse>;
}

export interface RouteMatch {
  /** Runs the matched handler with the request's path parameters (raw, as they appear in the path). */
  run(req: SiteRequest, actor: Actor): SiteResponse | Promise<SiteResponse>;
}

/**
 * The routes of one REST API under a base path. A path segment written out beats a parameter in
 * the same place (`/issue/picker` before `/issue/{issueIdOrKey}`), whatever order the routes were
 * added in, as in Jira.
 */
export class RouteTable {
  private readonly routes: Route[] = [];

  constructor(private readonly base: string) {}

  readonly add: AddRoute = (method, path, handler) => {
    let parameterCount = 0;
    const source = path.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_whole, name: string) => {
      parameterCount += 1;
      return `(?<${name}>[^/]+)`;
    });
    const pattern = new RegExp('^' + this.base + source + '/?$');
    this.routes.push({ method, pattern, parameterCount, handler: handler as Route['handler'] });
  };

  match(req: SiteRequest): RouteMatch | undefined {
    const method = req.method.toUpperCase();
    let best: { route: Route; params: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.pattern.exec(req.path);
      if (!found) continue;
      if (best === undefined || route.parameterCount < best.route.parameterCount) best = { route, params: { ...found.groups } };
    }
    if (best === undefined) return undefined;
    const { route, params } = best;
    return { run: (request, actor) => route.handler({ req: request, params, actor }) };
  }
}
