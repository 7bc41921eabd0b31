/**
 * Checks requests and responses against Atlassian's published OpenAPI documents
 * (Jira platform v3, Confluence v2, Statuspage v1) with openapi-backend. See ../shared/specs/README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenAPIBackend } from 'openapi-backend';
import type { Operation } from 'openapi-backend';
import type { SiteRequest, SiteResponse } from '../site-http';
import { countCheck, workerState } from './contract-counts';

export type ContractProduct = 'jira' | 'confluence' | 'statuspage';

export interface ContractViolation {
  kind: 'unknown-operation' | 'not-implemented' | 'removed-operation' | 'bad-request' | 'bad-response' | 'undeclared-status';
  product: ContractProduct;
  method: string;
  path: string;
  operationId?: string;
  status?: number;
  errors: string[];
}

const CONFLUENCE_PREFIX = '/wiki/api/v2';
/** The local site serves https://api.statuspage.io/v1 (the document's server) under this prefix. */
const STATUSPAGE_PREFIX = '/statuspage/v1';

/**
 * The spec file names inside FORGE_SPECS_DIR.
 */
const SPEC_FILES: Record<ContractProduct, string> = {
  jira: 'jira-platform-v3.openapi.json',
  confluence: 'confluence-v2.openapi.json',
  statuspage: 'statuspage-v1.openapi.json',
};

export class SpecsMissingError extends Error {
  override readonly name = 'SpecsMissingError';
}

/** FORGE_SPECS_DIR, else `../shared/specs` next to the repository root. */
export function resolveSpecsDir(explicit?: string): string {
  const dir = explicit ?? process.env.FORGE_SPECS_DIR ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'specs');
  for (const file of Object.values(SPEC_FILES)) {
    if (!fs.existsSync(path.join(dir, file))) {
      throw new SpecsMissingError(
        `Contract check cannot run: ${path.join(dir, file)} is missing. Set FORGE_SPECS_DIR to the folder holding ` +
          `${Object.values(SPEC_FILES).join(' and ')} (default ../shared/specs from the repository root). The check is never skipped.`,
      );
    }
  }
  return dir;
}

/**
 * Known faults of the published documents. Each exception is as narrow as the case that needs it.
 */
const SPEC_EXCEPTIONS = {
  /**
   * Confluence `createPage`/`updatePage`: `body` is a `oneOf` of PageBodyWrite and
   * PageNestedBodyWrite, and a plain `{ representation, value }` body matches both, so a strict
   * validator calls every valid body ambiguous (specs/README.md). Accepted only when the sole error is
   * that oneOf at `/requestBody/body` with more than one passing schema — i.e. the body matched.
   */
  ambiguousPageBodyOneOf(operationId: string | undefined, errors: readonly AjvLikeError[]): boolean {
    if (operationId !== 'createPage' && operationId !== 'updatePage') return false;
    return (
      errors.length > 0 &&
      errors.every(
        (error) =>
          error.instancePath === '/requestBody/body' &&
          error.keyword === 'oneOf' &&
          Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas) &&
          (error.params as { passingSchemas: unknown[] }).passingSchemas.length > 1,
      )
    );
  },
  /**
   * Confluence answers a page update whose version is not current+1 with 409 Conflict
   * ("Version must be incremented on update. Current version is: N"), but the v2 document lists
   * only 200/400/401/404 for `updatePage`.
   */
  undeclaredStatus(operationId: string | undefined, status: number): boolean {
    return operationId === 'updatePage' && status === 409;
  },
  /**
   * Jira `getRemoteIssueLinks` without `globalId` returns an array of RemoteIssueLink (the
   * document's own example is an array), while its schema declares a single RemoteIssueLink.
   * Such an array is accepted when every element matches the declared schema.
   */
  listOfDeclaredObject(operationId: string | undefined, status: number, body: unknown): body is unknown[] {
    return operationId === 'getRemoteIssueLinks' && status === 200 && Array.isArray(body);
  },
  /**
   * Jira changelog items (`ChangeDetails`) carry `from`/`fromString`/`to`/`toString` = null when
   * the field was empty before or after the change: a real Jira Cloud export has, for an assignee
   * removed, `"to": null, "toString": null`, and for a description first set, `"from": null,
   * "fromString": null`. The document types the four as plain `string` without `nullable`.
   * Every response that embeds changelogs (`Changelog.items`: the changelog pages, an issue with
   * `expand=changelog`, the bulk changelog fetch) is validated with exactly those null keys of
   * changelog items left out, so any other fault in it is still reported.
   */
  withoutNullChangeValues(operationId: string | undefined, body: unknown): unknown {
    if (operationId === undefined || !CHANGELOG_OPERATIONS.has(operationId)) return body;
    return withoutNullChangeItemValues(body);
  },
};

/** Operations whose responses embed `Changelog` objects (id, created, items: ChangeDetails[]). */
const CHANGELOG_OPERATIONS = new Set([
  'getChangeLogs',
  'getChangeLogsByIds',
  'getBulkChangelogs',
  'getIssue',
  'bulkFetchIssues',
  'searchAndReconsileIssuesUsingJql',
  'searchAndReconsileIssuesUsingJqlPost',
]);
const NULLABLE_CHANGE_KEYS = new Set(['from', 'fromString', 'to', 'toString']);

function withoutNullChangeItemValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullChangeItemValues);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const isChangelog = typeof object.created === 'string' && Array.isArray(object.items);
  return Object.fromEntries(
    Object.entries(object).map(([key, child]) => {
      if (isChangelog && key === 'items') {
        return [
          key,
          (child as unknown[]).map((item) =>
            item !== null && typeof item === 'object' && !Array.isArray(item)
              ? Object.fromEntries(
                  Object.entries(item).filter(([name, itemValue]) => !(itemValue === null && NULLABLE_CHANGE_KEYS.has(name))),
                )
              : item,
          ),
        ];
      }
      return [key, withoutNullChangeItemValues(child)];
    }),
  );
}

/**
 * Known faults of the Statuspage document, kept apart because they apply to that document only.
 */
const STATUSPAGE_SPEC_EXCEPTIONS = {
  /**
   * `Incident.metadata` is declared `type: "Object"` (capital O), which is not a JSON Schema type,
   * so no validator can compile the Incident schema. The request bodies that write it
   * (`postPagesPageIdIncidents`, `patchPagesPageIdIncidents`) say `type: "object"`, and the
   * description says "Top level values must be objects". The loaded copy (never the file) gets
   * `object` there and nowhere else.
   */
  fixIncidentMetadataType(definition: {
    components?: { schemas?: Record<string, { properties?: Record<string, { type?: unknown }> }> };
  }): void {
    const metadata = definition.components?.schemas?.Incident?.properties?.metadata;
    if (metadata?.type === 'Object') metadata.type = 'object';
  },
  /**
   * Statuspage answers any operation with 401 for a missing or wrong key, 403 for a page the key
   * may not manage, 404 for an unknown page or incident and 422 for a refused body, and 420 when a
   * key exceeds its rate (specs/README.md), but the document lists these unevenly (the incident
   * PATCH lists only 200; the components list has no 404). Such an undeclared status is accepted
   * only with the document's own ErrorEntity body, `{ "message": string }`.
   */
  undeclaredErrorStatus(status: number, body: unknown): boolean {
    if (![401, 403, 404, 420, 422].includes(status)) return false;
    return (
      typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body) &&
      typeof (body as { message?: unknown }).message === 'string' &&
      Object.keys(body).length === 1
    );
  },
};

interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  params?: unknown;
  message?: string;
}

/** Rate limiting (429) and unavailability (503) are platform-wide answers, not listed per operation. */
const PLATFORM_WIDE_STATUSES = new Set([429, 503]);

interface LoadedSpecs {
  jira: OpenAPIBackend;
  confluence: OpenAPIBackend;
  statuspage: OpenAPIBackend;
}

function addFormats(ajv: import('ajv').default): import('ajv').default {
  // Jira writes offsets as +0000 (no colon), which RFC 3339 date-time rejects though the document
  // says date-time; both forms are accepted, anything else is not.
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (v: string) => dateTime.test(v) && !Number.isNaN(Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))),
  });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('uri', { type: 'string', validate: (v: string) => /^[a-z][a-z0-9+.-]*:/i.test(v) });
  ajv.addFormat('url', { type: 'string', validate: (v: string) => /^[a-z][a-z0-9+.-]*:/i.test(v) });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('int32', { type: 'number', validate: (v: number) => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647 });
  ajv.addFormat('int64', { type: 'number', validate: (v: number) => Number.isInteger(v) });
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
  ajv.addFormat('binary', true);
  // Confluence declares `format: string` on a few plain strings; it constrains nothing.
  ajv.addFormat('string', true);
  return ajv;
}

async function loadBackend(file: string, adjust?: (definition: never) => void): Promise<OpenAPIBackend> {
  const definition = JSON.parse(fs.readFileSync(file, 'utf8'));
  adjust?.(definition as never);
  // quick: the Jira document has $refs with sibling keys that fail a strict check of the document itself (ORACLES.md §3).
  const backend = new OpenAPIBackend({
    definition,
    quick: true,
    validate: true,
    // ownProperties: Ajv otherwise tests a declared property with `data.name !== undefined`, which
    // for a name such as `toString` finds Object.prototype's function on a body that left the key
    // out, and reports "toString must be string" for a changelog item the document allows.
    ajvOpts: { strict: false, logger: false, ownProperties: true },
    customizeAjv: (ajv) => addFormats(ajv),
  });
  await backend.init();
  return backend;
}

function loadSpecs(dir: string): Promise<LoadedSpecs> {
  const cache = workerState().cache as Map<string, Promise<LoadedSpecs>>;
  let loaded = cache.get(dir);
  if (!loaded) {
    loaded = (async () => ({
      jira: await loadBackend(path.join(dir, SPEC_FILES.jira)),
      confluence: await loadBackend(path.join(dir, SPEC_FILES.confluence)),
      statuspage: await loadBackend(path.join(dir, SPEC_FILES.statuspage), STATUSPAGE_SPEC_EXCEPTIONS.fixIncidentMetadataType),
    }))();
    cache.set(dir, loaded);
    loaded.catch(() => cache.delete(dir));
  }
  return loaded;
}

function productFor(requestPath: string): ContractProduct | undefined {
  if (requestPath.startsWith('/rest/')) return 'jira';
  if (requestPath.startsWith(CONFLUENCE_PREFIX + '/') || requestPath === CONFLUENCE_PREFIX) return 'confluence';
  if (requestPath.startsWith(STATUSPAGE_PREFIX + '/')) return 'statuspage';
  return undefined;
}

function specPath(product: ContractProduct, requestPath: string): string {
  if (product === 'confluence') return requestPath.slice(CONFLUENCE_PREFIX.length) || '/';
  // Statuspage also answers each path with a `.json` suffix (`/pages/{page_id}.json`, its docs' own examples).
  if (product === 'statuspage') return requestPath.slice(STATUSPAGE_PREFIX.length).replace(/\.json$/, '') || '/';
  return requestPath;
}

function formatErrors(errors: readonly AjvLikeError[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword ?? 'is invalid'}`);
}

export interface RequestCheck {
  product: ContractProduct;
  operation?: Operation;
  violation?: ContractViolation;
}

/** Distinct method + path pairs whose matched operation is remembered (ids in paths make them many). */
const MATCH_CACHE_SIZE = 20_000;

export class ContractChecker {
  private readonly matched = new Map<string, Operation | null>();

  private constructor(private readonly specs: LoadedSpecs) {}

  static async load(specsDir?: string): Promise<ContractChecker> {
    return new ContractChecker(await loadSpecs(resolveSpecsDir(specsDir)));
  }

  /** The product a path belongs to, or undefined for paths no spec covers (app storage). */
  productFor(requestPath: string): ContractProduct | undefined {
    return productFor(requestPath);
  }

  matchOperation(req: SiteRequest): { product: ContractProduct; operation?: Operation } | undefined {
    const product = productFor(req.path);
    if (!product) return undefined;
    const method = req.method.toLowerCase();
    const key = `${product} ${method} ${req.path}`;
    let operation = this.matched.get(key);
    if (operation === undefined) {
      operation = this.specs[product].matchOperation({ method, path: specPath(product, req.path), headers: {} }) ?? null;
      // openapi-backend rebuilds its list of every operation of the document on each match (most of
      // a check's CPU time); the documents do not change after loading, so a path's match is kept.
      if (this.matched.size >= MATCH_CACHE_SIZE) this.matched.clear();
      this.matched.set(key, operation);
    }
    return { product, operation: operation ?? undefined };
  }

  checkRequest(req: SiteRequest): RequestCheck | undefined {
    const matched = this.matchOperation(req);
    if (!matched) return undefined;
    const { product, operation } = matched;
    countCheck(product, 'requests');
    const base = { product, method: req.method.toUpperCase(), path: req.path };
    if (!operation) {
      return this.record({
        product,
        violation: {
          ...base,
          kind: 'unknown-operation',
          errors: [`${base.method} ${req.path} is not an operation of the ${product} OpenAPI document`],
        },
      });
    }
    const result = this.specs[product].validator.validateRequest(
      {
        method: req.method.toLowerCase(),
        path: specPath(product, req.path),
        query: req.query,
        headers: { 'content-type': 'application/json', ...req.headers },
        // openapi-backend JSON-parses a string body, so a body that is a JSON string (addWatcher's
        // account id) is handed over in its wire form.
        body: typeof req.body === 'string' ? JSON.stringify(req.body) : req.body,
      },
      operation,
    );
    const errors = (result.errors ?? []) as AjvLikeError[];
    if (result.valid || SPEC_EXCEPTIONS.ambiguousPageBodyOneOf(operation.operationId, errors)) return { product, operation };
    return this.record({
      product,
      operation,
      violation: { ...base, kind: 'bad-request', operationId: operation.operationId, errors: formatErrors(errors) },
    });
  }

  checkResponse(req: SiteRequest, res: SiteResponse): ContractViolation | undefined {
    const matched = this.matchOperation(req);
    if (!matched?.operation) return undefined;
    const { product, operation } = matched;
    countCheck(product, 'responses');
    const base = { product, method: req.method.toUpperCase(), path: req.path, operationId: operation.operationId, status: res.status };
    const declared = operation.responses?.[String(res.status)] ?? operation.responses?.default;
    if (!declared) {
      if (PLATFORM_WIDE_STATUSES.has(res.status) || SPEC_EXCEPTIONS.undeclaredStatus(operation.operationId, res.status)) return undefined;
      if (product === 'statuspage' && STATUSPAGE_SPEC_EXCEPTIONS.undeclaredErrorStatus(res.status, res.body)) return undefined;
      return this.recordViolation({
        ...base,
        kind: 'undeclared-status',
        errors: [`status ${res.status} is not declared for ${operation.operationId}`],
      });
    }
    if (res.rawBody !== undefined) {
      return this.recordViolation({ ...base, kind: 'bad-response', errors: ['body is not JSON'] });
    }
    const hasSchema = Object.keys((declared as { content?: Record<string, unknown> }).content ?? {}).length > 0;
    if (!hasSchema) return undefined;
    const validator = this.specs[product].validator;
    if (SPEC_EXCEPTIONS.listOfDeclaredObject(operation.operationId, res.status, res.body)) {
      const errors = res.body.flatMap((item, index) => {
        const result = validator.validateResponse(item, operation, res.status);
        return result.valid ? [] : formatErrors(result.errors as AjvLikeError[]).map((error) => `[${index}]${error}`);
      });
      return errors.length === 0 ? undefined : this.recordViolation({ ...base, kind: 'bad-response', errors });
    }
    const result = validator.validateResponse(
      SPEC_EXCEPTIONS.withoutNullChangeValues(operation.operationId, res.body),
      operation,
      res.status,
    );
    if (result.valid) return undefined;
    return this.recordViolation({ ...base, kind: 'bad-response', errors: formatErrors(result.errors as AjvLikeError[]) });
  }

  /**
   * Validates a body against the response schema of one operation (used for seed files, which are
   * bodies of Jira/Confluence GET responses). Returns readable errors; does not count or record.
   */
  validateResponseBody(product: ContractProduct, method: string, requestPath: string, body: unknown, status = 200): string[] {
    const operation = this.specs[product].matchOperation({
      method: method.toLowerCase(),
      path: specPath(product, requestPath),
      headers: {},
    });
    if (!operation) return [`${method} ${requestPath} is not an operation of the ${product} OpenAPI document`];
    const result = this.specs[product].validator.validateResponse(
      SPEC_EXCEPTIONS.withoutNullChangeValues(operation.operationId, body),
      operation,
      status,
    );
    return result.valid ? [] : formatErrors(result.errors as AjvLikeError[]);
  }

  private record(check: RequestCheck): RequestCheck {
    return check;
  }

  private recordViolation(violation: ContractViolation): ContractViolation {
    return violation;
  }
}

export { describeViolation } from './describe-violation';
