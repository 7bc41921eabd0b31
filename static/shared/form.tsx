import type { ChangeEvent, ReactNode } from 'react';
import { token } from '@atlaskit/tokens';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';

/**
 * Small form controls shared by the apps. Native <select> and checkbox inputs keep the bundles
 * inside their budget (no @atlaskit/select or checkbox is installed) and are keyboard and
 * screen-reader accessible as they are; their colours come from design tokens, so they follow
 * the light or dark theme.
 */
const controlStyle = {
  font: 'inherit',
  color: token('color.text', '#172B4D'),
  backgroundColor: token('color.background.input', '#FFFFFF'),
  borderRadius: '3px',
  padding: '6px 8px',
  minHeight: '32px',
  boxSizing: 'border-box' as const,
};

export function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  return (
    <Stack space="space.050">
      <label htmlFor={id} style={{ fontWeight: 600, color: token('color.text.subtle', '#44546F') }}>
        {label}
      </label>
      {children}
      {hint ? (
        <Text size="small" color="color.text.subtlest" id={`${id}-hint`}>
          {hint}
        </Text>
      ) : null}
      {error ? (
        <Text size="small" color="color.text.danger" id={`${id}-error`}>
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

export function Select({
  id,
  value,
  options,
  onChange,
  disabled,
  placeholder,
  invalid,
  label,
  describedBy,
}: {
  id: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  disabled?: boolean;
  placeholder?: string;
  invalid?: boolean;
  /** For selects without a visible <label> (e.g. matrix cells). */
  label?: string;
  /** The ids of the hint or error lines about this select (see `describedByOf`). */
  describedBy?: string;
}) {
  return (
    <select
      id={id}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-label={label}
      aria-describedby={describedBy}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      style={{
        ...controlStyle,
        border: `1px solid ${invalid ? token('color.border.danger', '#E2483D') : token('color.border.input', '#8590A2')}`,
      }}
    >
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

export function Checkbox({
  id,
  label,
  checked,
  onChange,
  disabled,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label
      htmlFor={id}
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: '6px',
        color: token('color.text', '#172B4D'),
        cursor: disabled ? 'not-allowed' : 'pointer',
      }}
    >
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
        style={{ width: '16px', height: '16px', accentColor: token('color.background.selected.bold', '#0C66E4'), margin: 0 }}
      />
      {label}
    </label>
  );
}

/** A multi-line text input in the same look as `Select` (no @atlaskit/textarea is installed). */
export function TextArea({
  id,
  value,
  onChange,
  rows = 3,
  invalid,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  invalid?: boolean;
  describedBy?: string;
}) {
  return (
    <textarea
      id={id}
      value={value}
      rows={rows}
      aria-invalid={invalid || undefined}
      aria-describedby={describedBy}
      onChange={(event: ChangeEvent<HTMLTextAreaElement>) => onChange(event.target.value)}
      style={{
        ...controlStyle,
        width: '100%',
        maxWidth: '480px',
        resize: 'vertical',
        border: `1px solid ${invalid ? token('color.border.danger', '#E2483D') : token('color.border.input', '#8590A2')}`,
      }}
    />
  );
}

/** Splits a comma-separated list the way admins type it ("Closed, Done ,") into trimmed names. */
export function namesFromText(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}

/** Splits a one-entry-per-line list (entries that may themselves contain commas) into trimmed entries. */
export function linesFromText(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

/** The ids of the hint and error lines a `Field` shows for `id`, for the control's aria-describedby. */
export function describedByOf(id: string, shown: { hint?: string; error?: string }): string | undefined {
  const ids = [shown.hint ? `${id}-hint` : null, shown.error ? `${id}-error` : null].filter((part) => part !== null);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** A refused value, named by its dotted path as resolvers report it (`settings.modifiers.maxRaise`). */
export interface FieldProblem {
  field?: string;
  message: string;
}

/**
 * The problem's message when it is about `path` or a part of it: `settings.escalation.tiers.1`
 * belongs to the control for `settings.escalation.tiers`. Otherwise undefined.
 */
export function problemAt(problem: FieldProblem | null | undefined, path: string): string | undefined {
  const field = problem?.field;
  if (!problem || field === undefined) return undefined;
  return field === path || field.startsWith(`${path}.`) ? problem.message : undefined;
}
