import { useState, type FormEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { TRENDS_PRESET_DAYS, type TrendsView } from '../../../src/contracts/incident-trends-types';
import { Field } from '../../shared/form';
import { EmptyState, ErrorState, ForbiddenState, LoadingState } from '../../shared/states';
import { useResolver } from '../../shared/use-resolver';
import { type TrendsApi, trendsApi } from './api';
import { TrendsCharts } from './trends-charts';
import { checkCustomPeriod, presetPeriod, type Period, type PeriodProblems } from './period';
import { ProblemCandidates } from './problem-candidates';

function PeriodPicker({ period, todayMs, onChange }: { period: Period; todayMs: number; onChange: (period: Period) => void }) {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [problems, setProblems] = useState<PeriodProblems>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const checked = checkCustomPeriod(from, to, todayMs);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    onChange(checked.period);
  };
  const choosePreset = (days: number) => {
    const next = presetPeriod(days, todayMs);
    setFrom(next.from);
    setTo(next.to);
    setProblems({});
    onChange(next);
  };

  return (
    <Stack space="space.150">
      <div role="group" aria-label="Period">
        <Inline space="space.100" shouldWrap>
          {TRENDS_PRESET_DAYS.map((days) => (
            <Button key={days} isSelected={period.choice === days} aria-pressed={period.choice === days} onClick={() => choosePreset(days)}>
              {`Last ${days} days`}
            </Button>
          ))}
        </Inline>
      </div>
      <form onSubmit={submit} aria-label="Custom period" noValidate>
        <Inline space="space.150" alignBlock="end" shouldWrap>
          <Field id="trends-from" label="From" error={problems.from}>
            <Textfield
              id="trends-from"
              type="date"
              value={from}
              isInvalid={problems.from !== undefined}
              aria-describedby={problems.from !== undefined ? 'trends-from-error' : undefined}
              onChange={(event) => setFrom(event.currentTarget.value)}
              width={180}
            />
          </Field>
          <Field id="trends-to" label="To" error={problems.to}>
            <Textfield
              id="trends-to"
              type="date"
              value={to}
              isInvalid={problems.to !== undefined}
              aria-describedby={problems.to !== undefined ? 'trends-to-error' : undefined}
              onChange={(event) => setTo(event.currentTarget.value)}
              width={180}
            />
          </Field>
          <Button type="submit" isSelected={period.choice === 'custom'}>
            Show period
          </Button>
        </Inline>
      </form>
    </Stack>
  );
}

function TrendsContent({ view, api }: { view: TrendsView; api: TrendsApi }) {
  const { trends } = view;
  return (
    <Stack space="space.400">
      <Stack space="space.050">
        <Text testId="trends-summary">{`${trends.incidents} incident${trends.incidents === 1 ? '' : 's'} created from ${trends.from} to ${trends.to}; ${trends.reopened.count} reopened.`}</Text>
        <Text
          size="small"
          color="color.text.subtlest"
        >{`SLA clocks and ages as of ${view.computedAt.replace('T', ' ').slice(0, 16)} UTC. Counted from the incidents you can browse.`}</Text>
      </Stack>
      <TrendsCharts view={view} />
      <ProblemCandidates view={view} api={api} />
    </Stack>
  );
}

/**
 * The "Incident trends" project page: a period picker over the charts of `trends.load`, each with
 * its table and CSV, and the problem candidates. A new period is a new load; an answer for an
 * older period that arrives late is dropped (useResolver).
 */
export function TrendsPage({ api = trendsApi, now = () => Date.now() }: { api?: TrendsApi; now?: () => number }) {
  const [todayMs] = useState(now);
  const [period, setPeriod] = useState<Period>(() => presetPeriod(TRENDS_PRESET_DAYS[0], todayMs));
  const load = useResolver(() => api.load({ from: period.from, to: period.to }), `${period.from}..${period.to}`, {
    isEmpty: (view) => view.trends.incidents === 0,
  });
  const projectKey = load.state.status === 'ready' ? load.state.data.projectKey : null;

  return (
    <Stack space="space.300">
      <Heading size="large" as="h1">
        {projectKey ? `Incident trends: ${projectKey}` : 'Incident trends'}
      </Heading>
      <PeriodPicker period={period} todayMs={todayMs} onChange={setPeriod} />
      <Text color="color.text.subtle" testId="trends-period">{`Period: ${period.from} to ${period.to} (UTC days, both included)`}</Text>
      {load.state.status === 'loading' ? <LoadingState label="Reading the incidents of the period" /> : null}
      {load.state.status === 'empty' ? (
        <EmptyState title="No incidents in this period">
          {load.state.message ?? `No incident you can browse was created from ${period.from} to ${period.to}. Choose a longer period.`}
        </EmptyState>
      ) : null}
      {load.state.status === 'forbidden' ? (
        <ForbiddenState message="You can't see this project's incidents" detail={load.state.error.message} />
      ) : null}
      {load.state.status === 'error' ? (
        <ErrorState title="The trends could not be read" error={load.state.error} onRetry={load.retry} />
      ) : null}
      {load.state.status === 'ready' ? <TrendsContent view={load.state.data} api={api} /> : null}
    </Stack>
  );
}
