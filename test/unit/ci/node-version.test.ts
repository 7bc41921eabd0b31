import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The Node version the README states is the one every installed package accepts (so `npm install`
 * prints no EBADENGINE warning on it), and `.ci/ensure-node.sh` picks such a Node for `.ci/run`.
 */
const ROOT = path.resolve(__dirname, '../../..');
const Lock = z.object({ packages: z.record(z.string(), z.object({ engines: z.unknown().optional() }).loose()) });
const ENSURE_NODE = path.join(ROOT, '.ci/ensure-node.sh');

function ourEngines(): string {
  return z.object({ engines: z.object({ node: z.string() }) }).parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')))
    .engines.node;
}

type Version = [number, number, number];

function parseVersion(text: string): { version: Version; parts: number } {
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.replace(/(\.[x*])+$/, ''));
  if (!match) throw new Error(`unsupported version in an engines range: ${text}`);
  const parts = match.slice(1).filter((part) => part !== undefined).length;
  return { version: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)], parts };
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The part of npm's semver ranges that engines fields use (`||`, `>=`, `>`, `<`, `<=`, `^`, `~`,
 * bare and `x`/`*` versions); anything else throws, so an unread range never passes silently.
 */
function satisfies(versionText: string, range: string): boolean {
  const version = parseVersion(versionText).version;
  return range.split('||').some((set) =>
    set
      .trim()
      .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
      .split(/\s+/)
      .every((comparator) => {
        if (comparator === '*' || comparator === '') return true;
        const [, operator, operand] = /^(>=|<=|>|<|\^|~|=)?(.+)$/.exec(comparator) ?? [];
        const { version: bound, parts } = parseVersion(operand ?? '');
        const order = compare(version, bound);
        switch (operator) {
          case '>=':
            return order >= 0;
          case '>':
            return order > 0;
          case '<=':
            return order <= 0;
          case '<':
            return order < 0;
          case '^':
            return order >= 0 && version[0] === bound[0] && (bound[0] !== 0 || version[1] === bound[1]);
          case '~':
            return order >= 0 && version[0] === bound[0] && (parts < 2 || version[1] === bound[1]);
          default:
            return parts === 1 ? version[0] === bound[0] : parts === 2 ? version[0] === bound[0] && version[1] === bound[1] : order === 0;
        }
      }),
  );
}

/** Packages of package-lock.json whose engines.node refuses `version`. */
const lock = Lock.parse(JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')));

function refusing(version: string): string[] {
  return Object.entries(lock.packages).flatMap(([name, entry]) => {
    const engines = z.object({ node: z.string() }).loose().safeParse(entry.engines);
    return engines.success && !satisfies(version, engines.data.node) ? [`${name || '(root)'} wants ${engines.data.node}`] : [];
  });
}

describe('Node version', () => {
  it('package.json engines admit exactly the Nodes every locked dependency accepts', () => {
    const range = ourEngines();
    const admitted = ['22.19.0', '22.23.5', '24.0.0', '25.2.1'];
    for (const version of admitted) {
      expect(satisfies(version, range)).toBe(true);
      expect(refusing(version)).toEqual([]);
    }
    // Below 22.19 a dependency refuses (json-schema-ref-parser), and 23.x jest; our range refuses them too.
    for (const version of ['20.20.2', '22.18.0', '23.5.0']) {
      expect(refusing(version)).not.toEqual([]);
      expect(satisfies(version, range)).toBe(false);
    }
  });

  it('the README quick start states that Node', () => {
    expect(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')).toMatch(/On a fresh machine with Node\.js 22 \(22\.19 or later/);
  });

  describe('.ci/ensure-node.sh', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ensure-node-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** A stand-in `node` that reports `version`, alone on PATH with the tools the script uses. */
    function fakeNode(folder: string, version: string): string {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'node'), `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
      return folder;
    }
    const run = (pathDirs: string[], prefix: string) =>
      execFileSync('bash', [ENSURE_NODE], {
        env: { PATH: [...pathDirs, '/usr/bin', '/bin'].join(':'), NODE22_PREFIX: prefix, HOME: dir },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();

    it.each(['22.19.0', '22.23.5', '24.1.0'])('keeps a node %s on PATH', (version) => {
      const onPath = fakeNode(path.join(dir, 'machine'), version);
      expect(run([onPath], path.join(dir, 'cache'))).toBe(onPath);
    });

    it.each(['20.20.2', '22.18.0', '23.5.0'])('replaces a node %s with the Node 22 it installed before', (version) => {
      const onPath = fakeNode(path.join(dir, 'machine'), version);
      const arch = os.arch() === 'arm64' ? 'arm64' : 'x64';
      const installed = fakeNode(path.join(dir, 'cache', 'node_modules', `node-linux-${arch}`, 'bin'), '22.23.5');
      expect(run([onPath], path.join(dir, 'cache'))).toBe(installed);
    });
  });
});
