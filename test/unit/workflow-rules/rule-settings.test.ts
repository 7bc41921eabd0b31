import { defaultWorkflowRuleSettings, parseWorkflowRuleSettings } from '../../../src/domain/workflow-rules/rule-settings';

describe('workflow rule settings', () => {
  it('accepts the defaults', () => {
    expect(parseWorkflowRuleSettings(defaultWorkflowRuleSettings())).toEqual({ ok: true, settings: defaultWorkflowRuleSettings() });
  });

  it('trims names as admins type them', () => {
    const settings = defaultWorkflowRuleSettings();
    const parsed = parseWorkflowRuleSettings({
      ...settings,
      closure: { ...settings.closure, serviceDeskGroups: ['  service-desk-team '] },
    });
    expect(parsed.ok && parsed.settings.closure.serviceDeskGroups).toEqual(['service-desk-team']);
  });

  const defaults = defaultWorkflowRuleSettings();
  it.each<[string, unknown, string, string]>([
    ['not an object', 'x', '(root)', 'Invalid input: expected object, received string'],
    ['another version', { ...defaults, version: 2 }, 'version', 'expected settings version 1'],
    [
      'no service desk group',
      { ...defaults, closure: { ...defaults.closure, serviceDeskGroups: [] } },
      'closure.serviceDeskGroups',
      'expected at least one name',
    ],
    [
      'a blank status name',
      { ...defaults, escalation: { ...defaults.escalation, escalationStatusNames: [' '] } },
      'escalation.escalationStatusNames.0',
      'expected a non-empty name',
    ],
    [
      'one tier only',
      { ...defaults, escalation: { ...defaults.escalation, tiers: ['Tier 1'] } },
      'escalation.tiers',
      'expected at least two tiers',
    ],
    [
      'a repeated tier',
      { ...defaults, escalation: { ...defaults.escalation, tiers: ['Tier 1', 'tier 1'] } },
      'escalation.tiers.1',
      'expected each tier once, "tier 1" repeats',
    ],
    [
      'a threshold outside the priorities',
      { ...defaults, closure: { ...defaults.closure, postmortemAtOrAbove: 'Blocker' } },
      'closure.postmortemAtOrAbove',
      'expected one of the priorities in priorityOrder, got "Blocker"',
    ],
    [
      'an unknown triage field',
      { ...defaults, triage: { ...defaults.triage, requiredFields: ['impact', 'colour'] } },
      'triage.requiredFields.1',
      'Invalid option: expected one of "impact"|"urgency"|"category"',
    ],
    [
      'a reason field that is not a custom field',
      { ...defaults, escalation: { ...defaults.escalation, tierSkipReasonFieldId: 'summary' } },
      'escalation.tierSkipReasonFieldId',
      'expected a custom field id like customfield_10070',
    ],
  ])('refuses %s, naming the field', (_name, value, field, message) => {
    expect(parseWorkflowRuleSettings(value)).toEqual({ ok: false, field, message });
  });
});
