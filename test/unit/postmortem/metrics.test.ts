import { computeMetrics } from '../../../src/domain/postmortem/metrics';
import { aPostmortemSource, anIncident, aStatusChange, status } from './postmortem-factories';

describe('computeMetrics', () => {
  it('acknowledges at the first move out of a To Do-category status, not at a move between two To Do statuses', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        incident: anIncident({ status: status('Resolved') }),
        changelog: [
          aStatusChange('1', '2026-11-20T10:05:00.000+0000', status('Open'), status('Triage')),
          aStatusChange('2', '2026-11-20T10:12:00.000+0000', status('Triage'), status('In Progress')),
          aStatusChange('3', '2026-11-20T11:30:00.000+0000', status('In Progress'), status('Resolved')),
        ],
      }),
    );
    expect(metrics.createdAt).toBe('2026-11-20T10:00:00.000Z');
    expect(metrics.acknowledgedAt).toBe('2026-11-20T10:12:00.000Z');
    expect(metrics.timeToAcknowledgeMinutes).toBe(12);
    expect(metrics.resolvedAt).toBe('2026-11-20T11:30:00.000Z');
    expect(metrics.timeToResolveMinutes).toBe(90);
  });

  it('prefers Jira’s resolution date over the first Done transition', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        incident: anIncident({ status: status('Resolved'), resolvedAt: '2026-11-20T12:00:00.000+0100' }),
        changelog: [aStatusChange('1', '2026-11-20T11:30:00.000+0000', status('Open'), status('Resolved'))],
      }),
    );
    expect(metrics.resolvedAt).toBe('2026-11-20T11:00:00.000Z');
    expect(metrics.timeToResolveMinutes).toBe(60);
  });

  it('keeps the first acknowledgement for an incident closed, reopened and resolved again', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        changelog: [
          aStatusChange('1', '2026-11-20T10:10:00.000+0000', status('Open'), status('In Progress')),
          aStatusChange('2', '2026-11-20T10:40:00.000+0000', status('In Progress'), status('Resolved')),
          aStatusChange('3', '2026-11-20T11:00:00.000+0000', status('Resolved'), status('Closed')),
          // Reopened into a To Do-category status, then picked up again: a second "acknowledgement".
          aStatusChange('4', '2026-11-21T09:00:00.000+0000', status('Closed'), status('Open')),
          aStatusChange('5', '2026-11-21T09:30:00.000+0000', status('Open'), status('In Progress')),
          aStatusChange('6', '2026-11-21T10:00:00.000+0000', status('In Progress'), status('Resolved')),
        ],
      }),
    );
    expect(metrics.acknowledgedAt).toBe('2026-11-20T10:10:00.000Z');
    expect(metrics.timeToAcknowledgeMinutes).toBe(10);
  });

  it('sorts an unordered changelog before looking for the acknowledgement', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        changelog: [
          aStatusChange('2', '2026-11-20T10:40:00.000+0000', status('In Progress'), status('Escalated')),
          aStatusChange('1', '2026-11-20T10:20:00.000+0000', status('Open'), status('In Progress')),
        ],
      }),
    );
    expect(metrics.acknowledgedAt).toBe('2026-11-20T10:20:00.000Z');
  });

  it('leaves acknowledgement and resolution null for an untouched incident and counts open time up to generation', () => {
    const metrics = computeMetrics(aPostmortemSource({ generatedAt: '2026-11-20T13:00:00.000Z' }));
    expect(metrics).toMatchObject({ acknowledgedAt: null, resolvedAt: null, timeToAcknowledgeMinutes: null, timeToResolveMinutes: null });
    expect(metrics.timeInStatus).toEqual([{ status: 'Open', categoryKey: 'new', minutes: 180, ongoing: true }]);
  });

  it('adds up time per status across repeated visits and stops the clock in a Done status', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        changelog: [
          aStatusChange('1', '2026-11-20T10:10:00.000+0000', status('Open'), status('In Progress')),
          aStatusChange('2', '2026-11-20T10:30:00.000+0000', status('In Progress'), status('Escalated')),
          aStatusChange('3', '2026-11-20T11:00:00.000+0000', status('Escalated'), status('In Progress')),
          aStatusChange('4', '2026-11-20T11:05:00.000+0000', status('In Progress'), status('Resolved')),
        ],
      }),
    );
    expect(metrics.timeInStatus).toEqual([
      { status: 'Open', categoryKey: 'new', minutes: 10, ongoing: false },
      { status: 'In Progress', categoryKey: 'indeterminate', minutes: 25, ongoing: false },
      { status: 'Escalated', categoryKey: 'indeterminate', minutes: 30, ongoing: false },
      { status: 'Resolved', categoryKey: 'done', minutes: 0, ongoing: false },
    ]);
  });

  it('treats a status deleted since (unknown id and name) as not To Do, so leaving To Do still counts', () => {
    const metrics = computeMetrics(
      aPostmortemSource({
        changelog: [
          aStatusChange('1', '2026-11-20T10:07:00.000+0000', status('Open'), {
            id: '999',
            name: 'Old Working',
            categoryKey: 'indeterminate',
          }),
        ],
      }),
    );
    expect(metrics.acknowledgedAt).toBe('2026-11-20T10:07:00.000Z');
    expect(metrics.timeInStatus.map((entry) => [entry.status, entry.categoryKey])).toEqual([
      ['Open', 'new'],
      ['Old Working', 'undefined'],
    ]);
  });

  it('never reports negative durations for changes logged before creation', () => {
    const metrics = computeMetrics(
      aPostmortemSource({ changelog: [aStatusChange('1', '2026-11-20T09:00:00.000+0000', status('Open'), status('In Progress'))] }),
    );
    expect(metrics.timeToAcknowledgeMinutes).toBe(0);
    expect(metrics.timeInStatus.every((entry) => entry.minutes >= 0)).toBe(true);
  });
});
