/**
 * Stand-in for modules that Atlaskit and @forge/bridge load only through dynamic `import()` and
 * that these apps never reach: Atlaskit's theme CSS (the Forge host applies the theme, see
 * theme.ts) and the bridge's iframe-resizer (for its ADF renderer). Wired in scripts/build-ui.ts.
 * Loading it is a bug, so it fails loudly instead of shipping ~55 KiB gzip nobody loads.
 */
throw new Error('This module is not shipped with the app: it was expected never to load (see scripts/build-ui.ts).');
