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

export function Field({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
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
}) {
  return (
    <select
      id={id}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      aria-label={label}
      onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange(event.target.value)}
      style={{ ...controlStyle, border: `1px solid ${invalid ? token('color.border.danger', '#E2483D') : token('color.border.input', '#8590A2')}` }}
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

export function Checkbox({ id, label, checked, onChange, disabled }: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <label htmlFor={id} style={{ display: 'inline-flex', alignItems: 'center', gap: '6px', color: token('color.text', '#172B4D'), cursor: disabled ? 'not-allowed' : 'pointer' }}>
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

/** Splits a comma-separated list the way admins type it ("Closed, Done ,") into trimmed names. */
export function namesFromText(text: string): string[] {
  return text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
