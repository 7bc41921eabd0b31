import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { BUSINESS_IMPLICATIONS, MAX_RAISE_LIMIT, type ModifierSettings } from '../../../src/contracts/priority-panel-types';
import { describedByOf, Field, type FieldProblem, problemAt, Select } from '../../shared/form';

/** The priority modifiers on the admin page. */
const IMPLICATIONS = BUSINESS_IMPLICATIONS;
const MAX_RAISE = MAX_RAISE_LIMIT;
type Implication = (typeof IMPLICATIONS)[number];

/** Option labels start with the digit, so typing "2" on a focused select picks "2 levels". */
const RAISE_OPTIONS = Array.from({ length: MAX_RAISE + 1 }, (_, levels) => ({
  value: String(levels),
  label: levels === 1 ? '1 level' : `${levels} levels`,
}));
const IMPLICATION_LABELS: Record<Implication, string> = {
  Security: 'Security implication raises by',
  Financial: 'Financial implication raises by',
  Compliance: 'Compliance implication raises by',
  'SLA at risk': 'SLA at risk raises by',
};

const PATH = 'settings.modifiers';

/** One affected-users threshold as typed: the count stays text until saved, so a half-typed value is not lost. */
export interface ThresholdDraft {
  /** Stable React key across removals; not saved. */
  rowId: number;
  atLeast: string;
  raiseBy: number;
}

export interface ModifiersDraft {
  thresholds: ThresholdDraft[];
  implications: ModifierSettings['implications'];
  maxRaise: number;
}

export function modifiersDraftOf(settings: ModifierSettings): ModifiersDraft {
  return {
    thresholds: settings.affectedUsers.map((threshold, index) => ({
      rowId: index,
      atLeast: String(threshold.atLeast),
      raiseBy: threshold.raiseBy,
    })),
    implications: { ...settings.implications },
    maxRaise: settings.maxRaise,
  };
}

/**
 * The draft as settings, or the threshold whose count is not a whole number. Everything else
 * (at least 1 user, increasing order, the raise limits) is the server's to judge, and its
 * refusal names the field, which is shown next to the control.
 */
export function modifiersFromDraft(
  draft: ModifiersDraft,
): { ok: true; modifiers: ModifierSettings } | { ok: false; problem: Required<FieldProblem> } {
  const affectedUsers: ModifierSettings['affectedUsers'] = [];
  for (const [index, threshold] of draft.thresholds.entries()) {
    const text = threshold.atLeast.trim().replace(/,/g, '');
    if (!/^\d+$/.test(text)) {
      return {
        ok: false,
        problem: {
          field: `${PATH}.affectedUsers.${index}.atLeast`,
          message: `Affected-users threshold ${index + 1}: enter a whole number of users.`,
        },
      };
    }
    affectedUsers.push({ atLeast: Number(text), raiseBy: threshold.raiseBy });
  }
  return { ok: true, modifiers: { affectedUsers, implications: { ...draft.implications }, maxRaise: draft.maxRaise } };
}

function RaiseSelect({
  id,
  label,
  value,
  error,
  onChange,
}: {
  id: string;
  label: string;
  value: number;
  error: string | undefined;
  onChange: (levels: number) => void;
}) {
  return (
    <Field id={id} label={label} error={error}>
      <Select
        id={id}
        value={String(value)}
        options={RAISE_OPTIONS}
        invalid={error !== undefined}
        describedBy={describedByOf(id, { error })}
        onChange={(text) => onChange(Number(text))}
      />
    </Field>
  );
}

/** Edits every modifier setting; `problem` is the latest refusal (local or the server's), shown beside its control. */
export function ModifiersEditor({
  draft,
  onChange,
  problem,
}: {
  draft: ModifiersDraft;
  onChange: (draft: ModifiersDraft) => void;
  problem: FieldProblem | null;
}) {
  const listError = problem?.field === `${PATH}.affectedUsers` ? problem.message : undefined;
  const updateThreshold = (rowId: number, change: Partial<ThresholdDraft>) =>
    onChange({
      ...draft,
      thresholds: draft.thresholds.map((threshold) => (threshold.rowId === rowId ? { ...threshold, ...change } : threshold)),
    });
  const nextRowId = draft.thresholds.reduce((highest, threshold) => Math.max(highest, threshold.rowId), -1) + 1;

  return (
    <Stack space="space.150" testId="modifier-settings">
      <Heading size="xsmall" as="h3">
        Modifiers
      </Heading>
      <Text color="color.text.subtle">
        The raises of all modifiers that apply add up, capped at the maximum raise and never above P1. Of the affected-users thresholds, the
        highest one met applies.
      </Text>
      <fieldset style={{ border: 'none', margin: 0, padding: 0 }} aria-describedby={listError ? 'modifier-users-error' : undefined}>
        <legend style={{ fontWeight: 600, padding: 0, marginBottom: '4px' }}>Affected users (thresholds in increasing order)</legend>
        <Stack space="space.100">
          {draft.thresholds.length === 0 ? (
            <Text color="color.text.subtlest">No thresholds: the number of affected users raises nothing.</Text>
          ) : null}
          {draft.thresholds.map((threshold, index) => {
            const atLeastId = `modifier-users-${index}-atLeast`;
            const atLeastError = problemAt(problem, `${PATH}.affectedUsers.${index}.atLeast`);
            return (
              <Inline key={threshold.rowId} space="space.150" alignBlock="end" shouldWrap>
                <Field id={atLeastId} label={`Threshold ${index + 1}: at least (users)`} error={atLeastError}>
                  <Textfield
                    id={atLeastId}
                    width="small"
                    inputMode="numeric"
                    value={threshold.atLeast}
                    isInvalid={atLeastError !== undefined}
                    aria-describedby={describedByOf(atLeastId, { error: atLeastError })}
                    onChange={(event) => updateThreshold(threshold.rowId, { atLeast: event.currentTarget.value })}
                  />
                </Field>
                <RaiseSelect
                  id={`modifier-users-${index}-raiseBy`}
                  label={`Threshold ${index + 1}: raises by`}
                  value={threshold.raiseBy}
                  error={problemAt(problem, `${PATH}.affectedUsers.${index}.raiseBy`)}
                  onChange={(raiseBy) => updateThreshold(threshold.rowId, { raiseBy })}
                />
                <Button
                  onClick={() => onChange({ ...draft, thresholds: draft.thresholds.filter((other) => other.rowId !== threshold.rowId) })}
                >{`Remove threshold ${index + 1}`}</Button>
              </Inline>
            );
          })}
          <Inline>
            <Button
              onClick={() => {
                const last = draft.thresholds.at(-1);
                const suggested = last && /^\d+$/.test(last.atLeast.trim()) ? String(Number(last.atLeast.trim()) * 10) : '100';
                onChange({ ...draft, thresholds: [...draft.thresholds, { rowId: nextRowId, atLeast: suggested, raiseBy: 1 }] });
              }}
            >
              Add threshold
            </Button>
          </Inline>
          {listError ? (
            <Text size="small" color="color.text.danger" id="modifier-users-error">
              {listError}
            </Text>
          ) : null}
        </Stack>
      </fieldset>
      <Inline space="space.150" shouldWrap>
        {IMPLICATIONS.map((implication) => (
          <RaiseSelect
            key={implication}
            id={`modifier-implication-${implication.replace(/\W+/g, '-')}`}
            label={IMPLICATION_LABELS[implication]}
            value={draft.implications[implication]}
            error={problemAt(problem, `${PATH}.implications.${implication}`)}
            onChange={(levels) => onChange({ ...draft, implications: { ...draft.implications, [implication]: levels } })}
          />
        ))}
      </Inline>
      <Inline>
        <RaiseSelect
          id="modifier-maxRaise"
          label="Maximum raise in total"
          value={draft.maxRaise}
          error={problemAt(problem, `${PATH}.maxRaise`)}
          onChange={(maxRaise) => onChange({ ...draft, maxRaise })}
        />
      </Inline>
    </Stack>
  );
}
