import fc from 'fast-check';
import { BUSINESS_IMPLICATIONS } from '../../../src/domain/incident/incident-fields';
import { decideAutomaticPriority } from '../../../src/domain/priority/automatic-priority-decision';
import { effectiveLevel, levelOfJiraPriority } from '../../../src/domain/priority/priority-override';
import { type PriorityAssessment, computePriority } from '../../../src/domain/priority/priority-rule';
import { rankEntryOf } from '../../../src/domain/priority/rank-entry';
import { levelRank } from '../../../src/domain/priority/priority-level';
import { type ModifierSettings, applyModifiers, formatCount } from '../../../src/domain/priority/priority-modifiers';
import { type PrioritySettings, defaultPrioritySettings } from '../../../src/domain/priority/priority-settings';
import { anIncident } from './an-incident';

function assessment(overrides: Partial<PriorityAssessment> = {}): PriorityAssessment {
  return { impact: 'High', urgency: 'Medium', affectedUsers: null, businessImplications: [], ...overrides };
}

function settingsWith(modifiers: Partial<ModifierSettings>): PrioritySettings {
  const defaults = defaultPrioritySettings();
  return { ...defaults, modifiers: { ...defaults.modifiers, ...modifiers } };
}

function computed(input: PriorityAssessment, settings = defaultPrioritySettings()) {
  const result = computePriority(input, settings);
  if (!result.ok) throw new Error(`expected a priority, got ${result.problem.field}: ${result.problem.message}`);
  return result.value;
}

describe('computePriority', () => {
  it('takes the matrix level when no modifier applies', () => {
    const result = computed(assessment({ impact: 'Medium', urgency: 'Medium', affectedUsers: 5 }));
    expect(result).toMatchObject({
      matrixLevel: 'P3',
      level: 'P3',
      raisedBy: 0,
      modifiers: [],
      jiraPriorityName: 'Medium',
      summary: 'P3 from matrix',
    });
  });

  it('raises by one level for a security implication and says why', () => {
    const result = computed(assessment({ businessImplications: ['Security'] }));
    expect(result.level).toBe('P1');
    expect(result.jiraPriorityName).toBe('Highest');
    expect(result.summary).toBe('P2 from matrix; raised to P1: security implication');
  });

  it.each([
    ['Financial', 'financial implication'],
    ['Compliance', 'compliance implication'],
    ['SLA at risk', 'SLA at risk'],
  ] as const)('raises for %s', (implication, label) => {
    expect(computed(assessment({ impact: 'Low', urgency: 'Low', businessImplications: [implication] })).summary).toBe(
      `P5 from matrix; raised to P4: ${label}`,
    );
  });

  it('raises for affected users at or above the threshold, not below', () => {
    expect(computed(assessment({ impact: 'Medium', urgency: 'Low', affectedUsers: 99 })).level).toBe('P4');
    const atThreshold = computed(assessment({ impact: 'Medium', urgency: 'Low', affectedUsers: 100 }));
    expect(atThreshold.level).toBe('P3');
    expect(atThreshold.summary).toBe('P4 from matrix; raised to P3: 100 affected users (at least 100)');
  });

  it('caps several modifiers at one level by default and says so', () => {
    const result = computed(
      assessment({ impact: 'Low', urgency: 'Low', affectedUsers: 1500, businessImplications: ['Compliance', 'Security'] }),
    );
    expect(result.level).toBe('P4');
    expect(result.capped).toBe(true);
    expect(result.summary).toBe(
      'P5 from matrix; raised to P4: 1,500 affected users (at least 100), security implication, compliance implication (capped at 1 level)',
    );
  });

  it('raises by more when the admin allows it', () => {
    const settings = settingsWith({ maxRaise: 2 });
    const result = computed(
      assessment({ impact: 'Low', urgency: 'Low', businessImplications: ['Security', 'Financial', 'Compliance'] }),
      settings,
    );
    expect(result).toMatchObject({ level: 'P3', raisedBy: 2, capped: true });
    expect(result.summary).toContain('(capped at 2 levels)');
    const twoOfTwo = computed(assessment({ impact: 'Low', urgency: 'Low', businessImplications: ['Security', 'Financial'] }), settings);
    expect(twoOfTwo).toMatchObject({ level: 'P3', raisedBy: 2, capped: false });
    expect(twoOfTwo.summary).toBe('P5 from matrix; raised to P3: security implication, financial implication');
  });

  it('applies the highest affected-users threshold met, not their sum', () => {
    const settings = settingsWith({
      maxRaise: 4,
      affectedUsers: [
        { atLeast: 10, raiseBy: 1 },
        { atLeast: 1000, raiseBy: 3 },
      ],
    });
    expect(computed(assessment({ impact: 'Low', urgency: 'Low', affectedUsers: 50 }), settings).level).toBe('P4');
    const many = computed(assessment({ impact: 'Low', urgency: 'Low', affectedUsers: 2000 }), settings);
    expect(many.level).toBe('P2');
    expect(many.modifiers).toEqual([{ kind: 'affectedUsers', label: '2,000 affected users (at least 1,000)', raiseBy: 3 }]);
  });

  it('ignores an implication set to raise by 0', () => {
    const defaults = defaultPrioritySettings();
    const settings = settingsWith({ implications: { ...defaults.modifiers.implications, Financial: 0 } });
    expect(computed(assessment({ businessImplications: ['Financial'] }), settings)).toMatchObject({
      level: 'P2',
      modifiers: [],
      summary: 'P2 from matrix',
    });
  });

  it('says when a modifier cannot raise an incident already at P1', () => {
    const result = computed(assessment({ impact: 'High', urgency: 'High', businessImplications: ['Security'] }));
    expect(result.level).toBe('P1');
    expect(result.summary).toBe('P1 from matrix; not raised, already the highest level: security implication');
  });

  it('says when the admin allows no raise at all', () => {
    const result = computed(assessment({ businessImplications: ['Security'] }), settingsWith({ maxRaise: 0 }));
    expect(result.level).toBe('P2');
    expect(result.summary).toBe('P2 from matrix; not raised, modifiers are limited to 0 levels: security implication');
  });

  it('maps levels to the configured Jira priority names', () => {
    const settings = {
      ...defaultPrioritySettings(),
      priorityMapping: { P1: 'Blocker', P2: 'Critical', P3: 'Major', P4: 'Minor', P5: 'Minor' },
    };
    expect(computed(assessment({ impact: 'Low', urgency: 'Low' }), settings).jiraPriorityName).toBe('Minor');
    expect(computed(assessment({ impact: 'High', urgency: 'High' }), settings).jiraPriorityName).toBe('Blocker');
  });

  it('refuses bad input naming the field', () => {
    expect(computePriority(assessment({ impact: 'Severe' }), defaultPrioritySettings())).toMatchObject({
      ok: false,
      problem: { field: 'impact' },
    });
    expect(computePriority(assessment({ urgency: null }), defaultPrioritySettings())).toMatchObject({
      ok: false,
      problem: { field: 'urgency' },
    });
    expect(computePriority(assessment({ affectedUsers: -3 }), defaultPrioritySettings())).toMatchObject({
      ok: false,
      problem: { field: 'affectedUsers', message: expect.stringContaining('-3') },
    });
    expect(computePriority(assessment({ affectedUsers: 2.5 }), defaultPrioritySettings())).toMatchObject({
      ok: false,
      problem: { field: 'affectedUsers' },
    });
  });

  it('works on a 5×5 matrix with its own level names', () => {
    const settings = defaultPrioritySettings(5);
    expect(computed(assessment({ impact: 'Critical', urgency: 'Minimal' }), settings).matrixLevel).toBe('P3');
    expect(computePriority(assessment({ impact: 'Severe' }), settings)).toMatchObject({ ok: false, problem: { field: 'impact' } });
  });
});

describe('modifier properties', () => {
  const levels = fc.constantFrom('P1', 'P2', 'P3', 'P4', 'P5' as const);
  const modifierSettings = fc.record({
    affectedUsers: fc.constant(
      [
        { atLeast: 100, raiseBy: 1 },
        { atLeast: 1000, raiseBy: 2 },
      ].map((threshold) => ({ ...threshold })),
    ),
    implications: fc.record({ Security: fc.nat(4), Financial: fc.nat(4), Compliance: fc.nat(4), 'SLA at risk': fc.nat(4) }),
    maxRaise: fc.nat(4),
  });
  const inputs = fc.record({ affectedUsers: fc.option(fc.nat(5000)), businessImplications: fc.subarray([...BUSINESS_IMPLICATIONS]) });

  it('never lowers the level, never raises above the cap, and stops at P1', () => {
    fc.assert(
      fc.property(levels, inputs, modifierSettings, (level, input, settings) => {
        const result = applyModifiers(level, input, settings);
        const raised = levelRank(level) - levelRank(result.level);
        expect(raised).toBe(result.raisedBy);
        expect(raised).toBeGreaterThanOrEqual(0);
        expect(raised).toBeLessThanOrEqual(settings.maxRaise);
        const requested = result.applied.reduce((sum, modifier) => sum + modifier.raiseBy, 0);
        expect(raised).toBe(Math.min(requested, settings.maxRaise, levelRank(level)));
      }),
    );
  });

  it('a modifier raises by at most one level under the default settings', () => {
    fc.assert(
      fc.property(fc.constantFrom('High', 'Medium', 'Low'), fc.constantFrom('High', 'Medium', 'Low'), inputs, (impact, urgency, input) => {
        const result = computed({ impact, urgency, ...input });
        expect(levelRank(result.matrixLevel) - levelRank(result.level)).toBeLessThanOrEqual(1);
        expect(result.summary.startsWith(`${result.matrixLevel} from matrix`)).toBe(true);
      }),
    );
  });

  it('formats counts with thousands separators', () => {
    expect([formatCount(0), formatCount(999), formatCount(1000), formatCount(1234567)]).toEqual(['0', '999', '1,000', '1,234,567']);
  });
});

describe('the incident-level decisions', () => {
  const settings = defaultPrioritySettings();

  it('writes the computed priority when the incident carries another', () => {
    expect(decideAutomaticPriority(anIncident({ priority: { id: '3', name: 'Medium' } }), settings)).toMatchObject({
      action: 'write',
      computed: { jiraPriorityName: 'High' },
    });
  });

  it('does nothing when the priority already matches', () => {
    expect(decideAutomaticPriority(anIncident({ priority: { id: '2', name: 'High' } }), settings).action).toBe('none');
  });

  it('keeps a hand-set priority that has an override reason', () => {
    const incident = anIncident({ priority: { id: '5', name: 'Lowest' }, priorityOverrideReason: '  Customer agreed to wait  ' });
    expect(decideAutomaticPriority(incident, settings)).toEqual({ action: 'keepOverride', overrideReason: 'Customer agreed to wait' });
    expect(decideAutomaticPriority({ ...incident, priorityOverrideReason: '   ' }, settings).action).toBe('write');
  });

  it('skips non-incidents, closed incidents and incomplete assessments', () => {
    expect(decideAutomaticPriority(anIncident({ workType: 'problem', issueTypeName: 'Problem' }), settings)).toEqual({
      action: 'skip',
      why: 'notIncident',
    });
    expect(decideAutomaticPriority(anIncident({ status: { id: '9', name: 'Closed', categoryKey: 'done' } }), settings)).toEqual({
      action: 'skip',
      why: 'closed',
    });
    expect(decideAutomaticPriority(anIncident({ urgency: null }), settings)).toMatchObject({
      action: 'skip',
      why: 'incompleteAssessment',
      field: 'urgency',
    });
  });

  it('reads a Jira priority back to the first level mapped to it', () => {
    const shared = { ...settings, priorityMapping: { P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low', P5: 'Low' } };
    expect(levelOfJiraPriority('Low', shared)).toBe('P4');
    expect(levelOfJiraPriority('Unknown', shared)).toBeNull();
  });

  it('ranks by the priority the incident carries (a hand-set one counts), else the computed one', () => {
    expect(effectiveLevel(anIncident({ priority: { id: '5', name: 'Lowest' } }), null, settings)).toBe('P5');
    const entry = rankEntryOf(anIncident({ priority: null, affectedUsers: 12, impactStartedAt: '2026-11-26T09:00:00.000+0000' }), settings);
    expect(entry).toEqual({
      key: 'INC-1',
      projectKey: 'INC',
      priorityLevel: 'P2',
      slaDueAt: '2026-11-26T17:00:00.000Z',
      affectedUsers: 12,
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(rankEntryOf(anIncident({ impact: null }), settings)).toMatchObject({ priorityLevel: null, slaDueAt: null });
  });
});
