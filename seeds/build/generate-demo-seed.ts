/**
 * Writes the demo seed: `tsx seeds/build/generate-demo-seed.ts [DIR] [--now ISO] [--history]`.
 * `--history` adds the PLAT project's year of resolved incidents (what `npm start` shows on the
 * Incident trends page); the committed seeds/demo is written without it.
 */
import { resolve } from 'node:path';
import { writeDemoSeed } from './demo-seed';

const args = process.argv.slice(2);
const nowIndex = args.indexOf('--now');
const now = nowIndex >= 0 ? new Date(args[nowIndex + 1] ?? '') : new Date();
if (Number.isNaN(now.getTime())) {
  console.error('--now expects an ISO-8601 date-time, e.g. 2026-11-26T14:00:00Z');
  process.exit(2);
}
const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--now') ?? 'seeds/demo');
writeDemoSeed(dir, { now, history: args.includes('--history') });
console.log(`Demo seed written to ${dir} (as of ${now.toISOString()})`);
