import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { PrioritySettingsView } from '../../../src/contracts/priority-panel-types';
import type { PrioritySettings } from '../../../src/contracts/priority-panel-types';
import { describedByOf, Field, type FieldProblem, problemAt, Select } from '../../shared/form';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import type { AdminApi, MatrixSize } from './api';
import { type ModifiersDraft, ModifiersEditor, modifiersDraftOf, modifiersFromDraft } from './modifiers-section';
import { ReadOnlySection } from './read-only-section';
import { SettingsSection } from './settings-section';

const LEVELS = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
type Level = (typeof LEVELS)[number];
const LEVEL_OPTIONS = LEVELS.map((level) => ({ value: level, label: level }));
const cellStyle = { border: `1px solid ${token('color.border', '#091E4224')}`, padding: '4px 8px', textAlign: 'left' as const };

function isLevel(value: string): value is Level {
  return LEVELS.some((level) => level === value);
}

/** The matrix as a grid of selects: rows are impact, columns urgency, most severe first. */
function MatrixEditor({
  settings,
  onChange,
  problem,
}: {
  settings: PrioritySettings;
  onChange: (settings: PrioritySettings) => void;
  problem: FieldProblem | null;
}) {
  const { matrix } = settings;
  return (
    <table style={{ borderCollapse: 'collapse' }} aria-label="Priority matrix">
      <thead>
        <tr>
          <th style={cellStyle}>Impact \ Urgency</th>
          {matrix.urgencyLevels.map((urgency) => (
            <th key={urgency} scope="col" style={cellStyle}>
              {urgency}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {matrix.impactLevels.map((impact) => (
          <tr key={impact}>
            <th scope="row" style={cellStyle}>
              {impact}
            </th>
            {matrix.urgencyLevels.map((urgency) => (
              <td key={urgency} style={cellStyle}>
                <Select
                  id={`cell-${impact}-${urgency}`}
                  label={`${impact} impact, ${urgency} urgency`}
                  value={matrix.cells[impact]?.[urgency] ?? ''}
                  options={LEVEL_OPTIONS}
                  invalid={problemAt(problem, `settings.matrix.cells.${impact}.${urgency}`) !== undefined}
                  onChange={(value) => {
                    if (!isLevel(value)) return;
                    onChange({
                      ...settings,
                      matrix: { ...matrix, cells: { ...matrix.cells, [impact]: { ...matrix.cells[impact], [urgency]: value } } },
                    });
                  }}
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The outcome line lives in the section: saving replaces the view, which remounts this editor with the saved values. */
/** The outcome line, with what happened to the Impact and Urgency options when the matrix levels changed. */
function outcomeOf(done: string, view: PrioritySettingsView): string {
  return view.fieldOptionsNote ? `${done} ${view.fieldOptionsNote}` : done;
}

function SettingsEditor({
  view,
  api,
  onSaved,
  setSaved,
}: {
  view: PrioritySettingsView;
  api: AdminApi;
  onSaved: (view: PrioritySettingsView) => void;
  setSaved: (message: string | null) => void;
}) {
  const [draft, setDraft] = useState<PrioritySettings>(view.settings);
  const [slaText, setSlaText] = useState<Record<Level, string>>(() => {
    const text = (level: Level) => {
      const minutes = view.settings.slaTargets[level];
      return minutes === null ? '' : String(minutes);
    };
    return { P1: text('P1'), P2: text('P2'), P3: text('P3'), P4: text('P4'), P5: text('P5') };
  });
  const [modifiers, setModifiers] = useState<ModifiersDraft>(() => modifiersDraftOf(view.settings.modifiers));
  const [localProblem, setLocalProblem] = useState<Required<FieldProblem> | null>(null);
  const [size, setSize] = useState<MatrixSize>(view.settings.matrix.size);
  const save = useResolverAction(api.savePrioritySettings);
  const reset = useResolverAction(api.resetPrioritySettings);
  const resize = useResolverAction(api.changeMatrixSize);
  const failure =
    [save.state, reset.state, resize.state]
      .map((state) => (state.status === 'failed' ? state.error : null))
      .find((error) => error !== null) ?? null;
  const busy = [save.state, reset.state, resize.state].some((state) => state.status === 'pending');
  // A problem found before sending replaces the last refusal: that refusal was about older values.
  const problem: FieldProblem | null = localProblem ?? failure;

  /** The draft as settings, or the first value that cannot be sent, named as the server would name it. */
  const candidate = (): { ok: true; settings: PrioritySettings } | { ok: false; problem: Required<FieldProblem> } => {
    const slaTargets = { ...draft.slaTargets };
    for (const level of LEVELS) {
      const text = slaText[level].trim();
      if (text === '') slaTargets[level] = null;
      else if (/^\d+$/.test(text) && Number(text) > 0) slaTargets[level] = Number(text);
      else
        return {
          ok: false,
          problem: {
            field: `settings.slaTargets.${level}`,
            message: `SLA target for ${level}: enter whole minutes above 0, or leave it empty for no target.`,
          },
        };
    }
    const modified = modifiersFromDraft(modifiers);
    if (!modified.ok) return modified;
    return { ok: true, settings: { ...draft, slaTargets, modifiers: modified.modifiers } };
  };

  return (
    <Stack space="space.150">
      <Text color="color.text.subtle">
        {view.isDefault ? 'The defaults are in effect (nothing saved yet).' : 'Saved settings are in effect.'}
      </Text>
      <MatrixEditor settings={draft} onChange={setDraft} problem={problem} />
      <Inline space="space.150" shouldWrap>
        {LEVELS.map((level) => {
          const id = `sla-${level}`;
          const error = problemAt(problem, `settings.slaTargets.${level}`);
          return (
            <Field key={level} id={id} label={`${level} SLA (minutes)`} error={error}>
              <Textfield
                id={id}
                width="small"
                inputMode="numeric"
                value={slaText[level]}
                isInvalid={error !== undefined}
                aria-describedby={describedByOf(id, { error })}
                onChange={(event) => setSlaText({ ...slaText, [level]: event.currentTarget.value })}
              />
            </Field>
          );
        })}
      </Inline>
      <Inline space="space.150" shouldWrap>
        {LEVELS.map((level) => {
          const id = `mapping-${level}`;
          const error = problemAt(problem, `settings.priorityMapping.${level}`);
          return (
            <Field key={level} id={id} label={`${level} is Jira priority`} error={error}>
              <Textfield
                id={id}
                width="small"
                value={draft.priorityMapping[level]}
                isInvalid={error !== undefined}
                aria-describedby={describedByOf(id, { error })}
                onChange={(event) =>
                  setDraft({ ...draft, priorityMapping: { ...draft.priorityMapping, [level]: event.currentTarget.value } })
                }
              />
            </Field>
          );
        })}
      </Inline>
      <ModifiersEditor draft={modifiers} onChange={setModifiers} problem={problem} />
      <Inline space="space.100" alignBlock="end" shouldWrap>
        <Button
          appearance="primary"
          isDisabled={busy && save.state.status !== 'pending'}
          isLoading={save.state.status === 'pending'}
          onClick={async () => {
            setSaved(null);
            const built = candidate();
            if (!built.ok) {
              setLocalProblem(built.problem);
              setSaved(built.problem.message);
              return;
            }
            setLocalProblem(null);
            const result = await save.run(built.settings);
            if (result?.success) {
              onSaved(result.data);
              setSaved(outcomeOf('Priority settings saved.', result.data));
            }
          }}
        >
          Save priority settings
        </Button>
        <Field id="reset-size" label="Matrix size">
          <Select
            id="reset-size"
            value={String(size)}
            options={[3, 4, 5].map((n) => ({ value: String(n), label: `${n} × ${n}` }))}
            onChange={(value) => setSize(value === '5' ? 5 : value === '4' ? 4 : 3)}
          />
        </Field>
        <Button
          isDisabled={size === view.settings.matrix.size || (busy && resize.state.status !== 'pending')}
          isLoading={resize.state.status === 'pending'}
          onClick={async () => {
            setSaved(null);
            // The draft goes along, so unsaved SLA targets, modifiers and mapping survive the switch.
            const built = candidate();
            if (!built.ok) {
              setLocalProblem(built.problem);
              setSaved(built.problem.message);
              return;
            }
            setLocalProblem(null);
            const result = await resize.run(size, built.settings);
            if (result?.success) {
              onSaved(result.data);
              setSaved(outcomeOf(`Matrix changed to ${size} × ${size}; the other settings were kept.`, result.data));
            }
          }}
        >
          Change matrix size
        </Button>
        <Button
          isDisabled={busy && reset.state.status !== 'pending'}
          isLoading={reset.state.status === 'pending'}
          onClick={async () => {
            setSaved(null);
            setLocalProblem(null);
            const result = await reset.run(size);
            if (result?.success) {
              onSaved(result.data);
              setSaved(outcomeOf(`All priority settings reset to the ${size} × ${size} default.`, result.data));
            }
          }}
        >
          Reset priority settings to default
        </Button>
      </Inline>
      {failure && !localProblem ? <ActionError error={failure} /> : null}
    </Stack>
  );
}

export function PrioritySettingsSection({ api, readOnly = false }: { api: AdminApi; readOnly?: boolean }) {
  if (readOnly)
    return (
      <ReadOnlySection
        title="Priority matrix, modifiers and SLA targets"
        summary="How impact and urgency set the priority, what raises it, and the SLA target of each level."
        testId="priority-settings-section"
      />
    );
  return <EditablePrioritySettings api={api} />;
}

function EditablePrioritySettings({ api }: { api: AdminApi }) {
  return (
    <SettingsSection
      title="Priority matrix, modifiers and SLA targets"
      name="priority-settings"
      load={() => api.prioritySettings()}
      loadingLabel="Loading priority settings"
      emptyTitle="No priority settings"
      forbiddenMessage="Only Jira administrators can change the priority settings"
      editorKey={(view) => JSON.stringify(view.settings)}
      editor={({ view, onSaved, setOutcome }) => <SettingsEditor view={view} api={api} onSaved={onSaved} setSaved={setOutcome} />}
    />
  );
}
