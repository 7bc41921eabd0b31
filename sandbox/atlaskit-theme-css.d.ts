/**
 * @atlaskit/tokens ships each theme's CSS as a CommonJS module whose default export is the CSS
 * text; its declarations sit under dist/types/, which TypeScript does not find from dist/cjs/.
 */
declare module '@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-light' {
  const css: string;
  export default css;
}
declare module '@atlaskit/tokens/dist/cjs/artifacts/themes/atlassian-dark' {
  const css: string;
  export default css;
}
