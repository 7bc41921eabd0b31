import { csvCell, csvFileName, toCsv } from '../../../static/trends-page/src/csv';
import { checkCustomPeriod, dayMs, presetPeriod } from '../../../static/trends-page/src/period';

/** The trends page's pure pieces: the period it asks for and the CSV it writes. */
const NOON_30_NOV = Date.parse('2026-11-30T12:00:00Z');

describe('trends page period', () => {
  it('a preset is the last N UTC days, today included', () => {
    expect(presetPeriod(30, NOON_30_NOV)).toEqual({ from: '2026-11-01', to: '2026-11-30', choice: 30 });
    expect(presetPeriod(365, NOON_30_NOV)).toEqual({ from: '2025-12-01', to: '2026-11-30', choice: 365 });
    expect(presetPeriod(90, Date.parse('2026-11-30T23:59:59Z')).from).toBe('2026-09-02');
  });

  it('reads only real calendar days', () => {
    expect(dayMs('2026-02-28')).toBe(Date.parse('2026-02-28T00:00:00Z'));
    expect(dayMs('2026-02-30')).toBeNull();
    expect(dayMs('2026-2-3')).toBeNull();
    expect(dayMs('yesterday')).toBeNull();
  });

  it('accepts a custom period and names the field at fault otherwise', () => {
    expect(checkCustomPeriod(' 2026-01-01 ', '2026-03-31', NOON_30_NOV)).toEqual({
      ok: true,
      period: { from: '2026-01-01', to: '2026-03-31', choice: 'custom' },
    });
    expect(checkCustomPeriod('2026-11-30', '2026-11-30', NOON_30_NOV).ok).toBe(true);
    expect(checkCustomPeriod('', '', NOON_30_NOV)).toEqual({
      ok: false,
      problems: { from: 'Enter the first day of the period (YYYY-MM-DD).', to: 'Enter the last day of the period (YYYY-MM-DD).' },
    });
    expect(checkCustomPeriod('2026-02-30', '2026-03-01', NOON_30_NOV)).toEqual({
      ok: false,
      problems: { from: '"2026-02-30" is not a date: use YYYY-MM-DD, e.g. 2026-11-30.' },
    });
    expect(checkCustomPeriod('2026-03-02', '2026-03-01', NOON_30_NOV)).toEqual({
      ok: false,
      problems: { from: 'The first day must be on or before the last day.' },
    });
    expect(checkCustomPeriod('2026-11-01', '2026-12-01', NOON_30_NOV)).toEqual({
      ok: false,
      problems: { to: 'The last day cannot be after today (2026-11-30).' },
    });
    expect(checkCustomPeriod('2020-01-01', '2026-11-30', NOON_30_NOV)).toEqual({
      ok: false,
      problems: { from: 'Choose at most 1098 days (about three years).' },
    });
  });
});

describe('trends page CSV', () => {
  it('quotes as RFC 4180 says, with CRLF line ends', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          ['line\nbreak', null],
          [1440.5, 0],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n1440.5,0\r\n');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', 'plain', 'a=b'].map(csvCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      'plain',
      'a=b',
    ]);
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
  });

  it('names the file after the table and the period', () => {
    expect(csvFileName('SLA met and missed by priority', '2026-09-01', '2026-11-30')).toBe(
      'incident-trends_sla-met-and-missed-by-priority_2026-09-01_2026-11-30.csv',
    );
  });
});
