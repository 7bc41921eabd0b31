import { doc, heading, link, p, status, table, tableCell, tableHeader, tableRow, text } from '@atlaskit/adf-utils/builders';
import { z } from 'zod';
import { oneLine, truncate } from '../postmortem/plain-text';
import { PriorityLevel, levelRank } from '../priority/priority-level';
import { siteTime } from '../workflow-rules/message-time';
import { cadenceLine } from './cadence';
import { UpdateState } from './stakeholder-update';

/**
 * The internal "Incident status" page: one Confluence page listing every open incident that has
 * had an update, with priority, state, latest update and next update due. Its rows are kept in app
 * storage (the status board) so a page update needs no Jira search.
 */
export const STATUS_PAGE_TITLE = 'Incident status';

/** Longer updates are cut on the page (the full text is in Jira); it also bounds the board's storage size. */
export const BOARD_MESSAGE_CHARS = 280;

export const StatusBoardRow = z.object({
  key: z.string(),
  summary: z.string(),
  url: z.string(),
  level: PriorityLevel.nullable(),
  state: UpdateState,
  latestUpdate: z.string(),
  latestUpdateAt: z.string(),
  nextUpdateDueAt: z.string().nullable(),
});
export type StatusBoardRow = z.infer<typeof StatusBoardRow>;

/** Puts the incident's row in (or takes it out when its update is Resolved); the board holds open incidents only. */
export function boardWithUpdate(rows: readonly StatusBoardRow[], row: StatusBoardRow): StatusBoardRow[] {
  const others = rows.filter((existing) => existing.key !== row.key);
  if (row.state === 'Resolved') return others;
  return [
    ...others,
    { ...row, summary: truncate(oneLine(row.summary), 200), latestUpdate: truncate(oneLine(row.latestUpdate), BOARD_MESSAGE_CHARS) },
  ];
}

const STATE_COLOUR = { Investigating: 'red', Identified: 'yellow', Monitoring: 'blue', Resolved: 'green' } as const;

function byPriorityThenKey(a: StatusBoardRow, b: StatusBoardRow): number {
  const rank = (row: StatusBoardRow) => (row.level === null ? 99 : levelRank(row.level));
  return rank(a) - rank(b) || a.key.localeCompare(b.key, 'en', { numeric: true });
}

function cell(value: string) {
  // ADF rejects empty text nodes.
  return tableCell({})(p(text(value.length > 0 ? value : '–')));
}

export function statusPageAdf(rows: readonly StatusBoardRow[], context: { now: string; siteTimeZone: string }): ReturnType<typeof doc> {
  const intro = p(
    text(
      `Open incidents with stakeholder updates, as of ${siteTime(context.now, context.siteTimeZone)}. Maintained by the incident ` +
        `app: edits here are replaced on the next update.`,
    ),
  );
  if (rows.length === 0) return doc(heading({ level: 2 })(text('Open incidents')), intro, p(text('No open incidents.')));
  const header = tableRow(
    ['Incident', 'Priority', 'State', 'Latest update', 'Next update due'].map((name) => tableHeader({})(p(text(name)))),
  );
  const body = [...rows]
    .sort(byPriorityThenKey)
    .map((row) =>
      tableRow([
        tableCell({})(p(link({ href: row.url })(text(row.key)), text(` ${oneLine(row.summary) || row.key}`))),
        cell(row.level ?? 'Not set'),
        tableCell({})(p(status({ text: row.state, color: STATE_COLOUR[row.state] }))),
        cell(`${siteTime(row.latestUpdateAt, context.siteTimeZone)}: ${row.latestUpdate}`),
        cell(
          row.nextUpdateDueAt === null
            ? 'None planned'
            : `${siteTime(row.nextUpdateDueAt, context.siteTimeZone)} (${cadenceLine(row.nextUpdateDueAt, context.now, row.level).text})`,
        ),
      ]),
    );
  return doc(heading({ level: 2 })(text('Open incidents')), intro, table(header, ...body));
}
