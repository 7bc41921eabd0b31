import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_INCIDENTS, HISTORY_PROJECT, writeDemoSeed } from '../../seeds/build/demo-seed';
import { CANDIDATE_CATEGORY, IMPROVING_CATEGORY, incidentHistoryPlan } from '../../seeds/build/incident-history';
import { median } from '../../src/domain/trends/incident-trends';

const NOW = new Date('2026-11-26T14:00:00Z');
const DAY = 24 * 60;

describe("the trends history (npm start's PLAT project)", () => {
  const plans = incidentHistoryPlan(HISTORY_INCIDENTS, { nowMs: NOW.getTime() });
  const same = (a: { parent: string; child: string }, b: { parent: string; child: string }) => a.parent === b.parent && a.child === b.child;

  it('is the same plan every time, a year of incidents all resolved before now, filed mostly on weekdays', () => {
    expect(incidentHistoryPlan(HISTORY_INCIDENTS, { nowMs: NOW.getTime() })).toEqual(plans);
    expect(plans).toHaveLength(HISTORY_INCIDENTS);
    expect(Math.max(...plans.map((plan) => plan.createdMinutesAgo))).toBeLessThanOrEqual(365 * DAY);
    for (const plan of plans) {
      const lastMove = Math.max(plan.resolvedAfter, plan.reopen?.resolvedAgainAfter ?? 0, plan.closedAfter ?? 0);
      expect(lastMove).toBeLessThan(plan.createdMinutesAgo);
      expect(plan.acknowledgedAfter).toBeLessThan(plan.inProgressAfter);
      expect(plan.inProgressAfter).toBeLessThan(plan.resolvedAfter);
    }
    const weekend = plans.filter((plan) => [0, 6].includes(new Date(NOW.getTime() - plan.createdMinutesAgo * 60_000).getUTCDay()));
    expect(weekend.length).toBeLessThan(plans.length * 0.15);
  });

  it('has a recurring category with no Problem (the candidate) and one whose time to resolve improves over the year', () => {
    const candidate = plans.filter((plan) => same(plan.category, CANDIDATE_CATEGORY));
    expect(candidate.length).toBeGreaterThanOrEqual(30);
    expect(candidate.every((plan) => plan.problem === null)).toBe(true);
    // At least 3 in each of the last three 30-day windows: a candidate on the page's default periods too.
    for (const window of [0, 1, 2])
      expect(
        candidate.filter((plan) => plan.createdMinutesAgo >= window * 30 * DAY && plan.createdMinutesAgo < (window + 1) * 30 * DAY).length,
      ).toBeGreaterThanOrEqual(3);
    expect(plans.filter((plan) => plan.problem === null).every((plan) => same(plan.category, CANDIDATE_CATEGORY))).toBe(true);

    const improving = plans.filter((plan) => same(plan.category, IMPROVING_CATEGORY));
    const firstQuarter = median(improving.filter((plan) => plan.createdMinutesAgo > 270 * DAY).map((plan) => plan.resolvedAfter))!;
    const lastQuarter = median(improving.filter((plan) => plan.createdMinutesAgo < 90 * DAY).map((plan) => plan.resolvedAfter))!;
    expect(firstQuarter).toBeGreaterThan(3 * lastQuarter);
  });

  it('is written into its own project only when asked: the committed demo seed keeps its INC and OPS issues alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-seed-'));
    try {
      writeDemoSeed(dir, { now: NOW, history: true });
      const projects = JSON.parse(readFileSync(join(dir, 'projects.json'), 'utf8')) as { key: string }[];
      expect(projects.map((project) => project.key)).toEqual(['INC', 'OPS', HISTORY_PROJECT.key]);
      const last = JSON.parse(readFileSync(join(dir, `${HISTORY_PROJECT.key}-${HISTORY_INCIDENTS + 5}`, 'issue.json'), 'utf8'));
      expect(last.fields).toMatchObject({
        issuetype: { name: 'Incident' },
        project: { key: HISTORY_PROJECT.key },
        resolution: { name: 'Done' },
      });
      expect(['Resolved', 'Closed']).toContain(last.fields.status.name);
      const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'seeds', 'demo', 'projects.json'), 'utf8')) as {
        key: string;
      }[];
      expect(committed.map((project) => project.key)).toEqual(['INC', 'OPS']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
