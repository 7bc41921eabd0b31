import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { token } from '@atlaskit/tokens';
import type { ReactNode } from 'react';
import { csvFileName, downloadText, toCsv } from './csv';

export type Cell = string | number | null;

const cellStyle = {
  textAlign: 'left' as const,
  padding: '4px 8px',
  borderBottom: `1px solid ${token('color.border', '#0B120E24')}`,
  fontVariantNumeric: 'tabular-nums' as const,
};

/** A missing statistic (no incident had that moment) shows as a dash and is an empty CSV cell. */
function shown(cell: Cell): string {
  return cell === null ? '–' : String(cell);
}

/**
 * A chart's numbers: a table with a caption and header cells scoped to their column or row (the
 * first column names the row), and the same rows as a CSV file named after the table and period.
 */
export function DataTable({
  caption,
  header,
  rows,
  period,
}: {
  caption: string;
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  period: { from: string; to: string };
}) {
  return (
    <Stack space="space.100">
      <div style={{ overflowX: 'auto' }}>
        <table style={{ borderCollapse: 'collapse', minWidth: '50%' }} data-testid="trends-table" data-caption={caption}>
          <caption style={{ textAlign: 'left', fontWeight: 600, padding: '4px 0', color: token('color.text.subtle', '#505258') }}>
            {caption}
          </caption>
          <thead>
            <tr>
              {header.map((name) => (
                <th key={name} scope="col" style={{ ...cellStyle, color: token('color.text.subtle', '#505258') }}>
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, rowIndex) => (
              <tr key={rowIndex}>
                {row.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row" style={{ ...cellStyle, fontWeight: 400 }}>
                      {shown(cell)}
                    </th>
                  ) : (
                    <td key={index} style={cellStyle}>
                      {shown(cell)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Inline>
        <Button
          onClick={() => downloadText(csvFileName(caption, period.from, period.to), toCsv(header, rows))}
          aria-label={`Download CSV: ${caption}`}
        >
          Download CSV
        </Button>
      </Inline>
    </Stack>
  );
}

/** One chart with its table, under a heading. */
export function ChartSection({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title} data-testid="trends-section">
      <Stack space="space.150">
        <Heading size="small" as="h2">
          {title}
        </Heading>
        {note}
        {children}
      </Stack>
    </section>
  );
}
