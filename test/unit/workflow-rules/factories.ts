import { Incident } from '../../../src/domain/incident/incident';
import type { StatusRef } from '../../../src/domain/workflow-rules/rule-verdict';

/** Statuses of the recommended Incident workflow, as Jira's status endpoint reports them. */
export const STATUS = {
  open: { id: '10000', name: 'Open', categoryKey: 'new' },
  triaged: { id: '10001', name: 'Triaged', categoryKey: 'indeterminate' },
  inProgress: { id: '3', name: 'In Progress', categoryKey: 'indeterminate' },
  escalated: { id: '10002', name: 'Escalated', categoryKey: 'indeterminate' },
  resolved: { id: '5', name: 'Resolved', categoryKey: 'done' },
  closed: { id: '6', name: 'Closed', categoryKey: 'done' },
} as const satisfies Record<string, StatusRef>;

/** A fully triaged Incident sitting in Open: each test overrides what it is about. Parsed, so a bad override fails loudly. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return Incident.parse({
    id: '10100',
    key: 'INC-1',
    workType: 'incident',
    issueTypeName: 'Incident',
    projectKey: 'INC',
    summary: 'Checkout payments failing',
    description: '',
    reporter: { accountId: 'acc-reporter', displayName: 'Elena Rossi' },
    assignee: null,
    reportedAt: '2026-11-26T10:00:00.000+0000',
    updatedAt: '2026-11-26T10:00:00.000+0000',
    status: STATUS.open,
    priority: { id: '2', name: 'High' },
    resolvedAt: null,
    category: 'Application',
    subcategory: 'Outage',
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
  });
}

export function aProblemTicket(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ workType: 'problem', issueTypeName: 'Problem', key: 'INC-9', ...overrides });
}
