import type { ChangelogEntry, PersonRef, StatusCategoryKey, StatusSummary } from './postmortem-source';
import { epochMillis, toUtcIso } from './time';

export interface StatusChange {
  at: string;
  author: PersonRef | null;
  from: { id: string | null; name: string | null; categoryKey: StatusCategoryKey };
  to: { id: string | null; name: string | null; categoryKey: StatusCategoryKey };
}

/**
 * The category of a status named in a changelog item. Items carry the status id (`from`/`to`)
 * and its name at that time; a status deleted since is in neither list and counts as 'undefined'.
 */
export function statusCategoryOf(statuses: readonly StatusSummary[], id: string | null, name: string | null): StatusCategoryKey {
  const byId = id === null ? undefined : statuses.find((status) => status.id === id);
  if (byId) return byId.categoryKey;
  const byName = name === null ? undefined : statuses.find((status) => status.name.toLowerCase() === name.toLowerCase());
  return byName ? byName.categoryKey : 'undefined';
}

/** Changelog entries in time order; entries with the same time keep Jira's order (ids ascend). */
export function chronological(changelog: readonly ChangelogEntry[]): ChangelogEntry[] {
  return changelog
    .map((entry, index) => ({ entry, index, millis: epochMillis(entry.created) }))
    .filter((row): row is { entry: ChangelogEntry; index: number; millis: number } => row.millis !== null)
    .sort((a, b) => a.millis - b.millis || a.index - b.index)
    .map((row) => row.entry);
}

export function statusChanges(changelog: readonly ChangelogEntry[], statuses: readonly StatusSummary[]): StatusChange[] {
  const changes: StatusChange[] = [];
  for (const entry of chronological(changelog)) {
    const at = toUtcIso(entry.created);
    if (at === null) continue;
    for (const item of entry.items) {
      if (!isStatusItem(item.field, item.fieldId)) continue;
      changes.push({
        at,
        author: entry.author,
        from: { id: item.from, name: item.fromString, categoryKey: statusCategoryOf(statuses, item.from, item.fromString) },
        to: { id: item.to, name: item.toString, categoryKey: statusCategoryOf(statuses, item.to, item.toString) },
      });
    }
  }
  return changes;
}

export function isStatusItem(field: string, fieldId: string | null | undefined): boolean {
  return fieldId === 'status' || field.toLowerCase() === 'status';
}
