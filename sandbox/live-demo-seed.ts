import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeDemoSeed } from '../seeds/build/demo-seed';
import { readJournal } from './state-journal';

export interface LiveDemoSeed {
  dir: string;
  /** The moment the demo data is "exported" at: open incidents' ages are relative to it. */
  asOf: Date;
  /** True when `asOf` is the state file's first change rather than the current time. */
  datedByState: boolean;
}

/**
 * The default seed of `npm start`: the demo data written as of `now` into a fresh temporary
 * directory, so open incidents' ages and SLA clocks are live rather than frozen at the time
 * seeds/demo was generated.
 *
 * With a state file that already holds changes, the data is written as of the first journaled
 * change instead: the journal replays writes onto seeded issues, and a seed dated after them
 * would put an issue's creation after its own recorded history. Ids and keys do not depend on
 * the date, so the replay finds the same issues either way.
 */
export function writeLiveDemoSeed(now: Date, stateFile: string | null): LiveDemoSeed {
  const firstChange = stateFile ? readJournal(stateFile).entries[0] : undefined;
  const asOf = firstChange ? new Date(firstChange.t) : now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-seed-'));
  // With the PLAT project's year of resolved incidents, so the Incident trends page has a history to show.
  writeDemoSeed(dir, { now: asOf, history: true });
  return { dir, asOf, datedByState: firstChange !== undefined };
}
