import { html, type SafeHtml } from '../html';
import type { StatuspageSite, StatuspageComponentRecord, StatuspageIncidentRecord } from '../../local-site/statuspage/statuspage-site';
import type { PageContext } from './page-context';

const COMPONENT_LABEL: Record<StatuspageComponentRecord['status'], [string, string]> = {
  operational: ['Operational', '#22a06b'],
  degraded_performance: ['Degraded performance', '#b38600'],
  partial_outage: ['Partial outage', '#e56910'],
  major_outage: ['Major outage', '#c9372c'],
  under_maintenance: ['Under maintenance', '#0c66e4'],
};

const SEVERITY: StatuspageComponentRecord['status'][] = [
  'operational',
  'under_maintenance',
  'degraded_performance',
  'partial_outage',
  'major_outage',
];

const INCIDENT_LABEL: Record<string, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/**
 * What customers see on the public status page of the local Statuspage: the page's name, each
 * component's status, open incidents with their updates (newest first), then resolved ones. Read
 * from the local Statuspage's state, as the public page is not an API call (no key, no rate limit).
 */
export function statuspagePage(ctx: PageContext, statuspage: StatuspageSite, pageId: string | undefined, notice?: string): SafeHtml | null {
  const page = pageId ? statuspage.pages.get(pageId) : [...statuspage.pages.values()][0];
  if (!page) return null;
  const components = statuspage.componentsOf(page.id);
  const incidents = statuspage.incidentsOf(page.id);
  const open = incidents.filter((incident) => incident.status !== 'resolved');
  const past = incidents.filter((incident) => incident.status === 'resolved');
  const worst = components.reduce<StatuspageComponentRecord['status']>(
    (acc, component) => (SEVERITY.indexOf(component.status) > SEVERITY.indexOf(acc) ? component.status : acc),
    'operational',
  );
  const headline =
    worst === 'operational'
      ? 'All Systems Operational'
      : worst === 'major_outage'
        ? 'Major System Outage'
        : worst === 'partial_outage'
          ? 'Partial System Outage'
          : worst === 'under_maintenance'
            ? 'Service Under Maintenance'
            : 'Minor Service Degradation';
  const incidentCard = (
    incident: StatuspageIncidentRecord,
  ) => html`<article class="card" data-testid="status-incident" data-status="${incident.status}">
      <h2>${incident.name} <span class="muted">· impact ${incident.impact}</span></h2>
      ${incident.incident_updates.map(
        (update) =>
          html`<div style="margin: 8px 0;"><strong>${INCIDENT_LABEL[update.status] ?? update.status}</strong> - <span style="white-space: pre-wrap;">${update.body}</span><div class="muted">${update.display_at}${update.affected_components.length > 0 ? ` · ${update.affected_components.map((c) => `${c.name}: ${COMPONENT_LABEL[c.new_status as StatuspageComponentRecord['status']]?.[0] ?? c.new_status}`).join(', ')}` : ''}</div></div>`,
      )}
      <div class="muted">${incident.shortlink}</div>
    </article>`;
  return ctx.page(
    `${page.name}`,
    html`<div style="max-width: 820px; margin: 0 auto;" data-testid="statuspage-public">
      <p class="muted">Public status page of the local Statuspage (what customers see at ${page.subdomain}).</p>
      ${notice ? html`<div class="banner ok" role="status">${notice}</div>` : ''}
      <h1 data-testid="statuspage-name">${page.name}</h1>
      <div class="banner" data-testid="statuspage-headline" style="background: ${COMPONENT_LABEL[worst][1]}; color: #fff; font-weight: 700; font-size: 16px;">${headline}</div>
      ${open.length > 0 ? html`<h2>Active incidents</h2>${open.map(incidentCard)}` : ''}
      <table class="list" data-testid="statuspage-components"><tbody>${components
        .slice()
        .sort((a, b) => a.position - b.position)
        .map(
          (component) =>
            html`<tr data-component="${component.name}"><td>${component.name}<div class="muted">${component.description}</div></td><td style="text-align: right; color: ${COMPONENT_LABEL[component.status][1]}; font-weight: 600;" data-testid="component-status">${COMPONENT_LABEL[component.status][0]}</td></tr>`,
        )}</tbody></table>
      <h2>Past incidents</h2>
      ${past.length === 0 ? html`<p class="muted" data-testid="statuspage-no-past">No incidents reported.</p>` : past.map(incidentCard)}
      <h2>Local Statuspage API</h2>
      <form method="post" action="/__local/statuspage/outage" class="card">
        <input type="hidden" name="page" value="${page.id}">
        <p class="muted">The API (<code>/statuspage/v1</code>, demo key <code>demo-statuspage-key</code>, page id <code>${page.id}</code>) is ${statuspage.isUnavailable ? html`<strong>answering 503 (simulated outage)</strong>` : 'up'}.</p>
        <button type="submit" name="seconds" value="120">Simulate a 2-minute outage (503)</button>
        <button type="submit" name="seconds" value="0">End the outage</button>
      </form>
    </div>`,
  );
}
