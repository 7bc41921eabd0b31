import { closerInGroupExpression, JIRA_EXPRESSION_MAX_LENGTH, jiraStringLiteral } from '../../../src/domain/workflow-rules/jira-expression';
import { checkClosure } from '../../../src/domain/workflow-rules/closure-rule';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { anIncident, STATUS } from './factories';

describe('closer-in-group expression', () => {
  it('is one guarded comparison built from the configured groups', () => {
    expect(closerInGroupExpression({ serviceDeskGroups: ['service-desk-team', 'site-admins'] }).expression).toBe(
      'issue.issueType.name != "Incident" || ["service-desk-team", "site-admins"].some(group => user.groups.includes(group))',
    );
  });

  it('uses the same error message as the function rule', () => {
    const settings = { ...defaultWorkflowRuleSettings().closure, serviceDeskGroups: ['service-desk-team'] };
    const verdict = checkClosure(
      {
        incident: anIncident({ status: STATUS.resolved }),
        to: STATUS.closed,
        closer: { accountId: 'a', groups: [] },
        resolvedAt: null,
        siteTimeZone: 'UTC',
        comments: [],
        postmortemPageIds: [],
        recordedPostmortemPageId: null,
      },
      settings,
      ['High'],
    );
    expect(verdict).toEqual({ allowed: false, message: closerInGroupExpression(settings).errorMessage });
  });

  it('escapes quotes and backslashes in group names so they cannot end the literal', () => {
    const { expression } = closerInGroupExpression({ serviceDeskGroups: ['ops "night" \\ shift'] });
    expect(expression).toContain('["ops \\"night\\" \\\\ shift"]');
    expect(jiraStringLiteral('a"b')).toBe('"a\\"b"');
  });

  it('takes the incident issue type name', () => {
    expect(closerInGroupExpression({ serviceDeskGroups: ['g'] }, 'Major incident').expression).toMatch(
      /^issue\.issueType\.name != "Major incident" \|\| /,
    );
  });

  it('refuses to emit an expression longer than Jira accepts', () => {
    const groups = Array.from({ length: 40 }, (_, index) => `a-rather-long-service-desk-group-name-${index}`);
    expect(() => closerInGroupExpression({ serviceDeskGroups: groups })).toThrow(`Jira accepts at most ${JIRA_EXPRESSION_MAX_LENGTH}`);
  });

  it('has balanced brackets and parentheses for every default', () => {
    const { expression } = closerInGroupExpression(defaultWorkflowRuleSettings().closure);
    const outsideStrings = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const [open, close] of [
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      expect(outsideStrings.split(open).length).toBe(outsideStrings.split(close).length);
    }
  });
});
