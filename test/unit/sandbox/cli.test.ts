import path from 'node:path';
import { parseStartArgs } from '../../../sandbox/cli';

const cwd = '/work/app';

describe('npm start flags', () => {
  it('defaults to the live demo seed (no seed dir), port 4800 and no state file', () => {
    expect(parseStartArgs([], {}, cwd)).toEqual({
      ok: true,
      options: { seedDir: null, stateFile: null, port: 4800, skipBuild: false, help: false },
    });
  });

  it('resolves --seed and --state against the working directory, in both spellings', () => {
    const parsed = parseStartArgs(['--seed', 'test/fixtures/seed-basic', '--state=.state/site.json'], {}, cwd);
    expect(parsed).toMatchObject({
      ok: true,
      options: { seedDir: path.join(cwd, 'test/fixtures/seed-basic'), stateFile: path.join(cwd, '.state/site.json') },
    });
  });

  it('takes the port from PORT unless --port is given', () => {
    expect(parseStartArgs([], { PORT: '5100' }, cwd)).toMatchObject({ ok: true, options: { port: 5100 } });
    expect(parseStartArgs(['--port', '5200'], { PORT: '5100' }, cwd)).toMatchObject({ ok: true, options: { port: 5200 } });
  });

  it.each([
    [['--sed', 'x'], 'Unknown flag "--sed"'],
    [['seeds/demo'], 'Unexpected argument "seeds/demo" (flags take the form --seed DIR)'],
    [['--seed'], '--seed needs a value'],
    [['--seed', '--state', 'x'], '--seed needs a value'],
    [['--state='], '--state needs a value'],
    [['--port', 'http'], '--port expects a port number 0-65535, got "http"'],
    [['--port', '70000'], '--port expects a port number 0-65535, got "70000"'],
    [['--no-build=yes'], '--no-build takes no value'],
  ])('rejects %j with a message naming the problem', (argv, message) => {
    expect(parseStartArgs(argv, {}, cwd)).toEqual({ ok: false, message });
  });

  it('rejects a PORT that is not a port', () => {
    expect(parseStartArgs([], { PORT: 'abc' }, cwd)).toEqual({ ok: false, message: 'PORT expects a port number 0-65535, got "abc"' });
  });
});
