import { html, raw, type SafeHtml } from '../html';
import { HOST_SCRIPT_URL } from '../host-script';

export interface SiteUser {
  accountId: string;
  displayName: string;
  siteAdmin: boolean;
  /** The Atlassian account's email: scripts sign in with it (basic auth `email:API token`). */
  emailAddress?: string;
}

export interface PageChrome {
  title: string;
  product: 'jira' | 'confluence' | 'local';
  currentUser: SiteUser;
  users: readonly SiteUser[];
  /** Where the user switcher returns to. */
  path: string;
  contractViolations: number;
  /** The colour mode chosen with the header's switch; frames that enable theming follow it. */
  colorMode?: 'light' | 'dark';
}

const STYLE = `
:root { --text: var(--ds-text, #172b4d); --subtle: var(--ds-text-subtle, #626f86); --border: var(--ds-border, #dcdfe4); --brand: var(--ds-link, #0c66e4); --danger: var(--ds-text-danger, #c9372c); --ok: var(--ds-text-success, #22a06b); --bg: var(--ds-surface-sunken, #f7f8f9); --surface: var(--ds-surface, #fff); --neutral: var(--ds-background-neutral, #dfe1e6); }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--surface); }
header.top { display: flex; align-items: center; gap: 18px; padding: 8px 20px; border-bottom: 1px solid var(--border); background: var(--surface); position: sticky; top: 0; z-index: 5; }
header.top .brand { font-weight: 700; color: var(--brand); text-decoration: none; }
header.top nav a { margin-right: 14px; color: var(--text); text-decoration: none; }
header.top nav a.active { color: var(--brand); font-weight: 600; }
header.top .spacer { flex: 1; }
header.top .contract { font-size: 12px; color: var(--subtle); }
header.top .contract.bad { color: var(--danger); font-weight: 700; }
main { padding: 20px 28px; max-width: 1400px; }
h1 { font-size: 22px; margin: 4px 0 16px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
table.list { border-collapse: collapse; width: 100%; }
table.list th, table.list td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
table.list th { color: var(--subtle); font-weight: 600; font-size: 12px; }
a { color: var(--brand); }
.lozenge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 11px; font-weight: 700; text-transform: uppercase; background: var(--neutral); }
.lozenge.new { background: var(--neutral); } .lozenge.indeterminate { background: var(--ds-background-information, #cce0ff); color: var(--ds-text-information, #0055cc); } .lozenge.done { background: var(--ds-background-success, #baf3db); color: var(--ds-text-success, #216e4e); }
.issue-layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(320px, 1fr); gap: 28px; }
.fields dt { color: var(--subtle); font-size: 12px; margin-top: 8px; } .fields dd { margin: 0; }
.card { border: 1px solid var(--border); border-radius: 6px; padding: 12px 14px; margin-bottom: 14px; background: var(--surface); }
.banner { border-radius: 6px; padding: 10px 14px; margin-bottom: 14px; }
.banner.error { background: var(--ds-background-danger, #ffeceb); border: 1px solid var(--ds-border-danger, #fd9891); }
.banner.ok { background: var(--ds-background-success, #dcfff1); border: 1px solid var(--ds-border-success, #7ee2b8); }
.banner ul { margin: 4px 0 0; padding-left: 18px; }
button, .button { font: inherit; padding: 6px 12px; border-radius: 4px; border: 1px solid var(--border); background: var(--ds-background-neutral-subtle-hovered, #f1f2f4); cursor: pointer; color: var(--text); text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: var(--ds-background-brand-bold, #0c66e4); color: var(--ds-text-inverse, #fff); border-color: var(--ds-background-brand-bold, #0c66e4); }
form.stack label { display: block; margin: 10px 0 4px; font-weight: 600; font-size: 12px; color: var(--subtle); }
form.stack input[type=text], form.stack input[type=number], form.stack input[type=datetime-local], form.stack select, form.stack textarea { width: 100%; max-width: 560px; padding: 6px 8px; border: 1px solid var(--border); border-radius: 4px; font: inherit; background: var(--ds-background-input, #fff); color: var(--text); }
form.stack textarea { min-height: 70px; }
.field-error { color: var(--danger); font-size: 12px; }
.transitions form { display: inline-block; margin: 0 6px 6px 0; }
iframe.forge-frame { display: block; width: 100%; border: 0; background: transparent; }
.history li, .comments li { margin-bottom: 8px; }
.muted { color: var(--subtle); font-size: 12px; }
.overdue { color: var(--danger); font-weight: 600; }
.modal-backdrop { position: fixed; inset: 0; background: var(--ds-blanket, rgba(9, 30, 66, 0.54)); display: flex; align-items: flex-start; justify-content: center; padding: 60px 0; z-index: 10; overflow-y: auto; }
.modal { background: var(--ds-surface-overlay, #fff); border-radius: 6px; width: min(760px, 92vw); padding: 16px; }
#flags { position: fixed; right: 20px; bottom: 20px; display: flex; flex-direction: column; gap: 8px; z-index: 20; }
.flag { background: var(--ds-surface-overlay, #fff); border: 1px solid var(--border); border-left: 4px solid var(--brand); border-radius: 4px; padding: 8px 12px; min-width: 260px; box-shadow: 0 4px 8px rgba(9,30,66,.15); }
.flag-error { border-left-color: var(--danger); } .flag-success { border-left-color: var(--ok); }
.page-body { max-width: 900px; }
.page-body table { border-collapse: collapse; } .page-body th, .page-body td { border: 1px solid var(--border); padding: 4px 8px; }
.page-body [data-panel-type] { background: var(--ds-background-information, #e9f2ff); border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.page-body [data-node-type=status] { display: inline-block; padding: 0 4px; border-radius: 3px; background: var(--neutral); font-size: 11px; font-weight: 700; }
.macro-frame { border: 1px dashed var(--border); border-radius: 6px; padding: 6px; margin: 10px 0; }
.macro-frame .macro-bar { display: flex; justify-content: space-between; font-size: 12px; color: var(--subtle); margin-bottom: 4px; }
.adf-error { color: var(--danger); }
#theme-switch button { padding: 3px 10px; font-size: 12px; }
`;

/**
 * The header's light/dark switch. Without JavaScript it posts to /__local/theme (a cookie, then
 * back); with it, the page and every frame that enabled theming change at once, through the
 * host's `setColorMode` (host-script.ts), as Jira's own theme switch changes open apps.
 */
const THEME_SWITCH_SCRIPT = `(function () {
  var form = document.getElementById('theme-switch');
  if (!form) return;
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var mode = document.documentElement.getAttribute('data-color-mode') === 'dark' ? 'light' : 'dark';
    document.cookie = 'local-theme=' + mode + '; Path=/; SameSite=Lax';
    document.documentElement.setAttribute('data-color-mode', mode);
    var button = form.querySelector('button');
    button.setAttribute('aria-pressed', String(mode === 'dark'));
    form.querySelector('input[name=mode]').value = mode === 'dark' ? 'light' : 'dark';
    if (window.__forgeHost && typeof window.__forgeHost.setColorMode === 'function') window.__forgeHost.setColorMode(mode);
  });
})();`;

export function layout(chrome: PageChrome, content: SafeHtml, options: { hostScript?: boolean } = {}): SafeHtml {
  const link = (href: string, label: string, active: boolean) => html`<a href="${href}" class="${active ? 'active' : ''}">${label}</a>`;
  const userOptions = chrome.users.map(
    (user) =>
      html`<option value="${user.accountId}" ${raw(user.accountId === chrome.currentUser.accountId ? 'selected' : '')}>${user.displayName}${user.siteAdmin ? ' (admin)' : ''}</option>`,
  );
  const colorMode = chrome.colorMode ?? 'light';
  // The host script goes before the stylesheet: a script placed after one waits for it to load, and
  // the page's frames are parsed (and start loading) only after the script has run.
  return html`<!doctype html>
<html lang="en" data-color-mode="${colorMode}" data-theme="dark:dark light:light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${chrome.title} · local site</title>
${options.hostScript ? html`<script src="${HOST_SCRIPT_URL}"></script>` : ''}
<link rel="stylesheet" href="/__local/theme/tokens.css">
<style>${raw(STYLE)}</style>
</head>
<body data-product="${chrome.product}">
<header class="top">
  <a class="brand" href="/">Local site</a>
  <nav>
    ${link('/jira/incidents', 'Incidents', chrome.product === 'jira' && chrome.path.startsWith('/jira/incidents'))}
    ${link('/jira/create', 'Create', chrome.path.startsWith('/jira/create'))}
    ${link('/jira/admin', 'Apps: Incident response', chrome.path.startsWith('/jira/admin'))}
    ${link('/wiki/spaces', 'Confluence', chrome.product === 'confluence')}
    ${link('/__local/outbox', 'Outbox', chrome.path.startsWith('/__local/outbox'))}
    ${link('/statuspage', 'Status page', chrome.path.startsWith('/statuspage'))}
    ${link('/__local/contract', 'Contract checks', chrome.path.startsWith('/__local/contract'))}
  </nav>
  <span class="spacer"></span>
  <a class="contract ${chrome.contractViolations > 0 ? 'bad' : ''}" href="/__local/contract" data-testid="contract-count">${chrome.contractViolations === 0 ? 'contract: clean' : `contract: ${chrome.contractViolations} violation(s)`}</a>
  <form method="post" action="/__local/theme" id="theme-switch">
    <input type="hidden" name="mode" value="${colorMode === 'dark' ? 'light' : 'dark'}">
    <input type="hidden" name="return" value="${chrome.path}">
    <button type="submit" data-testid="theme-switch" aria-pressed="${colorMode === 'dark' ? 'true' : 'false'}" title="Switch between the light and dark theme">Dark theme</button>
  </form>
  <form method="post" action="/__local/user" id="user-switcher">
    <input type="hidden" name="return" value="${chrome.path}">
    <label class="muted" for="user-select">Signed in as</label>
    <select id="user-select" name="accountId" onchange="this.form.submit()" data-testid="user-switcher">${userOptions}</select>
    <noscript><button type="submit">Switch</button></noscript>
  </form>
</header>
<main>${content}</main>
<div id="flags"></div>
<script>${raw(THEME_SWITCH_SCRIPT)}</script>
</body>
</html>`;
}

export function errorBanner(title: string, messages: readonly string[]): SafeHtml {
  if (messages.length === 0 && title === '') return html``;
  return html`<div class="banner error" role="alert" data-testid="error-banner"><strong>${title}</strong>${messages.length > 0 ? html`<ul>${messages.map((message) => html`<li>${message}</li>`)}</ul>` : ''}</div>`;
}
