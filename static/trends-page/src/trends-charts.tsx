import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { TrendsView } from '../../../src/contracts/incident-trends-types';
import { BarChart, BRAND, categorical, CATEGORICAL, DANGER, NEUTRAL, SUCCESS } from './chart';
import { ChartSection, DataTable, type Cell } from './data-table';
import { IssueKeyList } from './issue-link';

const NO_CATEGORY = '(no category)';
/** Categories drawn apart in the per-period chart (the largest of the period); the rest are summed as "Other". */
const PERIOD_CATEGORY_LIMIT = 5;
const OTHER_CATEGORIES = 'Other categories';
const NO_SUBCATEGORY = '(none)';

function categoryLabel(category: string | null, subcategory: string | null): string {
  return `${category ?? NO_CATEGORY} / ${subcategory ?? NO_SUBCATEGORY}`;
}

/** The charts of one load, each followed by its numbers as a table and a CSV download. */
export function TrendsCharts({ view }: { view: TrendsView }) {
  const { trends } = view;
  const period = { from: trends.from, to: trends.to };
  const priorities = trends.byPriority.map((entry) => entry.priority);
  const colourOf = (priority: string) => categorical(Math.max(0, priorities.indexOf(priority)));
  const bucket = trends.bucket === 'week' ? 'week' : 'month';

  const perPeriodRows: Cell[][] = trends.byPeriod.map((entry) => [
    entry.start,
    ...priorities.map((priority) => entry.byPriority.find((part) => part.priority === priority)?.count ?? 0),
    entry.count,
  ]);
  // byCategory is sorted by count, largest first: the chart draws those apart and sums the rest.
  const shownCategories = trends.byCategory.slice(0, PERIOD_CATEGORY_LIMIT);
  const hasOther = trends.byCategory.length > PERIOD_CATEGORY_LIMIT;
  const sameCategory = (a: { category: string | null; subcategory: string | null }, b: typeof a) =>
    a.category === b.category && a.subcategory === b.subcategory;
  const categoryCounts = (entry: (typeof trends.byPeriod)[number]): number[] => {
    const shown = shownCategories.map((category) => entry.byCategory.find((part) => sameCategory(part, category))?.count ?? 0);
    const shownTotal = shown.reduce((total, count) => total + count, 0);
    return hasOther ? [...shown, entry.count - shownTotal] : shown;
  };
  const categoryColumns = [
    ...shownCategories.map((entry) => categoryLabel(entry.category, entry.subcategory)),
    ...(hasOther ? [OTHER_CATEGORIES] : []),
  ];
  const responseRows = (pick: 'timeToAcknowledgeMinutes' | 'timeToResolveMinutes'): Cell[][] =>
    trends.byPriority.map((entry) => [entry.priority, entry.count, entry[pick].median, entry[pick].p90]);
  const responseChart = (pick: 'timeToAcknowledgeMinutes' | 'timeToResolveMinutes', title: string) => (
    <BarChart
      title={title}
      labels={priorities}
      mode="overlay"
      yLabel="minutes"
      series={[
        { label: '90th percentile', values: trends.byPriority.map((entry) => entry[pick].p90), colour: NEUTRAL },
        { label: 'Median', values: trends.byPriority.map((entry) => entry[pick].median), colour: BRAND },
      ]}
    />
  );

  return (
    <Stack space="space.500">
      <ChartSection title={`Incidents per ${bucket} by priority`}>
        <BarChart
          title={`Incidents per ${bucket} by priority`}
          labels={trends.byPeriod.map((entry) => entry.start)}
          mode="stacked"
          yLabel="incidents"
          series={priorities.map((priority) => ({
            label: priority,
            values: trends.byPeriod.map((entry) => entry.byPriority.find((part) => part.priority === priority)?.count ?? 0),
            colour: colourOf(priority),
          }))}
        />
        <DataTable
          caption={`Incidents per ${bucket} by priority`}
          header={[`${bucket === 'week' ? 'Week' : 'Month'} starting`, ...priorities, 'Total']}
          rows={perPeriodRows}
          period={period}
        />
      </ChartSection>

      <ChartSection
        title={`Time to acknowledge and resolve per ${bucket}`}
        note={
          <Text color="color.text.subtle">
            {`Minutes, all priorities together: the median and the 90th percentile of the incidents created in each ${bucket}.`}
          </Text>
        }
      >
        {(['timeToAcknowledgeMinutes', 'timeToResolveMinutes'] as const).map((pick) => {
          // Two charts under one heading: each says which time it shows.
          const title = `${pick === 'timeToAcknowledgeMinutes' ? 'Time to acknowledge' : 'Time to resolve'} per ${bucket}`;
          return (
            <Stack key={pick} space="space.050">
              <Text weight="medium">{title}</Text>
              <BarChart
                title={title}
                labels={trends.byPeriod.map((entry) => entry.start)}
                mode="overlay"
                yLabel="minutes"
                series={[
                  { label: '90th percentile', values: trends.byPeriod.map((entry) => entry[pick].p90), colour: NEUTRAL },
                  { label: 'Median', values: trends.byPeriod.map((entry) => entry[pick].median), colour: BRAND },
                ]}
              />
            </Stack>
          );
        })}
        <DataTable
          caption={`Time to acknowledge and resolve per ${bucket}`}
          header={[
            `${bucket === 'week' ? 'Week' : 'Month'} starting`,
            'Incidents',
            'Acknowledge median (minutes)',
            'Acknowledge 90th percentile (minutes)',
            'Resolve median (minutes)',
            'Resolve 90th percentile (minutes)',
          ]}
          rows={trends.byPeriod.map((entry) => [
            entry.start,
            entry.count,
            entry.timeToAcknowledgeMinutes.median,
            entry.timeToAcknowledgeMinutes.p90,
            entry.timeToResolveMinutes.median,
            entry.timeToResolveMinutes.p90,
          ])}
          period={period}
        />
      </ChartSection>

      <ChartSection
        title="Time to acknowledge by priority"
        note={
          <Text color="color.text.subtle">
            Minutes from creation to the first acknowledgement; the median and the 90th percentile (nearest rank).
          </Text>
        }
      >
        {responseChart('timeToAcknowledgeMinutes', 'Time to acknowledge by priority')}
        <DataTable
          caption="Time to acknowledge by priority"
          header={['Priority', 'Incidents', 'Median (minutes)', '90th percentile (minutes)']}
          rows={responseRows('timeToAcknowledgeMinutes')}
          period={period}
        />
      </ChartSection>

      <ChartSection
        title="Time to resolve by priority"
        note={
          <Text color="color.text.subtle">Minutes from creation to resolution; the median and the 90th percentile (nearest rank).</Text>
        }
      >
        {responseChart('timeToResolveMinutes', 'Time to resolve by priority')}
        <DataTable
          caption="Time to resolve by priority"
          header={['Priority', 'Incidents', 'Median (minutes)', '90th percentile (minutes)']}
          rows={responseRows('timeToResolveMinutes')}
          period={period}
        />
      </ChartSection>

      <ChartSection title="SLA met and missed by priority">
        <BarChart
          title="SLA met and missed by priority"
          labels={priorities}
          mode="stacked"
          yLabel="incidents"
          series={[
            { label: 'Met', values: trends.byPriority.map((entry) => entry.slaMet), colour: SUCCESS },
            { label: 'Missed', values: trends.byPriority.map((entry) => entry.slaMissed), colour: DANGER },
          ]}
        />
        <DataTable
          caption="SLA met and missed by priority"
          header={['Priority', 'SLA met', 'SLA missed']}
          rows={trends.byPriority.map((entry) => [entry.priority, entry.slaMet, entry.slaMissed])}
          period={period}
        />
      </ChartSection>

      <ChartSection
        title="Open incidents by age"
        note={<Text color="color.text.subtle">Incidents created in the period and not resolved yet.</Text>}
      >
        <BarChart
          title="Open incidents by age"
          labels={trends.openByAge.map((entry) => entry.label)}
          yLabel="incidents"
          series={[{ label: 'Open incidents', values: trends.openByAge.map((entry) => entry.count), colour: categorical(3) }]}
        />
        <DataTable
          caption="Open incidents by age"
          header={['Age', 'Open incidents', 'Incidents']}
          rows={trends.openByAge.map((entry) => [entry.label, entry.count, entry.incidentKeys.join(' ')])}
          period={period}
        />
      </ChartSection>

      <ChartSection title={`Incidents per ${bucket} by category`}>
        <BarChart
          title={`Incidents per ${bucket} by category`}
          labels={trends.byPeriod.map((entry) => entry.start)}
          mode="stacked"
          yLabel="incidents"
          series={categoryColumns.map((label, index) => ({
            label,
            values: trends.byPeriod.map((entry) => categoryCounts(entry)[index] ?? 0),
            colour: label === OTHER_CATEGORIES ? NEUTRAL : categorical(index),
          }))}
        />
        <DataTable
          caption={`Incidents per ${bucket} by category`}
          header={[`${bucket === 'week' ? 'Week' : 'Month'} starting`, ...categoryColumns, 'Total']}
          rows={trends.byPeriod.map((entry) => [entry.start, ...categoryCounts(entry), entry.count])}
          period={period}
        />
      </ChartSection>

      <ChartSection title="Incidents by category">
        <BarChart
          title="Incidents by category"
          labels={trends.byCategory.map((entry) => categoryLabel(entry.category, entry.subcategory))}
          yLabel="incidents"
          series={[{ label: 'Incidents', values: trends.byCategory.map((entry) => entry.count), colour: CATEGORICAL[0] ?? BRAND }]}
        />
        <DataTable
          caption="Incidents by category"
          header={['Category', 'Subcategory', 'Incidents']}
          rows={trends.byCategory.map((entry) => [entry.category ?? NO_CATEGORY, entry.subcategory ?? NO_SUBCATEGORY, entry.count])}
          period={period}
        />
      </ChartSection>

      <ChartSection
        title="Reopened incidents"
        note={<Text color="color.text.subtle">Incidents created in the period that went from a done status back to an open one.</Text>}
      >
        <Text testId="reopened-count">{`${trends.reopened.count} reopened`}</Text>
        {trends.reopened.incidentKeys.length > 0 ? (
          <IssueKeyList keys={trends.reopened.incidentKeys} siteUrl={view.siteUrl} label="Reopened incidents" />
        ) : null}
      </ChartSection>
    </Stack>
  );
}
