import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ACTOR_HEADER, APP_ACTOR_HEADER, type LocalSite } from '../local-site/local-site';
import { DEMO_STATUSPAGE_KEY } from '../local-site/statuspage/statuspage-site';
import type { SiteResponse } from '../local-site/site-http';

/**
 * `--state FILE`: the site's state kept across restarts as a journal of the changes it accepted.
 * Every successful write that reaches the site (from pages, scripts, resolvers, triggers, app
 * storage) is appended as one JSON line the moment it happens; at start the seed is loaded and the
 * journal replayed with the clock pinned to each entry's time. The local site is deterministic
 * given its clock (ids come from counters), so the replay rebuilds the same issues, pages and
 * storage. Validators and triggers are not attached during the replay: their effects were
 * journaled as the writes they made.
 */
const JournalEntry = z.object({
  t: z.string(),
  m: z.string(),
  p: z.string(),
  q: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  h: z.record(z.string(), z.string()).default({}),
  b: z.unknown().optional(),
  s: z.number(),
});
type JournalEntry = z.infer<typeof JournalEntry>;

/** POSTs that only read (storage gets and queries, JQL search): not journaled. */
const READ_ONLY_POST = [
  /^\/api\/v1\/(?:.*\/)?(?:get|query)$/,
  /^\/rest\/api\/3\/search(?:\/jql)?$/,
  /^\/rest\/api\/3\/expression\/eval(?:uate)?$/,
  /^\/rest\/api\/3\/issue\/bulkfetch$/,
];

function isWrite(method: string, requestPath: string): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  return !(method === 'POST' && READ_ONLY_POST.some((pattern) => pattern.test(requestPath)));
}

export class StateFileError extends Error {}

/** A clock the site reads; pinned during replay so timestamps come out as they were. */
export class SiteClock {
  private pinned: Date | null = null;
  private readonly captures = new Set<{ first?: Date }>();

  readonly now = (): Date => {
    const at = this.pinned ? new Date(this.pinned.getTime()) : new Date();
    for (const capture of this.captures) capture.first ??= at;
    return at;
  };

  pin(at: Date | null): void {
    this.pinned = at;
  }

  /** Notes the first time the site reads the clock from now on (its `created`/`updated` stamps). */
  capture(): { first?: Date; stop(): void } {
    const capture: { first?: Date; stop(): void } = { stop: () => this.captures.delete(capture) };
    this.captures.add(capture);
    return capture;
  }
}

export function readJournal(file: string): { entries: JournalEntry[]; droppedTail: boolean } {
  if (!fs.existsSync(file)) return { entries: [], droppedTail: false };
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const entries: JournalEntry[] = [];
  let droppedTail = false;
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // A crash mid-append leaves a partial last line; anything earlier is damage, not a crash.
      if (index >= lines.length - 2) {
        droppedTail = true;
        return;
      }
      throw new StateFileError(
        `${file} line ${index + 1} is not JSON: this is not a state file written by npm start (delete it to start from the seed)`,
      );
    }
    const entry = JournalEntry.safeParse(parsed);
    if (!entry.success)
      throw new StateFileError(`${file} line ${index + 1}: ${z.prettifyError(entry.error)} (delete the file to start from the seed)`);
    entries.push(entry.data);
  });
  return { entries, droppedTail };
}

/** Replays the journal into a freshly seeded site; returns how many entries were applied. */
export async function replayJournal(
  site: LocalSite,
  clock: SiteClock,
  entries: readonly JournalEntry[],
  warn: (message: string) => void,
): Promise<number> {
  let applied = 0;
  for (const entry of entries) {
    clock.pin(new Date(entry.t));
    const response = await site.handle({
      method: entry.m,
      path: entry.p,
      query: entry.q,
      headers: entry.h,
      ...(entry.b !== undefined ? { body: entry.b } : {}),
    });
    if (response.status !== entry.s)
      warn(`state replay: ${entry.m} ${entry.p} answered ${response.status} now, ${entry.s} when recorded (was the seed changed?)`);
    else applied += 1;
  }
  clock.pin(null);
  return applied;
}

/** Wraps `site.handle` so each accepted write is appended to `file` before the answer returns. */
export function journalWrites(site: LocalSite, clock: SiteClock, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const inner = site.handle.bind(site);
  site.handle = async (req): Promise<SiteResponse> => {
    const capture = clock.capture();
    const started = new Date();
    let response: SiteResponse;
    try {
      response = await inner(req);
    } finally {
      capture.stop();
    }
    // Replay pins the clock to the time the site stamped on this change, so stamps come out equal.
    const at = (capture.first ?? started).toISOString();
    const method = req.method.toUpperCase();
    if (response.status >= 200 && response.status < 300 && isWrite(method, req.path) && !isPrivateSecret(req.path, req.body)) {
      // Statuspage writes replay with their key only when it is the public demo key: a real key is never written to the state file.
      const headers = Object.fromEntries(
        Object.entries(req.headers ?? {}).filter(
          ([name, value]) =>
            [ACTOR_HEADER, APP_ACTOR_HEADER].includes(name.toLowerCase()) ||
            (name.toLowerCase() === 'authorization' && value === `OAuth ${DEMO_STATUSPAGE_KEY}`),
        ),
      );
      const entry: JournalEntry = {
        t: at,
        m: method,
        p: req.path,
        q: req.query ?? {},
        h: headers,
        ...(req.body !== undefined ? { b: req.body } : {}),
        s: response.status,
      };
      fs.appendFileSync(file, `${JSON.stringify(entry)}\n`);
    }
    return response;
  };
}

/**
 * A secret written to Forge secret storage (an API key) stays out of the state file, unless it is the
 * public demo Statuspage key: after a restart an admin enters a real key again.
 */
function isPrivateSecret(requestPath: string, body: unknown): boolean {
  if (requestPath !== '/api/v1/secret/set') return false;
  return !(typeof body === 'object' && body !== null && (body as { value?: unknown }).value === DEMO_STATUSPAGE_KEY);
}
