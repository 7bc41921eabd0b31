import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import type { ValidatorSettingsView, WorkflowRuleSettings } from '../../../src/contracts/validator-settings';
import { Checkbox, Field, namesFromText, Select } from '../../shared/form';
import { ActionError, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import type { AdminApi } from './api';

const NEVER = '';

/** A comma-separated list input; the typed text is kept as typed until saved. */
function NamesField({ id, label, names, onChange }: { id: string; label: string; names: string[]; onChange: (names: string[]) => void }) {
  const [text, setText] = useState(names.join(', '));
  return (
    <Field id={id} label={label} hint="Separate names with commas">
      <Textfield
        id={id}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          onChange(namesFromText(event.currentTarget.value));
        }}
      />
    </Field>
  );
}

/** The outcome line lives in the section: saving replaces the view, which remounts this editor with the saved values. */
function Editor({ view, api, onSaved, setOutcome }: { view: ValidatorSettingsView; api: AdminApi; onSaved: (view: ValidatorSettingsView) => void; setOutcome: (message: string | null) => void }) {
  const [draft, setDraft] = useState<WorkflowRuleSettings>(view.settings);
  const save = useResolverAction(api.saveValidatorSettings);
  const reset = useResolverAction(api.resetValidatorSettings);
  const failure = save.state.status === 'failed' ? save.state.error : reset.state.status === 'failed' ? reset.state.error : null;
  const thresholdOptions = [{ value: NEVER, label: 'Never' }, ...draft.priorityOrder.map((name) => ({ value: name, label: `${name} and above` }))];

  return (
    <Stack space="space.150">
      {view.storedProblem ? (
        <Text color="color.text.warning">{`The stored settings cannot be read (${view.storedProblem.field}: ${view.storedProblem.message}); the defaults are shown. Save or reset to fix them.`}</Text>
      ) : null}
      <NamesField id="priority-order" label="Jira priorities, most urgent first" names={draft.priorityOrder} onChange={(priorityOrder) => setDraft({ ...draft, priorityOrder })} />

      <Heading size="xsmall" as="h3">
        Triage complete
      </Heading>
      <Checkbox id="triage-enabled" label="Check on leaving triage" checked={draft.triage.enabled} onChange={(enabled) => setDraft({ ...draft, triage: { ...draft.triage, enabled } })} />
      <Checkbox
        id="triage-matrix"
        label="Priority must match the matrix unless an override reason is given"
        checked={draft.triage.requireMatrixPriority}
        onChange={(requireMatrixPriority) => setDraft({ ...draft, triage: { ...draft.triage, requireMatrixPriority } })}
      />

      <Heading size="xsmall" as="h3">
        Escalation ready
      </Heading>
      <Checkbox id="escalation-enabled" label="Check on escalating" checked={draft.escalation.enabled} onChange={(enabled) => setDraft({ ...draft, escalation: { ...draft.escalation, enabled } })} />
      <NamesField id="escalation-statuses" label="Escalation statuses" names={draft.escalation.escalationStatusNames} onChange={(escalationStatusNames) => setDraft({ ...draft, escalation: { ...draft.escalation, escalationStatusNames } })} />
      <NamesField id="escalation-tiers" label="Tiers, first line upwards" names={draft.escalation.tiers} onChange={(tiers) => setDraft({ ...draft, escalation: { ...draft.escalation, tiers } })} />

      <Heading size="xsmall" as="h3">
        Resolution ready
      </Heading>
      <Checkbox id="resolution-enabled" label="Check on resolving" checked={draft.resolution.enabled} onChange={(enabled) => setDraft({ ...draft, resolution: { ...draft.resolution, enabled } })} />
      <Field id="root-cause-threshold" label="Root cause or linked Problem required for">
        <Select
          id="root-cause-threshold"
          value={draft.resolution.rootCauseAtOrAbove ?? NEVER}
          options={thresholdOptions}
          onChange={(value) => setDraft({ ...draft, resolution: { ...draft.resolution, rootCauseAtOrAbove: value === NEVER ? null : value } })}
        />
      </Field>

      <Heading size="xsmall" as="h3">
        Closure
      </Heading>
      <Checkbox id="closure-enabled" label="Check on closing" checked={draft.closure.enabled} onChange={(enabled) => setDraft({ ...draft, closure: { ...draft.closure, enabled } })} />
      <NamesField id="closure-groups" label="Groups allowed to close incidents" names={draft.closure.serviceDeskGroups} onChange={(serviceDeskGroups) => setDraft({ ...draft, closure: { ...draft.closure, serviceDeskGroups } })} />
      <Field id="postmortem-threshold" label="Linked postmortem page required for">
        <Select
          id="postmortem-threshold"
          value={draft.closure.postmortemAtOrAbove ?? NEVER}
          options={thresholdOptions}
          onChange={(value) => setDraft({ ...draft, closure: { ...draft.closure, postmortemAtOrAbove: value === NEVER ? null : value } })}
        />
      </Field>

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

export function ValidatorSettingsSection({ api }: { api: AdminApi }) {
  const settings = useResolver(() => api.validatorSettings(), 'validator-settings');
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <Stack space="space.150" testId="validator-settings-section">
      <Heading size="small" as="h2">
        Workflow validators
      </Heading>
      <ResolverView state={settings.state} onRetry={settings.retry} loadingLabel="Loading validator settings" emptyTitle="No validator settings" forbiddenMessage="Only Jira administrators can change the workflow validators">
        {(view) => <Editor key={JSON.stringify(view.settings)} view={view} api={api} onSaved={settings.replace} setOutcome={setOutcome} />}
      </ResolverView>
      {outcome ? (
        <Box role="status" testId="validator-settings-outcome">
          <Text>{outcome}</Text>
        </Box>
      ) : null}
    </Stack>
  );
}
