import { aBareIncident } from '../../support/incident-factory';
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

/** A fully triaged Incident sitting in Open: each test overrides what it is about. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return aBareIncident({
    id: '10100',
    summary: 'Checkout payments failing',
    reporter: { accountId: 'acc-reporter', displayName: 'Elena Rossi' },
    status: STATUS.open,
    priority: { id: '2', name: 'High' },
    category: 'Application',
    subcategory: 'Outage',
    impact: 'High',
    urgency: 'Medium',
    ...overrides,
  });
}

export function aProblemTicket(overrides: Partial<Incident> = {}): Incident {
  return anIncident({ workType: 'problem', issueTypeName: 'Problem', key: 'INC-9', ...overrides });
}
