import type { AlertGroup } from './alert-group';

/**
 * The incident description for an alert group, as Atlassian Document Format (Jira text is never
 * HTML): the alert's description, its labels as a table-free list, and its links as link marks.
 */
export function alertDescriptionAdf(group: AlertGroup, sourceName: string): unknown {
  const text = (value: string, marks?: unknown[]) => ({ type: 'text', text: value, ...(marks ? { marks } : {}) });
  const paragraph = (...content: unknown[]) => ({ type: 'paragraph', content });
  const listItem = (...content: unknown[]) => ({ type: 'listItem', content: [paragraph(...content)] });
  const content: unknown[] = [];
  const lead =
    `Opened by the monitoring alert source “${sourceName}” ` +
    `(${group.format}${group.alertCount > 1 ? `, ${group.alertCount} alerts` : ''})` +
    `${group.startsAt ? `, firing since ${group.startsAt}` : ''}.`;
  content.push(paragraph(text(lead)));
  for (const line of group.description
    .split('\n')
    .map((part) => part.trim())
    .filter(Boolean)
    .slice(0, 50))
    content.push(paragraph(text(line.slice(0, 2000))));
  const labels = Object.entries(group.labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 100);
  if (labels.length > 0) {
    content.push({ type: 'heading', attrs: { level: 3 }, content: [text('Labels')] });
    content.push({
      type: 'bulletList',
      content: labels.map(([name, value]) => listItem(text(`${name}: `, [{ type: 'strong' }]), text(value.slice(0, 500) || '(empty)'))),
    });
  }
  if (group.links.length > 0) {
    content.push({ type: 'heading', attrs: { level: 3 }, content: [text('Links')] });
    content.push({
      type: 'bulletList',
      content: group.links.map((link) => listItem(text(link.title, [{ type: 'link', attrs: { href: link.url } }]))),
    });
  }
  return { type: 'doc', version: 1, content };
}

/** A one-paragraph ADF comment. */
export function alertCommentAdf(message: string): unknown {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: message }] }] };
}
