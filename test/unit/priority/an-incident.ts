import { aBareIncident } from '../../support/incident-factory';
import type { Incident } from '../../../src/domain/incident/incident';

/** Test data with overridable defaults: an open Incident, High/Medium, no modifiers. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return aBareIncident({ impact: 'High', urgency: 'Medium', ...overrides });
}
