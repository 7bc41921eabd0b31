/**
 * Text from Jira goes into the page as ADF text nodes only, so markup in it stays literal. What
 * must still be fixed: ADF rejects empty text nodes, lone UTF-16 surrogates do not survive a JSON
 * round trip through Confluence, and control characters other than newline and tab are invisible noise.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanText(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL_CHARACTERS, '').replace(/\r\n?/g, '\n');
}

/** Whitespace collapsed to single spaces, for table cells and one-line timeline entries. */
export function oneLine(value: string): string {
  return cleanText(value).replace(/\s+/g, ' ').trim();
}

/** Cuts at `maxCodePoints` without splitting a surrogate pair, marking the cut with an ellipsis. */
export function truncate(value: string, maxCodePoints: number): string {
  const codePoints = Array.from(value);
  if (codePoints.length <= maxCodePoints) return value;
  return `${codePoints
    .slice(0, Math.max(0, maxCodePoints - 1))
    .join('')
    .trimEnd()}…`;
}

/** Null for text that is empty once cleaned, so callers can show a prompt instead of nothing. */
export function nonBlank(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanText(value).trim();
  return cleaned.length > 0 ? cleaned : null;
}

/** Splits multi-line text into paragraphs (blank lines separate them), capped to keep pages readable. */
export function paragraphsOf(value: string, maxCodePoints: number): string[] {
  return truncate(cleanText(value).trim(), maxCodePoints)
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .replace(/[ \t]*\n[ \t]*/g, ' ')
        .replace(/[ \t]+/g, ' ')
        .trim(),
    )
    .filter((paragraph) => paragraph.length > 0);
}
