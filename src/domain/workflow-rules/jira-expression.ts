import { ISSUE_TYPE_NAMES } from '../incident/work-type';
import { closerNotInGroupMessage } from './closure-rule';
import type { ClosureSettings } from './rule-settings';

/**
 * Jira expressions emitted from the same rule settings as the tested function rules.
 *
 * No offline parser or evaluator for Jira expressions exists, so each expression is kept to one
 * line of plain comparisons, and only its shape is unit-tested here; what it does on a site is
 * verified only on a real site (see docs/workflow-validators.md).
 */

/** Jira's documented limit on an expression's length. */
export const JIRA_EXPRESSION_MAX_LENGTH = 1000;

/** A Jira expression string literal: double-quoted, with JSON's escapes (Jira expressions accept them). */
export function jiraStringLiteral(value: string): string {
  return JSON.stringify(value);
}

export interface GeneratedExpression {
  readonly expression: string;
  readonly errorMessage: string;
}

function checkedLength(expression: string): string {
  if (expression.length > JIRA_EXPRESSION_MAX_LENGTH) {
    throw new Error(
      `The generated Jira expression is ${expression.length} characters; Jira accepts at most ${JIRA_EXPRESSION_MAX_LENGTH}. ` +
        `Configure fewer or shorter group names.`,
    );
  }
  return expression;
}

/**
 * The closure rule's who-may-close part as an expression validator: `user` in a validator
 * expression is documented as the user performing the transition, whereas a function validator's
 * payload does not name the user. Non-incidents pass, like in the function rules.
 * Note: `includes` compares group names exactly, where the function rule ignores case.
 */
export function closerInGroupExpression(
  settings: Pick<ClosureSettings, 'serviceDeskGroups'>,
  incidentTypeName: string = ISSUE_TYPE_NAMES.incident,
): GeneratedExpression {
  const groups = `[${settings.serviceDeskGroups.map(jiraStringLiteral).join(', ')}]`;
  const expression =
    `issue.issueType.name != ${jiraStringLiteral(incidentTypeName)} || ` + `${groups}.some(group => user.groups.includes(group))`;
  return { expression: checkedLength(expression), errorMessage: closerNotInGroupMessage(settings) };
}
