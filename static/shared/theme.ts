import { view } from '@forge/bridge';

/**
 * Asks the host to apply the user's Atlassian theme (light or dark) to this iframe: the host
 * sets `data-color-mode` on <html> and provides the design-token CSS variables, which every
 * `token()` call and Atlaskit component reads. Without a host answer (older host, or the page
 * opened outside Jira/Confluence) the token fallbacks give the light theme.
 */
export async function enableTheme(): Promise<boolean> {
  try {
    await view.theme.enable();
    return true;
  } catch {
    return false;
  }
}
