import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validate } from '@forge/manifest';
import { ensureUiBuilt } from '../../scripts/build-ui';

/** ORACLES.md §1: the validator `forge deploy` runs (schema, module keys, handler files, resources). */
const REPO_ROOT = resolve(__dirname, '..', '..');
const MANIFEST = join(REPO_ROOT, 'manifest.yml');

function messagesOf(result: { errors?: Array<{ message: string; line?: number }> }): string[] {
  return (result.errors ?? []).map((error) => `line ${error.line ?? '?'}: ${error.message}`);
}

describe('manifest.yml against @forge/manifest 13.7 validate()', () => {
  beforeAll(async () => {
    await ensureUiBuilt();
  }, 180_000);

  it('passes', async () => {
    const result = await validate(false, MANIFEST);
    expect(messagesOf(result)).toEqual([]);
    expect(result.success).toBe(true);
  }, 60_000);

  it('rejects the module key `confluence:macro` (the check can fail)', async () => {
    // The copy sits beside the original so its handler and resource paths still resolve.
    const broken = readFileSync(MANIFEST, 'utf8').replace(/^ {2}macro:$/m, '  confluence:macro:');
    expect(broken).toContain('confluence:macro:');
    const copy = join(REPO_ROOT, `manifest.broken-${process.pid}.yml`);
    writeFileSync(copy, broken);
    try {
      const result = await validate(false, copy);
      expect(result.success).toBe(false);
      expect(messagesOf(result).join('\n')).toMatch(/confluence:macro/);
    } finally {
      rmSync(copy, { force: true });
    }
  }, 60_000);
});
