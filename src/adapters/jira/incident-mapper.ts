import { z } from 'zod';
import { Incident, BusinessImplication } from '../../domain/incident/incident';
import {
  INCIDENT_FIELD_KEYS,
  INCIDENT_FIELDS,
  JIRA_CUSTOM_FIELD_TYPES,
  incidentFieldDefinition,
  type IncidentFieldKey,
} from '../../domain/incident/incident-fields';
import { workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { adfToPlainText, plainTextToAdf } from './adf-text';
import type { JiraField, JiraIssue } from './jira-schemas';

/** Incident field key → the site's custom field id (`customfield_10042`). Fields not on the site are absent. */
export const IncidentFieldMap = z.partialRecord(
  z.enum(INCIDENT_FIELD_KEYS),
  z.string().regex(/^customfield_\d+$/, 'expected a custom field id like customfield_10042'),
);
export type IncidentFieldMap = z.infer<typeof IncidentFieldMap>;

/** Jira's standard fields the mapper reads; together with the map's ids this is the `fields` list to request. */
export const STANDARD_INCIDENT_FIELDS = [
  'issuetype',
  'project',
  'summary',
  'description',
  'reporter',
  'assignee',
  'created',
  'updated',
  'status',
  'priority',
  'resolutiondate',
  'statuscategorychangedate',
  'labels',
] as const;

export function incidentIssueFieldIds(fieldMap: IncidentFieldMap): string[] {
  return [...STANDARD_INCIDENT_FIELDS, ...Object.values(fieldMap)];
}

function normaliseName(name: string): string {
  return name.trim().toLowerCase();
}

/**
 * Finds the app's fields among GET /rest/api/3/field by name (the catalog in incident-fields.ts).
 * A field with the right name but another type is not ours (an admin's own "Impact" text field,
 * say) and is left out; among several matches the oldest (lowest id) wins, so the map is stable.
 */
export function incidentFieldMapFrom(fields: readonly JiraField[]): IncidentFieldMap {
  const map: IncidentFieldMap = {};
  for (const definition of INCIDENT_FIELDS) {
    const expectedType = JIRA_CUSTOM_FIELD_TYPES[definition.type].type;
    const match = fields
      .filter((field) => field.custom && normaliseName(field.name) === normaliseName(definition.name))
      .filter((field) => field.schema?.custom === undefined || field.schema.custom === expectedType)
      .sort((a, b) => customFieldNumber(a.id) - customFieldNumber(b.id))[0];
    if (match) map[definition.key] = match.id;
  }
  return map;
}

function customFieldNumber(id: string): number {
  const number = Number(id.replace(/^customfield_/, ''));
  return Number.isFinite(number) ? number : Number.MAX_SAFE_INTEGER;
}

/** A Jira issue that cannot be read as an incident: `field` names the Jira field at fault. */
export class IncidentMappingError extends Error {
  override readonly name = 'IncidentMappingError';
  constructor(
    readonly issueKey: string,
    readonly field: string,
    message: string,
  ) {
    super(`${issueKey}: ${field}: ${message}`);
  }
}

const NamedUser = z.object({ accountId: z.string().min(1), displayName: z.string().optional() });
const StandardFields = z.object({
  issuetype: z.object({ name: z.string() }),
  project: z.object({ key: z.string() }),
  summary: z.string(),
  description: z.unknown().optional(),
  reporter: NamedUser.nullish(),
  assignee: NamedUser.nullish(),
  created: z.string(),
  updated: z.string(),
  status: z.object({ id: z.string(), name: z.string(), statusCategory: z.object({ key: z.string() }).optional() }),
  priority: z.object({ id: z.string(), name: z.string() }).nullish(),
  resolutiondate: z.string().nullish(),
  statuscategorychangedate: z.string().nullish(),
  labels: z.array(z.string()).nullish(),
});

const OptionValue = z.object({ value: z.string() });
const CascadingValue = z.object({ value: z.string(), child: OptionValue.nullish() });

const StatusCategoryKey = Incident.shape.status.shape.categoryKey;

/** Jira may add categories; the model knows four and files anything else under 'undefined'. */
function statusCategoryKey(key: string | undefined): z.infer<typeof StatusCategoryKey> {
  const parsed = StatusCategoryKey.safeParse(key);
  return parsed.success ? parsed.data : 'undefined';
}

function readSelect(value: unknown): string | null {
  const parsed = OptionValue.safeParse(value);
  return parsed.success ? parsed.data.value : null;
}

function readNumber(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  // Jira's number fields are floats; the model counts people.
  return Math.round(value);
}

function readText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = adfToPlainText(value);
  return text === '' ? null : text;
}

function readDateTime(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * Reads a Jira issue (requested with `incidentIssueFieldIds(fieldMap)`) as the domain Incident.
 * Issues filed before the app's fields existed, or in projects without them, simply have those
 * values null / empty.
 * @throws IncidentMappingError when a standard field is missing or malformed.
 */
export function incidentFromJiraIssue(issue: JiraIssue, fieldMap: IncidentFieldMap): Incident {
  const standard = StandardFields.safeParse(issue.fields);
  if (!standard.success) {
    const first = standard.error.issues[0];
    throw new IncidentMappingError(issue.key, ['fields', ...(first?.path ?? []).map(String)].join('.'), first?.message ?? 'invalid');
  }
  const fields = standard.data;
  const custom = (key: IncidentFieldKey): unknown => {
    const id = fieldMap[key];
    return id === undefined ? undefined : issue.fields[id];
  };
  const category = CascadingValue.safeParse(custom('category'));
  const implications = z.array(OptionValue).safeParse(custom('businessImplications'));

  const candidate = {
    id: issue.id,
    key: issue.key,
    workType: workTypeOfIssueTypeName(fields.issuetype.name),
    issueTypeName: fields.issuetype.name,
    projectKey: fields.project.key,
    summary: fields.summary,
    description: adfToPlainText(fields.description ?? ''),
    reporter: fields.reporter ? { accountId: fields.reporter.accountId, displayName: fields.reporter.displayName ?? '' } : null,
    assignee: fields.assignee ? { accountId: fields.assignee.accountId, displayName: fields.assignee.displayName ?? '' } : null,
    reportedAt: fields.created,
    updatedAt: fields.updated,
    status: { id: fields.status.id, name: fields.status.name, categoryKey: statusCategoryKey(fields.status.statusCategory?.key) },
    priority: fields.priority ? { id: fields.priority.id, name: fields.priority.name } : null,
    resolvedAt: fields.resolutiondate ?? null,
    statusCategoryChangedAt: fields.statuscategorychangedate ?? null,
    category: category.success ? category.data.value : null,
    subcategory: category.success ? (category.data.child?.value ?? null) : null,
    impact: readSelect(custom('impact')),
    urgency: readSelect(custom('urgency')),
    affectedUsers: readNumber(custom('affectedUsers')),
    impactStartedAt: readDateTime(custom('impactStartedAt')),
    detectionSource: readSelect(custom('detectionSource')),
    // Options an admin added beyond the catalog are not business implications the app knows.
    businessImplications: implications.success
      ? implications.data
          .map((option) => option.value)
          .filter((value): value is BusinessImplication => BusinessImplication.safeParse(value).success)
      : [],
    initialDiagnosis: readText(custom('initialDiagnosis')),
    escalationTier: readSelect(custom('escalationTier')),
    resolutionSummary: readText(custom('resolutionSummary')),
    serviceRestoredAt: readDateTime(custom('serviceRestoredAt')),
    rootCause: readText(custom('rootCause')),
    priorityOverrideReason: readText(custom('priorityOverrideReason')),
    labels: fields.labels ?? [],
  };
  const parsed = Incident.safeParse(candidate);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new IncidentMappingError(issue.key, (first?.path ?? []).map(String).join('.') || 'issue', first?.message ?? 'invalid');
  }
  return parsed.data;
}

/** The incident values the app writes to its custom fields. `category` and `subcategory` go to one cascading field. */
export type IncidentFieldValues = Partial<
  Pick<
    Incident,
    | 'impact'
    | 'urgency'
    | 'category'
    | 'subcategory'
    | 'affectedUsers'
    | 'impactStartedAt'
    | 'detectionSource'
    | 'businessImplications'
    | 'initialDiagnosis'
    | 'escalationTier'
    | 'resolutionSummary'
    | 'serviceRestoredAt'
    | 'rootCause'
    | 'priorityOverrideReason'
  >
>;

/** Thrown when asked to write a field the site does not have (setup has not run). */
export class MissingIncidentFieldError extends Error {
  override readonly name = 'MissingIncidentFieldError';
  constructor(readonly fieldKey: IncidentFieldKey) {
    super(`The "${incidentFieldDefinition(fieldKey).name}" field is not set up on this site; run the Incident setup.`);
  }
}

/** Jira's datetime fields take `2026-11-26T10:15:00.000+0000`; `Z` and `+00:00` offsets are rewritten. */
export function toJiraDateTime(value: string): string {
  return value.replace(/Z$/, '+0000').replace(/([+-]\d{2}):(\d{2})$/, '$1$2');
}

/**
 * The Jira `fields` payload for incident values (for createIssue / updateIssue): select →
 * `{value}`, cascading → `{value, child: {value}}`, checkboxes → `[{value}]`, textarea → ADF
 * (REST v3 takes multi-line text fields as ADF), null clears a field.
 * @throws MissingIncidentFieldError when a given value's field is not in the map.
 */
export function incidentValuesToJiraFields(values: IncidentFieldValues, fieldMap: IncidentFieldMap): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const put = (key: IncidentFieldKey, jiraValue: unknown): void => {
    const id = fieldMap[key];
    if (id === undefined) throw new MissingIncidentFieldError(key);
    fields[id] = jiraValue;
  };
  const select = (value: string | null): unknown => (value === null ? null : { value });
  const text = (value: string | null): unknown => (value === null || value === '' ? null : plainTextToAdf(value));
  const dateTime = (value: string | null): unknown => (value === null ? null : toJiraDateTime(value));

  if (values.impact !== undefined) put('impact', select(values.impact));
  if (values.urgency !== undefined) put('urgency', select(values.urgency));
  if (values.category !== undefined || values.subcategory !== undefined) {
    const category = values.category ?? null;
    const subcategory = values.subcategory ?? null;
    put(
      'category',
      category === null ? null : subcategory === null ? { value: category } : { value: category, child: { value: subcategory } },
    );
  }
  if (values.affectedUsers !== undefined) put('affectedUsers', values.affectedUsers);
  if (values.impactStartedAt !== undefined) put('impactStartedAt', dateTime(values.impactStartedAt));
  if (values.detectionSource !== undefined) put('detectionSource', select(values.detectionSource));
  if (values.businessImplications !== undefined)
    put(
      'businessImplications',
      values.businessImplications.map((value) => ({ value })),
    );
  if (values.initialDiagnosis !== undefined) put('initialDiagnosis', text(values.initialDiagnosis));
  if (values.escalationTier !== undefined) put('escalationTier', select(values.escalationTier));
  if (values.resolutionSummary !== undefined) put('resolutionSummary', text(values.resolutionSummary));
  if (values.serviceRestoredAt !== undefined) put('serviceRestoredAt', dateTime(values.serviceRestoredAt));
  if (values.rootCause !== undefined) put('rootCause', text(values.rootCause));
  if (values.priorityOverrideReason !== undefined)
    put('priorityOverrideReason', values.priorityOverrideReason === '' ? null : values.priorityOverrideReason);
  return fields;
}
