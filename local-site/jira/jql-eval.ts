/** Evaluates the parsed JQL subset against the in-memory issues. */
import type { Actor } from '../site-http';
import { adfText } from './adf-text';
import type { IssueRecord, JiraState, Json } from './jira-state';
import { JqlError, parseJql, type JqlNode, type JqlOperator, type JqlSort, type JqlValue } from './jql';

interface FieldSupport {
  operators: JqlOperator[];
  /** Strings a clause value may equal (case-insensitive), or undefined when empty. */
  values: (issue: IssueRecord, state: JiraState) => string[] | undefined;
  /** Value must name something that exists (project, status, ...). */
  known?: (text: string, state: JiraState, actor: Actor) => boolean;
  sortKey?: (issue: IssueRecord, state: JiraState) => string | number;
  /** What `~` searches; comments only as far as the searching user may read them, as on Jira. */
  text?: (issue: IssueRecord, state: JiraState, actor: Actor) => string;
}

const EQUALITY: JqlOperator[] = ['=', '!=', 'in', 'not in', 'is', 'is not'];
const name = (value: unknown): string[] => {
  const object = value as Json | undefined | null;
  if (!object) return [];
  return [object.name, object.id, object.key, object.value].filter((v) => v !== undefined && v !== null).map(String);
};

function dateValue(issue: IssueRecord, field: string): number | undefined {
  const raw = issue.fields[field];
  return typeof raw === 'string' ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : undefined;
}

const SYSTEM: Record<string, FieldSupport> = {
  project: {
    operators: EQUALITY,
    values: (issue, state) => {
      const project = state.findProject(issue.projectKey);
      return project ? [project.key, project.id, String(project.project.name)] : [issue.projectKey];
    },
    // A project the user may not browse "does not exist" for them, as in Jira.
    known: (text, state, actor) =>
      state.projects.some(
        (p) =>
          (p.key.toLowerCase() === text.toLowerCase() || p.id === text || String(p.project.name).toLowerCase() === text.toLowerCase()) &&
          state.hasPermission(actor, p.key, 'BROWSE_PROJECTS'),
      ),
    sortKey: (issue) => issue.projectKey,
  },
  issuetype: {
    operators: EQUALITY,
    values: (issue) => name(issue.fields.issuetype),
    known: (text, state) => !!state.findIssueType({ id: text, name: text }),
    sortKey: (issue) => String((issue.fields.issuetype as Json | undefined)?.name ?? ''),
  },
  status: {
    operators: EQUALITY,
    values: (issue) => name(issue.fields.status),
    known: (text, state) => !!state.findStatus(text),
    sortKey: (issue) => String((issue.fields.status as Json | undefined)?.name ?? ''),
  },
  statuscategory: {
    operators: EQUALITY,
    values: (issue) => {
      const category = (issue.fields.status as Json | undefined)?.statusCategory as Json | undefined;
      return category ? [category.key, category.name, category.id].filter((v) => v !== undefined).map(String) : undefined;
    },
    known: (text, state) =>
      state.statuses.some((s) =>
        name(s.statusCategory)
          .concat(String((s.statusCategory as Json | undefined)?.key ?? ''))
          .some((v) => v.toLowerCase() === text.toLowerCase()),
      ),
  },
  priority: {
    operators: EQUALITY,
    values: (issue) => (issue.fields.priority ? name(issue.fields.priority) : undefined),
    known: (text, state) => state.priorities.some((p) => name(p).some((v) => v.toLowerCase() === text.toLowerCase())),
    // Jira sorts priorities by their configured sequence; DESC puts the highest first.
    sortKey: (issue, state) => {
      const index = state.priorities.findIndex((p) => String(p.id) === String((issue.fields.priority as Json | undefined)?.id));
      return index < 0 ? -1 : state.priorities.length - index;
    },
  },
  resolution: {
    operators: EQUALITY,
    values: (issue) => (issue.fields.resolution ? name(issue.fields.resolution) : undefined),
    sortKey: (issue) => String((issue.fields.resolution as Json | undefined)?.name ?? ''),
  },
  assignee: {
    operators: EQUALITY,
    values: (issue) => (issue.fields.assignee ? [String((issue.fields.assignee as Json).accountId)] : undefined),
    sortKey: (issue) => String((issue.fields.assignee as Json | undefined)?.displayName ?? ''),
  },
  reporter: {
    operators: EQUALITY,
    values: (issue) => (issue.fields.reporter ? [String((issue.fields.reporter as Json).accountId)] : undefined),
  },
  labels: {
    operators: EQUALITY,
    values: (issue) =>
      Array.isArray(issue.fields.labels) && issue.fields.labels.length > 0 ? (issue.fields.labels as string[]) : undefined,
  },
  key: {
    operators: [...EQUALITY, '>', '>=', '<', '<='],
    values: (issue) => [issue.key, issue.id],
    sortKey: (issue) => `${issue.projectKey}-${issue.key.slice(issue.projectKey.length + 1).padStart(10, '0')}`,
  },
  summary: {
    operators: ['~', '!~', 'is', 'is not'],
    values: (issue) => (issue.fields.summary ? [String(issue.fields.summary)] : undefined),
    text: (issue) => String(issue.fields.summary ?? ''),
    sortKey: (issue) => String(issue.fields.summary ?? ''),
  },
  description: {
    operators: ['~', '!~', 'is', 'is not'],
    values: (issue) => (issue.fields.description ? [adfText(issue.fields.description)] : undefined),
    text: (issue) => adfText(issue.fields.description),
  },
  text: {
    operators: ['~'],
    values: () => undefined,
    text: (issue, state, actor) =>
      [
        issue.fields.summary,
        adfText(issue.fields.description),
        ...state.visibleComments(actor, issue).map((c) => adfText(c.body)),
        ...Object.entries(issue.fields)
          .filter(([k]) => k.startsWith('customfield_'))
          .map(([, v]) => (typeof v === 'string' ? v : adfText(v))),
      ].join('\n'),
  },
  created: {
    operators: ['=', '!=', '>', '>=', '<', '<=', 'is', 'is not'],
    values: (issue) => (issue.fields.created ? [String(issue.fields.created)] : undefined),
    sortKey: (issue) => dateValue(issue, 'created') ?? 0,
  },
  updated: {
    operators: ['=', '!=', '>', '>=', '<', '<=', 'is', 'is not'],
    values: (issue) => (issue.fields.updated ? [String(issue.fields.updated)] : undefined),
    sortKey: (issue) => dateValue(issue, 'updated') ?? 0,
  },
  resolutiondate: {
    operators: ['>', '>=', '<', '<=', 'is', 'is not'],
    values: (issue) => (issue.fields.resolutiondate ? [String(issue.fields.resolutiondate)] : undefined),
    sortKey: (issue) => dateValue(issue, 'resolutiondate') ?? 0,
  },
};

const ALIASES: Record<string, string> = {
  type: 'issuetype',
  issue: 'key',
  issuekey: 'key',
  id: 'key',
  createddate: 'created',
  updateddate: 'updated',
  resolved: 'resolutiondate',
};

function customSupport(field: Json): FieldSupport {
  const id = String(field.id);
  const schemaType = String((field.schema as Json | undefined)?.type ?? '');
  const values = (issue: IssueRecord): string[] | undefined => {
    const raw = issue.fields[id];
    if (raw === null || raw === undefined || (Array.isArray(raw) && raw.length === 0)) return undefined;
    const list = Array.isArray(raw) ? raw : [raw];
    return list.flatMap((v) => {
      if (typeof v !== 'object' || v === null) return [String(v)];
      const object = v as Json;
      if (object.type === 'doc') return [adfText(object)];
      const child = object.child as Json | undefined;
      return [object.value, object.id, child?.value].filter((x) => x !== undefined).map(String);
    });
  };
  if (schemaType === 'string') return { operators: ['~', '!~', 'is', 'is not'], values, text: (issue) => (values(issue) ?? []).join('\n') };
  if (schemaType === 'number' || schemaType === 'datetime' || schemaType === 'date') {
    return {
      operators: ['=', '!=', '>', '>=', '<', '<=', 'is', 'is not', 'in', 'not in'],
      values,
      sortKey: (issue) => Number(issue.fields[id] ?? Number.NEGATIVE_INFINITY) || dateValue(issue, id) || 0,
    };
  }
  return { operators: EQUALITY, values, sortKey: (issue) => (values(issue) ?? [''])[0]! };
}

function resolveField(fieldName: string, state: JiraState): { support: FieldSupport; display: string; id: string } {
  const lower = fieldName.toLowerCase();
  const systemId = ALIASES[lower] ?? lower;
  const system = SYSTEM[systemId];
  if (system) return { support: system, display: fieldName, id: systemId };
  const field = state.findField(fieldName);
  if (field && field.custom === true) return { support: customSupport(field), display: fieldName, id: String(field.id) };
  throw new JqlError(`Field '${fieldName}' does not exist or you do not have permission to view it.`);
}

function textOf(value: JqlValue, actor: Actor): string | undefined {
  if (value.kind === 'text') return value.text;
  if (value.kind === 'function') {
    if (value.name.toLowerCase() === 'currentuser') return actor.accountId;
    throw new JqlError(`Error in the JQL Query: The function '${value.name}' is not supported by the local site.`);
  }
  return undefined;
}

function compare(left: string, right: string, fieldId: string): number {
  if (fieldId === 'key') {
    const [lp, ln] = [left.replace(/-\d+$/, ''), Number(left.replace(/^.*-/, ''))];
    const [rp, rn] = [right.replace(/-\d+$/, ''), Number(right.replace(/^.*-/, ''))];
    return lp === rp ? ln - rn : lp.localeCompare(rp);
  }
  const ln = Number(left);
  const rn = Number(right);
  if (!Number.isNaN(ln) && !Number.isNaN(rn)) return ln - rn;
  const ld = Date.parse(left.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  const rd = Date.parse(right.replace(/\//g, '-'));
  if (!Number.isNaN(ld) && !Number.isNaN(rd)) return ld - rd;
  return left.localeCompare(right);
}

/** `~` in Jira matches words (with prefix wildcards `*`), not substrings; close enough for the subset. */
function textMatches(haystack: string, needle: string): boolean {
  const words = needle.toLowerCase().split(/\s+/).filter(Boolean);
  const text = haystack.toLowerCase();
  return words.every((word) =>
    word.endsWith('*') ? new RegExp(`\\b${escapeRegExp(word.slice(0, -1))}`).test(text) : new RegExp(`\\b${escapeRegExp(word)}`).test(text),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compileNode(node: JqlNode, state: JiraState, actor: Actor): (issue: IssueRecord) => boolean {
  if (node.kind === 'and') {
    const items = node.items.map((item) => compileNode(item, state, actor));
    return (issue) => items.every((f) => f(issue));
  }
  if (node.kind === 'or') {
    const items = node.items.map((item) => compileNode(item, state, actor));
    return (issue) => items.some((f) => f(issue));
  }
  if (node.kind === 'not') {
    const inner = compileNode(node.item, state, actor);
    return (issue) => !inner(issue);
  }
  const { support, id } = resolveField(node.field, state);
  if (!support.operators.includes(node.operator))
    throw new JqlError(`The operator '${node.operator}' is not supported by the '${node.field}' field.`);
  if (node.operator === 'is' || node.operator === 'is not') {
    if (node.values[0]?.kind !== 'empty')
      throw new JqlError(`Error in the JQL Query: Expecting 'EMPTY' or 'NULL' after '${node.operator}'.`);
    const wantEmpty = node.operator === 'is';
    return (issue) => (support.values(issue, state) === undefined) === wantEmpty;
  }
  const texts = node.values.map((v) => textOf(v, actor));
  if (support.known) {
    for (const text of texts)
      if (text !== undefined && !support.known(text, state, actor))
        throw new JqlError(`The value '${text}' does not exist for the field '${node.field}'.`);
  }
  if (node.operator === '~' || node.operator === '!~') {
    const needle = texts[0] ?? '';
    const text = support.text ?? ((issue: IssueRecord) => (support.values(issue, state) ?? []).join('\n'));
    return node.operator === '~'
      ? (issue) => textMatches(text(issue, state, actor), needle)
      : (issue) => !textMatches(text(issue, state, actor), needle);
  }
  if (['>', '>=', '<', '<='].includes(node.operator)) {
    const bound = texts[0];
    if (bound === undefined) throw new JqlError(`Error in the JQL Query: Expecting a value after '${node.operator}'.`);
    return (issue) => {
      const values = support.values(issue, state);
      if (!values || values.length === 0) return false;
      const c = compare(values[0]!, bound, id);
      return node.operator === '>' ? c > 0 : node.operator === '>=' ? c >= 0 : node.operator === '<' ? c < 0 : c <= 0;
    };
  }
  const wanted = texts.map((t) => (t === undefined ? undefined : t.toLowerCase()));
  const positive = node.operator === '=' || node.operator === 'in';
  return (issue) => {
    const values = support.values(issue, state)?.map((v) => v.toLowerCase());
    const hit = wanted.some((w) => (w === undefined ? values === undefined : !!values?.includes(w)));
    return positive ? hit : !hit && values !== undefined;
  };
}

function compileSort(sorts: JqlSort[], state: JiraState): (a: IssueRecord, b: IssueRecord) => number {
  const keys = sorts.map((sort) => {
    const { support } = resolveField(sort.field, state);
    if (!support.sortKey) throw new JqlError(`Field '${sort.field}' does not support sorting.`);
    return { key: support.sortKey, factor: sort.direction === 'DESC' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { key, factor } of keys) {
      const ka = key(a, state);
      const kb = key(b, state);
      const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
      if (c !== 0) return c * factor;
    }
    // Without ORDER BY (and for ties) Jira's order is stable; newest issue first here.
    return Number(b.id) - Number(a.id);
  };
}

/** Issues matching the JQL that the actor may browse, in result order. Throws JqlError outside the subset. */
export function searchIssues(jql: string, state: JiraState, actor: Actor): IssueRecord[] {
  const query = parseJql(jql);
  const matches = query.where ? compileNode(query.where, state, actor) : () => true;
  const order = compileSort(query.orderBy, state);
  return [...state.issues.values()].filter((issue) => state.canBrowse(actor, issue) && matches(issue)).sort(order);
}
