/**
 * The incident categories and subcategories setup creates as the Incident category field's options,
 * for static/ (which imports contracts only, never src/domain). A copy of the domain's
 * INCIDENT_CATEGORIES: test/unit/contracts/incident-categories.test.ts keeps the two equal.
 */
export const INCIDENT_CATEGORIES: Readonly<Record<string, readonly string[]>> = {
  Application: ['Outage', 'Degraded performance', 'Error', 'Data issue'],
  Infrastructure: ['Server', 'Storage', 'Cloud provider', 'Capacity'],
  Network: ['Connectivity', 'DNS', 'Latency', 'Load balancer'],
  Security: ['Unauthorized access', 'Malware', 'Data leak', 'Vulnerability'],
  Database: ['Unavailable', 'Slow queries', 'Replication', 'Corruption'],
  'Third party': ['Vendor outage', 'API change', 'Payment provider'],
  Hardware: ['End-user device', 'Peripheral', 'Data centre'],
};
