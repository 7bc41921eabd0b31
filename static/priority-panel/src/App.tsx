import { useCallback, useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Badge } from '../../shared/badge';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import { router, view as hostView } from '@forge/bridge';
import type { PriorityPanelView, RankNeighbourView, RankView } from '../../../src/contracts/priority-panel-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result-types';
import { ActionError, FORBIDDEN_INCIDENT_MESSAGE, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import { type PriorityPanelApi, priorityPanelApi } from './api';
import { AssessmentForm } from './assessment-form';
import { SlaClock } from './sla-clock';
import { CommunicationSection } from './communication-section';

const LEVEL_APPEARANCE = { P1: 'removed', P2: 'moved', P3: 'inprogress', P4: 'default', P5: 'default' } as const;

function ComputedPriority({ view }: { view: PriorityPanelView }) {
  if (view.computed === null) {
    return (
      <Text color="color.text.subtle" testId="computed-priority">
        {view.assessmentProblem
          ? `Not computed: ${view.assessmentProblem.message}`
          : 'Not assessed yet: choose impact and urgency, then Apply.'}
      </Text>
    );
  }
  const { computed } = view;
  return (
    <Stack space="space.050" testId="computed-priority">
      <Inline space="space.100" alignBlock="center">
        <Badge appearance={LEVEL_APPEARANCE[computed.level]} isBold>
          {computed.level}
        </Badge>
        <Text weight="bold">{computed.jiraPriorityName}</Text>
        {computed.capped ? <Badge>capped</Badge> : null}
      </Inline>
      <ul style={{ margin: 0, paddingInlineStart: '20px' }} aria-label="Why this priority">
        {computed.reasons.map((reason) => (
          <li key={reason}>
            <Text>{reason}</Text>
          </li>
        ))}
      </ul>
    </Stack>
  );
}

function Neighbour({ label, neighbour }: { label: string; neighbour: RankNeighbourView | undefined }) {
  if (!neighbour) return null;
  if ('hidden' in neighbour) {
    return <Text color="color.text.subtle">{`${label}: an incident you cannot view`}</Text>;
  }
  return (
    <Inline space="space.050" alignBlock="center">
      <Text>{`${label}:`}</Text>
      <Button appearance="subtle" spacing="compact" onClick={() => void router.navigate(`/browse/${neighbour.key}`)}>
        {`${neighbour.key} ${neighbour.summary}`}
      </Button>
    </Inline>
  );
}

function Rank({ rank, pending }: { rank: RankView | null; pending: boolean }) {
  if (rank === null && pending)
    return <Text color="color.text.subtle">The ranking among open incidents is being rebuilt; it appears here within a few minutes.</Text>;
  if (rank === null) return <Text color="color.text.subtle">Closed incidents have no rank.</Text>;
  return (
    <Stack space="space.050" testId="rank">
      <Text weight="bold">{`Rank ${rank.position} of ${rank.total} open incidents`}</Text>
      {rank.asOf ? (
        <Text color="color.text.subtle">{`Other incidents as of ${new Date(rank.asOf).toLocaleString()}; a refresh is under way.`}</Text>
      ) : null}
      <Neighbour label="Ahead" neighbour={rank.above} />
      <Neighbour label="Behind" neighbour={rank.below} />
    </Stack>
  );
}

/**
 * False for the panel's first paint with data, true right after it: the computed priority, SLA
 * clock and rank are painted as soon as the view answers; the assessment form and the
 * communication section (which makes its own resolver call) render in the task after that paint.
 */
function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: number | undefined;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, []);
  return painted;
}

function PanelContent({
  view,
  api,
  onApplied,
}: {
  view: PriorityPanelView;
  api: PriorityPanelApi;
  onApplied: (view: PriorityPanelView) => void;
}) {
  const apply = useResolverAction(api.apply);
  const [appliedSummary, setAppliedSummary] = useState<string | null>(null);
  const failure = apply.state.status === 'failed' ? apply.state.error : null;
  const later = useAfterFirstPaint();

  return (
    <Stack space="space.200">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Heading size="xsmall" as="h2">
          {view.incident.key}
        </Heading>
        <Text color="color.text.subtle">{view.incident.summary}</Text>
        <Badge appearance={view.incident.open ? 'inprogress' : 'success'}>{view.incident.statusName}</Badge>
        <Text color="color.text.subtle">{`Priority in Jira: ${view.incident.priorityName ?? 'none'}`}</Text>
      </Inline>
      <ComputedPriority view={view} />
      {view.override ? (
        <Box testId="override-note">
          <Text>{view.override.message}</Text>
        </Box>
      ) : null}
      <SlaClock sla={view.sla} />
      <Rank rank={view.rank} pending={view.rankPending === true} />
      {!view.canEdit ? <Text color="color.text.subtle">You can view this incident but not edit it.</Text> : null}
      {later ? (
        <>
          <AssessmentForm
            key={view.lastApplied?.appliedAt ?? 'initial'}
            view={view}
            pending={apply.state.status === 'pending'}
            error={failure}
            onApply={async (payload) => {
              setAppliedSummary(null);
              const result = await apply.run(payload);
              if (result?.success) {
                onApplied(result.data);
                setAppliedSummary(result.data.computed?.summary ?? 'Priority applied.');
                // The issue view around the panel (fields, history) shows the new values, as Jira
                // refreshes it for an issue panel that asks; a host that cannot refresh is no failure.
                void hostView.refresh().catch(() => undefined);
              }
            }}
          />
          {appliedSummary ? (
            <Box role="status" testId="applied">
              <Text color="color.text.success">{appliedSummary}</Text>
            </Box>
          ) : null}
          {failure && !failure.field ? <ActionError error={failure} /> : null}
          {view.lastApplied ? (
            <Text size="small" color="color.text.subtlest">
              {`Last applied ${new Date(view.lastApplied.appliedAt).toLocaleString()} (${view.lastApplied.source === 'panel' ? 'from this panel' : 'automatically'}): ${view.lastApplied.summary}`}
            </Text>
          ) : null}
          <CommunicationSection />
        </>
      ) : null}
    </Stack>
  );
}

/** `firstView`: the view call already under way when the panel mounts (index.tsx starts it); Retry makes a new one. */
export function PriorityPanel({
  api = priorityPanelApi,
  firstView,
}: {
  api?: PriorityPanelApi;
  firstView?: Promise<ResolverResult<PriorityPanelView>>;
}) {
  const started = useRef(firstView);
  const { state, retry: loadAgain, replace } = useResolver(() => started.current ?? api.view(), 'priority-panel');
  const retry = useCallback(() => {
    started.current = undefined;
    loadAgain();
  }, [loadAgain]);
  return (
    <ResolverView
      state={state}
      onRetry={retry}
      loadingLabel="Loading the incident's priority"
      emptyTitle="Nothing to prioritise"
      forbiddenMessage={FORBIDDEN_INCIDENT_MESSAGE}
    >
      {(view) => <PanelContent view={view} api={api} onApplied={replace} />}
    </ResolverView>
  );
}
