import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
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
}

/**
 * Serves a file of a frame's resource folder (the same `static/<app>/build/` that `forge deploy`
 * uploads). `index.html` gets the bridge script as the first element of <head>, before any bundle.
 */
export function serveFrameAsset(frame: HostedFrame, assetPath: string): StaticAnswer {
  const relative = assetPath === '' || assetPath.endsWith('/') ? `${assetPath}index.html` : assetPath;
  const root = path.resolve(frame.resourceDir);
  const file = path.resolve(root, decodeURIComponent(relative));
  if (file !== root && !file.startsWith(root + path.sep)) return { status: 403, contentType: 'text/plain; charset=utf-8', body: 'Outside the resource folder' };
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    const hint = relative === 'index.html' ? ` (is static/ built? run \`npm run build:ui\`)` : '';
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: `No ${relative} in resource "${frame.resourceKey}" at ${root}${hint}` };
  }
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  if (path.basename(file) === 'index.html' && path.dirname(file) === root) {
    return { status: 200, contentType, body: injectBridge(fs.readFileSync(file, 'utf8'), frame.id) };
  }
  return { status: 200, contentType, body: fs.readFileSync(file) };
}

export function injectBridge(indexHtml: string, frameId: string): string {
  const tag = `<script data-forge-bridge-host>${bridgeScript(frameId)}</script>`;
  const head = /<head(\s[^>]*)?>/i.exec(indexHtml);
  if (head) return indexHtml.slice(0, head.index + head[0].length) + tag + indexHtml.slice(head.index + head[0].length);
  return tag + indexHtml;
}

/** The context `view.getContext()` answers in a frame, shaped as Jira and Confluence give it. */
export function frameContext(frame: HostedFrame, site: { cloudId: string; siteUrl: string; environmentId: string }, colorMode: 'light' | 'dark' = 'light'): Record<string, unknown> {
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
