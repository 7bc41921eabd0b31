import { useState } from 'react';
import Button from '@atlaskit/button/new';
import SectionMessage from '@atlaskit/section-message';
import { Text } from '@atlaskit/primitives/compiled/text';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import Textfield from '@atlaskit/textfield';
import type { ApplyPriorityPayload, PriorityPanelView } from '../../../src/contracts/priority-panel-types';
import type { ResolverError } from '../../../src/contracts/resolver-result-types';
import { Checkbox, Field, Select } from '../../shared/form';

type Implication = PriorityPanelView['options']['businessImplications'][number];

export interface AssessmentDraft {
  impact: string;
  urgency: string;
  affectedUsers: string;
  businessImplications: Implication[];
  overriding: boolean;
  overridePriority: string;
  overrideReason: string;
}

export function draftOf(view: PriorityPanelView): AssessmentDraft {
  return {
    impact: view.assessment.impact ?? '',
    urgency: view.assessment.urgency ?? '',
    affectedUsers: view.assessment.affectedUsers === null ? '' : String(view.assessment.affectedUsers),
    businessImplications: [...view.assessment.businessImplications],
    overriding: view.override !== null,
    overridePriority: view.override?.currentPriorityName ?? '',
    overrideReason: view.override?.reason ?? '',
  };
}

/** The payload for Apply, or the field the person must fix first (checked again by the resolver). */
export function payloadOf(draft: AssessmentDraft): { payload: ApplyPriorityPayload } | { field: string; message: string } {
  if (!draft.impact) return { field: 'assessment.impact', message: 'Choose an impact.' };
  if (!draft.urgency) return { field: 'assessment.urgency', message: 'Choose an urgency.' };
  const usersText = draft.affectedUsers.trim();
  const affectedUsers = usersText === '' ? null : Number(usersText);
  if (affectedUsers !== null && (!Number.isInteger(affectedUsers) || affectedUsers < 0)) {
    return { field: 'assessment.affectedUsers', message: 'Enter a whole number of users, 0 or more, or leave it empty.' };
  }
  const assessment = { impact: draft.impact, urgency: draft.urgency, affectedUsers, businessImplications: draft.businessImplications };
  if (!draft.overriding) return { payload: { assessment, override: null } };
  if (!draft.overridePriority) return { field: 'override.jiraPriorityName', message: 'Choose the priority to set instead.' };
  if (!draft.overrideReason.trim()) return { field: 'override.reason', message: 'Say why the computed priority does not fit.' };
  return { payload: { assessment, override: { jiraPriorityName: draft.overridePriority, reason: draft.overrideReason.trim() } } };
}

const options = (values: readonly string[]) => values.map((value) => ({ value, label: value }));

/**
 * The matrix levels, plus the incident's current value when it is none of them (an option left
 * from a larger matrix): a native select would otherwise show the first level while holding the
 * other value, and Apply would send what the person does not see.
 */
const levelOptions = (levels: readonly string[], current: string) =>
  current === '' || levels.includes(current)
    ? options(levels)
    : [...options(levels), { value: current, label: `${current} (not in the matrix)` }];

/** Applying the stored assessment as it is, without an override: what "Use the computed priority" sends. */
export function computedPayloadOf(view: PriorityPanelView): ApplyPriorityPayload | null {
  const { impact, urgency, affectedUsers, businessImplications } = view.assessment;
  if (impact === null || urgency === null) return null;
  return { assessment: { impact, urgency, affectedUsers, businessImplications }, override: null };
}

export function AssessmentForm({
  view,
  pending,
  error,
  onApply,
}: {
  view: PriorityPanelView;
  pending: boolean;
  /** The last Apply's failure, when it names a field of this form. */
  error: ResolverError | null;
  onApply: (payload: ApplyPriorityPayload) => void;
}) {
  const [draft, setDraft] = useState<AssessmentDraft>(() => draftOf(view));
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const disabled = !view.canEdit || pending;
  const fieldError = (field: string) => (problem?.field === field ? problem.message : error?.field === field ? error.message : undefined);
  const update = (change: Partial<AssessmentDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setProblem(null);
  };

  const drift = view.drift;
  const useComputed = computedPayloadOf(view);

  return (
    <Stack space="space.150">
      {drift ? (
        <div data-testid="priority-drift">
          <SectionMessage appearance="warning" title="The priority is out of step with the assessment">
            <Stack space="space.100">
              <Text>{drift.message}</Text>
              {view.canEdit ? (
                <Inline space="space.100" shouldWrap>
                  {useComputed ? (
                    <Button appearance="primary" isLoading={pending} isDisabled={pending} onClick={() => onApply(useComputed)}>
                      {`Use ${drift.computedPriorityName}`}
                    </Button>
                  ) : null}
                  {drift.currentPriorityName !== null ? (
                    <Button
                      isDisabled={pending}
                      onClick={() => {
                        update({ overriding: true, overridePriority: drift.currentPriorityName ?? '' });
                        // The reason field appears with this render; focus it once it is there.
                        requestAnimationFrame(() => document.getElementById('override-reason')?.focus());
                      }}
                    >
                      {`Keep ${drift.currentPriorityName} and give a reason`}
                    </Button>
                  ) : null}
                </Inline>
              ) : (
                <Text color="color.text.subtle">Someone who can edit this incident can apply the computed priority or give a reason.</Text>
              )}
            </Stack>
          </SectionMessage>
        </div>
      ) : null}
      <form
        aria-label="Priority assessment"
        onSubmit={(event) => {
          event.preventDefault();
          const outcome = payloadOf(draft);
          if ('payload' in outcome) onApply(outcome.payload);
          else setProblem(outcome);
        }}
      >
        <Stack space="space.150">
          <Inline space="space.200" shouldWrap>
            <Field id="impact" label="Impact" error={fieldError('assessment.impact')}>
              <Select
                id="impact"
                value={draft.impact}
                placeholder="Choose…"
                options={levelOptions(view.options.impactLevels, draft.impact)}
                onChange={(impact) => update({ impact })}
                disabled={disabled}
                invalid={Boolean(fieldError('assessment.impact'))}
              />
            </Field>
            <Field id="urgency" label="Urgency" error={fieldError('assessment.urgency')}>
              <Select
                id="urgency"
                value={draft.urgency}
                placeholder="Choose…"
                options={levelOptions(view.options.urgencyLevels, draft.urgency)}
                onChange={(urgency) => update({ urgency })}
                disabled={disabled}
                invalid={Boolean(fieldError('assessment.urgency'))}
              />
            </Field>
            <Field id="affected-users" label="Affected users" hint="Leave empty if unknown" error={fieldError('assessment.affectedUsers')}>
              <Textfield
                id="affected-users"
                inputMode="numeric"
                width="small"
                value={draft.affectedUsers}
                isDisabled={disabled}
                isInvalid={Boolean(fieldError('assessment.affectedUsers'))}
                onChange={(event) => update({ affectedUsers: event.currentTarget.value })}
              />
            </Field>
          </Inline>
          <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
            <legend style={{ fontWeight: 600, padding: 0, marginBottom: '4px' }}>Business implications</legend>
            <Inline space="space.200" shouldWrap>
              {view.options.businessImplications.map((implication) => (
                <Checkbox
                  key={implication}
                  id={`implication-${implication}`}
                  label={implication}
                  checked={draft.businessImplications.includes(implication)}
                  disabled={disabled}
                  onChange={(checked) =>
                    update({
                      businessImplications: checked
                        ? [...draft.businessImplications, implication]
                        : draft.businessImplications.filter((value) => value !== implication),
                    })
                  }
                />
              ))}
            </Inline>
          </fieldset>
          <Checkbox
            id="override"
            label="Set a different priority by hand"
            checked={draft.overriding}
            disabled={disabled}
            onChange={(overriding) => update({ overriding })}
          />
          {draft.overriding ? (
            <Inline space="space.200" shouldWrap>
              <Field id="override-priority" label="Priority to set" error={fieldError('override.jiraPriorityName')}>
                <Select
                  id="override-priority"
                  value={draft.overridePriority}
                  placeholder="Choose…"
                  options={options(view.options.jiraPriorityNames)}
                  onChange={(overridePriority) => update({ overridePriority })}
                  disabled={disabled}
                />
              </Field>
              <Field id="override-reason" label="Reason" error={fieldError('override.reason')}>
                <Textfield
                  id="override-reason"
                  value={draft.overrideReason}
                  maxLength={255}
                  isDisabled={disabled}
                  onChange={(event) => update({ overrideReason: event.currentTarget.value })}
                />
              </Field>
            </Inline>
          ) : null}
          <Inline space="space.100">
            <Button type="submit" appearance="primary" isDisabled={!view.canEdit} isLoading={pending}>
              Apply
            </Button>
          </Inline>
        </Stack>
      </form>
    </Stack>
  );
}
