import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { TRIAGE_FIELD_KEYS, type ValidatorSettingsView, type WorkflowRuleSettings } from '../../../src/contracts/validator-settings-types';
import { Checkbox, describedByOf, Field, linesFromText, namesFromText, problemAt, Select, TextArea } from '../../shared/form';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import type { AdminApi } from './api';
import { ReadOnlySection } from './read-only-section';
import { SettingsSection } from './settings-section';

const NEVER = '';
const TRIAGE_FIELDS = TRIAGE_FIELD_KEYS;
type TriageField = (typeof TRIAGE_FIELDS)[number];
const TRIAGE_FIELD_LABELS: Record<TriageField, string> = { impact: 'Impact', urgency: 'Urgency', category: 'Incident category' };

/**
 * A list input; the typed text is kept as typed until saved. Names (statuses, groups, issue types)
 * are comma-separated; phrases, which may contain commas, go one per line.
 */
function NamesField({
  id,
  label,
  names,
  onChange,
  error,
  perLine = false,
  hint,
}: {
  id: string;
  label: string;
  names: string[];
  onChange: (names: string[]) => void;
  error: string | undefined;
  perLine?: boolean;
  hint?: string;
}) {
  const [text, setText] = useState(names.join(perLine ? '\n' : ', '));
  const shownHint = hint ?? (perLine ? 'One per line' : 'Separate names with commas');
  const describedBy = describedByOf(id, { hint: shownHint, error });
  const update = (value: string) => {
    setText(value);
    onChange(perLine ? linesFromText(value) : namesFromText(value));
  };
  return (
    <Field id={id} label={label} hint={shownHint} error={error}>
      {perLine ? (
        <TextArea id={id} value={text} invalid={error !== undefined} describedBy={describedBy} onChange={update} />
      ) : (
        <Textfield
          id={id}
          value={text}
          isInvalid={error !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => update(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** "Never", each priority, and a stored value that is no longer in the list (so the select shows it rather than a wrong one). */
function thresholdOptions(priorityOrder: string[], current: string | null) {
  const options = [{ value: NEVER, label: 'Never' }, ...priorityOrder.map((name) => ({ value: name, label: `${name} and above` }))];
  if (current !== null && !priorityOrder.includes(current))
    options.push({ value: current, label: `${current} (not in the priority list)` });
  return options;
}

function ThresholdField({
  id,
  label,
  value,
  priorityOrder,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: string | null;
  priorityOrder: string[];
  error: string | undefined;
  onChange: (value: string | null) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Select
        id={id}
        value={value ?? NEVER}
        options={thresholdOptions(priorityOrder, value)}
        invalid={error !== undefined}
        describedBy={describedByOf(id, { error })}
        onChange={(chosen) => onChange(chosen === NEVER ? null : chosen)}
      />
    </Field>
  );
}

/** While the groups are the ones read, the ones this site lacks: their members cannot exist, so nobody in them can close. */
function missingGroupsMessage(view: ValidatorSettingsView, draft: WorkflowRuleSettings): string | undefined {
  const missing = view.unknownClosureGroups ?? [];
  if (missing.length === 0 || draft.closure.serviceDeskGroups.join('\n') !== view.settings.closure.serviceDeskGroups.join('\n'))
    return undefined;
  const names = missing.map((name) => `"${name}"`).join(', ');
  const everyone = missing.length === view.settings.closure.serviceDeskGroups.length;
  return `This site has no group named ${names}${everyone ? ', so nobody can close an incident' : ''}. Enter the group of the people who close incidents.`;
}

/** The outcome line lives in the section: saving replaces the view, which remounts this editor with the saved values. */
function Editor({
  view,
  api,
  onSaved,
  setOutcome,
}: {
  view: ValidatorSettingsView;
  api: AdminApi;
  onSaved: (view: ValidatorSettingsView) => void;
  setOutcome: (message: string | null) => void;
}) {
  const [draft, setDraft] = useState<WorkflowRuleSettings>(view.settings);
  const [tierSkipText, setTierSkipText] = useState(view.settings.escalation.tierSkipReasonFieldId ?? '');
  const save = useResolverAction(api.saveValidatorSettings);
  const reset = useResolverAction(api.resetValidatorSettings);
  const failure = save.state.status === 'failed' ? save.state.error : reset.state.status === 'failed' ? reset.state.error : null;
  const errorAt = (path: string) => problemAt(failure, `settings.${path}`);
  const requiredFieldsError = errorAt('triage.requiredFields');
  const tierSkipError = errorAt('escalation.tierSkipReasonFieldId');
  const tierSkipHint =
    'A text custom field id such as customfield_10070; leave empty to take the reason only from a comment on the transition screen';

  return (
    <Stack space="space.150">
      {view.storedProblem ? (
        <Text color="color.text.warning">{`The stored settings cannot be read (${view.storedProblem.field}: ${view.storedProblem.message}); the defaults are shown. Save or reset to fix them.`}</Text>
      ) : null}
      <NamesField
        id="priority-order"
        label="Jira priorities, most urgent first"
        names={draft.priorityOrder}
        error={errorAt('priorityOrder')}
        onChange={(priorityOrder) => setDraft({ ...draft, priorityOrder })}
      />

      <Heading size="xsmall" as="h3">
        Triage complete
      </Heading>
      <Checkbox
        id="triage-enabled"
        label="Check on leaving triage"
        checked={draft.triage.enabled}
        onChange={(enabled) => setDraft({ ...draft, triage: { ...draft.triage, enabled } })}
      />
      <fieldset
        style={{ border: 'none', margin: 0, padding: 0 }}
        aria-describedby={requiredFieldsError ? 'triage-required-error' : undefined}
      >
        <legend style={{ fontWeight: 600, padding: 0, marginBottom: '4px' }}>Fields required before leaving triage</legend>
        <Inline space="space.200" shouldWrap>
          {TRIAGE_FIELDS.map((key) => (
            <Checkbox
              key={key}
              id={`triage-required-${key}`}
              label={TRIAGE_FIELD_LABELS[key]}
              checked={draft.triage.requiredFields.includes(key)}
              onChange={(checked) => {
                const chosen = new Set(draft.triage.requiredFields);
                if (checked) chosen.add(key);
                else chosen.delete(key);
                // Catalog order, whatever order they were ticked in.
                setDraft({ ...draft, triage: { ...draft.triage, requiredFields: TRIAGE_FIELDS.filter((field) => chosen.has(field)) } });
              }}
            />
          ))}
        </Inline>
        {requiredFieldsError ? (
          <Text size="small" color="color.text.danger" id="triage-required-error">
            {requiredFieldsError}
          </Text>
        ) : null}
      </fieldset>
      <Checkbox
        id="triage-matrix"
        label="Priority must match the matrix unless an override reason is given"
        checked={draft.triage.requireMatrixPriority}
        onChange={(requireMatrixPriority) => setDraft({ ...draft, triage: { ...draft.triage, requireMatrixPriority } })}
      />

      <Heading size="xsmall" as="h3">
        Escalation ready
      </Heading>
      <Checkbox
        id="escalation-enabled"
        label="Check on escalating"
        checked={draft.escalation.enabled}
        onChange={(enabled) => setDraft({ ...draft, escalation: { ...draft.escalation, enabled } })}
      />
      <NamesField
        id="escalation-statuses"
        label="Escalation statuses"
        names={draft.escalation.escalationStatusNames}
        error={errorAt('escalation.escalationStatusNames')}
        onChange={(escalationStatusNames) => setDraft({ ...draft, escalation: { ...draft.escalation, escalationStatusNames } })}
      />
      <NamesField
        id="escalation-tiers"
        label="Tiers, first line upwards"
        names={draft.escalation.tiers}
        error={errorAt('escalation.tiers')}
        onChange={(tiers) => setDraft({ ...draft, escalation: { ...draft.escalation, tiers } })}
      />
      <Field id="tier-skip-field" label="Field for the reason to skip a tier (optional)" hint={tierSkipHint} error={tierSkipError}>
        <Textfield
          id="tier-skip-field"
          value={tierSkipText}
          isInvalid={tierSkipError !== undefined}
          aria-describedby={describedByOf('tier-skip-field', { hint: tierSkipHint, error: tierSkipError })}
          onChange={(event) => {
            const text = event.currentTarget.value;
            setTierSkipText(text);
            setDraft({ ...draft, escalation: { ...draft.escalation, tierSkipReasonFieldId: text.trim() === '' ? null : text.trim() } });
          }}
        />
      </Field>

      <Heading size="xsmall" as="h3">
        Resolution ready
      </Heading>
      <Checkbox
        id="resolution-enabled"
        label="Check on resolving"
        checked={draft.resolution.enabled}
        onChange={(enabled) => setDraft({ ...draft, resolution: { ...draft.resolution, enabled } })}
      />
      <ThresholdField
        id="root-cause-threshold"
        label="Root cause or linked Problem required for"
        value={draft.resolution.rootCauseAtOrAbove}
        priorityOrder={draft.priorityOrder}
        error={errorAt('resolution.rootCauseAtOrAbove')}
        onChange={(rootCauseAtOrAbove) => setDraft({ ...draft, resolution: { ...draft.resolution, rootCauseAtOrAbove } })}
      />
      <NamesField
        id="problem-issue-types"
        label="Issue types that count as a Problem when linked"
        names={draft.resolution.problemIssueTypeNames}
        error={errorAt('resolution.problemIssueTypeNames')}
        onChange={(problemIssueTypeNames) => setDraft({ ...draft, resolution: { ...draft.resolution, problemIssueTypeNames } })}
      />

      <Heading size="xsmall" as="h3">
        Closure
      </Heading>
      <Checkbox
        id="closure-enabled"
        label="Check on closing"
        checked={draft.closure.enabled}
        onChange={(enabled) => setDraft({ ...draft, closure: { ...draft.closure, enabled } })}
      />
      <NamesField
        id="closure-statuses"
        label="Closed statuses"
        names={draft.closure.closedStatusNames}
        error={errorAt('closure.closedStatusNames')}
        onChange={(closedStatusNames) => setDraft({ ...draft, closure: { ...draft.closure, closedStatusNames } })}
      />
      <NamesField
        id="closure-groups"
        label="Groups allowed to close incidents"
        names={draft.closure.serviceDeskGroups}
        error={errorAt('closure.serviceDeskGroups') ?? missingGroupsMessage(view, draft)}
        onChange={(serviceDeskGroups) => setDraft({ ...draft, closure: { ...draft.closure, serviceDeskGroups } })}
      />
      <NamesField
        id="closure-phrases"
        label="Reporter confirmation phrases"
        perLine
        hint="One per line; the reporter's comment must contain one of them (any case). Leave empty to accept any comment by the reporter after resolution."
        names={draft.closure.confirmationPhrases}
        error={errorAt('closure.confirmationPhrases')}
        onChange={(confirmationPhrases) => setDraft({ ...draft, closure: { ...draft.closure, confirmationPhrases } })}
      />
      <ThresholdField
        id="postmortem-threshold"
        label="Linked postmortem page required for"
        value={draft.closure.postmortemAtOrAbove}
        priorityOrder={draft.priorityOrder}
        error={errorAt('closure.postmortemAtOrAbove')}
        onChange={(postmortemAtOrAbove) => setDraft({ ...draft, closure: { ...draft.closure, postmortemAtOrAbove } })}
      />
      <Checkbox
        id="closure-action-item-owners"
        label="Every action item of a P1/P2 incident needs an owner and a due date"
        checked={draft.closure.requireActionItemOwners}
        onChange={(requireActionItemOwners) => setDraft({ ...draft, closure: { ...draft.closure, requireActionItemOwners } })}
      />
      <Text size="small" color="color.text.subtlest">
        {`P1/P2: ${draft.priorityOrder.slice(0, 2).join(' and ')}, the two most urgent priorities above. Action items are the issues linked to the incident other than incidents and Problems; each needs an assignee and a due date before the incident can close. Off by default, so follow-ups linked before this was switched on do not block closing.`}
      </Text>

      <Inline space="space.100">
        <Button
          appearance="primary"
          isLoading={save.state.status === 'pending'}
          onClick={async () => {
            setOutcome(null);
            const result = await save.run(draft);
            if (result?.success) {
              onSaved(result.data);
              setOutcome('Validator settings saved.');
            }
          }}
        >
          Save validator settings
        </Button>
        <Button
          isLoading={reset.state.status === 'pending'}
          onClick={async () => {
            setOutcome(null);
            const result = await reset.run();
            if (result?.success) {
              onSaved(result.data);
              setOutcome('Validator settings reset to the defaults.');
            }
          }}
        >
          Reset validators to defaults
        </Button>
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
    </Stack>
  );
}

export function ValidatorSettingsSection({ api, readOnly = false }: { api: AdminApi; readOnly?: boolean }) {
  if (readOnly)
    return (
      <ReadOnlySection
        title="Workflow validators"
        summary="The checks on triage, escalation, resolution and closure, and who may close incidents."
        testId="validator-settings-section"
      />
    );
  return <EditableValidatorSettings api={api} />;
}

function EditableValidatorSettings({ api }: { api: AdminApi }) {
  return (
    <SettingsSection
      title="Workflow validators"
      name="validator-settings"
      load={() => api.validatorSettings()}
      loadingLabel="Loading validator settings"
      emptyTitle="No validator settings"
      forbiddenMessage="Only Jira administrators can change the workflow validators"
      editorKey={(view) => JSON.stringify(view.settings)}
      editor={(props) => <Editor {...props} api={api} />}
    />
  );
}
