import { checkResolutionReady, type ResolutionReadyInput } from '../../../src/domain/workflow-rules/resolution-ready-rule';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import type { Incident } from '../../../src/domain/incident/incident';
import { anIncident, aProblemTicket, STATUS } from './factories';

const all = defaultWorkflowRuleSettings();
const settings = all.resolution;
const NOW = '2026-11-26T12:00:00.000+0000';
const resolving = (overrides: Partial<Incident> = {}, input: Partial<ResolutionReadyInput> = {}): ResolutionReadyInput => ({
  incident: anIncident({
    status: STATUS.inProgress,
    priority: { id: '3', name: 'Medium' },
    resolutionSummary: 'Rolled back release 42',
    serviceRestoredAt: '2026-11-26T11:30:00.000+0000',
    ...overrides,
  }),
  to: STATUS.resolved,
  hasLinkedProblem: false,
  now: NOW,
  siteTimeZone: 'UTC',
  ...input,
});

describe('resolution ready', () => {
  const passes: Array<[string, ResolutionReadyInput, typeof settings?]> = [
    ['summary and restore time on a Medium incident', resolving()],
    ['a High incident with a root cause', resolving({ priority: { id: '2', name: 'High' }, rootCause: 'Connection leak in release 42' })],
    ['a Highest incident with a linked Problem', resolving({ priority: { id: '1', name: 'Highest' } }, { hasLinkedProblem: true })],
    ['restore time within five minutes ahead of now', resolving({ serviceRestoredAt: '2026-11-26T12:04:00.000+0000' })],
    [
      'moving between Done statuses is not resolving',
      resolving({ status: STATUS.resolved, resolutionSummary: null }, { to: STATUS.closed }),
    ],
    ['not moving into Done', resolving({ resolutionSummary: null }, { to: STATUS.escalated })],
    ['not an Incident', { ...resolving(), incident: aProblemTicket({ status: STATUS.inProgress }) }],
    ['the rule switched off', resolving({ resolutionSummary: null }), { ...settings, enabled: false }],
    ['no root cause threshold', resolving({ priority: { id: '1', name: 'Highest' } }), { ...settings, rootCauseAtOrAbove: null }],
    ['an incident without priority needs no root cause', resolving({ priority: null })],
  ];
  it.each(passes)('allows: %s', (_name, input, ruleSettings = settings) => {
    expect(checkResolutionReady(input, ruleSettings, all.priorityOrder)).toEqual({ allowed: true });
  });

  const failures: Array<[string, ResolutionReadyInput, string]> = [
    ['no summary', resolving({ resolutionSummary: '' }), 'Resolving needs Resolution summary: set it before moving to "Resolved".'],
    ['no restore time', resolving({ serviceRestoredAt: null }), 'Resolving needs Service restored: set it before moving to "Resolved".'],
    [
      'neither',
      resolving({ resolutionSummary: null, serviceRestoredAt: null }),
      'Resolving needs Resolution summary and Service restored: set them before moving to "Resolved".',
    ],
    [
      'restore time in the future',
      resolving({ serviceRestoredAt: '2026-11-26T12:06:00.000+0000' }),
      'Service restored (2026-11-26 12:06 UTC) is in the future: set the time service actually came back.',
    ],
    [
      'a High incident without root cause or Problem',
      resolving({ priority: { id: '2', name: 'High' } }),
      'A High priority incident needs a Root cause or a linked Problem before it is resolved.',
    ],
    [
      'a Highest incident with a blank root cause',
      resolving({ priority: { id: '1', name: 'Highest' }, rootCause: '  ' }),
      'A Highest priority incident needs a Root cause or a linked Problem before it is resolved.',
    ],
    [
      'resolving from Open',
      resolving({ status: STATUS.open, serviceRestoredAt: null }, { to: STATUS.closed }),
      'Resolving needs Service restored: set it before moving to "Closed".',
    ],
  ];
  it.each(failures)('denies: %s', (_name, input, message) => {
    expect(checkResolutionReady(input, settings, all.priorityOrder)).toEqual({ allowed: false, message });
  });

  it("gives a future restore time in the site's time zone and in UTC", () => {
    const verdict = checkResolutionReady(
      resolving({ serviceRestoredAt: '2026-11-26T12:30:00.000+0000' }, { siteTimeZone: 'Europe/Berlin' }),
      settings,
      all.priorityOrder,
    );
    expect(verdict).toEqual({
      allowed: false,
      message: 'Service restored (2026-11-26 13:30 Europe/Berlin, 12:30 UTC) is in the future: set the time service actually came back.',
    });
  });

  it('names every configured Problem type', () => {
    const verdict = checkResolutionReady(
      resolving({ priority: { id: '2', name: 'High' } }),
      { ...settings, problemIssueTypeNames: ['Problem', 'Bug'] },
      all.priorityOrder,
    );
    expect(verdict).toEqual({
      allowed: false,
      message: 'A High priority incident needs a Root cause or a linked Problem or Bug before it is resolved.',
    });
  });
});
