import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { STATUSPAGE_DEFAULT_BASE_URL } from '../../src/adapters/statuspage/statuspage-client';

/** The only host the backend reaches outside Atlassian is declared as egress, in its current form. */
describe('Statuspage egress in manifest.yml', () => {
  const manifest = z
    .object({
      permissions: z.object({
        external: z.object({ fetch: z.object({ backend: z.array(z.union([z.string(), z.object({ address: z.string() }).loose()])) }) }),
      }),
    })
    .parse(parse(readFileSync(resolve(__dirname, '..', '..', 'manifest.yml'), 'utf8')));
  const backend = manifest.permissions.external.fetch.backend.map((entry) => (typeof entry === 'string' ? entry : entry.address));

  it('declares exactly the host of the Statuspage client, and nothing else', () => {
    expect(backend).toEqual([new URL(STATUSPAGE_DEFAULT_BASE_URL).host]);
  });
});
