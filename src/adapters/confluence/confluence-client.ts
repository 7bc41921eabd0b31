import api, { route, type Route } from '@forge/api';
import type { z } from 'zod';
import { isProductApiError } from '../http/product-api-error';
import { ProductHttp, type ProductFetch } from '../http/product-http';
import type { RetryPolicy } from '../http/retry-policy';
import {
  ConfluenceChildPage,
  ConfluenceContentProperty,
  confluenceMultiEntityResult,
  ConfluencePage,
  ConfluenceSpace,
} from './confluence-schemas';

export interface ConfluenceClientOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** `limit` of list requests; Confluence v2 allows up to 250. */
  readonly pageLimit?: number;
}

/**
 * Typed Confluence Cloud REST v2 client (pages, spaces, page properties). Errors are
 * ProductApiErrors, with the same retry rules as Jira.
 *
 * `asUser()` when the page must be read or written with the viewer's permissions (the macro
 * shows only what the viewer may see); `asApp()` for the app's own pages (postmortem export).
 */
export class ConfluenceClient {
  private readonly http: ProductHttp;
  private readonly limit: number;

  constructor(fetchConfluence: ProductFetch, options: ConfluenceClientOptions = {}) {
    this.http = new ProductHttp('confluence', fetchConfluence, options.retry);
    this.limit = Math.min(250, Math.max(1, options.pageLimit ?? 250));
  }

  /** Requests carry the invoking user's identity and space permissions. */
  static asUser(options?: ConfluenceClientOptions): ConfluenceClient {
    return new ConfluenceClient(api.asUser().requestConfluence, options);
  }

  /** Requests carry the app's identity and its granted Confluence scopes. */
  static asApp(options?: ConfluenceClientOptions): ConfluenceClient {
    return new ConfluenceClient(api.asApp().requestConfluence, options);
  }

  /** @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-get */
  async getPage(pageId: string, options: { bodyFormat?: 'atlas_doc_format' | 'storage' } = {}): Promise<ConfluencePage> {
    const path = options.bodyFormat
      ? route`/wiki/api/v2/pages/${pageId}?body-format=${options.bodyFormat}`
      : route`/wiki/api/v2/pages/${pageId}`;
    return this.http.json(ConfluencePage, 'GET', path);
  }

  /**
   * Titles are unique within a space: a second page with the same title is refused (400/409).
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-post
   */
  async createPage(page: { spaceId: string; title: string; parentId?: string; adf: unknown }): Promise<ConfluencePage> {
    return this.http.json(ConfluencePage, 'POST', route`/wiki/api/v2/pages`, {
      body: {
        spaceId: page.spaceId,
        status: 'current',
        title: page.title,
        ...(page.parentId === undefined ? {} : { parentId: page.parentId }),
        body: { representation: 'atlas_doc_format', value: JSON.stringify(page.adf) },
      },
    });
  }

  /**
   * `version` is the new number (current + 1); a stale one is refused with 409 (`conflict`).
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-id-put
   */
  async updatePage(page: { id: string; title: string; version: number; adf: unknown; versionMessage?: string }): Promise<ConfluencePage> {
    return this.http.json(ConfluencePage, 'PUT', route`/wiki/api/v2/pages/${page.id}`, {
      body: {
        id: page.id,
        status: 'current',
        title: page.title,
        body: { representation: 'atlas_doc_format', value: JSON.stringify(page.adf) },
        version: { number: page.version, ...(page.versionMessage ? { message: page.versionMessage } : {}) },
      },
    });
  }

  /**
   * The current page with this exact title in the space, if any.
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-page/#api-pages-get
   */
  async findPageByTitle(spaceId: string, title: string): Promise<ConfluencePage | undefined> {
    const pages = await this.collect(
      ConfluencePage,
      route`/wiki/api/v2/pages?space-id=${spaceId}&title=${title}&status=current&limit=${this.limit}`,
    );
    return pages.find((page) => page.title === title);
  }

  /** @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-children/#api-pages-id-children-get */
  async getChildPages(pageId: string): Promise<ConfluenceChildPage[]> {
    return this.collect(ConfluenceChildPage, route`/wiki/api/v2/pages/${pageId}/children?limit=${this.limit}`);
  }

  /** @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-space/#api-spaces-get */
  async getSpaces(filter: { keys?: readonly string[] } = {}): Promise<ConfluenceSpace[]> {
    const params = new URLSearchParams({ limit: String(this.limit) });
    if (filter.keys && filter.keys.length > 0) params.set('keys', filter.keys.join(','));
    return this.collect(ConfluenceSpace, route`/wiki/api/v2/spaces?${params}`);
  }

  /** @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/#api-pages-page-id-properties-get */
  async getPageProperty(pageId: string, key: string): Promise<ConfluenceContentProperty | undefined> {
    const properties = await this.collect(
      ConfluenceContentProperty,
      route`/wiki/api/v2/pages/${pageId}/properties?key=${key}&limit=${this.limit}`,
    );
    return properties.find((property) => property.key === key);
  }

  /**
   * Creates a property the page does not have yet (Confluence refuses an existing key); for a page
   * this app just created, where no read is needed first.
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/#api-pages-page-id-properties-post
   */
  async createPageProperty(pageId: string, key: string, value: unknown): Promise<ConfluenceContentProperty> {
    return this.http.json(ConfluenceContentProperty, 'POST', route`/wiki/api/v2/pages/${pageId}/properties`, { body: { key, value } });
  }

  /**
   * Creates the property, or updates it with the next version when it exists.
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/#api-pages-page-id-properties-post
   * @see https://developer.atlassian.com/cloud/confluence/rest/v2/api-group-content-properties/#api-pages-page-id-properties-property-id-put
   */
  async setPageProperty(pageId: string, key: string, value: unknown): Promise<ConfluenceContentProperty> {
    const existing = await this.getPageProperty(pageId, key);
    if (existing === undefined) {
      return this.http.json(ConfluenceContentProperty, 'POST', route`/wiki/api/v2/pages/${pageId}/properties`, { body: { key, value } });
    }
    return this.http.json(ConfluenceContentProperty, 'PUT', route`/wiki/api/v2/pages/${pageId}/properties/${existing.id}`, {
      body: { key, value, version: { number: (existing.version?.number ?? 1) + 1 } },
    });
  }

  /** Undefined when the page does not exist or the caller may not see it. */
  async findPage(pageId: string): Promise<ConfluencePage | undefined> {
    try {
      return await this.getPage(pageId);
    } catch (error) {
      if (isProductApiError(error, 'notFound')) return undefined;
      throw error;
    }
  }

  /** Follows `_links.next` (relative, carrying the cursor) until the last page. */
  private async collect<T extends z.ZodType>(item: T, first: Route): Promise<Array<z.output<T>>> {
    const schema = confluenceMultiEntityResult(item);
    const all: Array<z.output<T>> = [];
    let path: Route | undefined = first;
    while (path !== undefined) {
      const page: z.output<typeof schema> = await this.http.json(schema, 'GET', path);
      all.push(...page.results);
      const next = page._links?.next;
      path = next === undefined ? undefined : nextRoute(first, next);
    }
    return all;
  }
}

/**
 * `_links.next` is `/wiki/api/v2/<resource>?cursor=...`. Its query is laid over the first
 * request's (so filters survive even if a server leaves them out of the link), on the first
 * request's own path: a link can never send the client elsewhere.
 */
function nextRoute(first: Route, next: string): Route {
  const base = new URL(first.value, 'https://site.invalid');
  const link = new URL(next, 'https://site.invalid');
  if (link.pathname !== base.pathname) throw new Error(`Unexpected Confluence next link ${next} for ${base.pathname}`);
  const params = new URLSearchParams(base.searchParams);
  for (const [name, value] of link.searchParams) params.set(name, value);
  return route`${routeSegments(base.pathname.replace(/^\//, ''))}?${params}`;
}

function routeSegments(path: string): Route {
  // Each segment goes through `route`, which refuses `..` and the like.
  return path.split('/').reduce<Route>((built, segment) => route`${built}/${segment}`, route``);
}
