import { useEffect, useRef, useState } from 'react';
import uPlot, { type Options } from 'uplot';
import 'uplot/dist/uPlot.min.css';

/**
 * Bar charts drawn by uPlot on a canvas. A canvas cannot read CSS variables, so each colour is
 * the design token's computed value, read when the chart is built; the chart is rebuilt when
 * the host switches the theme (it changes <html>'s data-color-mode / data-theme and the token
 * CSS), so dark mode gets the dark palette. The numbers are in the HTML table beside each chart:
 * the canvas is hidden from screen readers and only labelled.
 */

export interface ChartColour {
  /** A design token's CSS variable, e.g. --ds-chart-categorical-1. */
  cssVar: string;
  /** The light theme's value, used when the host gave no token CSS. */
  fallback: string;
}

export const CATEGORICAL: readonly ChartColour[] = [
  { cssVar: '--ds-chart-categorical-1', fallback: '#357DE8' },
  { cssVar: '--ds-chart-categorical-2', fallback: '#82B536' },
  { cssVar: '--ds-chart-categorical-3', fallback: '#BF63F3' },
  { cssVar: '--ds-chart-categorical-4', fallback: '#F68909' },
  { cssVar: '--ds-chart-categorical-5', fallback: '#1558BC' },
  { cssVar: '--ds-chart-categorical-6', fallback: '#964AC0' },
  { cssVar: '--ds-chart-categorical-7', fallback: '#42B2D7' },
  { cssVar: '--ds-chart-categorical-8', fallback: '#BD5B00' },
];
export const SUCCESS: ChartColour = { cssVar: '--ds-chart-success', fallback: '#82B536' };
export const DANGER: ChartColour = { cssVar: '--ds-chart-danger', fallback: '#E2483D' };
export const NEUTRAL: ChartColour = { cssVar: '--ds-chart-neutral', fallback: '#8C8F97' };
export const BRAND: ChartColour = { cssVar: '--ds-chart-brand', fallback: '#357DE8' };
const AXIS_TEXT: ChartColour = { cssVar: '--ds-text-subtle', fallback: '#505258' };
const GRID: ChartColour = { cssVar: '--ds-border', fallback: '#0B120E24' };

export function categorical(index: number): ChartColour {
  return CATEGORICAL[index % CATEGORICAL.length] ?? BRAND;
}

function computed(colour: ChartColour): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(colour.cssVar).trim();
  return value === '' ? colour.fallback : value;
}

/** Counts theme changes: <html>'s theme attributes and the token <style> elements the host adds. */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((n) => n + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-color-mode', 'data-theme'] });
    observer.observe(document.head, { childList: true });
    return () => observer.disconnect();
  }, []);
  return version;
}

export interface BarSeries {
  label: string;
  values: readonly (number | null)[];
  colour: ChartColour;
}

export interface BarChartProps {
  /** What the chart shows; the canvas's accessible name. */
  title: string;
  /** One label per bar position (x axis). */
  labels: readonly string[];
  series: readonly BarSeries[];
  /**
   * stacked: series add up (met + missed, per priority); overlay: each bar narrower than the
   * previous one, drawn over it (p90 behind the median); single series: plain bars.
   */
  mode?: 'stacked' | 'overlay';
  yLabel?: string;
  height?: number;
}

const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000];

function fitted(label: string, maxChars: number): string {
  return label.length <= maxChars ? label : `${label.slice(0, maxChars - 1)}…`;
}

function stackedValues(series: readonly BarSeries[]): (number | null)[][] {
  const sums: number[] = [];
  return series.map((one) =>
    one.values.map((value, index) => {
      sums[index] = (sums[index] ?? 0) + (value ?? 0);
      return sums[index] ?? 0;
    }),
  );
}

function chartOptions(props: BarChartProps, width: number): { options: Options; data: uPlot.AlignedData; colours: string[] } {
  const { labels, series, mode } = props;
  const bars = uPlot.paths.bars;
  if (!bars) throw new Error('uPlot was built without the bars path builder');
  const colours = series.map((one) => computed(one.colour));
  // Stacked: cumulative sums drawn from the top of the stack down, so each lower part covers the one before.
  const stacked = mode === 'stacked' ? stackedValues(series) : series.map((one) => [...one.values]);
  const order = mode === 'stacked' ? series.map((_, index) => series.length - 1 - index) : series.map((_, index) => index);
  const axisText = computed(AXIS_TEXT);
  const grid = computed(GRID);
  const every = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(width / 70))));
  const positions = labels.map((_, index) => index);
  // About 7 px a character at the axis font: a label longer than its slot is cut (the table has it whole).
  const maxChars = Math.max(4, Math.floor((((width - 60) / Math.max(1, labels.length)) * every) / 7));
  const data: uPlot.AlignedData = [positions, ...order.map((index) => stacked[index] ?? [])];
  const options: Options = {
    width,
    height: props.height ?? 220,
    legend: { show: false },
    cursor: { show: false },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0, labels.length - 0.5)] },
      y: { range: (_self, _min, max) => [0, max > 0 ? Math.ceil(max * 1.1) : 1] },
    },
    axes: [
      {
        stroke: axisText,
        grid: { show: false },
        ticks: { stroke: grid },
        splits: () => positions,
        values: (_self, splits) => splits.map((split) => (split % every === 0 ? fitted(labels[split] ?? '', maxChars) : '')),
      },
      {
        stroke: axisText,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid },
        label: props.yLabel,
        size: 48,
        // Counts step in whole numbers (no "1.5 incidents" tick).
        incrs: props.yLabel === 'incidents' ? WHOLE_STEPS : undefined,
      },
    ],
    series: [
      {},
      ...order.map((index, drawn) => {
        const one = series[index];
        const factor = mode === 'overlay' ? 0.7 / (drawn + 1) : 0.7;
        return {
          label: one?.label ?? '',
          fill: colours[index],
          stroke: colours[index],
          width: 0,
          points: { show: false },
          paths: bars({ size: [factor, 64], align: 0 }),
        };
      }),
    ],
  };
  return { options, data, colours };
}

export function BarChart(props: BarChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [colours, setColours] = useState<string[]>([]);
  const themeVersion = useThemeVersion();

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = holder.current;
    if (!element || width <= 0) return;
    const built = chartOptions(props, width);
    const plot = new uPlot(built.options, built.data, element);
    setColours(built.colours);
    return () => plot.destroy();
    // The props are plain data rebuilt by the parent on each load; compare them by content.
  }, [JSON.stringify(props), width, themeVersion]);

  return (
    <figure style={{ margin: 0 }}>
      <div
        ref={holder}
        role="img"
        aria-label={`${props.title} (chart; the numbers are in the table below)`}
        data-chart-colours={colours.join(' ')}
        data-testid="chart"
      />
      <figcaption>
        <ul
          style={{ display: 'flex', flexWrap: 'wrap', gap: '12px', listStyle: 'none', margin: '4px 0 0', padding: 0 }}
          aria-label={`${props.title}: legend`}
        >
          {props.series.map((one) => (
            <li key={one.label} style={{ display: 'inline-flex', alignItems: 'center', gap: '4px', fontSize: '12px' }}>
              <span
                aria-hidden="true"
                style={{
                  width: '10px',
                  height: '10px',
                  borderRadius: '2px',
                  backgroundColor: `var(${one.colour.cssVar}, ${one.colour.fallback})`,
                }}
              />
              {one.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
