import fc from 'fast-check';
import type {
  ChangelogEntry,
  CommentSummary,
  IssueLinkSummary,
  PersonRef,
  PostmortemSource,
} from '../../../src/domain/postmortem/postmortem-source';
import { aPostmortemSource, anIncident, SITE_STATUSES } from './postmortem-factories';

/** Random incident histories with hostile text: arbitrary code units, markup, RTL, emoji, blanks, bad dates, unknown statuses. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }).map((codes) => String.fromCharCode(...codes)),
  fc.constantFrom(
    '',
    '   ',
    '<b>bold</b>',
    '<script>alert(1)</script>',
    'שלום עולם',
    '\u202Eevil',
    '😀👍🏿',
    '[~accountid:gone]',
    '\n\n\r\n',
  ),
);
const person: fc.Arbitrary<PersonRef | null> = fc.option(
  fc.record({ accountId: fc.string({ minLength: 1, maxLength: 10 }), displayName: anyText }),
);
const instant = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString());
const jiraTime = fc.oneof(
  { weight: 9, arbitrary: instant.map((iso) => iso.replace('Z', '+0000')) },
  { weight: 1, arbitrary: fc.constantFrom('garbage', '') },
);
const statusRef = fc.oneof(
  fc.constantFrom(...SITE_STATUSES).map((s) => ({ id: s.id, name: s.name })),
  fc.record({ id: fc.string({ maxLength: 4 }), name: anyText }),
);
const changelogItem = fc.oneof(
  fc
    .record({ from: statusRef, to: statusRef })
    .map(({ from, to }) => ({ field: 'status', fieldId: 'status', from: from.id, fromString: from.name, to: to.id, toString: to.name })),
  fc
    .record({
      field: fc.oneof(anyText, fc.constantFrom('priority', 'assignee', 'Link', 'Rank', 'description', 'customfield_10042')),
      from: fc.option(anyText),
      to: fc.option(anyText),
    })
    .map(({ field, from, to }) => ({ field, fieldId: null, from: null, fromString: from, to: null, toString: to })),
);
const changelogEntry: fc.Arbitrary<ChangelogEntry> = fc.record({
  id: fc.string({ maxLength: 6 }),
  created: jiraTime,
  author: person,
  items: fc.array(changelogItem, { maxLength: 4 }),
});
const comment: fc.Arbitrary<CommentSummary> = fc.record({
  id: fc.string({ maxLength: 6 }),
  created: jiraTime,
  author: person,
  body: fc.oneof(
    anyText,
    anyText.map((t) => t.repeat(300)),
  ),
});
const link: fc.Arbitrary<IssueLinkSummary> = fc.record({
  id: fc.string({ maxLength: 6 }),
  relation: anyText,
  linkTypeName: anyText,
  issue: fc.record({
    key: fc.constantFrom('OPS-1', 'OPS-2', 'PRB-1', 'INC-3'),
    summary: fc.option(anyText),
    issueTypeName: fc.option(fc.constantFrom('Problem', 'Task', 'Incident', 'Bug')),
    status: fc.option(
      fc.record({
        name: anyText,
        categoryKey: fc.constantFrom('new' as const, 'indeterminate' as const, 'done' as const, 'undefined' as const),
      }),
    ),
    assignee: person,
  }),
});
export const randomSource: fc.Arbitrary<PostmortemSource> = fc
  .record({
    summary: anyText,
    description: anyText,
    reporter: person,
    assignee: person,
    resolvedAt: fc.option(instant),
    rootCause: fc.option(anyText),
    affectedUsers: fc.option(fc.nat()),
    changelog: fc.array(changelogEntry, { maxLength: 25 }),
    comments: fc.array(comment, { maxLength: 15 }),
    links: fc.array(link, { maxLength: 5 }),
    siteTimeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Kolkata', 'America/St_Johns', 'Not/AZone'),
    slaTargetMinutes: fc.option(fc.integer({ min: 1, max: 10_000 })),
  })
  .map((r) =>
    aPostmortemSource({
      incident: anIncident({
        summary: r.summary,
        description: r.description,
        reporter: r.reporter,
        assignee: r.assignee,
        resolvedAt: r.resolvedAt,
        rootCause: r.rootCause,
        affectedUsers: r.affectedUsers,
      }),
      changelog: r.changelog,
      comments: r.comments,
      links: r.links,
      siteTimeZone: r.siteTimeZone,
      slaTargetMinutes: r.slaTargetMinutes,
    }),
  );
