import { z } from 'zod';
import { FieldMeta } from './field-form';
import type { PageContext } from './page-context';

const Field = z
  .object({ id: z.string(), name: z.string(), custom: z.boolean().optional(), schema: z.object({ type: z.string() }).loose().optional() })
  .loose();
const Contexts = z.object({ values: z.array(z.object({ id: z.string(), isAnyIssueType: z.boolean().optional() }).loose()) }).loose();
const Options = z
  .object({
    values: z.array(
      z.object({ id: z.string(), value: z.string(), disabled: z.boolean().optional(), optionId: z.string().optional() }).loose(),
    ),
    isLast: z.boolean().optional(),
  })
  .loose();
const Priority = z.array(z.object({ id: z.string(), name: z.string() }).loose());

/** System fields Jira puts on the edit screen of a company-managed project's default screen. */
const SCREEN_SYSTEM_FIELDS = ['summary', 'description', 'priority', 'assignee', 'labels'];

const CreateMetaFields = z.object({ fields: z.array(z.unknown()) }).loose();

/**
 * The create screen's fields for a project and issue type, from Jira's create metadata
 * (`GET /rest/api/3/issue/createmeta/{project}/issuetypes/{issueTypeId}`), as Jira's own create
 * dialog and REST clients read them: required flags, and only the custom fields whose context
 * covers this project and issue type, with their enabled options.
 */
export async function createFieldMetas(ctx: PageContext, projectKey: string, issueTypeId: string): Promise<FieldMeta[]> {
  const page = await ctx.client.json(
    ctx.user.accountId,
    'GET',
    `/rest/api/3/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes/${encodeURIComponent(issueTypeId)}?maxResults=200`,
    CreateMetaFields,
  );
  return page.fields.flatMap((field) => {
    const parsed = FieldMeta.safeParse(field);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The edit screen's fields, assembled from documented endpoints every Jira site serves: the
 * field list, each custom field's contexts and options, and the priorities. Required flags beyond
 * Summary come from Jira's answer to the edit: its 400 names the field.
 */
export async function editFieldMetas(ctx: PageContext, _issueKey: string): Promise<FieldMeta[]> {
  return assembledMetas(ctx);
}

async function assembledMetas(ctx: PageContext): Promise<FieldMeta[]> {
  const who = ctx.user.accountId;
  const fields = await ctx.client.json(who, 'GET', '/rest/api/3/field', z.array(Field));
  const priorities = await ctx.client.json(who, 'GET', '/rest/api/3/priority', Priority).catch(() => []);
  const metas: FieldMeta[] = [];
  for (const id of SCREEN_SYSTEM_FIELDS) {
    const field = fields.find((candidate) => candidate.id === id);
    if (!field?.schema) continue;
    metas.push(
      FieldMeta.parse({ ...field, fieldId: id, required: id === 'summary', ...(id === 'priority' ? { allowedValues: priorities } : {}) }),
    );
  }
  for (const field of fields.filter((candidate) => candidate.custom === true && candidate.schema)) {
    const contexts = await ctx.client.json(who, 'GET', `/rest/api/3/field/${field.id}/context`, Contexts).catch(() => ({ values: [] }));
    const context = contexts.values.find((candidate) => candidate.isAnyIssueType !== false) ?? contexts.values[0];
    let allowedValues: unknown[] | undefined;
    if (context) {
      const options = await ctx.client
        .json(who, 'GET', `/rest/api/3/field/${field.id}/context/${context.id}/option?maxResults=1000`, Options)
        .catch(() => ({ values: [] }));
      const enabled = options.values.filter((option) => option.disabled !== true);
      if (enabled.length > 0) {
        allowedValues = enabled
          .filter((option) => option.optionId === undefined)
          .map((parent) => ({
            id: parent.id,
            value: parent.value,
            children: enabled.filter((child) => child.optionId === parent.id).map((child) => ({ id: child.id, value: child.value })),
          }));
      }
    }
    const parsed = FieldMeta.safeParse({ ...field, fieldId: field.id, required: false, ...(allowedValues ? { allowedValues } : {}) });
    if (parsed.success) metas.push(parsed.data);
  }
  return metas;
}
