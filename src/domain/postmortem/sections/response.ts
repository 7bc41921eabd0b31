import { nonBlank, oneLine } from '../plain-text';
import { isAppAccount, type PersonRef } from '../postmortem-source';
import { chronological, isStatusItem } from '../status-history';
import { epochMillis, siteTimeOf } from '../time';
import { type InlinePart, type PostmortemSection, type SectionBlock, type SectionInput, text } from '../section-content';

export const RESPONDER_ACTIONS = ['status', 'assignee', 'comment', 'field', 'link'] as const;
export type ResponderAction = (typeof RESPONDER_ACTIONS)[number];

export interface Responder {
  name: string;
  accountId: string;
  /** What they did on the incident, in RESPONDER_ACTIONS order. */
  actions: ResponderAction[];
}

const ACTION_WORDS: Record<ResponderAction, string> = {
  status: 'status',
  assignee: 'assignment',
  comment: 'comments',
  field: 'fields',
  link: 'links',
};

/**
 * People who acted on the incident: changed its status, assignee, fields or links, or commented.
 * Filing the incident is not acting on it (the reporter is a responder only when they did more),
 * apps never are (their accountType is `app`), and generating the postmortem writes nothing to
 * the incident, so it makes nobody a responder. Ordered by when each first acted.
 */
export function responders({ source }: Pick<SectionInput, 'source'>): Responder[] {
  const acts: { millis: number; person: PersonRef; action: ResponderAction }[] = [];
  for (const entry of chronological(source.changelog)) {
    const millis = epochMillis(entry.created);
    if (millis === null || !entry.author) continue;
    for (const item of entry.items) {
      const lower = item.field.toLowerCase();
      const action: ResponderAction = isStatusItem(item.field, item.fieldId)
        ? 'status'
        : item.fieldId === 'assignee' || lower === 'assignee'
          ? 'assignee'
          : item.fieldId === 'issuelinks' || lower === 'link'
            ? 'link'
            : 'field';
      acts.push({ millis, person: entry.author, action });
    }
  }
  for (const comment of source.comments) {
    const millis = epochMillis(comment.created);
    if (millis !== null && comment.author) acts.push({ millis, person: comment.author, action: 'comment' });
  }
  const byAccount = new Map<string, Responder>();
  for (const act of acts.sort((a, b) => a.millis - b.millis)) {
    if (isAppAccount(act.person)) continue;
    const name = nonBlank(oneLine(act.person.displayName));
    if (name === null) continue;
    const responder = byAccount.get(act.person.accountId) ?? { name, accountId: act.person.accountId, actions: [] };
    if (!responder.actions.includes(act.action)) responder.actions.push(act.action);
    byAccount.set(act.person.accountId, responder);
  }
  return [...byAccount.values()].map((responder) => ({
    ...responder,
    actions: RESPONDER_ACTIONS.filter((action) => responder.actions.includes(action)),
  }));
}

export function responseSection(input: SectionInput): PostmortemSection {
  const { incident } = input.source;
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Owner', value: [text(nonBlank(incident.assignee?.displayName) ?? 'Unassigned')] },
  ];
  const people = responders(input);
  rows.push({
    label: 'Responders',
    value: [
      text(
        people.length > 0
          ? people.map((person) => `${person.name} (${person.actions.map((action) => ACTION_WORDS[action]).join(', ')})`).join('; ')
          : 'None recorded',
      ),
    ],
  });
  const tier = nonBlank(incident.escalationTier);
  if (tier) rows.push({ label: 'Escalation tier', value: [text(tier)] });

  // Hand-overs are changes of who owns the incident and of the support tier working on it; priority changes are not escalations.
  const escalations = input.timeline.filter(
    (entry) => entry.kind === 'assignee' || (entry.kind === 'field' && /(^|; )escalation tier\b/i.test(entry.text)),
  );
  const blocks: SectionBlock[] = [{ kind: 'facts', rows }];
  if (escalations.length > 0) {
    blocks.push({ kind: 'subheading', text: 'Escalations and hand-overs' });
    blocks.push({
      kind: 'list',
      items: escalations.map((entry) => [
        text(`${siteTimeOf(entry.at, input.source.siteTimeZone).text}: `, true),
        text(`${entry.text} (by ${entry.author ?? 'unknown user'})`),
      ]),
    });
  } else {
    blocks.push({ kind: 'prompt', text: 'Who responded, who was paged or escalated to, and what slowed the response down?' });
  }
  return { id: 'response', title: 'Response', level: 2, authorOwned: false, blocks };
}
