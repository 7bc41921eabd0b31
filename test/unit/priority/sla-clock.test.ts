import { slaOf } from '../../../src/domain/priority/compute-priority';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import { type SlaTargets, SlaTargetsSchema, defaultSlaTargets, describeSla, slaStatus } from '../../../src/domain/priority/sla-clock';
import { anIncident } from './an-incident';

const started = '2026-11-26T10:00:00.000+0000';

describe('SLA targets', () => {
  it('defaults to P1 1 h, P2 8 h, P3 24 h, P4 48 h, P5 none', () => {
    expect(defaultSlaTargets()).toEqual({ P1: 60, P2: 480, P3: 1440, P4: 2880, P5: null });
  });

  it.each([
    ['P1', '2026-11-26T11:00:00.000Z'],
    ['P2', '2026-11-26T18:00:00.000Z'],
    ['P3', '2026-11-27T10:00:00.000Z'],
    ['P4', '2026-11-28T10:00:00.000Z'],
  ] as const)('%s is due at %s', (level, dueAt) => {
    expect(slaStatus({ level, startedAt: started, at: started }, defaultSlaTargets()).dueAt).toBe(dueAt);
  });

  it('has no clock for a level without a target', () => {
    expect(slaStatus({ level: 'P5', startedAt: started, at: '2030-01-01T00:00:00Z' }, defaultSlaTargets())).toEqual({ targetMinutes: null, dueAt: null, minutesLeft: null, overdue: false });
  });

  it('uses edited targets', () => {
    const targets: SlaTargets = { ...defaultSlaTargets(), P1: 30, P5: 10080 };
    expect(slaStatus({ level: 'P1', startedAt: started, at: started }, targets)).toMatchObject({ targetMinutes: 30, dueAt: '2026-11-26T10:30:00.000Z', minutesLeft: 30 });
    expect(slaStatus({ level: 'P5', startedAt: started, at: started }, targets).dueAt).toBe('2026-12-03T10:00:00.000Z');
  });

  it('refuses zero, negative or fractional targets, naming the level', () => {
    for (const bad of [0, -60, 1.5]) {
      const result = SlaTargetsSchema.safeParse({ ...defaultSlaTargets(), P3: bad });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['P3']);
    }
  });
});

describe('time left and overdue', () => {
  const targets = defaultSlaTargets();
  const at = (time: string) => slaStatus({ level: 'P1', startedAt: started, at: time }, targets);

  it('counts down in whole minutes', () => {
    expect(at('2026-11-26T10:00:00Z')).toMatchObject({ minutesLeft: 60, overdue: false });
    expect(at('2026-11-26T10:20:30Z')).toMatchObject({ minutesLeft: 39, overdue: false });
    expect(at('2026-11-26T10:59:30Z')).toMatchObject({ minutesLeft: 0, overdue: false });
  });

  it('is due, not overdue, at the exact due time', () => {
    expect(at('2026-11-26T11:00:00Z')).toMatchObject({ minutesLeft: 0, overdue: false });
  });

  it('is overdue once past due, with negative minutes left', () => {
    expect(at('2026-11-26T11:00:01Z')).toMatchObject({ minutesLeft: -1, overdue: true });
    expect(at('2026-11-26T13:15:00Z')).toMatchObject({ minutesLeft: -135, overdue: true });
  });

  it('reads Jira offsets in the start time', () => {
    expect(slaStatus({ level: 'P1', startedAt: '2026-11-26T12:00:00.000+0200', at: '2026-11-26T10:30:00Z' }, targets)).toMatchObject({ dueAt: '2026-11-26T11:00:00.000Z', minutesLeft: 30 });
  });

  it('describes the clock for people', () => {
    expect(describeSla(at('2026-11-26T10:20:00Z'))).toBe('40 min left');
    expect(describeSla(slaStatus({ level: 'P3', startedAt: started, at: '2026-11-26T20:00:00Z' }, targets))).toBe('14 h left');
    expect(describeSla(at('2026-11-26T13:15:00Z'))).toBe('2 h 15 min overdue');
    expect(describeSla(slaStatus({ level: 'P5', startedAt: started, at: started }, targets))).toBe('no SLA target');
  });
});

describe('the incident SLA clock', () => {
  const settings = defaultPrioritySettings();

  it('runs from when impact started if recorded, else from creation', () => {
    expect(slaOf(anIncident(), 'P1', settings, '2026-11-26T10:30:00Z')).toMatchObject({ dueAt: '2026-11-26T11:00:00.000Z', minutesLeft: 30 });
    expect(slaOf(anIncident({ impactStartedAt: '2026-11-26T09:00:00.000+0000' }), 'P1', settings, '2026-11-26T10:30:00Z')).toMatchObject({ dueAt: '2026-11-26T10:00:00.000Z', minutesLeft: -30, overdue: true });
  });

  it('stops at the resolution time', () => {
    const resolved = anIncident({ resolvedAt: '2026-11-26T10:45:00.000+0000', status: { id: '5', name: 'Resolved', categoryKey: 'done' } });
    expect(slaOf(resolved, 'P1', settings, '2026-11-27T00:00:00Z')).toMatchObject({ minutesLeft: 15, overdue: false });
  });

  it('has no clock without a level', () => {
    expect(slaOf(anIncident(), null, settings, started).dueAt).toBeNull();
  });

  it('names the field of a broken timestamp', () => {
    expect(() => slaStatus({ level: 'P1', startedAt: 'yesterday', at: started }, settings.slaTargets)).toThrow(/startedAt/);
  });
});
