import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import Textfield from '@atlaskit/textfield';
import { TRENDS_SETTINGS_RESOLVER_KEYS, type TrendsSettings } from '../../../src/contracts/incident-trends-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { describedByOf, Field, problemAt } from '../../shared/form';
import { invokeResolver } from '../../shared/invoke-resolver';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import { ReadOnlySection } from './read-only-section';
import { SettingsSection } from './settings-section';

export interface TrendsSettingsApi {
  get(): Promise<ResolverResult<TrendsSettings>>;
  save(settings: TrendsSettings): Promise<ResolverResult<TrendsSettings>>;
}

export const trendsSettingsApi: TrendsSettingsApi = {
  get: () => invokeResolver<TrendsSettings>(TRENDS_SETTINGS_RESOLVER_KEYS.get, {}),
  save: (settings) => invokeResolver<TrendsSettings>(TRENDS_SETTINGS_RESOLVER_KEYS.save, { settings }),
};

const HINT =
  'A category / subcategory with at least this many incidents in the period, none linked to a Problem, is listed on the Incident trends page as a problem candidate.';

function Editor({
  settings,
  api,
  onSaved,
  setOutcome,
}: {
  settings: TrendsSettings;
  api: TrendsSettingsApi;
  onSaved: (settings: TrendsSettings) => void;
  setOutcome: (text: string | null) => void;
}) {
  const [text, setText] = useState(String(settings.minIncidents));
  const save = useResolverAction(api.save);
  const failure = save.state.status === 'failed' ? save.state.error : null;
  const error = problemAt(failure, 'settings.minIncidents');
  return (
    <Stack space="space.150">
      <Field id="trends-min-incidents" label="Incidents for a problem candidate" hint={HINT} error={error}>
        <Textfield
          id="trends-min-incidents"
          inputMode="numeric"
          width="small"
          value={text}
          isInvalid={error !== undefined}
          aria-describedby={describedByOf('trends-min-incidents', { hint: HINT, error })}
          onChange={(event) => setText(event.currentTarget.value)}
        />
      </Field>
      <Inline space="space.100">
        <Button
          appearance="primary"
          isLoading={save.state.status === 'pending'}
          onClick={async () => {
            setOutcome(null);
            // The resolver checks the number (whole, 1..1000) and names the field when it is not one.
            const result = await save.run({ minIncidents: text.trim() === '' ? Number.NaN : Number(text) });
            if (result?.success) {
              onSaved(result.data);
              setOutcome('Incident trends settings saved.');
            }
          }}
        >
          Save incident trends settings
        </Button>
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
    </Stack>
  );
}

export function TrendsSettingsSection({ api = trendsSettingsApi, readOnly = false }: { api?: TrendsSettingsApi; readOnly?: boolean }) {
  if (readOnly)
    return (
      <ReadOnlySection
        title="Incident trends"
        summary="How many incidents of a category make a problem candidate."
        testId="trends-settings-section"
      />
    );
  return <EditableTrendsSettings api={api} />;
}

function EditableTrendsSettings({ api }: { api: TrendsSettingsApi }) {
  return (
    <SettingsSection
      title="Incident trends"
      name="trends-settings"
      load={() => api.get()}
      loadingLabel="Loading incident trends settings"
      emptyTitle="No incident trends settings"
      forbiddenMessage="Only Jira administrators can change the incident trends settings"
      editorKey={(view) => String(view.minIncidents)}
      editor={({ view, onSaved, setOutcome }) => <Editor settings={view} api={api} onSaved={onSaved} setOutcome={setOutcome} />}
    />
  );
}
