import { Incident } from '../../src/domain/incident/incident';

/**
 * An open Incident with only Jira's standard fields set (as filed before the app was installed);
 * each test area layers its own defaults and each test overrides what it is about. Parsed, so a
 * bad override fails loudly.
 */
export function aBareIncident(overrides: Partial<Incident> = {}): Incident {
  return Incident.parse({
    id: '10001',
    key: 'INC-1',
    workType: 'incident',
    issueTypeName: 'Incident',
    projectKey: 'INC',
    summary: 'Checkout fails',
    description: '',
    reporter: { accountId: 'reporter-1', displayName: 'Rita Reporter' },
    assignee: null,
    reportedAt: '2026-11-26T10:00:00.000+0000',
    updatedAt: '2026-11-26T10:00:00.000+0000',
    status: { id: '1', name: 'Open', categoryKey: 'new' },
    priority: null,
    resolvedAt: null,
    category: null,
    subcategory: null,
    impact: null,
    urgency: null,
    affectedUsers: null,
    impactStartedAt: null,
    detectionSource: null,
    businessImplications: [],
    initialDiagnosis: null,
    escalationTier: null,
    resolutionSummary: null,
    serviceRestoredAt: null,
    rootCause: null,
    priorityOverrideReason: null,
    labels: [],
    ...overrides,
  });
}
