import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml, type SafeHtml } from './html';

/** A request as the sandbox's routes see it: parsed URL, lower-case headers, raw body text. */
export interface SandboxRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  rawBody: string;
  cookies: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string | Buffer;
  /** A body sent in parts as they are ready (chunked), instead of `body`. */
  stream?: AsyncIterable<string>;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readRequest(req: IncomingMessage): Promise<SandboxRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    url: new URL(req.url ?? '/', `http://${headers.host ?? 'localhost'}`),
    headers,
    rawBody: Buffer.concat(chunks).toString('utf8'),
    cookies: parseCookies(headers.cookie ?? ''),
  };
}

export function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      cookies[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      cookies[name] = part.slice(eq + 1).trim();
    }
  }
  return cookies;
}

export async function writeResponse(res: ServerResponse, answer: SandboxResponse): Promise<void> {
  res.writeHead(answer.status, answer.headers);
  if (!answer.stream) {
    res.end(answer.body);
    return;
  }
  try {
    for await (const chunk of answer.stream) {
      // The browser left (a new page, a closed tab): the rest of the page has no reader.
      if (res.destroyed) return;
      res.write(chunk);
      // Node sends a write on its next tick; the page's next part may be CPU work only (the local
      // site answers from memory), so the event loop gets a turn to send this part first.
      await new Promise((resolve) => setImmediate(resolve));
    }
  } catch (error) {
    // The status line is already sent: the page ends with the failure instead of a second answer.
    res.write(
      `<div class="banner error" role="alert">The local site failed while sending this page: ${escapeHtml(error instanceof Error ? error.message : String(error))}</div>`,
    );
  }
  res.end();
}

export function htmlResponse(page: SafeHtml, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: page.value };
}

/** An HTML page whose parts go out as they are ready (see StreamedPage in pages/jira-pages.ts). */
export function streamedHtmlResponse(chunks: AsyncIterable<string>, status = 200): SandboxResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: '', stream: chunks };
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(body),
  };
}

export function redirect(location: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status: 303, headers: { location, ...headers }, body: '' };
}

export function textResponse(status: number, text: string): SandboxResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

/** Fields of an HTML form post; repeated names (checkboxes) keep every value. */
export function formFields(req: SandboxRequest): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(req.rawBody)) fields.set(name, [...(fields.get(name) ?? []), value]);
  return fields;
}

export function formValue(fields: Map<string, string[]>, name: string): string {
  return (fields.get(name) ?? [])[0] ?? '';
}

export function jsonBody(req: SandboxRequest): unknown {
  if (req.rawBody.trim() === '') return undefined;
  return JSON.parse(req.rawBody);
}
