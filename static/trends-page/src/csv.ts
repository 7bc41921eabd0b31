/**
 * CSV as RFC 4180 writes it: CRLF line ends; a field with a comma, double quote, CR or LF is
 * quoted and its quotes doubled. A cell a spreadsheet would read as a formula (one starting with
 * = + - @, or a tab or CR that some spreadsheets skip before one) gets a leading apostrophe, so a
 * category named "=HYPERLINK(...)" stays text when the file is opened (OWASP "CSV injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Offers a text as a file download (an object URL on a temporary link; Forge frames allow downloads). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** e.g. incident-trends_by-priority_2026-09-01_2026-11-30.csv */
export function csvFileName(table: string, from: string, to: string): string {
  const safe = table
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `incident-trends_${safe}_${from}_${to}.csv`;
}
