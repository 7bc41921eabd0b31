import { doc, p, strong, text } from '@atlaskit/adf-utils/builders';
import { cleanText } from '../postmortem/plain-text';
import { siteTime } from '../workflow-rules/message-time';
import type { StakeholderUpdateDraft } from './stakeholder-update';

export type UpdateAdf = ReturnType<typeof doc>;

const AUDIENCE_LABEL = { internal: 'internal', external: 'external', both: 'internal and external' } as const;

/**
 * The Jira comment of an update: a heading line with state and audience, the message as text
 * paragraphs (text nodes only, so markup in it stays literal), components and the next update.
 */
export function updateCommentAdf(update: StakeholderUpdateDraft, siteTimeZone: string): UpdateAdf {
  const paragraphs = cleanText(update.message)
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => p(text(block)));
  const facts = [
    update.components.length > 0 ? `Affected: ${update.components.join(', ')}.` : '',
    update.nextUpdateDueAt === null ? 'No further update planned.' : `Next update by ${siteTime(update.nextUpdateDueAt, siteTimeZone)}.`,
  ].filter((line) => line.length > 0);
  return doc(
    p(strong(`Stakeholder update: ${update.state}`), text(` (${AUDIENCE_LABEL[update.audience]})`)),
    ...paragraphs,
    p(text(facts.join(' '))),
  );
}

/** The email of an update (Jira's notify API takes text and HTML bodies; the app sends text only). */
export function updateEmail(input: { issueKey: string; summary: string; update: StakeholderUpdateDraft; siteTimeZone: string }): {
  subject: string;
  textBody: string;
} {
  const { update } = input;
  const next =
    update.nextUpdateDueAt === null
      ? 'No further update planned.'
      : `Next update by ${siteTime(update.nextUpdateDueAt, input.siteTimeZone)}.`;
  const affected = update.components.length > 0 ? `\nAffected: ${update.components.join(', ')}` : '';
  const subject = cleanText(`[${input.issueKey}] ${update.state}: ${input.summary}`).replace(/\s+/g, ' ').slice(0, 255);
  return { subject, textBody: `${cleanText(update.message)}${affected}\n\n${next}` };
}
