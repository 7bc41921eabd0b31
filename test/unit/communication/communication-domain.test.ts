import { boardWithUpdate, statusPageAdf, type StatusBoardRow } from '../../../src/domain/communication/status-page-adf';
import { cadenceLine, defaultCadenceTargets, nextUpdateDue, reminderDecision } from '../../../src/domain/communication/cadence';
import {
  CommunicationSettings,
  componentStatusFor,
  defaultCommunicationSettings,
} from '../../../src/domain/communication/communication-settings';
import { MESSAGE_MAX_CHARS, StakeholderUpdateDraft, updateProblems } from '../../../src/domain/communication/stakeholder-update';
import { updateCommentAdf, updateEmail } from '../../../src/domain/communication/update-adf';
import { defaultUpdateTemplates, renderUpdateTemplate, UpdateTemplates } from '../../../src/domain/communication/update-templates';
import { finalUpdateProblem } from '../../../src/domain/workflow-rules/final-update-rule';
import { adfProblems } from '../../support/adf-validators';

const NOW = '2026-11-30T10:00:00.000Z';
const minutesFrom = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

function aDraft(overrides: Record<string, unknown> = {}) {
  return {
    updateId: 'c0ffee00-1234-4abc-8def-000000000001',
    state: 'Investigating',
    audience: 'internal',
    message: 'Checkout fails for some users.',
    components: [],
    nextUpdateDueAt: minutesFrom(NOW, 30),
    ...overrides,
  };
}

function firstIssue(input: unknown): { path: string; message: string } {
  const result = StakeholderUpdateDraft.safeParse(input);
  if (result.success) throw new Error('expected the draft to be refused');
  const issue = result.error.issues[0]!;
  return { path: issue.path.join('.'), message: issue.message };
}

describe('stakeholder update draft', () => {
  it('accepts a well-formed update and trims the message', () => {
    const draft = StakeholderUpdateDraft.parse(aDraft({ message: '  Fixed.  ' }));
    expect(draft.message).toBe('Fixed.');
    expect(updateProblems(draft, { knownComponents: [], now: NOW })).toEqual([]);
  });

  it('refuses an empty, a blank and an over-long message, naming the field and the limit', () => {
    expect(firstIssue(aDraft({ message: '' }))).toEqual({ path: 'message', message: expect.stringContaining('empty') });
    expect(firstIssue(aDraft({ message: '   \n ' })).path).toBe('message');
    const long = firstIssue(aDraft({ message: 'x'.repeat(MESSAGE_MAX_CHARS + 1) }));
    expect(long.path).toBe('message');
    expect(long.message).toContain(String(MESSAGE_MAX_CHARS));
    expect(StakeholderUpdateDraft.safeParse(aDraft({ message: 'x'.repeat(MESSAGE_MAX_CHARS) })).success).toBe(true);
  });

  it('refuses an unknown state and audience, listing the valid ones', () => {
    expect(firstIssue(aDraft({ state: 'Fixed' }))).toEqual({
      path: 'state',
      message: expect.stringContaining('Investigating, Identified, Monitoring, Resolved'),
    });
    expect(firstIssue(aDraft({ audience: 'public' }))).toEqual({
      path: 'audience',
      message: expect.stringContaining('internal, external, both'),
    });
  });

  it('names an unknown component by position and lists the incident’s components', () => {
    const draft = StakeholderUpdateDraft.parse(aDraft({ components: ['Checkout', 'Teleporter'] }));
    expect(updateProblems(draft, { knownComponents: ['Checkout', 'Search'], now: NOW })).toEqual([
      { field: 'components.1', message: 'components.1: unknown component "Teleporter"; expected one of Checkout, Search' },
    ]);
  });

  it('needs a future next-update time except on a Resolved update', () => {
    const noNext = StakeholderUpdateDraft.parse(aDraft({ nextUpdateDueAt: null }));
    expect(updateProblems(noNext, { knownComponents: [], now: NOW }).map((problem) => problem.field)).toEqual(['nextUpdateDueAt']);
    expect(updateProblems({ ...noNext, state: 'Resolved' }, { knownComponents: [], now: NOW })).toEqual([]);
    const past = StakeholderUpdateDraft.parse(aDraft({ nextUpdateDueAt: minutesFrom(NOW, -1) }));
    expect(updateProblems(past, { knownComponents: [], now: NOW })[0]?.message).toContain('future');
  });
});

describe('update templates', () => {
  const facts = {
    key: 'INC-7',
    summary: 'Checkout <b>down</b>',
    impact: 'High',
    priority: 'P1',
    nextUpdateDueAt: '2026-11-30T10:30:00.000Z',
    siteTimeZone: 'Europe/Berlin',
  };

  it('fills summary, impact, priority and the next update time in the site zone, as text', () => {
    const text = renderUpdateTemplate(defaultUpdateTemplates().Investigating, facts);
    expect(text).toBe(
      'We are investigating: Checkout <b>down</b>. Impact: High. Priority P1. Next update by 2026-11-30 11:30 Europe/Berlin, 10:30 UTC.',
    );
  });

  it('says what is missing instead of leaving a placeholder, and does not expand placeholders inside values', () => {
    const text = renderUpdateTemplate('{summary} / {impact} / {priority} / {nextUpdate}', {
      ...facts,
      summary: 'uses {impact} literally',
      impact: null,
      priority: null,
      nextUpdateDueAt: null,
    });
    expect(text).toBe('uses {impact} literally / not yet assessed / not yet set / no further update planned');
  });

  it('cuts a rendered message to the message limit', () => {
    expect(Array.from(renderUpdateTemplate('{summary}', { ...facts, summary: 'y'.repeat(MESSAGE_MAX_CHARS + 50) }))).toHaveLength(
      MESSAGE_MAX_CHARS,
    );
  });

  it('refuses an admin template with an unknown placeholder, naming the state', () => {
    const result = UpdateTemplates.safeParse({ ...defaultUpdateTemplates(), Monitoring: 'Fixed {sumary}' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['Monitoring']);
    expect(result.error?.issues[0]?.message).toContain('{summary}');
  });
});

describe('cadence', () => {
  const targets = defaultCadenceTargets();

  it('defaults to P1 30 min, P2 60 min, P3 4 h and no cadence below', () => {
    expect(targets).toEqual({ P1: 30, P2: 60, P3: 240, P4: null, P5: null });
  });

  it('counts from the last update, or from impact start before any update; an earlier promise wins', () => {
    expect(nextUpdateDue({ level: 'P1', lastUpdateAt: NOW, promisedNextAt: null, startedAt: minutesFrom(NOW, -90) }, targets)).toBe(
      minutesFrom(NOW, 30),
    );
    expect(nextUpdateDue({ level: 'P2', lastUpdateAt: null, promisedNextAt: null, startedAt: NOW }, targets)).toBe(minutesFrom(NOW, 60));
    expect(nextUpdateDue({ level: 'P1', lastUpdateAt: NOW, promisedNextAt: minutesFrom(NOW, 15), startedAt: NOW }, targets)).toBe(
      minutesFrom(NOW, 15),
    );
    expect(nextUpdateDue({ level: 'P1', lastUpdateAt: NOW, promisedNextAt: minutesFrom(NOW, 90), startedAt: NOW }, targets)).toBe(
      minutesFrom(NOW, 30),
    );
    expect(nextUpdateDue({ level: 'P4', lastUpdateAt: NOW, promisedNextAt: null, startedAt: NOW }, targets)).toBeNull();
    expect(nextUpdateDue({ level: 'P1', lastUpdateAt: NOW, promisedNextAt: null, startedAt: NOW }, { ...targets, P1: 10 })).toBe(
      minutesFrom(NOW, 10),
    );
  });

  it('reads "next update due in 12 min" and "update overdue by 7 min"', () => {
    expect(cadenceLine(minutesFrom(NOW, 12), NOW, 'P1').text).toBe('next update due in 12 min');
    expect(cadenceLine(minutesFrom(NOW, -7), NOW, 'P1')).toMatchObject({ state: 'overdue', minutes: 7, text: 'update overdue by 7 min' });
    expect(cadenceLine(minutesFrom(NOW, 125), NOW, 'P3').text).toBe('next update due in 2 h 5 min');
    expect(cadenceLine(null, NOW, 'P4').text).toBe('no update cadence for P4');
  });

  it('reminds once per overdue period, only for P1/P2', () => {
    const dueAt = minutesFrom(NOW, -7);
    expect(reminderDecision({ level: 'P1', dueAt, remindedForDueAt: null, now: NOW })).toEqual({ remind: true, periodDueAt: dueAt });
    expect(reminderDecision({ level: 'P1', dueAt, remindedForDueAt: dueAt, now: minutesFrom(NOW, 5) }).remind).toBe(false);
    // A new update set a new due time which is missed in turn: a new period, a new reminder.
    const later = minutesFrom(NOW, 30);
    expect(reminderDecision({ level: 'P2', dueAt: later, remindedForDueAt: dueAt, now: minutesFrom(NOW, 31) }).remind).toBe(true);
    expect(reminderDecision({ level: 'P1', dueAt: minutesFrom(NOW, 1), remindedForDueAt: null, now: NOW }).remind).toBe(false);
    expect(reminderDecision({ level: 'P3', dueAt, remindedForDueAt: null, now: NOW }).remind).toBe(false);
  });
});

describe('deliveries rendered from an update', () => {
  const update = StakeholderUpdateDraft.parse(
    aDraft({ message: 'First <script>alert(1)</script>\n\nSecond paragraph', components: ['Checkout'], audience: 'both' }),
  );

  it('makes a valid ADF comment whose markup stays text', () => {
    const adf = updateCommentAdf(update, 'UTC');
    expect(adfProblems(adf)).toEqual([]);
    const json = JSON.stringify(adf);
    expect(json).toContain('First <script>alert(1)</script>');
    expect(json).toContain('Stakeholder update: Investigating');
    expect(json).toContain('Affected: Checkout.');
    expect(adf.content).toHaveLength(4);
  });

  it('makes a text email with the state in the subject', () => {
    const email = updateEmail({ issueKey: 'INC-7', summary: 'Checkout down', update, siteTimeZone: 'UTC' });
    expect(email.subject).toBe('[INC-7] Investigating: Checkout down');
    expect(email.textBody).toContain('Next update by 2026-11-30 10:30 UTC.');
  });

  it('maps priority and state to a Statuspage component status', () => {
    expect(componentStatusFor('P1', 'Identified')).toBe('major_outage');
    expect(componentStatusFor('P2', 'Investigating')).toBe('partial_outage');
    expect(componentStatusFor('P3', 'Monitoring')).toBe('degraded_performance');
    expect(componentStatusFor('P1', 'Resolved')).toBe('operational');
  });
});

describe('status page', () => {
  const row = (key: string, overrides: Partial<StatusBoardRow> = {}): StatusBoardRow => ({
    key,
    summary: `Summary of ${key}`,
    url: `https://example.atlassian.net/browse/${key}`,
    level: 'P2',
    state: 'Investigating',
    latestUpdate: 'Looking into it',
    latestUpdateAt: NOW,
    nextUpdateDueAt: minutesFrom(NOW, 20),
    ...overrides,
  });

  it('lists every open incident by priority with state, latest update and next update due, as valid ADF', () => {
    const rows = boardWithUpdate(
      boardWithUpdate([row('INC-2')], row('INC-10', { level: 'P1', latestUpdate: '<img src=x>' })),
      row('INC-3', { level: null, nextUpdateDueAt: null }),
    );
    const adf = statusPageAdf(rows, { now: NOW, siteTimeZone: 'UTC' });
    expect(adfProblems(adf)).toEqual([]);
    const json = JSON.stringify(adf);
    expect(json.indexOf('INC-10')).toBeLessThan(json.indexOf('INC-2'));
    expect(json.indexOf('INC-2')).toBeLessThan(json.indexOf('INC-3'));
    expect(json).toContain('<img src=x>');
    expect(json).toContain('next update due in 20 min');
  });

  it('replaces an incident’s row on a new update and drops it on Resolved; never two rows per incident', () => {
    const once = boardWithUpdate([], row('INC-1'));
    const twice = boardWithUpdate(once, row('INC-1', { state: 'Identified' }));
    expect(twice).toHaveLength(1);
    expect(twice[0]?.state).toBe('Identified');
    expect(boardWithUpdate(twice, row('INC-1', { state: 'Resolved' }))).toEqual([]);
    expect(adfProblems(statusPageAdf([], { now: NOW, siteTimeZone: 'UTC' }))).toEqual([]);
  });
});

describe('settings and closure', () => {
  it('parses the defaults and names a bad cadence target', () => {
    expect(CommunicationSettings.parse(defaultCommunicationSettings()).requireResolvedUpdate).toBe(true);
    const bad = CommunicationSettings.safeParse({
      ...defaultCommunicationSettings(),
      cadence: { ...defaultCommunicationSettings().cadence, P1: 2 },
    });
    expect(bad.error?.issues[0]?.path).toEqual(['cadence', 'P1']);
  });

  it('requires a final Resolved update to close a P1/P2, when the setting is on', () => {
    expect(finalUpdateProblem({ issueKey: 'INC-1', level: 'P1', latestUpdateState: 'Monitoring' }, true)).toContain('"Monitoring"');
    expect(finalUpdateProblem({ issueKey: 'INC-1', level: 'P2', latestUpdateState: null }, true)).toContain('no stakeholder update');
    expect(finalUpdateProblem({ issueKey: 'INC-1', level: 'P1', latestUpdateState: 'Resolved' }, true)).toBeNull();
    expect(finalUpdateProblem({ issueKey: 'INC-1', level: 'P3', latestUpdateState: null }, true)).toBeNull();
    expect(finalUpdateProblem({ issueKey: 'INC-1', level: 'P1', latestUpdateState: null }, false)).toBeNull();
  });
});
