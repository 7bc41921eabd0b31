/** Confluence Cloud REST v2 subset (/wiki/api/v2): spaces, pages, child pages and page properties. */
import {
  confluenceError,
  isRecord,
  json,
  queryInt,
  queryList,
  queryValue,
  type Actor,
  type SiteRequest,
  type SiteResponse,
} from '../site-http';

type Json = Record<string, unknown>;

interface PageRecord {
  page: Json;
  /** ADF JSON text of the current version, when the page has an atlas_doc_format body. */
  adf?: string;
  storage?: string;
  properties: Json[];
}

const PREFIX = '/wiki/api/v2';
/** Confluence Cloud refuses longer page titles with 400; the length is Java's (UTF-16 units). */
const TITLE_LIMIT = 255;
const TITLE_TOO_LONG = `Title cannot be longer than ${TITLE_LIMIT} characters.`;

export class ConfluenceSite {
  readonly spaces: Json[];
  readonly pages = new Map<string, PageRecord>();
  private nextId = 3_000_000;

  constructor(
    seed: { spaces: Json[]; pages: Json[] },
    private readonly baseUrl: string,
    private readonly clock: () => Date,
  ) {
    this.spaces = seed.spaces.map((space) => ({ ...space }));
    for (const page of seed.pages) {
      const body = (page.body as Json | undefined) ?? {};
      const adf = (body.atlas_doc_format as Json | undefined)?.value;
      const storage = (body.storage as Json | undefined)?.value;
      const { body: _body, ...rest } = page;
      this.pages.set(String(page.id), {
        page: rest,
        ...(typeof adf === 'string' ? { adf } : {}),
        ...(typeof storage === 'string' ? { storage } : {}),
        properties: [],
      });
      this.nextId = Math.max(this.nextId, Number(page.id) || 0);
    }
  }

  /** Raw read for tests: the page with its ADF body parsed. */
  page(id: string): (Json & { adf?: unknown }) | undefined {
    const record = this.pages.get(id);
    return record ? { ...record.page, ...(record.adf ? { adf: JSON.parse(record.adf) } : {}) } : undefined;
  }

  findPageByTitle(spaceId: string, title: string): Json | undefined {
    return [...this.pages.values()].find((p) => p.page.spaceId === spaceId && p.page.title === title && p.page.status !== 'trashed')?.page;
  }

  async handle(req: SiteRequest, actor: Actor): Promise<SiteResponse | undefined> {
    if (!req.path.startsWith(PREFIX + '/')) return undefined;
    const path = req.path.slice(PREFIX.length);
    const method = req.method.toUpperCase();
    let match: RegExpExecArray | null;
    if (method === 'GET' && path === '/spaces') return this.listSpaces(req);
    if (method === 'GET' && (match = /^\/spaces\/([^/]+)$/.exec(path))) {
      const space = this.spaces.find((s) => String(s.id) === match![1]);
      return space ? json(200, space) : confluenceError(404, 'Not Found', `Space ${match[1]} was not found`);
    }
    if (method === 'GET' && (match = /^\/spaces\/([^/]+)\/pages$/.exec(path))) return this.listPagesInSpace(req, match[1]!);
    if (method === 'GET' && path === '/pages') return this.listPages(req);
    if (method === 'POST' && path === '/pages') return this.createPage(req, actor);
    if ((match = /^\/pages\/([^/]+)$/.exec(path))) {
      const record = this.pages.get(match[1]!);
      if (!record) return confluenceError(404, 'Not Found', `Page ${match[1]} was not found`);
      if (method === 'GET') return json(200, this.pageBody(record, queryValue(req, 'body-format')));
      if (method === 'PUT') return this.updatePage(req, record, actor);
      if (method === 'DELETE') return this.deletePage(req, record);
    }
    if (method === 'GET' && (match = /^\/pages\/([^/]+)\/children$/.exec(path))) {
      if (!this.pages.has(match[1]!)) return confluenceError(404, 'Not Found', `Page ${match[1]} was not found`);
      const children = [...this.pages.values()]
        .filter((p) => p.page.parentId === match![1] && p.page.status === 'current')
        .map((p, index) => ({
          id: p.page.id,
          status: p.page.status,
          title: p.page.title,
          spaceId: p.page.spaceId,
          childPosition: (p.page.position as number | undefined) ?? index,
        }));
      return this.cursorPage(req, children, `/pages/${match[1]}/children`);
    }
    if ((match = /^\/pages\/([^/]+)\/properties$/.exec(path))) {
      const record = this.pages.get(match[1]!);
      if (!record) return confluenceError(404, 'Not Found', `Page ${match[1]} was not found`);
      if (method === 'GET') {
        const key = queryValue(req, 'key');
        return this.cursorPage(
          req,
          key ? record.properties.filter((p) => p.key === key) : record.properties,
          `/pages/${match[1]}/properties`,
        );
      }
      if (method === 'POST') {
        if (!isRecord(req.body) || typeof req.body.key !== 'string' || req.body.key === '')
          return confluenceError(400, 'Bad Request', 'A property key is required');
        if (record.properties.some((p) => p.key === (req.body as Json).key))
          return confluenceError(400, 'Bad Request', `A content property with key '${req.body.key}' already exists`);
        const property = {
          id: String(++this.nextId),
          key: req.body.key,
          value: req.body.value ?? null,
          version: { createdAt: this.clock().toISOString(), message: '', number: 1, minorEdit: false, authorId: actor.accountId },
        };
        record.properties.push(property);
        return json(200, property);
      }
    }
    if (method === 'PUT' && (match = /^\/pages\/([^/]+)\/properties\/([^/]+)$/.exec(path))) {
      // updatePagePropertyById: the key stays, the version must be the next one.
      const record = this.pages.get(match[1]!);
      if (!record) return confluenceError(404, 'Not Found', `Page ${match[1]} was not found`);
      const index = record.properties.findIndex((p) => p.id === match![2]);
      if (index < 0) return confluenceError(404, 'Not Found', `Content property ${match[2]} was not found`);
      const current = record.properties[index]!;
      const body = req.body;
      if (!isRecord(body) || body.key !== current.key) return confluenceError(400, 'Bad Request', 'The property key cannot be changed');
      const currentVersion = Number((current.version as Json | undefined)?.number ?? 1);
      const version = isRecord(body.version) ? body.version : {};
      if (version.number !== currentVersion + 1) return confluenceError(400, 'Bad Request', `Version number must be ${currentVersion + 1}`);
      const updated = {
        ...current,
        value: body.value ?? null,
        version: {
          createdAt: this.clock().toISOString(),
          message: typeof version.message === 'string' ? version.message : '',
          number: currentVersion + 1,
          minorEdit: false,
          authorId: actor.accountId,
        },
      };
      record.properties[index] = updated;
      return json(200, updated);
    }
    return undefined;
  }

  private cursorPage(req: SiteRequest, items: Json[], path: string): SiteResponse {
    const limit = Math.min(Math.max(1, queryInt(req, 'limit', 25)), 250);
    const cursor = queryValue(req, 'cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) || 0 : 0;
    const slice = items.slice(offset, offset + limit);
    const more = offset + limit < items.length;
    const nextCursor = Buffer.from(String(offset + limit)).toString('base64url');
    return json(200, {
      results: slice,
      _links: { base: `${this.baseUrl}/wiki`, ...(more ? { next: `${PREFIX}${path}?cursor=${nextCursor}&limit=${limit}` } : {}) },
    });
  }

  private listSpaces(req: SiteRequest): SiteResponse {
    const ids = queryList(req, 'ids');
    const keys = queryList(req, 'keys');
    const spaces = this.spaces.filter((s) => (!ids || ids.includes(String(s.id))) && (!keys || keys.includes(String(s.key))));
    return this.cursorPage(req, spaces, '/spaces');
  }

  private listPages(req: SiteRequest): SiteResponse {
    const spaceIds = queryList(req, 'space-id');
    const ids = queryList(req, 'id');
    const title = queryValue(req, 'title');
    const statuses = queryList(req, 'status') ?? ['current', 'archived'];
    const format = queryValue(req, 'body-format');
    const pages = [...this.pages.values()]
      .filter(
        (p) =>
          (!spaceIds || spaceIds.includes(String(p.page.spaceId))) &&
          (!ids || ids.includes(String(p.page.id))) &&
          (title === undefined || p.page.title === title) &&
          statuses.includes(String(p.page.status)),
      )
      .map((p) => this.pageBody(p, format, true));
    return this.cursorPage(req, pages, '/pages');
  }

  /**
   * GET /spaces/{id}/pages (getPagesInSpace): the space's pages, `depth=root` for its top level,
   * filtered by `status` (current and archived by default) and `title`, sorted by `sort`, with the
   * next cursor in `_links.next` and, as Confluence sends it, in the `Link` header.
   */
  private listPagesInSpace(req: SiteRequest, spaceId: string): SiteResponse {
    const space = this.spaces.find((s) => String(s.id) === spaceId);
    if (!space) return confluenceError(404, 'Not Found', `Space ${spaceId} was not found`);
    const statuses = queryList(req, 'status') ?? ['current', 'archived'];
    const title = queryValue(req, 'title');
    const rootOnly = queryValue(req, 'depth') === 'root';
    const sort = queryValue(req, 'sort');
    const format = queryValue(req, 'body-format');
    const pages = [...this.pages.values()].filter(
      (p) =>
        String(p.page.spaceId) === spaceId &&
        statuses.includes(String(p.page.status)) &&
        (title === undefined || p.page.title === title) &&
        (!rootOnly || p.page.parentId === undefined),
    );
    if (sort) {
      const field = sort.replace(/^-/, '');
      const key = (p: PageRecord): string | number =>
        field === 'id'
          ? Number(p.page.id)
          : field === 'title'
            ? String(p.page.title)
            : field === 'created-date'
              ? String(p.page.createdAt)
              : String((p.page.version as Json | undefined)?.createdAt ?? p.page.createdAt);
      pages.sort((a, b) => {
        const [left, right] = [key(a), key(b)];
        const order = left < right ? -1 : left > right ? 1 : 0;
        return sort.startsWith('-') ? -order : order;
      });
    }
    const answer = this.cursorPage(
      req,
      pages.map((p) => this.pageBody(p, format, true)),
      `/spaces/${spaceId}/pages`,
    );
    const next = ((answer.body as Json | undefined)?._links as Json | undefined)?.next;
    return typeof next === 'string' ? { ...answer, headers: { ...answer.headers, link: `<${next}>; rel="next"` } } : answer;
  }

  /**
   * DELETE /pages/{id} (deletePage): a page goes to the trash (status `trashed`, still readable
   * by id, gone from listings and title checks); `purge=true` on a trashed page removes it for
   * good; a draft is deleted, permanently, only with `draft=true`.
   */
  private deletePage(req: SiteRequest, record: PageRecord): SiteResponse {
    const id = String(record.page.id);
    const status = String(record.page.status);
    const purge = queryValue(req, 'purge') === 'true';
    const draft = queryValue(req, 'draft') === 'true';
    if (status === 'draft') {
      if (!draft) return confluenceError(404, 'Not Found', `Page ${id} was not found`);
      this.pages.delete(id);
      return { status: 204, headers: {} };
    }
    if (draft) return confluenceError(400, 'Bad Request', `Page ${id} is not a draft`);
    if (purge) {
      if (status !== 'trashed') return confluenceError(400, 'Bad Request', `Page ${id} must be trashed before it can be purged`);
      this.pages.delete(id);
      return { status: 204, headers: {} };
    }
    if (status === 'trashed') return confluenceError(404, 'Not Found', `Page ${id} was not found`);
    record.page = { ...record.page, status: 'trashed' };
    return { status: 204, headers: {} };
  }

  private pageBody(record: PageRecord, format: string | undefined, bulk = false): Json {
    const body: Json = {};
    if (format === 'atlas_doc_format' && record.adf !== undefined)
      body.atlas_doc_format = { representation: 'atlas_doc_format', value: record.adf };
    if (format === 'storage' && record.storage !== undefined) body.storage = { representation: 'storage', value: record.storage };
    // A page read on its own carries the site's base in `_links.base` (lists carry it once, at the top).
    const links = {
      webui: `/spaces/${this.spaceKeyOf(record.page)}/pages/${String(record.page.id)}`,
      ...((record.page._links as Json | undefined) ?? {}),
      ...(bulk ? {} : { base: `${this.baseUrl}/wiki` }),
    };
    return { ...record.page, _links: links, body: bulk && !format ? {} : body };
  }

  private spaceKeyOf(page: Json): string {
    return String(this.spaces.find((space) => String(space.id) === String(page.spaceId))?.key ?? page.spaceId);
  }

  private writeBody(input: unknown): { adf?: string; storage?: string; error?: string } {
    if (!isRecord(input)) return { error: 'The page body is required' };
    const flat = typeof input.representation === 'string' ? input : undefined;
    const nested = flat ? undefined : ((input.atlas_doc_format ?? input.storage) as Json | undefined);
    const representation = flat
      ? String(flat.representation)
      : input.atlas_doc_format
        ? 'atlas_doc_format'
        : input.storage
          ? 'storage'
          : undefined;
    const value = flat ? flat.value : nested?.value;
    if (typeof value !== 'string') return { error: 'The page body value must be a string' };
    if (representation === 'atlas_doc_format') {
      try {
        const doc = JSON.parse(value) as Json;
        if (doc.type !== 'doc' || !Array.isArray(doc.content)) return { error: 'The atlas_doc_format value is not an ADF document' };
      } catch {
        return { error: 'The atlas_doc_format value is not valid JSON' };
      }
      return { adf: value };
    }
    if (representation === 'storage') return { storage: value };
    return { error: `Unsupported body representation ${String(representation)}` };
  }

  private createPage(req: SiteRequest, actor: Actor): SiteResponse {
    const input = req.body;
    if (!isRecord(input)) return confluenceError(400, 'Bad Request', 'The request body must be a page');
    const space = this.spaces.find((s) => String(s.id) === String(input.spaceId));
    if (!space) return confluenceError(404, 'Not Found', `Space ${String(input.spaceId)} was not found`);
    const status = input.status === 'draft' ? 'draft' : 'current';
    if (typeof input.title !== 'string' || input.title.trim() === '')
      return confluenceError(400, 'Bad Request', 'A page title is required');
    if (input.title.length > TITLE_LIMIT) return confluenceError(400, 'Bad Request', TITLE_TOO_LONG);
    // Titles are unique among a space's current pages.
    if (status === 'current' && this.findPageByTitle(String(space.id), input.title)) {
      return confluenceError(
        400,
        'Bad Request',
        `A page with this title already exists: A page already exists with the same TITLE in this space`,
      );
    }
    const body = this.writeBody(input.body);
    if (body.error) return confluenceError(400, 'Bad Request', body.error);
    const parentId = typeof input.parentId === 'string' ? input.parentId : (space.homepageId as string | undefined);
    if (typeof input.parentId === 'string' && !this.pages.has(input.parentId))
      return confluenceError(404, 'Not Found', `Parent page ${input.parentId} was not found`);
    const id = String(++this.nextId);
    const now = this.clock().toISOString();
    const page: Json = {
      id,
      status,
      title: input.title,
      spaceId: String(space.id),
      ...(parentId ? { parentId, parentType: 'page' } : {}),
      position: [...this.pages.values()].filter((p) => p.page.parentId === parentId).length,
      authorId: actor.accountId,
      ownerId: actor.accountId,
      lastOwnerId: null,
      createdAt: now,
      version: { createdAt: now, message: '', number: 1, minorEdit: false, authorId: actor.accountId },
      _links: { webui: `/spaces/${String(space.key)}/pages/${id}`, editui: `/pages/resumedraft.action?draftId=${id}`, tinyui: `/x/${id}` },
    };
    const record: PageRecord = {
      page,
      ...(body.adf ? { adf: body.adf } : {}),
      ...(body.storage ? { storage: body.storage } : {}),
      properties: [],
    };
    this.pages.set(id, record);
    return json(200, this.pageBody(record, body.adf ? 'atlas_doc_format' : 'storage'));
  }

  private updatePage(req: SiteRequest, record: PageRecord, actor: Actor): SiteResponse {
    const input = req.body;
    if (!isRecord(input) || !isRecord(input.version) || typeof input.version.number !== 'number')
      return confluenceError(400, 'Bad Request', 'A version number is required');
    if (String(input.id) !== String(record.page.id))
      return confluenceError(400, 'Bad Request', 'The id in the body does not match the page id');
    const current = Number((record.page.version as Json).number);
    if (input.version.number !== current + 1) {
      return confluenceError(409, 'Conflict', `Version must be incremented on update. Current version is: ${current}`);
    }
    if (typeof input.title !== 'string' || input.title.trim() === '')
      return confluenceError(400, 'Bad Request', 'A page title is required');
    if (input.title.length > TITLE_LIMIT) return confluenceError(400, 'Bad Request', TITLE_TOO_LONG);
    const clash = this.findPageByTitle(String(record.page.spaceId), input.title);
    if (clash && clash.id !== record.page.id)
      return confluenceError(
        400,
        'Bad Request',
        'A page with this title already exists: A page already exists with the same TITLE in this space',
      );
    const body = this.writeBody(input.body);
    if (body.error) return confluenceError(400, 'Bad Request', body.error);
    const now = this.clock().toISOString();
    record.page = {
      ...record.page,
      title: input.title,
      status: input.status === 'draft' ? 'draft' : 'current',
      ...(typeof input.parentId === 'string' ? { parentId: input.parentId } : {}),
      version: {
        createdAt: now,
        message: typeof input.version.message === 'string' ? input.version.message : '',
        number: current + 1,
        minorEdit: false,
        authorId: actor.accountId,
      },
    };
    if (body.adf !== undefined) record.adf = body.adf;
    if (body.storage !== undefined) record.storage = body.storage;
    return json(200, this.pageBody(record, body.adf ? 'atlas_doc_format' : 'storage'));
  }
}
