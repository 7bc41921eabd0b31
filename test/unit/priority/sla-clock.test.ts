import { incidentSla, slaOf, slaStopOfIncident } from '../../../src/domain/priority/sla-for-incident';
import { defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import {
  type SlaTargets,
  SlaTargetsSchema,
  defaultSlaTargets,
  describeSla,
  slaClock,
  slaStatus,
  slaStopOf,
} from '../../../src/domain/priority/sla-clock';
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
    expect(slaStatus({ level: 'P5', startedAt: started, at: '2030-01-01T00:00:00Z' }, defaultSlaTargets())).toEqual({
      state: 'untargeted',
      targetMinutes: null,
      dueAt: null,
      minutesLeft: null,
      overdue: false,
      stoppedAt: null,
    });
  });

  it('uses edited targets', () => {
    const targets: SlaTargets = { ...defaultSlaTargets(), P1: 30, P5: 10080 };
    expect(slaStatus({ level: 'P1', startedAt: started, at: started }, targets)).toMatchObject({
      targetMinutes: 30,
      dueAt: '2026-11-26T10:30:00.000Z',
      minutesLeft: 30,
    });
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
    expect(slaStatus({ level: 'P1', startedAt: '2026-11-26T12:00:00.000+0200', at: '2026-11-26T10:30:00Z' }, targets)).toMatchObject({
      dueAt: '2026-11-26T11:00:00.000Z',
      minutesLeft: 30,
    });
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
    expect(slaOf(anIncident(), 'P1', settings, '2026-11-26T10:30:00Z')).toMatchObject({
      dueAt: '2026-11-26T11:00:00.000Z',
      minutesLeft: 30,
    });
    expect(slaOf(anIncident({ impactStartedAt: '2026-11-26T09:00:00.000+0000' }), 'P1', settings, '2026-11-26T10:30:00Z')).toMatchObject({
      dueAt: '2026-11-26T10:00:00.000Z',
      minutesLeft: -30,
      overdue: true,
    });
  });

  it('stops at the resolution time', () => {
    const resolved = anIncident({ resolvedAt: '2026-11-26T10:45:00.000+0000', status: { id: '5', name: 'Resolved', categoryKey: 'done' } });
    expect(slaOf(resolved, 'P1', settings, '2026-11-27T00:00:00Z')).toMatchObject({
      state: 'met',
      minutesLeft: 15,
      overdue: false,
      stoppedAt: '2026-11-26T10:45:00.000Z',
    });
  });

  it('has no clock without a level', () => {
    expect(slaOf(anIncident(), null, settings, started)).toMatchObject({ state: 'unprioritized', dueAt: null });
  });

  it('names the field of a broken timestamp', () => {
    expect(() => slaStatus({ level: 'P1', startedAt: 'yesterday', at: started }, settings.slaTargets)).toThrow(/startedAt/);
  });
});

describe('when the SLA clock stops', () => {
  const settings = defaultPrioritySettings();
  const done = { statusCategoryKey: 'done' as const, serviceRestoredAt: null, resolutionDate: null, enteredDoneAt: null };

  it.each<[string, Parameters<typeof slaStopOf>[0], ReturnType<typeof slaStopOf>]>([
    [
      'the service restored time first',
      {
        ...done,
        serviceRestoredAt: '2026-11-26T10:20:00.000+0000',
        resolutionDate: '2026-11-26T10:50:00.000+0000',
        enteredDoneAt: '2026-11-26T10:50:00.000+0000',
      },
      { stopped: true, at: '2026-11-26T10:20:00.000+0000' },
    ],
    [
      'else the resolution',
      { ...done, resolutionDate: '2026-11-26T10:50:00.000+0000', enteredDoneAt: '2026-11-26T10:40:00.000+0000' },
      { stopped: true, at: '2026-11-26T10:50:00.000+0000' },
    ],
    [
      'else the move into a done status',
      { ...done, enteredDoneAt: '2026-11-26T10:40:00.000+0000' },
      { stopped: true, at: '2026-11-26T10:40:00.000+0000' },
    ],
    ['done with no time recorded: stopped, moment unknown', done, { stopped: true, at: null }],
    [
      'an open incident whose service is back',
      { ...done, statusCategoryKey: 'indeterminate', serviceRestoredAt: '2026-11-26T10:20:00.000+0000' },
      { stopped: true, at: '2026-11-26T10:20:00.000+0000' },
    ],
    [
      'a reopened incident keeping a stale resolution date runs',
      {
        ...done,
        statusCategoryKey: 'indeterminate',
        resolutionDate: '2026-11-26T10:50:00.000+0000',
        enteredDoneAt: '2026-11-26T11:00:00.000+0000',
      },
      { stopped: false },
    ],
    ['an open incident runs', { ...done, statusCategoryKey: 'new' }, { stopped: false }],
  ])('%s', (_name, facts, expected) => {
    expect(slaStopOf(facts)).toEqual(expected);
  });

  it('reads the stop from the incident: a closed incident is judged at its end, not now', () => {
    const closed = anIncident({
      status: { id: '6', name: 'Closed', categoryKey: 'done' },
      serviceRestoredAt: '2026-11-26T10:48:00.000+0000',
      resolvedAt: '2026-11-26T12:00:00.000+0000',
      statusCategoryChangedAt: '2026-11-26T12:00:00.000+0000',
    });
    expect(slaStopOfIncident(closed)).toEqual({ stopped: true, at: '2026-11-26T10:48:00.000+0000' });
    const sla = slaOf(closed, 'P1', settings, '2026-12-05T00:00:00Z');
    expect(sla).toMatchObject({ state: 'met', minutesLeft: 12, overdue: false });
    expect(describeSla(sla)).toBe('met, with 12 min to spare');
  });

  it("uses Jira's status category change when a done incident has neither restore time nor resolution", () => {
    const closed = anIncident({
      status: { id: '6', name: 'Closed', categoryKey: 'done' },
      statusCategoryChangedAt: '2026-11-26T13:05:00.000+0000',
    });
    const sla = slaOf(closed, 'P1', settings, '2026-12-05T00:00:00Z');
    expect(sla).toMatchObject({ state: 'missed', minutesLeft: -125, overdue: true, stoppedAt: '2026-11-26T13:05:00.000Z' });
    expect(describeSla(sla)).toBe('missed by 2 h 5 min');
  });

  it('says so when a done incident records no end at all', () => {
    const sla = slaOf(anIncident({ status: { id: '6', name: 'Closed', categoryKey: 'done' } }), 'P1', settings, '2026-12-05T00:00:00Z');
    expect(sla).toMatchObject({ state: 'stopped', minutesLeft: null, overdue: false });
    expect(describeSla(sla)).toBe('clock stopped; no restore or resolution time is recorded');
  });

  it('describes long spans in days', () => {
    expect(describeSla(slaClock(60, started, '2026-11-28T12:00:00Z'))).toBe('2 d 1 h overdue');
    expect(describeSla(slaClock(60, started, started, { stopped: true, at: '2026-11-28T11:00:00Z' }))).toBe('missed by 2 d');
  });
});

describe('an incident not yet prioritized', () => {
  const settings = defaultPrioritySettings();
  // Jira gives every new issue the default priority (Medium): that alone is no prioritization.
  const filed = anIncident({ impact: null, urgency: null, priority: { id: '3', name: 'Medium' } });

  it('shows no running clock', () => {
    const { level, sla } = incidentSla(filed, settings, '2026-11-26T10:30:00Z');
    expect(level).toBeNull();
    expect(sla.state).toBe('unprioritized');
    expect(describeSla(sla)).toBe('no SLA clock until the incident is prioritized');
  });

  it('runs once the assessment places it, or a hand-set priority says why', () => {
    expect(incidentSla(anIncident({ priority: { id: '3', name: 'Medium' } }), settings, '2026-11-26T10:30:00Z').sla.state).toBe('running');
    const handSet = incidentSla(
      { ...filed, priority: { id: '1', name: 'Highest' }, priorityOverrideReason: 'CEO escalation' },
      settings,
      '2026-11-26T10:30:00Z',
    );
    expect(handSet).toMatchObject({ level: 'P1', sla: { state: 'running', minutesLeft: 30 } });
  });
});
