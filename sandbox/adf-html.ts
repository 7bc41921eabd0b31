import { JSDOM } from 'jsdom';
import { DOMSerializer } from '@atlaskit/editor-prosemirror/model';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';
import { SafeHtml, escapeHtml } from './html';

/** A Forge macro placed in a page, as Confluence stores it in the page's ADF (`extension` node). */
export interface MacroPlacement {
  localId: string;
  extensionKey: string;
  config: Record<string, unknown>;
}

export interface RenderedAdf {
  html: SafeHtml;
  macros: MacroPlacement[];
}

const FORGE_EXTENSION_TYPE = 'com.atlassian.ecosystem';

/**
 * ADF → HTML with Atlassian's own schema and serializer (`DOMSerializer.fromSchema(defaultSchema)`),
 * so a page looks as Atlassian's renderer structures it and a node the schema rejects fails here
 * too. Forge macro nodes are replaced by `macroSlot(placement)` (the sandbox puts the macro's
 * frame there); date nodes, which the schema serializes empty, get their date as text.
 */
export function renderAdf(adf: unknown, macroSlot: (placement: MacroPlacement) => string = () => ''): RenderedAdf {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const document = dom.window.document;
  const container = document.createElement('div');
  const macros: MacroPlacement[] = [];
  let node;
  try {
    node = defaultSchema.nodeFromJSON(adf);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      html: new SafeHtml(`<div class="adf-error" role="alert">This content is not valid ADF: ${escapeHtml(message)}</div>`),
      macros,
    };
  }
  container.appendChild(DOMSerializer.fromSchema(defaultSchema).serializeFragment(node.content, { document }));

  container.querySelectorAll('span[data-node-type="date"]').forEach((element) => {
    const timestamp = Number(element.getAttribute('data-timestamp'));
    if (Number.isFinite(timestamp)) element.textContent = new Date(timestamp).toISOString().slice(0, 10);
  });

  container
    .querySelectorAll('[data-node-type="extension"], [data-node-type="bodiedExtension"], [data-node-type="inlineExtension"]')
    .forEach((element) => {
      if (element.getAttribute('data-extension-type') !== FORGE_EXTENSION_TYPE) return;
      let parameters: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(element.getAttribute('data-parameters') ?? '{}');
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
          parameters = Object.fromEntries(Object.entries(parsed));
      } catch {
        parameters = {};
      }
      const guestParams = parameters.guestParams;
      const placement: MacroPlacement = {
        localId: typeof parameters.localId === 'string' ? parameters.localId : (element.getAttribute('data-local-id:') ?? ''),
        extensionKey: element.getAttribute('data-extension-key') ?? '',
        config:
          typeof guestParams === 'object' && guestParams !== null && !Array.isArray(guestParams)
            ? Object.fromEntries(Object.entries(guestParams))
            : {},
      };
      macros.push(placement);
      const slot = document.createElement('div');
      slot.className = 'macro-slot';
      slot.innerHTML = macroSlot(placement);
      element.replaceWith(slot);
    });

  return { html: new SafeHtml(container.innerHTML), macros };
}

/** Plain text of an ADF document, for places that show a one-line summary. */
export function adfPlainText(adf: unknown): string {
  const parts: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      const record = Object.fromEntries(Object.entries(value));
      if (record.type === 'text' && typeof record.text === 'string') parts.push(record.text);
      if (record.content !== undefined) walk(record.content);
    }
  };
  walk(adf);
  return parts.join(' ');
}

/** A one-paragraph-per-line ADF document from plain text (for description and comment forms). */
export function adfFromPlainText(text: string): { type: 'doc'; version: 1; content: unknown[] } {
  const paragraphs = text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.length > 0)
    .map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] }));
  return { type: 'doc', version: 1, content: paragraphs };
}
