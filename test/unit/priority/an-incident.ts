import type { Incident } from '../../../src/domain/incident/incident';

/** Test data with overridable defaults: an open Incident, High/Medium, no modifiers. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
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
    impact: 'High',
    urgency: 'Medium',
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
  };
}
