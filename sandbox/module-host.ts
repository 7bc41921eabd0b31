import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { bridgeScript } from './bridge-script';

/**
 * One Custom UI frame on a page: which module and resource it shows, for whom, and the context the
 * product gives it. Kept server-side and looked up by an unguessable id, so a frame cannot claim
 * another issue's context by editing its URL (on a site the product, not the app, sets context).
 */
export interface HostedFrame {
  readonly id: string;
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly role: 'view' | 'config';
  readonly resourceKey: string;
  readonly resourceDir: string;
  readonly accountId: string;
  readonly localId: string;
  /** The `extension` part of the context: issue/project for Jira modules, content/space/config for macros. */
  readonly extension: Record<string, unknown>;
  /** The resolver function key from the manifest, when the module has one. */
  readonly resolverFunction: string | null;
}

const MAX_FRAMES = 5000;

export class FrameRegistry {
  private readonly frames = new Map<string, HostedFrame>();

  create(frame: Omit<HostedFrame, 'id'>): HostedFrame {
    const hosted: HostedFrame = { ...frame, id: randomUUID() };
    this.frames.set(hosted.id, hosted);
    // Frames live as long as pages are open; old ones are dropped first to bound memory.
    while (this.frames.size > MAX_FRAMES) {
      const oldest = this.frames.keys().next().value;
      if (oldest === undefined) break;
      this.frames.delete(oldest);
    }
    return hosted;
  }

  get(id: string): HostedFrame | undefined {
    return this.frames.get(id);
  }
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticAnswer {
  status: number;
  contentType: string;
  body: Buffer | string;
  /** Set for the build's files under their versioned address (`resourceUrl`): they never change there. */
  immutable?: boolean;
}

/**
 * Where a frame's resource is served: one address per resource and build, as Forge serves each
 * deployment's Custom UI from its CDN under a path of its own. index.html there names the frame
 * (`?frame=<id>`) and gets its bridge; main.js, the CSS and the chunks are the same for every frame
 * and every page, so the browser keeps them (and its compiled code) from one page to the next.
 */
export function resourceUrl(frame: Pick<HostedFrame, 'id' | 'resourceKey' | 'resourceDir'>): string {
  return `${RESOURCE_PATH}${encodeURIComponent(frame.resourceKey)}/${resourceVersion(frame.resourceDir)}/?frame=${encodeURIComponent(frame.id)}`;
}

/** The prefix of `resourceUrl`: `/__app/r/<resourceKey>/<version>/<file>`. */
export const RESOURCE_PATH = '/__app/r/';

/** The build's version: `npm run build:ui` writes every file anew, index.html included, so its mtime names the build. */
export function resourceVersion(resourceDir: string): string {
  try {
    return Math.trunc(fs.statSync(path.join(resourceDir, 'index.html')).mtimeMs).toString(36);
  } catch {
    return 'unbuilt';
  }
}

/**
 * Serves a file of a frame's resource folder (the same `static/<app>/build/` that `forge deploy`
 * uploads). `index.html` gets the bridge script as the first element of <head>, before any bundle.
 */
export function serveFrameAsset(frame: HostedFrame, assetPath: string): StaticAnswer {
  return serveResourceFile(frame.resourceDir, frame.resourceKey, assetPath, frame.id);
}

/**
 * A file of a resource folder at its versioned address. index.html needs the frame it is for
 * (`frameId`, of a frame showing this resource); the other files are public, as on Forge's CDN, and
 * immutable when `version` is the current build's.
 */
export function serveVersionedResource(
  resourceDir: string,
  resourceKey: string,
  version: string,
  assetPath: string,
  frame: HostedFrame | undefined,
): StaticAnswer {
  if (isIndex(assetPath)) {
    if (!frame || frame.resourceKey !== resourceKey)
      return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'This app frame has expired: reload the page.' };
    return serveResourceFile(resourceDir, resourceKey, assetPath, frame.id);
  }
  const answer = serveResourceFile(resourceDir, resourceKey, assetPath, null);
  return answer.status === 200 && version === resourceVersion(resourceDir) ? { ...answer, immutable: true } : answer;
}

function isIndex(assetPath: string): boolean {
  return assetPath === '' || assetPath === 'index.html';
}

function serveResourceFile(resourceDir: string, resourceKey: string, assetPath: string, frameId: string | null): StaticAnswer {
  const relative = assetPath === '' || assetPath.endsWith('/') ? `${assetPath}index.html` : assetPath;
  const root = path.resolve(resourceDir);
  const file = path.resolve(root, decodeURIComponent(relative));
  if (file !== root && !file.startsWith(root + path.sep))
    return { status: 403, contentType: 'text/plain; charset=utf-8', body: 'Outside the resource folder' };
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    const hint = relative === 'index.html' ? ` (is static/ built? run \`npm run build:ui\`)` : '';
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: `No ${relative} in resource "${resourceKey}" at ${root}${hint}` };
  }
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  if (path.basename(file) === 'index.html' && path.dirname(file) === root) {
    if (frameId === null)
      return {
        status: 404,
        contentType: 'text/plain; charset=utf-8',
        body: 'index.html is served to a frame: open the page that shows it',
      };
    return { status: 200, contentType, body: injectBridge(fs.readFileSync(file, 'utf8'), frameId) };
  }
  return { status: 200, contentType, body: fs.readFileSync(file) };
}

/** Text types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;
const compressed = new Map<string, Buffer>();

/**
 * The gzip form of an immutable answer (a build's file at its versioned address) for a client that
 * accepts it, as a CDN serves Custom UI bundles. Each file of each build is compressed once.
 */
export function gzipped(answer: StaticAnswer, versionedPath: string, acceptEncoding: string | undefined): Buffer | null {
  if (answer.status !== 200 || !answer.immutable || !COMPRESSIBLE.test(answer.contentType) || !/\bgzip\b/.test(acceptEncoding ?? ''))
    return null;
  const known = compressed.get(versionedPath);
  if (known) return known;
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
  if (body.length < 1024) return null;
  const gzip = gzipSync(body);
  // Rebuilds during `npm start` leave old versions behind: start over rather than grow.
  if (compressed.size >= 500) compressed.clear();
  compressed.set(versionedPath, gzip);
  return gzip;
}

export function injectBridge(indexHtml: string, frameId: string): string {
  const tag = `<script data-forge-bridge-host>${bridgeScript(frameId)}</script>`;
  const head = /<head(\s[^>]*)?>/i.exec(indexHtml);
  if (head) return indexHtml.slice(0, head.index + head[0].length) + tag + indexHtml.slice(head.index + head[0].length);
  return tag + indexHtml;
}

/** The context `view.getContext()` answers in a frame, shaped as Jira and Confluence give it. */
export function frameContext(
  frame: HostedFrame,
  site: { cloudId: string; siteUrl: string; environmentId: string },
  colorMode: 'light' | 'dark' = 'light',
): Record<string, unknown> {
  return {
    accountId: frame.accountId,
    cloudId: site.cloudId,
    siteUrl: site.siteUrl,
    localId: frame.localId,
    moduleKey: frame.moduleKey,
    environmentId: site.environmentId,
    environmentType: 'DEVELOPMENT',
    locale: 'en-US',
    timezone: 'UTC',
    theme: { colorMode },
    license: null,
    extension: frame.extension,
  };
}
