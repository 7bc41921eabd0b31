import { z } from 'zod';

/**
 * Response shapes of the Jira Cloud platform REST API v3, taken from the official OpenAPI
 * document (/work/shared/specs/jira-platform-v3.openapi.json, components.schemas.<Name>).
 * Only the properties the app reads are declared; unknown ones are dropped. Properties the spec
 * marks optional but real sites always send are required here, so a broken site fails loudly.
 */

/** components.schemas.UserDetails (and the `User` of /myself). */
export const JiraUser = z.object({
  accountId: z.string(),
  accountType: z.string().optional(),
  displayName: z.string().optional(),
  emailAddress: z.string().optional(),
  active: z.boolean().optional(),
  timeZone: z.string().optional(),
});
export type JiraUser = z.infer<typeof JiraUser>;

/** components.schemas.StatusCategory */
export const JiraStatusCategory = z.object({ id: z.number().int().optional(), key: z.string(), name: z.string().optional() });

/** components.schemas.StatusDetails */
export const JiraStatus = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  statusCategory: JiraStatusCategory.optional(),
});
export type JiraStatus = z.infer<typeof JiraStatus>;

/** components.schemas.IssueBean: `fields` stays a record; the incident mapper reads it. */
export const JiraIssue = z.object({
  id: z.string(),
  key: z.string(),
  self: z.string().optional(),
  fields: z.record(z.string(), z.unknown()).default({}),
  properties: z.record(z.string(), z.unknown()).optional(),
  names: z.record(z.string(), z.string()).optional(),
  renderedFields: z.record(z.string(), z.unknown()).optional(),
  /** With `expand=editmeta`: only the fields the caller may edit on this issue's edit screen are listed. */
  editmeta: z.object({ fields: z.record(z.string(), z.unknown()) }).optional(),
});
export type JiraIssue = z.infer<typeof JiraIssue>;

/** components.schemas.CreatedIssue */
export const JiraCreatedIssue = z.object({ id: z.string(), key: z.string(), self: z.string().optional() });
export type JiraCreatedIssue = z.infer<typeof JiraCreatedIssue>;

/** components.schemas.ChangeDetails: `from`/`to` are null when a field was empty. */
export const JiraChangeItem = z.object({
  field: z.string(),
  fieldId: z.string().optional(),
  fieldtype: z.string().optional(),
  from: z.string().nullable().optional(),
  fromString: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  toString: z.string().nullable().optional(),
});
export type JiraChangeItem = z.infer<typeof JiraChangeItem>;

/** components.schemas.Changelog */
export const JiraChangelog = z.object({
  id: z.string(),
  author: JiraUser.optional(),
  created: z.string(),
  items: z.array(JiraChangeItem),
});
export type JiraChangelog = z.infer<typeof JiraChangelog>;

/** components.schemas.PageBean<T> (startAt/maxResults/total/isLast/values). */
export function jiraPageBean<T extends z.ZodType>(item: T) {
  return z.object({
    startAt: z.number().int().optional(),
    maxResults: z.number().int().optional(),
    total: z.number().int().optional(),
    isLast: z.boolean().optional(),
    values: z.array(item),
  });
}

export const JiraChangelogPage = jiraPageBean(JiraChangelog);

/** components.schemas.BulkChangelogResponseBean (POST /rest/api/3/changelog/bulkfetch). */
export const JiraBulkChangelogPage = z.object({
  issueChangeLogs: z.array(z.object({ issueId: z.string(), changeHistories: z.array(JiraChangelog).default([]) })).default([]),
  nextPageToken: z.string().nullish(),
});

/** components.schemas.Comment: `body` is ADF in v3. */
export const JiraComment = z.object({
  id: z.string(),
  author: JiraUser.optional(),
  body: z.unknown().optional(),
  created: z.string(),
  updated: z.string().optional(),
  /** Set when the comment is restricted to a group or project role (components.schemas.Visibility). */
  visibility: z.object({ type: z.string().optional(), value: z.string().optional(), identifier: z.string().nullish() }).loose().nullish(),
  /** Jira Service Management: false for an internal comment (agents only). */
  jsdPublic: z.boolean().optional(),
  /** With `expand=properties`; JSM marks internal comments with `sd.public.comment` = `{ internal: true }`. */
  properties: z.array(z.object({ key: z.string(), value: z.unknown() })).optional(),
});
export type JiraComment = z.infer<typeof JiraComment>;

/** components.schemas.PageOfComments (not a PageBean: the list is `comments`). */
export const JiraCommentPage = z.object({
  startAt: z.number().int(),
  maxResults: z.number().int(),
  total: z.number().int(),
  comments: z.array(JiraComment),
});

/** components.schemas.SearchAndReconcileResults */
export const JiraSearchResults = z.object({
  issues: z.array(JiraIssue),
  nextPageToken: z.string().optional(),
  isLast: z.boolean().optional(),
});

/** SearchAndReconcileResults when only ids are asked for (`fields: ["id"]`): Jira then returns up to 5,000 a page. */
export const JiraSearchIdResults = z.object({
  issues: z.array(z.object({ id: z.string() })),
  nextPageToken: z.string().optional(),
  isLast: z.boolean().optional(),
});

/** components.schemas.IssueError: `id` names the issue Jira could not return. */
export const JiraIssueError = z.object({ id: z.string(), errorMessage: z.string().optional() });
export type JiraIssueError = z.infer<typeof JiraIssueError>;

/**
 * components.schemas.BulkIssueResults. Issues that do not exist or that the caller may not
 * browse are in neither list; `issueErrors` holds retriable failures and payload limits.
 */
export const JiraBulkIssueResults = z.object({
  issues: z.array(JiraIssue),
  issueErrors: z.array(JiraIssueError).default([]),
});
export type JiraBulkIssueResults = z.infer<typeof JiraBulkIssueResults>;

/** components.schemas.JsonTypeBean */
export const JiraFieldSchema = z.object({
  type: z.string(),
  custom: z.string().optional(),
  customId: z.number().int().optional(),
  items: z.string().optional(),
  system: z.string().optional(),
});

/** components.schemas.FieldDetails */
export const JiraField = z.object({
  id: z.string(),
  key: z.string().optional(),
  name: z.string(),
  custom: z.boolean(),
  schema: JiraFieldSchema.optional(),
  searchable: z.boolean().optional(),
});
export type JiraField = z.infer<typeof JiraField>;

/** components.schemas.CustomFieldContext */
export const JiraFieldContext = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  isGlobalContext: z.boolean(),
  isAnyIssueType: z.boolean(),
});
export type JiraFieldContext = z.infer<typeof JiraFieldContext>;

/** components.schemas.CreateCustomFieldContext (the create answer echoes the request plus `id`). */
export const JiraCreatedFieldContext = z.object({ id: z.string(), name: z.string() });

/** components.schemas.CustomFieldContextOption: `optionId` is the parent of a cascading child. */
export const JiraFieldOption = z.object({
  id: z.string(),
  value: z.string(),
  optionId: z.string().optional(),
  disabled: z.boolean().optional(),
});
export type JiraFieldOption = z.infer<typeof JiraFieldOption>;

/** components.schemas.CustomFieldCreatedContextOptionsList */
export const JiraCreatedFieldOptions = z.object({ options: z.array(JiraFieldOption) });
/** components.schemas.CustomFieldUpdatedContextOptionsList: only the options that changed. */
export const JiraUpdatedFieldOptions = z.object({
  options: z.array(z.object({ id: z.string(), value: z.string().optional(), disabled: z.boolean().optional() })).optional(),
});

/** components.schemas.IssueTypeDetails: a `scope` means a team-managed project's own type. */
export const JiraIssueType = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().optional(),
  subtask: z.boolean().optional(),
  hierarchyLevel: z.number().int().optional(),
  scope: z.object({ type: z.string(), project: z.object({ id: z.string() }).optional() }).optional(),
});
export type JiraIssueType = z.infer<typeof JiraIssueType>;

/** components.schemas.IssueTypeScheme */
export const JiraIssueTypeScheme = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean().optional(),
  defaultIssueTypeId: z.string().optional(),
});

/** components.schemas.IssueTypeSchemeProjects */
export const JiraIssueTypeSchemeProjects = z.object({ issueTypeScheme: JiraIssueTypeScheme, projectIds: z.array(z.string()) });
export type JiraIssueTypeSchemeProjects = z.infer<typeof JiraIssueTypeSchemeProjects>;

/** components.schemas.IssueTypeSchemeMapping */
export const JiraIssueTypeSchemeMapping = z.object({ issueTypeId: z.string(), issueTypeSchemeId: z.string() });
export type JiraIssueTypeSchemeMapping = z.infer<typeof JiraIssueTypeSchemeMapping>;

/** components.schemas.Project */
export const JiraProject = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  projectTypeKey: z.string().optional(),
  simplified: z.boolean().optional(),
  style: z.string().optional(),
});
export type JiraProject = z.infer<typeof JiraProject>;

/** components.schemas.IssueLinkType */
export const JiraIssueLinkType = z.object({ id: z.string(), name: z.string(), inward: z.string(), outward: z.string() });
export type JiraIssueLinkType = z.infer<typeof JiraIssueLinkType>;

/** components.schemas.IssueLinkTypes */
export const JiraIssueLinkTypes = z.object({ issueLinkTypes: z.array(JiraIssueLinkType) });

/** components.schemas.UserPermission */
export const JiraUserPermission = z.object({
  key: z.string().optional(),
  id: z.string().optional(),
  type: z.string().optional(),
  havePermission: z.boolean(),
});

/** components.schemas.Permissions */
export const JiraPermissions = z.object({ permissions: z.record(z.string(), JiraUserPermission) });

/** components.schemas.RemoteIssueLink */
export const JiraRemoteLink = z.object({
  id: z.number().int(),
  globalId: z.string().optional(),
  relationship: z.string().optional(),
  object: z.object({ url: z.string(), title: z.string(), summary: z.string().optional() }),
});
export type JiraRemoteLink = z.infer<typeof JiraRemoteLink>;

/** components.schemas.RemoteIssueLinkIdentifies */
export const JiraRemoteLinkIdentifies = z.object({ id: z.number().int(), self: z.string().optional() });

/** components.schemas.IssueTransition */
export const JiraTransition = z.object({
  id: z.string(),
  name: z.string(),
  to: JiraStatus.optional(),
  hasScreen: z.boolean().optional(),
  isAvailable: z.boolean().optional(),
});
export type JiraTransition = z.infer<typeof JiraTransition>;

/** components.schemas.Transitions */
export const JiraTransitions = z.object({ transitions: z.array(JiraTransition) });

/** components.schemas.EntityProperty */
export const JiraEntityProperty = z.object({ key: z.string(), value: z.unknown() });

/** components.schemas.GroupName */
export const JiraGroupName = z.object({ name: z.string(), groupId: z.string().nullish() });
export type JiraGroupName = z.infer<typeof JiraGroupName>;

/** Bodies sent to Jira: `fields` / `update` values are field-specific, so they stay open records. */
export interface JiraIssueWrite {
  readonly fields?: Record<string, unknown>;
  readonly update?: Record<string, ReadonlyArray<Record<string, unknown>>>;
  readonly properties?: ReadonlyArray<{ key: string; value: unknown }>;
}

/** components.schemas.ServerInformation (the fields the app reads). */
export const JiraServerInfo = z.object({
  baseUrl: z.string(),
  /** The address people use when the site has a custom domain. */
  displayUrl: z.string().optional(),
  displayUrlConfluence: z.string().optional(),
  /** The site's default time zone (IANA). */
  serverTimeZone: z.string().optional(),
});
export type JiraServerInfo = z.infer<typeof JiraServerInfo>;
