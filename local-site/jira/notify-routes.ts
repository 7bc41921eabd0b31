/**
 * Jira's issue notifications and watchers, and the outbox: every email Jira would send.
 * - `POST /rest/api/3/issue/{key}/notify` resolves recipients from reporter, assignee, watchers,
 *   voters, users and groups (no arbitrary addresses), keeps only active users who may browse the
 *   issue (as Jira does: a mail never reveals an issue to someone who cannot see it), applies
 *   `restrict` (groups / permissions), and queues one mail per recipient: 204.
 * - `GET|POST|DELETE /rest/api/3/issue/{key}/watchers`.
 * Documented answers: 404 when the issue does not exist or the caller may not browse it; 400 for an
 * invalid recipient (`assignee` on an unassigned issue, the caller named as a user, nobody asked
 * for); 403 when outgoing mail is disabled on the site (`outgoingMail = false`).
 */
import { isRecord, jiraError, json, noContent, queryValue, type Actor, type SiteRequest, type SiteResponse } from '../site-http';
import { groupId } from './jira-routes';
import type { IssueRecord, JiraState, Json } from './jira-state';

const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

export interface OutboxRecipient {
  accountId: string;
  displayName: string;
  /** Absent when the user hides it; Jira still delivers to the address it holds. */
  emailAddress?: string;
  /** Why this user got the mail: reporter, assignee, watcher, user, group:<name>. */
  reasons: string[];
}

export interface OutboxEmail {
  id: number;
  issueKey: string;
  /** Who asked Jira to send it (account id; the app's own account for asApp()). */
  sentBy: string;
  sentAt: string;
  subject: string;
  textBody: string;
  /** As received: Jira sends it as the HTML part. */
  htmlBody?: string;
  to: OutboxRecipient[];
  /** Users named by the request who got nothing, and why (cannot browse the issue, inactive, restricted). */
  dropped: { accountId: string; reason: string }[];
}

export class JiraNotifications {
  readonly outbox: OutboxEmail[] = [];
  /** Site setting: Jira answers 403 to notify when outgoing mail is disabled. */
  outgoingMail = true;
  /** Explicit watch lists; an issue without one is watched by its reporter and assignee (Jira's autowatch default). */
  private readonly watchLists = new Map<string, Set<string>>();

  constructor(private readonly state: JiraState) {}

  /** The response, or undefined when the request is not one of these routes. */
  handle(req: SiteRequest, actor: Actor): SiteResponse | undefined {
    const match = /^\/rest\/api\/3\/issue\/([^/]+)\/(notify|watchers)\/?$/.exec(req.path);
    if (!match) return undefined;
    const [, key, resource] = match;
    const method = req.method.toUpperCase();
    const issue = this.state.findIssue(key!);
    const visible = issue && this.state.canBrowse(actor, issue) ? issue : undefined;
    if (resource === 'notify' && method === 'POST') return visible ? this.notify(req, visible, actor) : jiraError(404, [ISSUE_NOT_FOUND]);
    if (resource === 'watchers') {
      if (method === 'GET') return visible ? this.getWatchers(visible, actor) : jiraError(404, [ISSUE_NOT_FOUND]);
      if (method === 'POST') return visible ? this.addWatcher(req, visible, actor) : jiraError(404, [ISSUE_NOT_FOUND]);
      if (method === 'DELETE') return visible ? this.removeWatcher(req, visible, actor) : jiraError(404, [ISSUE_NOT_FOUND]);
    }
    return undefined;
  }

  /** Account ids watching the issue. */
  watchers(issue: IssueRecord): string[] {
    const explicit = this.watchLists.get(issue.key);
    if (explicit) return [...explicit];
    return [
      ...new Set([accountOf(issue.fields.reporter), accountOf(issue.fields.assignee)].filter((id): id is string => id !== undefined)),
    ];
  }

  /** Test and seed helper: set who watches an issue (no permission checks). */
  setWatchers(issueKey: string, accountIds: readonly string[]): void {
    this.watchLists.set(issueKey.toUpperCase(), new Set(accountIds));
  }

  clearOutbox(): void {
    this.outbox.length = 0;
  }

  private watchList(issue: IssueRecord): Set<string> {
    let list = this.watchLists.get(issue.key);
    if (!list) {
      list = new Set(this.watchers(issue));
      this.watchLists.set(issue.key, list);
    }
    return list;
  }

  private getWatchers(issue: IssueRecord, actor: Actor): SiteResponse {
    const ids = this.watchers(issue);
    const watchers = ids.map((id) => this.state.userBody(id)).filter((body): body is Json => body !== undefined);
    return json(200, {
      self: `${this.state.baseUrl}/rest/api/3/issue/${issue.key}/watchers`,
      isWatching: ids.includes(actor.accountId),
      watchCount: watchers.length,
      watchers,
    });
  }

  private addWatcher(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    // The body is the account id as a JSON string; without one, the caller starts watching.
    const accountId = typeof req.body === 'string' ? req.body : req.body === undefined ? actor.accountId : undefined;
    if (accountId === undefined) return jiraError(400, ['The request body must be the account id of the user, as a JSON string.']);
    const user = this.state.users.get(accountId);
    if (!user) return jiraError(404, [`The user with account ID ${accountId} does not exist.`]);
    if (accountId !== actor.accountId && !this.state.hasPermission(actor, issue.projectKey, 'MANAGE_WATCHERS'))
      return jiraError(403, ['You do not have the permission to manage the watcher list.']);
    if (!this.state.canBrowse({ accountId, isApp: false }, issue))
      return jiraError(400, [
        `The user "${user.displayName}" does not have permission to view this issue. This user will not be added to the watch list.`,
      ]);
    this.watchList(issue).add(accountId);
    return noContent();
  }

  private removeWatcher(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    const accountId = queryValue(req, 'accountId');
    if (!accountId) return jiraError(400, ['The accountId query parameter needs to be provided.']);
    if (accountId !== actor.accountId && !this.state.hasPermission(actor, issue.projectKey, 'MANAGE_WATCHERS'))
      return jiraError(403, ['You do not have the permission to manage the watcher list.']);
    this.watchList(issue).delete(accountId);
    return noContent();
  }

  private notify(req: SiteRequest, issue: IssueRecord, actor: Actor): SiteResponse {
    if (!this.outgoingMail) return jiraError(403, ['Outgoing mail is disabled on this site; the notification was not sent.']);
    const body = isRecord(req.body) ? req.body : {};
    const to = isRecord(body.to) ? body.to : {};
    const wanted = new Map<string, string[]>();
    const want = (accountId: string | undefined, reason: string) => {
      if (accountId === undefined) return;
      wanted.set(accountId, [...(wanted.get(accountId) ?? []), reason]);
    };
    let asked = false;
    if (to.reporter === true) {
      asked = true;
      const reporter = accountOf(issue.fields.reporter);
      if (!reporter) return jiraError(400, ['The issue has no reporter; the notification recipient "reporter" is invalid.']);
      want(reporter, 'reporter');
    }
    if (to.assignee === true) {
      asked = true;
      const assignee = accountOf(issue.fields.assignee);
      if (!assignee) return jiraError(400, ['The issue is unassigned; the notification recipient "assignee" is invalid.']);
      want(assignee, 'assignee');
    }
    if (to.watchers === true) {
      asked = true;
      for (const id of this.watchers(issue)) want(id, 'watcher');
    }
    // Voting is not modelled: an issue here has no voters, so `voters` adds nobody.
    if (to.voters === true) asked = true;
    for (const user of Array.isArray(to.users) ? to.users : []) {
      asked = true;
      const accountId = isRecord(user) && typeof user.accountId === 'string' ? user.accountId : undefined;
      if (!accountId || !this.state.users.has(accountId))
        return jiraError(400, [`The user with account ID ${accountId ?? '(none)'} does not exist; the notification recipient is invalid.`]);
      if (accountId === actor.accountId) return jiraError(400, ['The notification recipient is the same as the calling user.']);
      want(accountId, 'user');
    }
    const groupRefs = [
      ...(Array.isArray(to.groups) ? to.groups : []),
      ...(Array.isArray(to.groupIds) ? to.groupIds.map((id) => ({ groupId: id })) : []),
    ];
    for (const ref of groupRefs) {
      asked = true;
      const name = this.groupName(ref);
      if (name === undefined)
        return jiraError(400, [`The group ${JSON.stringify(ref)} does not exist; the notification recipient is invalid.`]);
      for (const user of this.state.users.values()) if (user.groups.includes(name)) want(user.accountId, `group:${name}`);
    }
    if (!asked) return jiraError(400, ['No recipients were defined for notification.']);

    const restrict = isRecord(body.restrict) ? body.restrict : {};
    const restrictGroups = [
      ...(Array.isArray(restrict.groups) ? restrict.groups : []),
      ...(Array.isArray(restrict.groupIds) ? restrict.groupIds.map((id) => ({ groupId: id })) : []),
    ].map((ref) => this.groupName(ref));
    const to_: OutboxRecipient[] = [];
    const dropped: OutboxEmail['dropped'] = [];
    for (const [accountId, reasons] of wanted) {
      const user = this.state.users.get(accountId);
      if (!user || !user.active) {
        dropped.push({ accountId, reason: 'inactive or unknown user' });
        continue;
      }
      if (!this.state.canBrowse({ accountId, isApp: false }, issue)) {
        dropped.push({ accountId, reason: 'cannot browse the issue' });
        continue;
      }
      if (restrictGroups.length > 0 && !restrictGroups.some((name) => name !== undefined && user.groups.includes(name))) {
        dropped.push({ accountId, reason: 'not in a restrict group' });
        continue;
      }
      to_.push({ accountId, displayName: user.displayName, ...(user.emailAddress ? { emailAddress: user.emailAddress } : {}), reasons });
    }
    const subject =
      typeof body.subject === 'string' && body.subject !== '' ? body.subject : `${issue.key}: ${String(issue.fields.summary ?? '')}`;
    this.outbox.push({
      id: this.outbox.length + 1,
      issueKey: issue.key,
      sentBy: actor.accountId,
      sentAt: this.state.now(),
      subject,
      textBody: typeof body.textBody === 'string' ? body.textBody : '',
      ...(typeof body.htmlBody === 'string' ? { htmlBody: body.htmlBody } : {}),
      to: to_,
      dropped,
    });
    return noContent();
  }

  private groupName(ref: unknown): string | undefined {
    if (!isRecord(ref)) return undefined;
    const all = new Set([...this.state.users.values()].flatMap((user) => user.groups));
    if (typeof ref.name === 'string' && all.has(ref.name)) return ref.name;
    if (typeof ref.groupId === 'string') return [...all].find((name) => groupId(name) === ref.groupId);
    return undefined;
  }
}

function accountOf(user: unknown): string | undefined {
  return isRecord(user) && typeof user.accountId === 'string' ? user.accountId : undefined;
}
