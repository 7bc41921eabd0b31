import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { adfToPlainText } from '../../adapters/jira/adf-text';
import { incidentFromJiraIssue, IncidentMappingError, type IncidentFieldMap } from '../../adapters/jira/incident-mapper';
import type { JiraClient } from '../../adapters/jira/jira-client';
import type { JiraChangelog, JiraIssue } from '../../adapters/jira/jira-schemas';
import { disagrees, type SiteStatus, type SiteStatuses, type SiteStatusStore } from '../../adapters/jira/site-statuses';
import type { Incident } from '../../domain/incident/incident';
import { workTypeOfIssueTypeName } from '../../domain/incident/work-type';
import { checkClosure, type ClosureActionItem, isP1OrP2, postmortemPageIdOf } from '../../domain/workflow-rules/closure-rule';
import { slaStopOfIncident } from '../../domain/priority/sla-for-incident';
import { checkEscalationReady, isTierSkip, tierSkipReasonFromComments } from '../../domain/workflow-rules/escalation-ready-rule';
import {
  type HistoryChange,
  enteredCurrentStatusAt,
  lastResolvedAt,
  tierBeforeTransition,
} from '../../domain/workflow-rules/incident-history';
import type { ValidatorModuleKey } from '../../domain/workflow-rules/recommended-workflow';
import { checkResolutionReady } from '../../domain/workflow-rules/resolution-ready-rule';
import type { WorkflowRuleSettings } from '../../domain/workflow-rules/rule-settings';
import { type RuleVerdict, type StatusRef, sameName } from '../../domain/workflow-rules/rule-verdict';
import { checkTriageComplete, type ExpectedPriorityName } from '../../domain/workflow-rules/triage-complete-rule';
import { validatorModule } from '../../domain/workflow-rules/validator-modules';
import type { LoadedRuleSettings } from './validator-settings-store';

/** What Jira sends a function validator (see docs/workflow-validators.md), parsed at the entry. */
export const WorkflowValidatorPayload = z.object({
  issue: z.object({ key: z.string().min(1, 'expected the issue key') }),
  transition: z.object({
    from: z.object({ id: z.string() }).nullish(),
    to: z.object({ id: z.string().min(1, 'expected the target status id') }),
    /** Field values changed on the transition screen, in REST v3 "get issue" format (needs read:jira-work). */
    modifiedFields: z.record(z.string(), z.unknown()).nullish(),
  }),
  configuration: z.unknown().optional(),
});
export type WorkflowValidatorPayload = z.infer<typeof WorkflowValidatorPayload>;

/** The documented answer of a function validator; `errorMessage` is shown only when `result` is false. */
export interface ValidatorAnswer {
  result: boolean;
  errorMessage?: string;
}

export interface TransitionRequest {
  readonly issueKey: string;
  readonly toStatusId: string;
  readonly modifiedFields: Readonly<Record<string, unknown>>;
  /** The Forge invocation's principal, when the platform gives one: the payload does not name the user. */
  readonly actingAccountId: string | null;
}

export interface ValidateTransitionDependencies {
  /** Must be JiraClient.asApp(): asUser() does not work in a workflow validator. */
  readonly jira: JiraClient;
  readonly loadSettings: () => Promise<LoadedRuleSettings>;
  /** The site's incident field ids (stored by setup or looked up by name). */
  readonly loadFieldMap: () => Promise<IncidentFieldMap>;
  /** The site's statuses and default time zone: a stored copy (adapters/jira/site-statuses.ts). */
  readonly siteStatuses: Pick<SiteStatusStore, 'load' | 'refresh'>;
  /** The matrix's Jira priority for an incident (see triage-complete-rule). */
  readonly loadExpectedPriorityName: () => Promise<ExpectedPriorityName>;
  /** The page id the postmortem macro recorded for the issue in app storage, or null. */
  readonly loadRecordedPostmortemPageId: (issueKey: string) => Promise<string | null>;
  /** ISO-8601 time of the validation. */
  readonly now: () => string;
  /** Where fail-open problems are reported (Forge logs). */
  readonly warn: (message: string) => void;
}

/** A check that could not be made; its message is the validator's answer. */
export class ValidationUnavailableError extends Error {
  override readonly name = 'ValidationUnavailableError';
}

const RULE_TITLES: Record<ValidatorModuleKey, string> = {
  'triage-complete': 'Incident triage complete',
  'escalation-ready': 'Incident ready to escalate',
  'resolution-ready': 'Incident ready to resolve',
  closure: 'Incident ready to close',
};

const LinkedIssue = z.object({ key: z.string(), fields: z.object({ issuetype: z.object({ name: z.string() }).optional() }).optional() });
const IssueLinks = z.array(z.object({ inwardIssue: LinkedIssue.optional(), outwardIssue: LinkedIssue.optional() }));

const CommentWrapper = z.object({ body: z.unknown().refine((body) => body !== undefined) });

/** Screen edits win over the stored values. The comment is not a field value: it is read separately. */
function withScreenEdits(issue: JiraIssue, modifiedFields: Readonly<Record<string, unknown>>): JiraIssue {
  const edits = Object.fromEntries(Object.entries(modifiedFields).filter(([fieldId]) => fieldId !== 'comment'));
  return { ...issue, fields: { ...issue.fields, ...edits } };
}

/** Plain text of a comment written on the transition screen, whatever shape Jira gives it (text, ADF, {body}, a list). */
export function screenCommentText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value))
    return value
      .map(screenCommentText)
      .filter((text) => text !== '')
      .join('\n');
  const wrapped = CommentWrapper.safeParse(value);
  if (wrapped.success) return screenCommentText(wrapped.data.body);
  return adfToPlainText(value).trim();
}

function historyOf(changelog: readonly JiraChangelog[], fieldMap: IncidentFieldMap): HistoryChange[] {
  const tierFieldId = fieldMap.escalationTier;
  return changelog.flatMap((entry) =>
    entry.items.flatMap((item): HistoryChange[] => {
      const fieldId = item.fieldId ?? item.field;
      if (fieldId === 'status') return [{ at: entry.created, field: 'status', from: item.from ?? null, to: item.to ?? null }];
      if (tierFieldId !== undefined && fieldId === tierFieldId)
        return [{ at: entry.created, field: 'escalationTier', from: item.fromString ?? null, to: item.toString ?? null }];
      return [];
    }),
  );
}

function hasLinkedProblem(issue: JiraIssue, problemTypeNames: readonly string[]): boolean {
  const links = IssueLinks.safeParse(issue.fields.issuelinks ?? []);
  if (!links.success) return false;
  return links.data.some((link) =>
    [link.inwardIssue, link.outwardIssue].some((linked) => {
      const typeName = linked?.fields?.issuetype?.name;
      return typeName !== undefined && problemTypeNames.some((name) => sameName(name, typeName));
    }),
  );
}

const ActionItemFields = z.object({ assignee: z.object({ accountId: z.string() }).nullish(), duedate: z.string().nullish() });

/** bulkfetch takes at most this many issues per call. */
const BULK_FETCH_LIMIT = 100;

/**
 * The owner and due date of each action item (a linked issue that is neither an incident nor a
 * Problem), for the closure rule: one bulkfetch call for up to 100 of them. Only read when the
 * setting is on and the incident is P1/P2, so other closures cost no extra call.
 */
async function actionItemsOf(jira: JiraClient, issue: JiraIssue, settings: WorkflowRuleSettings): Promise<ClosureActionItem[]> {
  const links = IssueLinks.safeParse(issue.fields.issuelinks ?? []);
  if (!links.success) return [];
  const keys = [
    ...new Set(
      links.data
        .flatMap((link) => [link.inwardIssue, link.outwardIssue])
        .filter((linked): linked is z.infer<typeof LinkedIssue> => linked !== undefined)
        .filter((linked) => {
          const typeName = linked.fields?.issuetype?.name;
          if (typeName === undefined) return true;
          return (
            workTypeOfIssueTypeName(typeName) !== 'incident' &&
            !settings.resolution.problemIssueTypeNames.some((name) => sameName(name, typeName))
          );
        })
        .map((linked) => linked.key),
    ),
  ];
  const items: ClosureActionItem[] = [];
  for (let start = 0; start < keys.length; start += BULK_FETCH_LIMIT) {
    const { issues } = await jira.bulkFetchIssues(keys.slice(start, start + BULK_FETCH_LIMIT), ['assignee', 'duedate']);
    for (const found of issues) {
      const fields = ActionItemFields.safeParse(found.fields);
      items.push({ key: found.key, ownerAccountId: fields.data?.assignee?.accountId ?? null, dueDate: fields.data?.duedate ?? null });
    }
  }
  return items;
}

function tierSkipReason(
  issue: JiraIssue,
  modifiedFields: Readonly<Record<string, unknown>>,
  settings: WorkflowRuleSettings,
): string | null {
  const fromComment = screenCommentText(modifiedFields.comment);
  if (fromComment !== '') return fromComment;
  const fieldId = settings.escalation.tierSkipReasonFieldId;
  if (fieldId === null) return null;
  const value = issue.fields[fieldId];
  const text = typeof value === 'string' ? value.trim() : value ? adfToPlainText(value).trim() : '';
  return text === '' ? null : text;
}

/** The target status, from the stored copy; refreshed once when the copy does not know it or disagrees with the issue's own status. */
async function targetStatus(
  deps: ValidateTransitionDependencies,
  stored: SiteStatuses,
  current: SiteStatus,
  toStatusId: string,
): Promise<{ to: StatusRef; site: SiteStatuses }> {
  let site = stored;
  if (disagrees(site, current) || !site.statuses.some((status) => status.id === toStatusId)) site = await deps.siteStatuses.refresh();
  const to = site.statuses.find((status) => status.id === toStatusId);
  if (!to) throw new ValidationUnavailableError(`the target status ${toStatusId} is not among the site's statuses`);
  return { to, site };
}

/** Starts a read that may be wasted (the issue may not be an incident); its failure matters only if it is awaited. */
function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

async function verdictFor(
  rule: ValidatorModuleKey,
  request: TransitionRequest,
  deps: ValidateTransitionDependencies,
): Promise<RuleVerdict> {
  const { jira } = deps;
  // Everything is started with the issue's GET, so a validation is one round trip (plus further
  // changelog pages): the field ids, statuses and time zone come from app storage; the closure and
  // escalation rules' own reads go along, since these validators sit on transitions of the
  // Incident workflow where the issue is almost always an incident (on other work they are wasted
  // calls, never a different answer). A non-incident answers before any failure but the issue's own matters.
  const issueRead = jira.getIssue(request.issueKey, { fields: ['*all'] });
  const fieldsRead = started(deps.loadFieldMap());
  const siteRead = started(deps.siteStatuses.load());
  const settingsRead = started(deps.loadSettings());
  const expectedRead = rule === 'triage-complete' ? started(deps.loadExpectedPriorityName()) : null;
  const changelogRead = rule === 'escalation-ready' || rule === 'closure' ? started(jira.getChangelogAll(request.issueKey)) : null;
  const closureReads =
    rule === 'closure'
      ? {
          comments: started(jira.getCommentsAll(request.issueKey)),
          remoteLinks: started(jira.getRemoteLinks(request.issueKey)),
          groups: started(request.actingAccountId === null ? Promise.resolve(null) : jira.getUserGroups(request.actingAccountId)),
          recordedPostmortemPageId: started(deps.loadRecordedPostmortemPageId(request.issueKey)),
        }
      : null;

  const storedIssue = await issueRead;
  const issueTypeName = z.object({ name: z.string() }).safeParse(storedIssue.fields.issuetype);
  if (!issueTypeName.success) throw new ValidationUnavailableError(`${request.issueKey} came back without its issue type`);
  if (workTypeOfIssueTypeName(issueTypeName.data.name) !== 'incident') return { allowed: true };

  const loaded = await settingsRead;
  if (!loaded.ok)
    throw new ValidationUnavailableError(
      `the validator settings are unreadable (${loaded.field}: ${loaded.message}); an admin can fix or reset them on the Incident ` +
        `response admin page`,
    );
  const settings = loaded.settings;
  const fieldMap = await fieldsRead;
  const issue = withScreenEdits(storedIssue, request.modifiedFields);
  const incident: Incident = incidentFromJiraIssue(issue, fieldMap);
  const { to, site } = await targetStatus(deps, await siteRead, incidentFromJiraIssue(storedIssue, fieldMap).status, request.toStatusId);
  const siteTimeZone = site.serverTimeZone ?? 'UTC';

  switch (rule) {
    case 'triage-complete':
      return checkTriageComplete({ incident, to }, settings.triage, await expectedRead!);
    case 'escalation-ready': {
      const history = historyOf(await changelogRead!, fieldMap);
      const tierBefore = tierBeforeTransition(history, incidentFromJiraIssue(storedIssue, fieldMap).escalationTier);
      let reason = tierSkipReason(issue, request.modifiedFields, settings);
      // Comments are read only for a skip without a reason yet: the usual one-step escalation costs no extra call.
      if (reason === null && isTierSkip({ incident, to, tierBefore }, settings.escalation)) {
        const comments = await jira.getCommentsAll(request.issueKey);
        reason = tierSkipReasonFromComments(
          comments.map((comment) => ({ created: comment.created, text: adfToPlainText(comment.body ?? '') })),
          enteredCurrentStatusAt(history, incident.reportedAt),
        );
      }
      return checkEscalationReady(
        { incident, to, tierBefore, tierSkipReason: reason, reasonFieldConfigured: settings.escalation.tierSkipReasonFieldId !== null },
        settings.escalation,
      );
    }
    case 'resolution-ready': {
      return checkResolutionReady(
        {
          incident,
          to,
          hasLinkedProblem: hasLinkedProblem(issue, settings.resolution.problemIssueTypeNames),
          now: deps.now(),
          siteTimeZone,
        },
        settings.resolution,
        settings.priorityOrder,
      );
    }
    case 'closure': {
      if (!settings.closure.enabled || !settings.closure.closedStatusNames.some((name) => sameName(name, to.name)))
        return { allowed: true };
      const reads = closureReads!;
      const needsActionItems =
        settings.closure.requireActionItemOwners && isP1OrP2(incident.priority?.name ?? null, settings.priorityOrder);
      const [changelog, comments, remoteLinks, groups, recordedPostmortemPageId, actionItems] = await Promise.all([
        changelogRead!,
        reads.comments,
        reads.remoteLinks,
        reads.groups,
        // Recorded under the issue's own key; a request naming it otherwise (a moved issue) reads again.
        storedIssue.key === request.issueKey ? reads.recordedPostmortemPageId : deps.loadRecordedPostmortemPageId(storedIssue.key),
        needsActionItems ? actionItemsOf(jira, storedIssue, settings) : Promise.resolve([]),
      ]);
      const doneStatusIds = new Set(site.statuses.filter((status) => status.categoryKey === 'done').map((status) => status.id));
      // Resolved means where the SLA clock stopped (the panel's rule); the changelog stands in for
      // Jira's statuscategorychangedate when a site does not send it.
      const enteredDoneAt = incident.statusCategoryChangedAt ?? lastResolvedAt(historyOf(changelog, fieldMap), doneStatusIds, null);
      const stop = slaStopOfIncident(incident, enteredDoneAt);
      return checkClosure(
        {
          incident,
          to,
          closer:
            request.actingAccountId === null || groups === null
              ? null
              : { accountId: request.actingAccountId, groups: groups.map((group) => group.name) },
          resolvedAt: stop.stopped ? stop.at : null,
          siteTimeZone,
          comments: comments.map((comment) => ({
            authorAccountId: comment.author?.accountId ?? null,
            created: comment.created,
            text: adfToPlainText(comment.body ?? ''),
          })),
          postmortemPageIds: remoteLinks
            .map((link) => postmortemPageIdOf(link.globalId))
            .filter((pageId): pageId is string => pageId !== null),
          recordedPostmortemPageId,
          actionItems,
        },
        settings.closure,
        settings.priorityOrder,
      );
    }
  }
}

function problemOf(error: unknown): string {
  if (error instanceof ValidationUnavailableError) return error.message;
  if (isProductApiError(error)) return `Jira could not be read (${error.message})`;
  if (error instanceof IncidentMappingError) return `the issue could not be read as an incident (${error.message})`;
  return 'an unexpected error occurred; see the app logs';
}

/**
 * Runs one workflow rule for a transition and answers in the validator's documented shape.
 * When the check itself cannot be made, the rule's failure mode decides: `closed` blocks the
 * transition with a message naming the problem, `open` lets it through and logs the same message.
 */
export async function validateTransition(
  rule: ValidatorModuleKey,
  request: TransitionRequest,
  deps: ValidateTransitionDependencies,
): Promise<ValidatorAnswer> {
  try {
    const verdict = await verdictFor(rule, request, deps);
    return verdict.allowed ? { result: true } : { result: false, errorMessage: verdict.message };
  } catch (error) {
    return unavailableAnswer(rule, problemOf(error), deps.warn);
  }
}

/** The answer when a rule could not be checked, by its failure mode. */
export function unavailableAnswer(rule: ValidatorModuleKey, problem: string, warn: (message: string) => void): ValidatorAnswer {
  const { failureMode } = validatorModule(rule);
  if (failureMode === 'open') {
    const message = `"${RULE_TITLES[rule]}" was not checked and let the transition through: ${problem}.`;
    warn(message);
    return { result: true, errorMessage: message };
  }
  return {
    result: false,
    errorMessage: `"${RULE_TITLES[rule]}" could not be checked: ${problem}. Try again in a minute; if it keeps failing, ask an admin.`,
  };
}
