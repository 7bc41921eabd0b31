import { z } from 'zod';
import { FieldMeta } from './field-form';
import type { PageContext } from './page-context';

const CreateMetaFields = z.object({ fields: z.array(z.unknown()).optional(), results: z.array(z.unknown()).optional() }).loose();
const EditMeta = z.object({ fields: z.record(z.string(), z.unknown()) }).loose();
const Field = z.object({ id: z.string(), name: z.string(), custom: z.boolean().optional(), schema: z.object({ type: z.string() }).loose().optional() }).loose();
const Contexts = z.object({ values: z.array(z.object({ id: z.string(), isAnyIssueType: z.boolean().optional() }).loose()) }).loose();
const Options = z.object({ values: z.array(z.object({ id: z.string(), value: z.string(), disabled: z.boolean().optional(), optionId: z.string().optional() }).loose()), isLast: z.boolean().optional() }).loose();
const Priority = z.array(z.object({ id: z.string(), name: z.string() }).loose());

/** System fields Jira puts on the create and edit screens of a company-managed project's default screen. */
const SCREEN_SYSTEM_FIELDS = ['summary', 'description', 'priority', 'assignee', 'labels'];

function parseMetas(values: readonly unknown[]): FieldMeta[] {
  return values.flatMap((value) => {
    const parsed = FieldMeta.safeParse(value);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The fields of the create screen: Jira's createmeta when the site serves it; otherwise the same
 * information assembled from the field list, each custom field's contexts and options, and the
 * priorities (all documented endpoints), so the form still offers exactly the site's options.
 */
export async function createFieldMetas(ctx: PageContext, projectKey: string, issueTypeId: string): Promise<FieldMeta[]> {
  const response = await ctx.client.callIfImplemented('getCreateIssueMetaIssueTypeId', ctx.user.accountId, 'GET', `/rest/api/3/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes/${encodeURIComponent(issueTypeId)}?maxResults=200`);
  if (response === null) return assembledMetas(ctx);
  if (response.status !== 200) throw new Error(`createmeta answered ${response.status}`);
  const answer = CreateMetaFields.parse(response.body);
  return parseMetas(answer.fields ?? answer.results ?? []);
}

/** The fields of the edit screen, from editmeta or assembled as for create. */
export async function editFieldMetas(ctx: PageContext, issueKey: string): Promise<FieldMeta[]> {
  const response = await ctx.client.callIfImplemented('getEditIssueMeta', ctx.user.accountId, 'GET', `/rest/api/3/issue/${encodeURIComponent(issueKey)}/editmeta`);
  if (response === null) return (await assembledMetas(ctx)).map((meta) => ({ ...meta, required: meta.fieldId === 'summary' }));
  if (response.status !== 200) return [];
  return parseMetas(Object.entries(EditMeta.parse(response.body).fields).map(([fieldId, meta]) => (typeof meta === 'object' && meta !== null ? { ...meta, fieldId } : meta)));
}

async function assembledMetas(ctx: PageContext): Promise<FieldMeta[]> {
  const who = ctx.user.accountId;
  const fields = await ctx.client.json(who, 'GET', '/rest/api/3/field', z.array(Field));
  const priorities = await ctx.client.json(who, 'GET', '/rest/api/3/priority', Priority).catch(() => []);
  const metas: FieldMeta[] = [];
  for (const id of SCREEN_SYSTEM_FIELDS) {
    const field = fields.find((candidate) => candidate.id === id);
    if (!field?.schema) continue;
    metas.push(FieldMeta.parse({ ...field, fieldId: id, required: id === 'summary', ...(id === 'priority' ? { allowedValues: priorities } : {}) }));
  }
  for (const field of fields.filter((candidate) => candidate.custom === true && candidate.schema)) {
    const contexts = await ctx.client.json(who, 'GET', `/rest/api/3/field/${field.id}/context`, Contexts).catch(() => ({ values: [] }));
    const context = contexts.values.find((candidate) => candidate.isAnyIssueType !== false) ?? contexts.values[0];
    let allowedValues: unknown[] | undefined;
    if (context) {
      const options = await ctx.client.json(who, 'GET', `/rest/api/3/field/${field.id}/context/${context.id}/option?maxResults=1000`, Options).catch(() => ({ values: [] }));
      const enabled = options.values.filter((option) => option.disabled !== true);
      if (enabled.length > 0) {
        allowedValues = enabled
          .filter((option) => option.optionId === undefined)
          .map((parent) => ({ id: parent.id, value: parent.value, children: enabled.filter((child) => child.optionId === parent.id).map((child) => ({ id: child.id, value: child.value })) }));
      }
    }
    const parsed = FieldMeta.safeParse({ ...field, fieldId: field.id, required: false, ...(allowedValues ? { allowedValues } : {}) });
    if (parsed.success) metas.push(parsed.data);
  }
  return metas;
}
