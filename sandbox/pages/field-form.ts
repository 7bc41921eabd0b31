import { z } from 'zod';
import { html, raw, type SafeHtml } from '../html';
import { adfFromPlainText, adfPlainText } from '../adf-html';

/** A field as createmeta and editmeta describe it. */
export const FieldMeta = z
  .object({
    fieldId: z.string().optional(),
    key: z.string().optional(),
    name: z.string(),
    required: z.boolean().default(false),
    schema: z
      .object({ type: z.string(), custom: z.string().optional(), items: z.string().optional(), system: z.string().optional() })
      .loose(),
    allowedValues: z.array(z.unknown()).optional(),
  })
  .loose();
export type FieldMeta = z.infer<typeof FieldMeta>;

const CUSTOM = 'com.atlassian.jira.plugin.system.customfieldtypes:';

/** Fields the forms handle themselves or that are not set on a form (project, issue type...). */
const NOT_ON_FORMS = new Set([
  'project',
  'issuetype',
  'reporter',
  'attachment',
  'issuelinks',
  'status',
  'resolution',
  'created',
  'updated',
  'creator',
  'comment',
  'timetracking',
  'worklog',
]);

export function fieldIdOf(meta: FieldMeta): string {
  return meta.fieldId ?? meta.key ?? '';
}

export function formFieldsOf(metas: readonly FieldMeta[]): FieldMeta[] {
  return metas.filter((meta) => !NOT_ON_FORMS.has(fieldIdOf(meta)) && kindOf(meta) !== 'unsupported');
}

type Kind =
  | 'text'
  | 'textarea'
  | 'adf'
  | 'number'
  | 'datetime'
  | 'select'
  | 'multiselect'
  | 'cascading'
  | 'labels'
  | 'priority'
  | 'user'
  | 'unsupported';

export function kindOf(meta: FieldMeta): Kind {
  const { type, custom, items, system } = meta.schema;
  if (custom === `${CUSTOM}select` || custom === `${CUSTOM}radiobuttons`) return 'select';
  if (custom === `${CUSTOM}multicheckboxes` || custom === `${CUSTOM}multiselect`) return 'multiselect';
  if (custom === `${CUSTOM}cascadingselect`) return 'cascading';
  if (custom === `${CUSTOM}textarea`) return 'adf';
  if (custom === `${CUSTOM}textfield`) return 'text';
  if (custom === `${CUSTOM}float`) return 'number';
  if (custom === `${CUSTOM}datetime`) return 'datetime';
  if (system === 'summary') return 'text';
  if (system === 'description' || system === 'environment') return 'adf';
  if (system === 'labels' || (type === 'array' && items === 'string')) return 'labels';
  if (system === 'priority') return 'priority';
  if (system === 'assignee') return 'user';
  if (type === 'string') return 'text';
  if (type === 'number') return 'number';
  if (type === 'datetime') return 'datetime';
  return 'unsupported';
}

function optionValue(option: unknown): { id: string; value: string; children: { id: string; value: string }[] } {
  const parsed = z
    .object({
      id: z.string().optional(),
      value: z.string().optional(),
      name: z.string().optional(),
      children: z.array(z.object({ id: z.string().optional(), value: z.string() }).loose()).optional(),
    })
    .loose()
    .safeParse(option);
  if (!parsed.success) return { id: '', value: String(option), children: [] };
  return {
    id: parsed.data.id ?? '',
    value: parsed.data.value ?? parsed.data.name ?? '',
    children: (parsed.data.children ?? []).map((child) => ({ id: child.id ?? '', value: child.value })),
  };
}

/** A cascading select's choice as one form value: a JSON array [parent, child?]. */
function cascadeValue(parent: string, child: string | undefined): string {
  return JSON.stringify(child === undefined ? [parent] : [parent, child]);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The current value as the form shows it (strings; several for multi-selects). */
export function currentFormValues(meta: FieldMeta, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  switch (kindOf(meta)) {
    case 'select':
    case 'priority':
      return [optionValue(value).value];
    case 'multiselect':
      return Array.isArray(value) ? value.map((item) => optionValue(item).value) : [];
    case 'cascading': {
      const parent = optionValue(value);
      const child = z
        .object({ child: z.object({ value: z.string() }).loose() })
        .loose()
        .safeParse(value);
      return [cascadeValue(parent.value, child.success ? child.data.child.value : undefined)];
    }
    case 'adf':
      return [adfPlainText(value)];
    case 'labels':
      return Array.isArray(value) ? [value.map(String).join(' ')] : [];
    case 'datetime':
      return typeof value === 'string' ? [value.slice(0, 16)] : [];
    case 'user': {
      const user = z.object({ accountId: z.string() }).loose().safeParse(value);
      return user.success ? [user.data.accountId] : [];
    }
    default:
      return [String(value)];
  }
}

export interface FieldInputOptions {
  values: string[];
  error?: string;
  users?: readonly { accountId: string; displayName: string }[];
}

/** One labelled input for a field; the input's name is the field id. */
export function fieldInput(meta: FieldMeta, options: FieldInputOptions): SafeHtml {
  const id = fieldIdOf(meta);
  const inputId = `field-${id}`;
  const label = html`<label for="${inputId}">${meta.name}${meta.required ? raw(' <span aria-hidden="true">*</span>') : ''}</label>`;
  const error = options.error ? html`<div class="field-error" data-field-error="${id}">${options.error}</div>` : html``;
  const current = options.values[0] ?? '';
  const allowed = (meta.allowedValues ?? []).map(optionValue);
  let input: SafeHtml;
  switch (kindOf(meta)) {
    case 'select':
    case 'priority':
      input = html`<select id="${inputId}" name="${id}" data-field-name="${meta.name}"><option value="">None</option>${allowed.map((option) => html`<option value="${option.value}" ${raw(option.value === current ? 'selected' : '')}>${option.value}</option>`)}</select>`;
      break;
    case 'multiselect':
      input = html`<div id="${inputId}" data-field-name="${meta.name}">${allowed.map((option) => html`<label style="display:inline-block;font-weight:normal;margin-right:12px"><input type="checkbox" name="${id}" value="${option.value}" ${raw(options.values.includes(option.value) ? 'checked' : '')}> ${option.value}</label>`)}</div>`;
      break;
    case 'cascading':
      input = html`<select id="${inputId}" name="${id}" data-field-name="${meta.name}"><option value="">None</option>${allowed.map(
        (parent) =>
          html`<optgroup label="${parent.value}">${parent.children.map((child) => {
            const value = cascadeValue(parent.value, child.value);
            return html`<option value="${value}" ${raw(value === current ? 'selected' : '')}>${parent.value} / ${child.value}</option>`;
          })}</optgroup>`,
      )}</select>`;
      break;
    case 'adf':
      input = html`<textarea id="${inputId}" name="${id}" data-field-name="${meta.name}">${current}</textarea>`;
      break;
    case 'number':
      input = html`<input type="number" step="any" id="${inputId}" name="${id}" value="${current}" data-field-name="${meta.name}">`;
      break;
    case 'datetime':
      input = html`<input type="datetime-local" id="${inputId}" name="${id}" value="${current}" data-field-name="${meta.name}">`;
      break;
    case 'user':
      input = html`<select id="${inputId}" name="${id}" data-field-name="${meta.name}"><option value="">Unassigned</option>${(options.users ?? []).map((user) => html`<option value="${user.accountId}" ${raw(user.accountId === current ? 'selected' : '')}>${user.displayName}</option>`)}</select>`;
      break;
    default:
      input = html`<input type="text" id="${inputId}" name="${id}" value="${current}" data-field-name="${meta.name}">`;
  }
  return html`<div class="form-field">${label}${input}${error}</div>`;
}

/**
 * The Jira REST value for a field from its form input, or undefined when the input is empty
 * (`clearEmpty` turns empty into null, for edits that clear a field).
 */
export function jiraValueOf(meta: FieldMeta, inputs: readonly string[], clearEmpty: boolean): unknown {
  const first = (inputs[0] ?? '').trim();
  const empty = clearEmpty ? null : undefined;
  switch (kindOf(meta)) {
    case 'select':
    case 'priority':
      if (first === '') return empty;
      return kindOf(meta) === 'priority' ? { name: first } : { value: first };
    case 'multiselect': {
      const chosen = inputs.filter((value) => value !== '');
      return chosen.length === 0 ? (clearEmpty ? [] : undefined) : chosen.map((value) => ({ value }));
    }
    case 'cascading': {
      if (first === '') return empty;
      const parsed = z.array(z.string()).min(1).max(2).safeParse(safeJson(first));
      if (!parsed.success) return { value: first };
      const [parent, child] = parsed.data;
      return child === undefined ? { value: parent } : { value: parent, child: { value: child } };
    }
    case 'adf':
      return first === '' ? empty : adfFromPlainText(inputs[0] ?? '');
    case 'number':
      // Non-numbers go through as text so Jira's own "must be a number" check answers.
      return first === '' ? empty : Number.isFinite(Number(first)) ? Number(first) : first;
    case 'datetime':
      return first === '' ? empty : `${first.length === 16 ? `${first}:00` : first}.000+0000`;
    case 'labels':
      return first === '' ? (clearEmpty ? [] : undefined) : first.split(/\s+/);
    case 'user':
      return first === '' ? empty : { accountId: first };
    default:
      return first === '' ? empty : first;
  }
}
