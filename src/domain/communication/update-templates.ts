import { z } from 'zod';
import { siteTime } from '../workflow-rules/message-time';
import { cleanText, oneLine } from '../postmortem/plain-text';
import { MESSAGE_MAX_CHARS, UPDATE_STATES, type UpdateState } from './stakeholder-update';

/**
 * Message templates per update state. Placeholders in braces are filled from the incident; the
 * result is plain text (the form shows it in a textarea, Jira gets ADF text nodes, Statuspage and
 * email get text), so a summary holding `<b>` stays literally `<b>`.
 */
export const TEMPLATE_PLACEHOLDERS = ['summary', 'impact', 'priority', 'nextUpdate', 'key'] as const;
export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];

const Template = z
  .string()
  .max(MESSAGE_MAX_CHARS, `expected at most ${MESSAGE_MAX_CHARS} characters`)
  .refine((value) => unknownPlaceholders(value).length === 0, {
    message: `unknown placeholder; expected only ${TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`,
  });

export const UpdateTemplates = z.object(
  Object.fromEntries(UPDATE_STATES.map((state) => [state, Template])) as Record<UpdateState, typeof Template>,
);
export type UpdateTemplates = z.infer<typeof UpdateTemplates>;

export function defaultUpdateTemplates(): UpdateTemplates {
  return {
    Investigating: 'We are investigating: {summary}. Impact: {impact}. Priority {priority}. Next update by {nextUpdate}.',
    Identified: 'We have identified the cause of: {summary}. A fix is being worked on. Impact: {impact}. Next update by {nextUpdate}.',
    Monitoring: 'A fix for "{summary}" is in place and we are monitoring the results. Next update by {nextUpdate}.',
    Resolved: 'Resolved: {summary}. Service is back to normal. Thank you for your patience.',
  };
}

export interface TemplateFacts {
  key: string;
  summary: string;
  /** The Impact field's level, or null when not assessed. */
  impact: string | null;
  /** P1…P5, or null before the incident is prioritized. */
  priority: string | null;
  /** ISO instant of the next update, or null (Resolved). */
  nextUpdateDueAt: string | null;
  siteTimeZone: string;
}

function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(/\{([A-Za-z]+)\}/g)]
    .map((match) => match[1] ?? '')
    .filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
}

/** The template of `state` with its placeholders filled, cut to the message limit. */
export function renderUpdateTemplate(template: string, facts: TemplateFacts): string {
  const values: Record<TemplatePlaceholder, string> = {
    key: facts.key,
    summary: oneLine(facts.summary) || facts.key,
    impact: facts.impact ?? 'not yet assessed',
    priority: facts.priority ?? 'not yet set',
    nextUpdate: facts.nextUpdateDueAt === null ? 'no further update planned' : siteTime(facts.nextUpdateDueAt, facts.siteTimeZone),
  };
  // One pass over the template: a value that itself contains "{summary}" is not expanded again.
  const rendered = template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name) ? values[name as TemplatePlaceholder] : whole,
  );
  const text = cleanText(rendered).trim();
  return Array.from(text).slice(0, MESSAGE_MAX_CHARS).join('');
}
