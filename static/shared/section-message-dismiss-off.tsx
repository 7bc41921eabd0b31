/**
 * Stand-in for the IconButton that @atlaskit/section-message 10.2.6 renders only when
 * `isDismissible` is set (section-message.js: `isDismissible && <IconButton …/>`); wired in
 * scripts/build-ui.ts for imports from section-message only. No app passes `isDismissible`:
 * error and forbidden messages must stay visible until the person acts on them. Should one ever
 * do so, this fails loudly instead of rendering a button that does nothing.
 */
export default function SectionMessageDismissButton(): never {
  throw new Error(
    'SectionMessage isDismissible is not supported in these apps: its dismiss button is not bundled (see scripts/build-ui.ts).',
  );
}
