import { html, type SafeHtml } from '../html';
import type { OutboxEmail } from '../../local-site/jira/notify-routes';
import type { PageContext } from './page-context';

/**
 * Every email Jira would have sent for `POST /rest/api/3/issue/{key}/notify`: recipients as Jira
 * resolved them (watchers, assignee, reporter, users, group members who may browse the issue), the
 * users it dropped and why, subject and body. Bodies are shown as text: Jira text is never HTML.
 */
export function outboxPage(ctx: PageContext, outbox: readonly OutboxEmail[], filter: { issueKey?: string } = {}): SafeHtml {
  const shown = outbox
    .filter((mail) => !filter.issueKey || mail.issueKey === filter.issueKey.toUpperCase())
    .slice()
    .reverse();
  const nameOf = (accountId: string) => ctx.users.find((user) => user.accountId === accountId)?.displayName ?? accountId;
  const body =
    shown.length === 0
      ? html`<div class="card" data-testid="outbox-empty">No email yet${filter.issueKey ? html` for ${filter.issueKey}` : ''}. The app's notifications appear here as Jira would send them.</div>`
      : html`${shown.map(
          (mail) => html`<article class="card" data-testid="outbox-email" data-issue="${mail.issueKey}">
            <div class="muted">#${mail.id} · ${mail.sentAt} · sent by ${nameOf(mail.sentBy)} for <a href="/jira/browse/${mail.issueKey}">${mail.issueKey}</a></div>
            <h2 data-testid="outbox-subject">${mail.subject}</h2>
            <div><strong>To:</strong> ${
              mail.to.length === 0
                ? html`<em>nobody (every named user was dropped)</em>`
                : html`<ul data-testid="outbox-to">${mail.to.map((to) => html`<li>${to.displayName} ${to.emailAddress ? html`&lt;${to.emailAddress}&gt;` : html`<span class="muted">(email hidden)</span>`} <span class="muted">${to.reasons.join(', ')}</span></li>`)}</ul>`
            }</div>
            ${mail.dropped.length > 0 ? html`<div class="muted" data-testid="outbox-dropped">Not sent to: ${mail.dropped.map((d) => `${nameOf(d.accountId)} (${d.reason})`).join('; ')}</div>` : ''}
            <pre data-testid="outbox-body" style="white-space: pre-wrap; font: inherit; background: var(--bg); padding: 8px 10px; border-radius: 4px;">${mail.textBody}</pre>
          </article>`,
        )}`;
  return ctx.page(
    'Outbox',
    html`<h1>Outbox</h1>
      <p class="muted">Email Jira would send through its notify API (no mail leaves this machine). ${filter.issueKey ? html`Showing ${filter.issueKey}; <a href="/__local/outbox">show all</a>.` : html`${outbox.length} email(s).`}</p>
      ${body}`,
  );
}
