import { jiraError, json } from '../../site-http';
import type { JiraState } from '../jira-state';
import { REST_BASE, withIssue } from './common';
import type { AddRoute } from './route-table';

// Jira's "Issue properties" routes: app data stored on an issue, readable by whoever may browse it.

export function addIssuePropertyRoutes(add: AddRoute, s: JiraState): void {
  add('GET', '/issue/{issueIdOrKey}/properties', ({ params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) =>
      json(200, {
        keys: [...issue.properties.keys()].map((k) => ({
          key: k,
          self: `${s.baseUrl}${REST_BASE}/issue/${issue.id}/properties/${encodeURIComponent(k)}`,
        })),
      }),
    ),
  );
  add('GET', '/issue/{issueIdOrKey}/properties/{propertyKey}', ({ params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const { propertyKey } = params;
      if (!issue.properties.has(propertyKey)) return jiraError(404, [`The property with key '${propertyKey}' does not exist.`]);
      return json(200, { key: propertyKey, value: issue.properties.get(propertyKey) });
    }),
  );
  add('PUT', '/issue/{issueIdOrKey}/properties/{propertyKey}', ({ req, params, actor }) =>
    withIssue(s, params.issueIdOrKey, actor, (issue) => {
      const { propertyKey } = params;
      if (!s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES'))
        return jiraError(403, ['You do not have permission to edit issues in this project.']);
      if (propertyKey.length > 255) return jiraError(400, ['The property key cannot be longer than 255 characters.']);
      if (req.body === undefined) return jiraError(400, ['The property value must be valid JSON.']);
      const existed = issue.properties.has(propertyKey);
      issue.properties.set(propertyKey, req.body);
      return json(existed ? 200 : 201, {});
    }),
  );
}
