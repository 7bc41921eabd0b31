/**
 * Fills a local site with the trends history (seeds/build/incident-history.ts) at any size: the
 * same resolved incidents, categories and status moves npm start's PLAT project has, written
 * straight into the site's state (no requests), for the trends benchmark and scale tests.
 */
import { changelogEntry, jiraTime } from '../../seeds/build/jira-shapes';
import { historyStatusMoves, incidentHistoryPlan } from '../../seeds/build/incident-history';
import type { LocalSite } from '../../local-site';
import { BENCH_USERS, fieldId } from './bench-site';

const DONE_STATUSES = new Set(['Resolved', 'Closed']);

/** Adds `count` resolved incidents created over the year before `nowMs` to `project`; returns their keys, oldest first. */
export function addIncidentHistory(site: LocalSite, count: number, options: { nowMs: number; project?: string }): string[] {
  const statuses = new Map(site.jira.state.statuses.map((status) => [String(status.name), status]));
  const keys: string[] = [];
  let changelogId = 2_000_000;
  for (const plan of incidentHistoryPlan(count, { nowMs: options.nowMs })) {
    const created = options.nowMs - plan.createdMinutesAgo * 60_000;
    const at = (minutes: number) => new Date(created + minutes * 60_000);
    const moves = historyStatusMoves(plan);
    const finalStatus = moves[moves.length - 1]![2];
    const key = site.jira.addIssue({
      project: options.project ?? 'INC',
      issueType: 'Incident',
      summary: `${plan.category.parent} ${plan.category.child.toLowerCase()}: alert ${plan.index}`,
      status: finalStatus,
      created: jiraTime(new Date(created)),
      fields: {
        [fieldId('Impact')]: { value: plan.impact },
        [fieldId('Urgency')]: { value: plan.urgency },
        [fieldId('Incident category')]: { value: plan.category.parent, child: { value: plan.category.child } },
        priority: { name: plan.priority },
      },
    }).key;
    const record = site.jira.issue(key)!;
    // The last move into a done status is the resolution, as Jira records it.
    const intoDone = moves.filter(([, from, to]) => DONE_STATUSES.has(to) && !DONE_STATUSES.has(from)).at(-1)!;
    record.fields.resolutiondate = jiraTime(at(intoDone[0]));
    record.fields.statuscategorychangedate = jiraTime(at(intoDone[0]));
    record.fields.resolution = { id: '10000', name: 'Done', description: 'Work has been completed on this issue.', self: `${site.baseUrl}/rest/api/3/resolution/10000` };
    for (const [minutes, from, to] of moves) {
      const item = { field: 'status', fieldtype: 'jira' as const, fieldId: 'status', from: String(statuses.get(from)?.id ?? ''), fromString: from, to: String(statuses.get(to)?.id ?? ''), toString: to };
      record.changelog.push(changelogEntry(String(changelogId++), BENCH_USERS.responder, at(minutes), [item]));
    }
    keys.push(key);
  }
  return keys;
}
