import { view } from '@forge/bridge';
import { postmortemApi, type PostmortemApi } from '../../shared/postmortem-api';

export { postmortemApi, type PostmortemApi };

/** The macro's saved config, as the config panel reads and writes it. */
export interface MacroConfigHost {
  /** The incident key saved so far, if any (from the macro's context). */
  savedIssueKey(): Promise<string | null>;
  /** Saves the config on the macro and closes the panel (`view.submit({ config })`). */
  save(issueKey: string): Promise<void>;
}

export const macroConfigHost: MacroConfigHost = {
  async savedIssueKey() {
    const context = await view.getContext();
    const config: unknown = context.extension.config;
    if (typeof config !== 'object' || config === null) return null;
    const issueKey: unknown = Reflect.get(config, 'issueKey');
    return typeof issueKey === 'string' ? issueKey : null;
  },
  save: (issueKey) => view.submit({ config: { issueKey } }),
};
