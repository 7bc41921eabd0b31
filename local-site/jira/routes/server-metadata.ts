import { json, queryInt } from '../../site-http';
import type { JiraState } from '../jira-state';
import { page } from './common';
import type { AddRoute } from './route-table';

// Jira's "Server info", "Workflow statuses" and "Issue priorities" routes: site-wide facts anyone may read.

export function addServerMetadataRoutes(add: AddRoute, s: JiraState): void {
  // Anonymous in Jira ("Permissions required: None"); `serverTimeZone` is the site's default zone.
  add('GET', '/serverInfo', () =>
    json(200, {
      baseUrl: s.baseUrl,
      displayUrl: s.baseUrl,
      displayUrlConfluence: `${s.baseUrl}/wiki`,
      version: '1001.0.0-SNAPSHOT',
      versionNumbers: [1001, 0, 0],
      deploymentType: 'Cloud',
      buildNumber: 100500,
      buildDate: '2026-11-01T00:00:00.000+0000',
      serverTime: s.now(),
      scmInfo: 'local',
      serverTitle: 'Jira',
      serverTimeZone: s.siteTimeZone,
    }),
  );
  add('GET', '/status', () => json(200, s.statuses));
  add('GET', '/priority', () => json(200, s.priorities));
  add('GET', '/priority/search', ({ req }) =>
    json(200, page(s.priorities, queryInt(req, 'startAt', 0), Math.min(queryInt(req, 'maxResults', 50), 50))),
  );
}
