/**
 * How many round trips a postmortem waits for, read from the request log with the times of each
 * request (the bench's measure, bench/request-log.ts), on a long history: the reads that need
 * nothing from each other go together, and the pages after the first go at once.
 */
import { sequentialDepth } from '../../../bench/request-log';
import {
  addHistory,
  addIncident,
  BENCH_USERS,
  CONFLUENCE_SPACE,
  startBenchForge,
  type BenchForge,
} from '../../../bench/support/bench-site';
import { recordExchanges, type ExchangeRecorder } from '../../../bench/support/exchange-recorder';
import { loadIncidentFieldMap } from '../../../src/adapters/jira/incident-field-map';
import { JiraClient } from '../../../src/adapters/jira/jira-client';
import { AppStorage } from '../../../src/adapters/storage/app-storage';
import { POSTMORTEM_RESOLVER_KEYS } from '../../../src/contracts/postmortem-macro';
import { postmortemMacroResolver } from '../../../src/entry/resolvers/postmortem-macro-resolver';

const CHANGELOG_ENTRIES = 2000;
const COMMENTS = 400;

describe('postmortem round trips on a 2,000-entry history', () => {
  let forge: BenchForge;
  let recorder: ExchangeRecorder;
  let issueKey: string;

  beforeAll(async () => {
    forge = await startBenchForge();
    issueKey = addIncident(forge.site, { summary: 'Checkout latency above SLO', status: 'Resolved' });
    addHistory(forge.site, issueKey, { changelogEntries: CHANGELOG_ENTRIES, comments: COMMENTS });
    // As on a site where Incident setup ran: the field map is in storage.
    await forge.asInvocation({ accountId: forge.site.appAccountId }, () => loadIncidentFieldMap(JiraClient.asApp(), new AppStorage()));
    recorder = recordExchanges(forge.site);
  });
  afterAll(async () => {
    recorder?.stop();
    await forge?.dispose();
  });

  async function measured(key: string, accountId: string, payloadKey: string) {
    recorder.clear();
    // Each request waits as over a network, so requests sent together overlap in the log.
    recorder.latencyMs = 20;
    const extension = { space: { id: CONFLUENCE_SPACE.id, key: CONFLUENCE_SPACE.key } };
    const result = (await forge.invoke(postmortemMacroResolver, key, { issueKey: payloadKey }, { accountId, extension })) as {
      success: boolean;
      error?: { code: string };
    };
    recorder.latencyMs = 0;
    const log = [...recorder.exchanges];
    const calls = (pattern: RegExp) => log.filter((exchange) => pattern.test(exchange.path)).length;
    return { result, log, depth: sequentialDepth(log), calls };
  }

  it('previews in 3 trips: storage with the site reads, the issue with the first pages, then every other page at once', async () => {
    const { result, depth, calls } = await measured(POSTMORTEM_RESOLVER_KEYS.preview, BENCH_USERS.responder.accountId, issueKey);
    expect(result.success).toBe(true);
    expect(calls(/\/changelog$/)).toBe(CHANGELOG_ENTRIES / 100);
    expect(calls(/\/comment$/)).toBe(COMMENTS / 100);
    expect(depth).toBeLessThanOrEqual(3);
  });

  it('creates the page in 7 trips, tagging the new page without reading its properties first', async () => {
    const { result, log, depth } = await measured(POSTMORTEM_RESOLVER_KEYS.create, BENCH_USERS.responder.accountId, issueKey);
    expect(result).toMatchObject({ success: true, data: { created: true } });
    expect(log.filter((exchange) => exchange.method === 'GET' && /\/properties$/.test(exchange.path))).toEqual([]);
    expect(log.filter((exchange) => exchange.method === 'POST' && /\/properties$/.test(exchange.path))).toHaveLength(1);
    expect(depth).toBeLessThanOrEqual(7);
  });

  it('answers a reader who may not browse the incident with NOT_FOUND and reads no page after the first', async () => {
    const { result, calls } = await measured(POSTMORTEM_RESOLVER_KEYS.preview, BENCH_USERS.outsider.accountId, issueKey);
    expect(result).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
    expect(calls(/\/changelog$/)).toBeLessThanOrEqual(1);
    expect(calls(/\/comment$/)).toBeLessThanOrEqual(1);
  });

  it('answers an issue that is not an incident with NOT_INCIDENT and reads no page after the first', async () => {
    const task = forge.site.jira.addIssue({
      project: 'OPS',
      issueType: 'Task',
      summary: 'Rotate the certificates',
      status: 'Open',
      fields: {},
    }).key;
    addHistory(forge.site, task, { changelogEntries: CHANGELOG_ENTRIES, comments: COMMENTS });
    const { result, calls } = await measured(POSTMORTEM_RESOLVER_KEYS.preview, BENCH_USERS.responder.accountId, task);
    expect(result).toMatchObject({ success: false, error: { code: 'NOT_INCIDENT' } });
    expect(calls(/\/changelog$/)).toBeLessThanOrEqual(1);
    expect(calls(/\/comment$/)).toBeLessThanOrEqual(1);
  });
});
