import { SETTINGS_VERSION, defaultPrioritySettings, parsePrioritySettings } from '../../../src/domain/priority/priority-settings';

function problemOf(value: unknown) {
  const result = parsePrioritySettings(value);
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.problem;
}

describe('priority settings', () => {
  it('accepts the defaults for every matrix size, and they survive a JSON round trip', () => {
    for (const size of [3, 4, 5] as const) {
      const settings = defaultPrioritySettings(size);
      expect(parsePrioritySettings(JSON.parse(JSON.stringify(settings)))).toEqual({ ok: true, value: settings });
    }
  });

  it('defaults to the 3×3 matrix and Highest..Lowest', () => {
    const settings = defaultPrioritySettings();
    expect(settings.matrix.size).toBe(3);
    expect(settings.priorityMapping).toEqual({ P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low', P5: 'Lowest' });
    expect(settings.modifiers.maxRaise).toBe(1);
  });

  it('names a missing matrix cell', () => {
    const settings = defaultPrioritySettings();
    const { Medium: _dropped, ...row } = settings.matrix.cells.Low ?? {};
    expect(problemOf({ ...settings, matrix: { ...settings.matrix, cells: { ...settings.matrix.cells, Low: row } } })).toEqual({
      field: 'matrix.cells.Low.Medium',
      message: expect.stringContaining('missing cell'),
    });
  });

  it('names bad modifiers', () => {
    const settings = defaultPrioritySettings();
    expect(problemOf({ ...settings, modifiers: { ...settings.modifiers, maxRaise: 5 } }).field).toBe('modifiers.maxRaise');
    expect(problemOf({ ...settings, modifiers: { ...settings.modifiers, affectedUsers: [{ atLeast: -1, raiseBy: 1 }] } }).field).toBe(
      'modifiers.affectedUsers.0.atLeast',
    );
    expect(
      problemOf({
        ...settings,
        modifiers: {
          ...settings.modifiers,
          affectedUsers: [
            { atLeast: 500, raiseBy: 1 },
            { atLeast: 100, raiseBy: 2 },
          ],
        },
      }),
    ).toEqual({ field: 'modifiers.affectedUsers.1.atLeast', message: expect.stringContaining('increasing') });
    expect(
      problemOf({ ...settings, modifiers: { ...settings.modifiers, implications: { ...settings.modifiers.implications, Security: -1 } } })
        .field,
    ).toBe('modifiers.implications.Security');
  });

  it('names bad SLA targets and priority names', () => {
    const settings = defaultPrioritySettings();
    expect(problemOf({ ...settings, slaTargets: { ...settings.slaTargets, P2: -5 } }).field).toBe('slaTargets.P2');
    expect(problemOf({ ...settings, priorityMapping: { ...settings.priorityMapping, P4: ' ' } }).field).toBe('priorityMapping.P4');
  });

  it('refuses settings from an older version by naming version', () => {
    const { version: _version, ...unversioned } = defaultPrioritySettings();
    expect(problemOf(unversioned)).toEqual({
      field: 'version',
      message: expect.stringContaining(`expected settings version ${SETTINGS_VERSION}, got none`),
    });
    expect(problemOf({ ...unversioned, version: 0 })).toEqual({ field: 'version', message: expect.stringContaining('older') });
    expect(problemOf({ ...unversioned, version: SETTINGS_VERSION + 1 })).toEqual({
      field: 'version',
      message: expect.stringContaining('newer'),
    });
    expect(problemOf({ ...unversioned, version: '1' }).field).toBe('version');
    expect(problemOf(null).field).toBe('version');
  });
});
