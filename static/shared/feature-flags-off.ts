/**
 * Stand-in for `@atlaskit/platform-feature-flags` in Custom UI bundles (wired in
 * scripts/build-ui.ts, where the reason is written out in full).
 *
 * Inside a Forge iframe nobody installs a flag resolver and nobody initialises the Statsig
 * client, so the real package's `fg()` always ends in `FeatureGates.checkGate()` on an
 * uninitialised client, which returns false. These functions return that same false without
 * shipping the ~30 KB (gzip) Statsig client that never runs.
 */
export function fg(_flagName: string): boolean {
  return false;
}

export function getBooleanFF(_flagName: string): boolean {
  return false;
}

export function setBooleanFeatureFlagResolver(_resolver: (flagName: string) => boolean): void {
  // Nothing reads a resolver here: every flag is off, as on a page that set none.
}
