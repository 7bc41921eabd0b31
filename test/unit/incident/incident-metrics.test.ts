import {
  incidentMetrics,
  incidentMilestones,
  METRIC_DEFINITIONS,
  METRIC_KINDS,
  MILESTONE_DEFINITIONS,
  MILESTONE_KINDS,
  type StatusMove,
} from '../../../src/domain/incident/incident-metrics';
import type { Incident } from '../../../src/domain/incident/incident';
import { slaStopOfIncident } from '../../../src/domain/priority/sla-for-incident';
import { aBareIncident } from '../../support/incident-factory';

type Category = StatusMove['to']['categoryKey'];
const move = (at: string, from: Category, to: Category): StatusMove => ({ at, from: { categoryKey: from }, to: { categoryKey: to } });
const RESOLVED = { id: '5', name: 'Resolved', categoryKey: 'done' } as const;
const CLOSED = { id: '6', name: 'Closed', categoryKey: 'done' } as const;
const IN_PROGRESS = { id: '3', name: 'In Progress', categoryKey: 'indeterminate' } as const;

function minutesOf(incident: Incident, moves: StatusMove[]): Record<string, number | null> {
  return Object.fromEntries(incidentMetrics(incidentMilestones(incident, moves)).map((metric) => [metric.kind, metric.minutes]));
}

describe('incident milestones and metrics (one definition each)', () => {
  // The demo's INC-6: harm from 13:57, filed 14:00, triaged 14:03, service back 14:14, resolved 14:52, closed the next day.
  const inc6 = aBareIncident({
    reportedAt: '2026-11-17T14:00:00.000+0000',
    impactStartedAt: '2026-11-17T13:57:00.000+0000',
    serviceRestoredAt: '2026-11-17T14:14:00.000+0000',
    resolvedAt: '2026-11-17T14:52:00.000+0000',
    statusCategoryChangedAt: '2026-11-17T14:52:00.000+0000',
    status: CLOSED,
  });
  const inc6Moves = [
    move('2026-11-17T14:03:00.000+0000', 'new', 'indeterminate'),
    move('2026-11-17T14:04:00.000+0000', 'indeterminate', 'indeterminate'),
    move('2026-11-17T14:52:00.000+0000', 'indeterminate', 'done'),
    move('2026-11-18T14:00:00.000+0000', 'done', 'done'),
  ];

  it('puts every moment of a closed incident in time order, detected and reported at its creation', () => {
    expect(incidentMilestones(inc6, inc6Moves)).toEqual([
      { kind: 'impactStarted', at: '2026-11-17T13:57:00.000Z' },
      { kind: 'detected', at: '2026-11-17T14:00:00.000Z' },
      { kind: 'reported', at: '2026-11-17T14:00:00.000Z' },
      { kind: 'acknowledged', at: '2026-11-17T14:03:00.000Z' },
      { kind: 'mitigated', at: '2026-11-17T14:14:00.000Z' },
      { kind: 'resolved', at: '2026-11-17T14:52:00.000Z' },
      { kind: 'closed', at: '2026-11-18T14:00:00.000Z' },
    ]);
  });

  it('computes each duration by its definition: detect 3, acknowledge 3, mitigate 17, resolve 52, impact 17 minutes', () => {
    expect(minutesOf(inc6, inc6Moves)).toEqual({
      timeToDetect: 3,
      timeToAcknowledge: 3,
      timeToMitigate: 17,
      timeToResolve: 52,
      impactDuration: 17,
    });
  });

  it('leaves out the moments and durations that need an impact start when none is recorded', () => {
    const incident = { ...inc6, impactStartedAt: null };
    expect(incidentMilestones(incident, inc6Moves).map((milestone) => milestone.kind)).toEqual([
      'detected',
      'reported',
      'acknowledged',
      'mitigated',
      'resolved',
      'closed',
    ]);
    expect(minutesOf(incident, inc6Moves)).toEqual({
      timeToDetect: null,
      timeToAcknowledge: 3,
      timeToMitigate: null,
      timeToResolve: 52,
      impactDuration: null,
    });
  });

  it('ends the impact at resolution when no Service restored time is recorded', () => {
    const incident = { ...inc6, serviceRestoredAt: null };
    expect(minutesOf(incident, inc6Moves)).toMatchObject({ timeToMitigate: null, impactDuration: 55 });
  });

  describe('an incident reopened after closure', () => {
    // Filed 10:00, acknowledged 10:10, resolved 10:40 and closed 11:00; reopened next day 09:00, worked 09:30, resolved again 10:00.
    const moves = [
      move('2026-11-20T10:10:00.000+0000', 'new', 'indeterminate'),
      move('2026-11-20T10:40:00.000+0000', 'indeterminate', 'done'),
      move('2026-11-20T11:00:00.000+0000', 'done', 'done'),
      move('2026-11-21T09:00:00.000+0000', 'done', 'new'),
      move('2026-11-21T09:30:00.000+0000', 'new', 'indeterminate'),
      move('2026-11-21T10:00:00.000+0000', 'indeterminate', 'done'),
    ];
    const base = { reportedAt: '2026-11-20T10:00:00.000+0000', impactStartedAt: '2026-11-20T09:40:00.000+0000' };

    it('keeps the first acknowledgement and resolves at the second resolution; not closed, as it stays in the status it was resolved in', () => {
      // Jira sets the resolution date again on the second resolution; no statuscategorychangedate sent, so the changelog's last move into done counts.
      const incident = aBareIncident({ ...base, status: RESOLVED, resolvedAt: null });
      expect(incidentMilestones(incident, moves)).toEqual([
        { kind: 'impactStarted', at: '2026-11-20T09:40:00.000Z' },
        { kind: 'detected', at: '2026-11-20T10:00:00.000Z' },
        { kind: 'reported', at: '2026-11-20T10:00:00.000Z' },
        { kind: 'acknowledged', at: '2026-11-20T10:10:00.000Z' },
        { kind: 'resolved', at: '2026-11-21T10:00:00.000Z' },
      ]);
      // 24 h from the report; the impact ran until resolution (no restore time): 24 h 20 min.
      expect(minutesOf(incident, moves)).toEqual({
        timeToDetect: 20,
        timeToAcknowledge: 10,
        timeToMitigate: null,
        timeToResolve: 1440,
        impactDuration: 1460,
      });
    });

    it('is not resolved while it is open again, even though the workflow kept the old resolution date', () => {
      const openAgain = moves.slice(0, 5);
      const incident = aBareIncident({ ...base, status: IN_PROGRESS, resolvedAt: '2026-11-20T10:40:00.000+0000' });
      const kinds = incidentMilestones(incident, openAgain).map((milestone) => milestone.kind);
      expect(kinds).toEqual(['impactStarted', 'detected', 'reported', 'acknowledged']);
      expect(minutesOf(incident, openAgain)).toEqual({
        timeToDetect: 20,
        timeToAcknowledge: 10,
        timeToMitigate: null,
        timeToResolve: null,
        impactDuration: null,
      });
    });
  });

  it('agrees with the SLA clock: the clock stops at Mitigated, else Resolved, else runs', () => {
    const cases: Incident[] = [
      inc6,
      { ...inc6, serviceRestoredAt: null },
      { ...inc6, serviceRestoredAt: null, resolvedAt: null },
      aBareIncident({ status: IN_PROGRESS, resolvedAt: '2026-11-20T10:40:00.000+0000' }),
      aBareIncident({ status: IN_PROGRESS, serviceRestoredAt: '2026-11-26T10:30:00.000+0000' }),
    ];
    for (const incident of cases) {
      const milestones = incidentMilestones(incident, inc6Moves);
      const stop = slaStopOfIncident(incident);
      const at = (kind: string) => milestones.find((milestone) => milestone.kind === kind)?.at ?? null;
      const end = at('mitigated') ?? at('resolved');
      expect(stop.stopped ? (stop.at === null ? null : new Date(stop.at).toISOString()) : null).toBe(end);
    }
  });

  it('counts a moment recorded before its start as no time, never as a negative duration', () => {
    const incident = aBareIncident({ reportedAt: '2026-11-20T10:00:00.000+0000', impactStartedAt: '2026-11-20T10:05:00.000+0000' });
    expect(minutesOf(incident, [])).toMatchObject({ timeToDetect: 0 });
  });

  it('states every definition in a sentence', () => {
    for (const kind of MILESTONE_KINDS) expect(MILESTONE_DEFINITIONS[kind].definition).toMatch(/^[A-Z].{20,}\.$/);
    for (const kind of METRIC_KINDS) expect(METRIC_DEFINITIONS[kind].definition).toMatch(/^From [A-Z].+\.$/);
  });
});
