import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { mapWithConcurrency } from '../../adapters/http/product-http';
import { storageKey } from '../../adapters/storage/app-storage';
import type { CreateProblemResult } from '../../contracts/incident-trends';
import { ISSUE_TYPE_NAMES } from '../../domain/incident/work-type';
import { CAUSES_LINK_TYPE, findCausesLinkType } from '../../domain/setup/incident-setup-plan';
import { issueUrlFor } from '../../domain/postmortem/postmortem-model';
import { STALE_CLAIM_SECONDS, claimCreation } from '../create-once-claim';
import { UseCaseRefusal } from '../use-case-refusal';
import { loadIncidentTrends, type TrendsDeps } from './load-incident-trends';
import { siteUrlOrNull } from './view-incident-trends';

/**
 * Links made at once. Every link writes to the one Problem issue, and Jira allows 20 writes to an
 * issue per 2 s (PLATFORM.md): 4 at a time stays well inside that; a 429 is retried by the adapter.
 */
const LINK_CONCURRENCY = 4;

/** How long a second call waits for the first one's Problem before answering CONFLICT. */
const WAIT_FOR_OTHER_MS = 8_000;
const POLL_MS = 200;

/**
 * One record per project + category / subcategory: claimed before the Problem is created, so a
 * retry, a double click or a second person finds that Problem instead of making another. `linked`
 * grows as the links are made, so a retry after a failure links only what is missing.
 */
const ProblemRecord = z.discriminatedUnion('state', [
  z.object({ state: z.literal('creating'), claimedAt: z.string(), claimedBy: z.string().nullable() }),
  z.object({ state: z.literal('created'), problemKey: z.string(), incidentKeys: z.array(z.string()), linked: z.array(z.string()) }),
]);
type ProblemRecord = z.infer<typeof ProblemRecord>;

/** Storage keys allow only a few characters, and category names are the admin's: the pair is hashed. */
export function problemRecordKey(projectKey: string, category: string, subcategory: string) {
  const digest = createHash('sha256')
    .update(JSON.stringify([category, subcategory]))
    .digest('hex')
    .slice(0, 32);
  return storageKey(`trends-problem:${projectKey}:${digest}`, ProblemRecord);
}

export interface CreateProblemInput {
  projectKey: string;
  from: string;
  to: string;
  category: string;
  subcategory: string;
  accountId: string | null;
}

/**
 * Creates the Problem of a candidate, as the user, and links each of its incidents to it with
 * "Causes" (the Problem causes the incident). Order: the record first (an existing Problem is
 * answered, its missing links made); the candidate recomputed as the user (refused when it is
 * none any more); the Problem type and the link type checked (refused, naming what the admin must
 * add, before anything is written); the claim; create; record; links, each one recorded.
 */
export async function createProblemFromCandidate(deps: TrendsDeps, input: CreateProblemInput): Promise<CreateProblemResult> {
  const key = problemRecordKey(input.projectKey, input.category, input.subcategory);
  const issueUrl = issueUrlFor((await siteUrlOrNull(deps)) ?? '');
  const existing = await deps.storage.get(key);
  if (existing?.state === 'created') return finish(deps, input, existing, false, issueUrl);

  const trends = await loadIncidentTrends(deps, { from: input.from, to: input.to, projectKey: input.projectKey });
  const candidate = trends.problemCandidates.find((row) => row.category === input.category && row.subcategory === input.subcategory);
  if (!candidate) {
    throw new UseCaseRefusal(
      'CONFLICT',
      `${input.category} / ${input.subcategory} is no longer a problem candidate for ${input.from} to ${input.to}: it has fewer ` +
        `incidents than the threshold, or one of them is now linked to a Problem. Reload the page.`,
      'category',
    );
  }
  const [problemTypeId, linkTypeName] = await Promise.all([problemTypeIn(deps, input.projectKey), causesLinkType(deps)]);

  if (!(await claim(deps, input))) {
    const record = await waitFor(deps, key, () => true);
    return finish(deps, input, record, false, issueUrl, linkTypeName);
  }
  let problemKey: string;
  try {
    const created = await deps.userJira.createIssue({
      fields: {
        project: { key: input.projectKey },
        issuetype: { id: problemTypeId },
        summary: problemSummary(input.category, input.subcategory, candidate.incidentKeys.length),
        description: problemDescription(input, candidate.incidentKeys, issueUrl),
      },
    });
    problemKey = created.key;
  } catch (error) {
    await deps.storage.delete(key);
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'forbidden')) {
      throw new UseCaseRefusal(
        'FORBIDDEN',
        `Jira did not create the Problem in ${input.projectKey}: ${error.details.errorMessages?.join(' ') || error.message}`,
      );
    }
    throw error;
  }
  const record: ProblemRecord = { state: 'created', problemKey, incidentKeys: candidate.incidentKeys, linked: [] };
  const holdsLinkLock = await deps.storage.setIfAbsent(
    linkLockKey(input.projectKey, input.category, input.subcategory),
    { takenAt: deps.now() },
    STALE_CLAIM_SECONDS,
  );
  await deps.storage.set(key, record);
  return finish(deps, input, record, true, issueUrl, linkTypeName, holdsLinkLock);
}

/**
 * Links what the record has not linked yet and answers. One invocation links at a time (a lock
 * with a lifetime, so one that died is taken over): a second call waits for its links instead of
 * making them twice. The creator takes the lock before it records the Problem.
 */
async function finish(
  deps: TrendsDeps,
  input: CreateProblemInput,
  recorded: Extract<ProblemRecord, { state: 'created' }>,
  created: boolean,
  issueUrl: (key: string) => string,
  knownLinkType?: string,
  holdsLinkLock = false,
): Promise<CreateProblemResult> {
  const key = problemRecordKey(input.projectKey, input.category, input.subcategory);
  const lock = linkLockKey(input.projectKey, input.category, input.subcategory);
  const answer = (linked: readonly string[]) => ({
    problem: { key: recorded.problemKey, url: issueUrl(recorded.problemKey) },
    created,
    linkedIncidentKeys: recorded.incidentKeys.filter((incidentKey) => linked.includes(incidentKey)),
  });
  const missingIn = (record: Extract<ProblemRecord, { state: 'created' }>) =>
    record.incidentKeys.filter((incidentKey) => !record.linked.includes(incidentKey));
  if (missingIn(recorded).length === 0) return answer([]);
  if (!holdsLinkLock && !(await deps.storage.setIfAbsent(lock, { takenAt: deps.now() }, STALE_CLAIM_SECONDS))) {
    await waitFor(deps, key, (record) => record.state === 'created' && missingIn(record).length === 0);
    return answer([]);
  }
  const linked: string[] = [];
  try {
    // Read again under the lock: another call may have linked some since.
    const record = (await deps.storage.get(key)) ?? recorded;
    const base = record.state === 'created' ? record : recorded;
    const linkTypeName = knownLinkType ?? (await causesLinkType(deps));
    try {
      await mapWithConcurrency(missingIn(base), LINK_CONCURRENCY, async (incidentKey) => {
        // Jira's POST /issueLink reads backwards: the `inwardIssue` is the one the outward phrase is
        // said of. Problem in `inwardIssue`, incident in `outwardIssue`: "Problem causes incident",
        // and the incident shows "is caused by Problem" (as the demo's INC-6 / INC-7).
        await deps.userJira.createIssueLink({ typeName: linkTypeName, inwardIssueKey: base.problemKey, outwardIssueKey: incidentKey });
        linked.push(incidentKey);
      });
    } finally {
      await deps.storage.set(key, { ...base, linked: [...base.linked, ...linked] });
    }
  } catch (error) {
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'forbidden')) {
      throw new UseCaseRefusal(
        'FORBIDDEN',
        `${recorded.problemKey} exists, but Jira did not let you link all its incidents to it (Link issues permission). Ask someone ` +
          `who may link issues to try again.`,
      );
    }
    throw error;
  } finally {
    await deps.storage.delete(lock);
  }
  return answer(linked);
}

const LinkLock = z.object({ takenAt: z.string() });

function linkLockKey(projectKey: string, category: string, subcategory: string) {
  return storageKey(`${problemRecordKey(projectKey, category, subcategory).key}:linking`, LinkLock);
}

async function claim(deps: TrendsDeps, input: CreateProblemInput): Promise<boolean> {
  const record: ProblemRecord = { state: 'creating', claimedAt: deps.now(), claimedBy: input.accountId };
  return claimCreation(deps.storage, problemRecordKey(input.projectKey, input.category, input.subcategory), record, deps.now());
}

/** The record once `ready` holds for it; CONFLICT when the other call takes longer than a click's patience. */
async function waitFor(
  deps: TrendsDeps,
  key: ReturnType<typeof problemRecordKey>,
  ready: (record: ProblemRecord) => boolean,
): Promise<Extract<ProblemRecord, { state: 'created' }>> {
  for (let waited = 0; waited <= WAIT_FOR_OTHER_MS; waited += POLL_MS) {
    const record = await deps.storage.get(key);
    if (record?.state === 'created' && ready(record)) return record;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new UseCaseRefusal('CONFLICT', 'This Problem is being created right now; wait a moment and reload the page.');
}

/** The Problem type's id in the project, as the user may create it; a refusal naming what is missing otherwise. */
async function problemTypeIn(deps: TrendsDeps, projectKey: string): Promise<string> {
  let types: Awaited<ReturnType<typeof deps.userJira.getCreatableIssueTypes>>;
  try {
    types = await deps.userJira.getCreatableIssueTypes(projectKey);
  } catch (error) {
    if (isProductApiError(error, 'badRequest') || isProductApiError(error, 'forbidden')) {
      throw new UseCaseRefusal(
        'FORBIDDEN',
        `You cannot create issues in project ${projectKey}: ask a project admin for the Create issues permission.`,
      );
    }
    throw error;
  }
  const problem = types.find((type) => type.subtask !== true && type.name.trim().toLowerCase() === ISSUE_TYPE_NAMES.problem.toLowerCase());
  if (!problem) {
    throw new UseCaseRefusal(
      'UNAVAILABLE',
      `Project ${projectKey} has no ${ISSUE_TYPE_NAMES.problem} issue type you may create. Ask a Jira admin to add the ` +
        `${ISSUE_TYPE_NAMES.problem} issue type to ${projectKey}'s issue type scheme (the admin page's Incident setup does it).`,
    );
  }
  return problem.id;
}

/**
 * The "Causes" link type's name as the site spells it (or a type that reads "causes" / "is caused by"); a refusal naming what the admin
 * must add otherwise.
 */
async function causesLinkType(deps: TrendsDeps): Promise<string> {
  const types = await deps.userJira.getIssueLinkTypes();
  // Setup's rule: any type reading "causes / is caused by" (JSM ships it as "Problem/Incident"), else one named "Causes".
  const causes = findCausesLinkType(types);
  if (!causes) {
    throw new UseCaseRefusal(
      'UNAVAILABLE',
      `This site has no "${CAUSES_LINK_TYPE.name}" issue link type to link incidents to their Problem. Ask a Jira admin to run ` +
        `Incident setup on the app's admin page, or to add it in Settings > Issues > Issue linking (name "${CAUSES_LINK_TYPE.name}", ` +
        `outward "${CAUSES_LINK_TYPE.outward}", inward "${CAUSES_LINK_TYPE.inward}").`,
    );
  }
  return causes.name;
}

/** Jira refuses summaries over 255 characters; category names are the admin's. */
export function problemSummary(category: string, subcategory: string, incidents: number): string {
  const summary = `Recurring incidents: ${category} / ${subcategory} (${incidents} incidents)`;
  return summary.length <= 255 ? summary : `${summary.slice(0, 254)}…`;
}

/** ADF: why the Problem exists and the incidents it was made from, each a link to the issue. */
function problemDescription(input: CreateProblemInput, incidentKeys: readonly string[], issueUrl: (key: string) => string) {
  const text = (value: string) => ({ type: 'text', text: value });
  const linked = (incidentKey: string) => ({
    type: 'text',
    text: incidentKey,
    marks: [{ type: 'link', attrs: { href: issueUrl(incidentKey) } }],
  });
  return {
    type: 'doc',
    version: 1,
    content: [
      {
        type: 'paragraph',
        content: [
          text(
            `${incidentKeys.length} incidents of ${input.category} / ${input.subcategory} were created from ${input.from} to ` +
              `${input.to} with no Problem linked. Created from the Incident trends page; each incident is linked to this Problem ` +
              `("causes").`,
          ),
        ],
      },
      {
        type: 'bulletList',
        content: incidentKeys.map((incidentKey) => ({
          type: 'listItem',
          content: [{ type: 'paragraph', content: [linked(incidentKey)] }],
        })),
      },
    ],
  };
}
