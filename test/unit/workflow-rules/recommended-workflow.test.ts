import { RECOMMENDED_STATUSES, RECOMMENDED_TRANSITIONS } from '../../../src/domain/workflow-rules/recommended-workflow';
import { defaultWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';
import { VALIDATOR_MODULES } from '../../../src/domain/workflow-rules/validator-modules';

const statusNames = RECOMMENDED_STATUSES.map((status) => status.name);
const categoryOf = (name: string) => RECOMMENDED_STATUSES.find((status) => status.name === name)?.categoryKey;

describe('recommended Incident workflow', () => {
  it('only uses statuses it defines', () => {
    for (const transition of RECOMMENDED_TRANSITIONS) {
      expect(statusNames).toEqual(expect.arrayContaining([...transition.from, transition.to]));
    }
  });

  it('starts in a To Do status and has Done statuses to resolve and close into', () => {
    expect(categoryOf(RECOMMENDED_TRANSITIONS.find((transition) => transition.from.length === 0)!.to)).toBe('new');
    expect(categoryOf('Resolved')).toBe('done');
    expect(categoryOf('Closed')).toBe('done');
  });

  it('matches the default rule settings, so the defaults work on it', () => {
    const settings = defaultWorkflowRuleSettings();
    expect(statusNames).toEqual(
      expect.arrayContaining([...settings.escalation.escalationStatusNames, ...settings.closure.closedStatusNames]),
    );
  });

  it('puts each validator on the transitions its rule is about', () => {
    const settings = defaultWorkflowRuleSettings();
    for (const transition of RECOMMENDED_TRANSITIONS) {
      const leavesToDo = transition.from.some((from) => categoryOf(from) === 'new') && categoryOf(transition.to) !== 'new';
      expect(transition.validators.includes('triage-complete')).toBe(leavesToDo);
      expect(transition.validators.includes('escalation-ready')).toBe(settings.escalation.escalationStatusNames.includes(transition.to));
      const resolves = categoryOf(transition.to) === 'done' && transition.from.some((from) => categoryOf(from) !== 'done');
      expect(transition.validators.includes('resolution-ready')).toBe(resolves);
      expect(transition.validators.includes('closure')).toBe(settings.closure.closedStatusNames.includes(transition.to));
    }
  });

  it('names only validator modules the app declares, and uses each', () => {
    const used = new Set(RECOMMENDED_TRANSITIONS.flatMap((transition) => transition.validators));
    expect([...used].sort()).toEqual(VALIDATOR_MODULES.map((module) => module.moduleKey).sort());
  });

  it('lets a closed incident be reopened', () => {
    expect(RECOMMENDED_TRANSITIONS.some((transition) => transition.from.includes('Closed') && categoryOf(transition.to) !== 'done')).toBe(
      true,
    );
  });
});
