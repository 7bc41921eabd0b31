import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { useId } from 'react';
import type { CreateProblemPayload, ProblemCandidate, TrendsView } from '../../../src/contracts/incident-trends-types';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import type { TrendsApi } from './api';
import { IssueKeyList, SiteLink } from './issue-link';

function CandidateItem({ candidate, view, api }: { candidate: ProblemCandidate; view: TrendsView; api: TrendsApi }) {
  // useResolverAction runs one call at a time: a second click while one is pending does nothing.
  const action = useResolverAction((payload: CreateProblemPayload) => api.createProblem(payload));
  const reasonId = useId();
  const name = `${candidate.category} / ${candidate.subcategory}`;
  const busy = action.state.status === 'pending';
  const done = action.state.status === 'done' ? action.state.data : null;
  const create = () =>
    void action.run({ from: view.trends.from, to: view.trends.to, category: candidate.category, subcategory: candidate.subcategory });
  return (
    <li
      data-testid="problem-candidate"
      data-candidate={name}
      style={{ borderTop: `1px solid ${token('color.border', '#0B120E24')}`, padding: '8px 0' }}
    >
      <Stack space="space.100">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Heading size="xsmall" as="h3">
            {name}
          </Heading>
          <Text color="color.text.subtle">{`${candidate.incidentKeys.length} incidents`}</Text>
        </Inline>
        <IssueKeyList keys={candidate.incidentKeys} siteUrl={view.siteUrl} label={`Incidents in ${name}`} />
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Button
            appearance="primary"
            isDisabled={!view.canCreateProblem || done !== null}
            isLoading={busy}
            onClick={create}
            aria-describedby={view.canCreateProblem ? undefined : reasonId}
          >
            Create Problem
          </Button>
          {view.canCreateProblem ? null : (
            <span id={reasonId}>
              <Text color="color.text.subtle">{`You can't create issues in ${view.projectKey}, so a Problem can't be created from here. Ask a project admin, or someone who can create issues there.`}</Text>
            </span>
          )}
          {busy ? (
            <Text color="color.text.subtle" testId="create-problem-busy">
              Creating the Problem and linking the incidents…
            </Text>
          ) : null}
        </Inline>
        {done ? (
          <Box role="status" data-state="problem-created">
            <SectionMessage appearance={done.created ? 'success' : 'information'}>
              <Inline space="space.050" shouldWrap>
                <Text>{done.created ? 'Created Problem' : 'This candidate already has Problem'}</Text>
                <SiteLink href={done.problem.url} testId="problem-link">
                  {done.problem.key}
                </SiteLink>
                <Text>
                  {done.linkedIncidentKeys.length > 0
                    ? `; linked ${done.linkedIncidentKeys.length} incident${done.linkedIncidentKeys.length === 1 ? '' : 's'} to it with “Causes”.`
                    : '; every incident was already linked to it.'}
                </Text>
              </Inline>
            </SectionMessage>
          </Box>
        ) : null}
        {action.state.status === 'failed' ? <ActionError error={action.state.error} /> : null}
      </Stack>
    </li>
  );
}

/** Categories with at least `minIncidents` incidents in the period and no linked Problem yet. */
export function ProblemCandidates({ view, api }: { view: TrendsView; api: TrendsApi }) {
  const candidates = view.trends.problemCandidates;
  return (
    <section aria-label="Problem candidates" data-testid="problem-candidates">
      <Stack space="space.150">
        <Heading size="small" as="h2">
          Problem candidates
        </Heading>
        <Text color="color.text.subtle">{`Categories with at least ${view.minIncidents} incidents in the period and no linked Problem. Creating one links its incidents to it with “Causes”, as you.`}</Text>
        {candidates.length === 0 ? (
          <Text testId="no-candidates">No category reached the threshold in this period.</Text>
        ) : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {candidates.map((candidate) => (
              <CandidateItem key={`${candidate.category}\u0000${candidate.subcategory}`} candidate={candidate} view={view} api={api} />
            ))}
          </ul>
        )}
      </Stack>
    </section>
  );
}
