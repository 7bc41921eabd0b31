import { type Actor, isRecord, queryList, queryValue, type SiteRequest } from '../../site-http';
import { adfHtml, isAdfDoc } from '../adf-text';
import { FieldValueError, type IssueRecord, type JiraState, type Json } from '../jira-state';
import { commentView } from './common';

// An issue as Jira answers it (fields, names, rendered fields, editmeta, properties), and edits applied the way Jira applies them.

export function issueBody(
  s: JiraState,
  issue: IssueRecord,
  req: SiteRequest | undefined,
  actor: Actor,
  requestedFields: string[],
  expandOverride?: string,
): Json {
  const comments = s.visibleComments(actor, issue).map((comment) => commentView(comment, undefined));
  const all: Json = {
    ...issue.fields,
    issuelinks: s.visibleIssueLinks(actor, issue.fields.issuelinks),
    comment: {
      comments,
      self: `${s.baseUrl}/rest/api/3/issue/${issue.id}/comment`,
      maxResults: comments.length,
      total: comments.length,
      startAt: 0,
    },
  };
  const navigable = new Set(s.fields.filter((f) => f.navigable !== false).map((f) => String(f.id)));
  let included = new Set<string>();
  for (const token of requestedFields) {
    if (token === '*all') Object.keys(all).forEach((k) => included.add(k));
    else if (token === '*navigable')
      Object.keys(all)
        .filter((k) => navigable.has(k) || k.startsWith('customfield_'))
        .forEach((k) => included.add(k));
    else if (token.startsWith('-')) included.delete(token.slice(1));
    else if (token === 'id' || token === 'key') continue;
    else included.add(String(s.findField(token)?.id ?? token));
  }
  for (const token of requestedFields) if (token.startsWith('-')) included.delete(token.slice(1));
  included = new Set([...included].filter((k) => k in all));
  const fields: Json = {};
  for (const key of included) fields[key] = all[key];
  const body: Json = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${s.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
  };
  if (requestedFields.length > 0 && !(requestedFields.length === 1 && requestedFields[0] === 'id')) body.fields = fields;
  const expand = (expandOverride ?? (req ? queryValue(req, 'expand') : undefined) ?? '').split(',').map((e) => e.trim());
  if (expand.includes('names')) body.names = Object.fromEntries([...included].map((k) => [k, s.fieldName(k)]));
  if (expand.includes('renderedFields')) {
    body.renderedFields = Object.fromEntries(
      [...included].map((k) => [
        k,
        isAdfDoc(fields[k]) ? adfHtml(fields[k]) : fields[k] === undefined ? null : typeof fields[k] === 'string' ? fields[k] : null,
      ]),
    );
  }
  if (expand.includes('changelog'))
    body.changelog = { startAt: 0, maxResults: issue.changelog.length, total: issue.changelog.length, histories: issue.changelog };
  // Jira lists in editmeta only the fields this caller may set on this issue: none without Edit Issues.
  if (expand.includes('editmeta')) {
    const editable = s.hasPermission(actor, issue.projectKey, 'EDIT_ISSUES')
      ? s.fields.filter((f) => f.orderable !== false && f.schema !== undefined)
      : [];
    body.editmeta = {
      fields: Object.fromEntries(
        editable.map((f) => [
          String(f.id),
          { required: f.id === 'summary', schema: f.schema, name: String(f.name), key: String(f.id), operations: ['set'] },
        ]),
      ),
    };
  }
  const properties = req ? queryList(req, 'properties') : undefined;
  if (properties && properties.length > 0) {
    const wanted = properties.includes('*all') ? [...issue.properties.keys()] : properties.filter((p) => !p.startsWith('-'));
    body.properties = Object.fromEntries(wanted.filter((p) => issue.properties.has(p)).map((p) => [p, issue.properties.get(p)]));
  }
  return body;
}

/** Applies `fields` and `update` to a copy, so a bad value changes nothing (Jira edits are atomic). */
export function applyEdits(
  s: JiraState,
  issue: IssueRecord,
  fieldsInput: unknown,
  updateInput: unknown,
  mode: 'create' | 'edit',
): { next: Json; errors: Record<string, string> } {
  const next: Json = { ...issue.fields };
  const errors: Record<string, string> = {};
  if (fieldsInput !== undefined && !isRecord(fieldsInput)) return { next, errors: { fields: 'fields must be an object' } };
  if (updateInput !== undefined && !isRecord(updateInput)) return { next, errors: { update: 'update must be an object' } };
  for (const [fieldId, value] of Object.entries(fieldsInput ?? {})) {
    try {
      next[fieldId] = s.normalizeValue(fieldId, value, mode);
    } catch (error) {
      if (error instanceof FieldValueError) errors[error.fieldId] = error.message;
      else throw error;
    }
  }
  for (const [fieldId, operations] of Object.entries(updateInput ?? {})) {
    if (fieldsInput && fieldId in (fieldsInput as Json)) {
      errors[fieldId] = `Field '${fieldId}' cannot be set in both 'fields' and 'update'.`;
      continue;
    }
    if (!Array.isArray(operations)) {
      errors[fieldId] = 'Update operations must be a list.';
      continue;
    }
    try {
      let current = next[fieldId];
      for (const operation of operations as Json[]) {
        if (!isRecord(operation)) throw new FieldValueError(fieldId, 'An update operation must be an object.');
        if ('set' in operation) current = s.normalizeValue(fieldId, operation.set, mode);
        else if ('add' in operation) {
          const list = Array.isArray(current) ? current : [];
          const added = s.normalizeValue(fieldId, [operation.add], mode) as unknown[];
          current = [...list, ...added.filter((a) => !list.some((l) => JSON.stringify(l) === JSON.stringify(a)))];
        } else if ('remove' in operation) {
          const list = Array.isArray(current) ? current : [];
          const removed = operation.remove;
          current = list.filter((item) => {
            if (typeof item === 'string') return item !== removed;
            const object = item as Json;
            const ref = removed as Json;
            if (!isRecord(ref)) return true;
            const sameId = ref.id !== undefined && String(object.id) === String(ref.id);
            const sameValue = ref.value !== undefined && object.value === ref.value;
            return !(sameId || sameValue);
          });
        } else throw new FieldValueError(fieldId, `Unsupported update operation: ${Object.keys(operation).join(', ')}`);
      }
      next[fieldId] = current;
    } catch (error) {
      if (error instanceof FieldValueError) errors[error.fieldId] = error.message;
      else throw error;
    }
  }
  return { next, errors };
}

export function recordChanges(s: JiraState, issue: IssueRecord, before: Json, after: Json, actor: Actor): Json | undefined {
  const items = Object.keys(after)
    .filter((k) => k !== 'updated' && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null))
    .map((k) => s.changeItem(k, before[k], after[k]));
  if (items.length === 0) return undefined;
  const entry = { id: s.nextId('changelog'), author: s.userBody(actor.accountId), created: s.now(), items };
  issue.changelog.push(entry);
  return entry;
}
