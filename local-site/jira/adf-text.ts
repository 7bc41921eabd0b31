/** Plain text of an Atlassian Document Format node (for changelog strings, text search and rendering). */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (!node || typeof node !== 'object') return '';
  const value = node as { type?: unknown; text?: unknown; content?: unknown };
  if (typeof value.text === 'string') return value.text;
  if (!Array.isArray(value.content)) return '';
  const blocks = new Set(['paragraph', 'heading', 'listItem', 'codeBlock', 'blockquote', 'tableRow', 'panel']);
  return value.content
    .map(
      (child) =>
        adfText(child) + (child && typeof child === 'object' && blocks.has(String((child as { type?: unknown }).type)) ? '\n' : ''),
    )
    .join('')
    .replace(/\n+$/, '');
}

export function isAdfDoc(value: unknown): boolean {
  return (
    !!value &&
    typeof value === 'object' &&
    (value as { type?: unknown }).type === 'doc' &&
    Array.isArray((value as { content?: unknown }).content)
  );
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A small HTML rendering, enough for `expand=renderedFields`. */
export function adfHtml(node: unknown): string {
  return adfText(node)
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}
