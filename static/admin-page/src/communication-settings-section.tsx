import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import type { COMMUNICATION_RESOLVER_KEYS, CommunicationSettings, CommunicationSettingsView } from '../../../src/contracts/communication';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { Checkbox, describedByOf, Field, linesFromText, namesFromText, problemAt, TextArea } from '../../shared/form';
import { invokeResolver } from '../../shared/invoke-resolver';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import { ReadOnlySection } from './read-only-section';
import { SettingsSection } from './settings-section';

/** Typed as the contract's keys (tsc rejects drift) without bringing its zod schemas into the bundle. */
const KEYS: Pick<typeof COMMUNICATION_RESOLVER_KEYS, 'settingsGet' | 'settingsSave'> = {
  settingsGet: 'comms.settings.get',
  settingsSave: 'comms.settings.save',
};

export interface CommunicationSettingsApi {
  get(): Promise<ResolverResult<CommunicationSettingsView>>;
  save(settings: CommunicationSettings, statuspageApiKey?: string | null): Promise<ResolverResult<CommunicationSettingsView>>;
}

export const communicationSettingsApi: CommunicationSettingsApi = {
  get: () => invokeResolver<CommunicationSettingsView>(KEYS.settingsGet, {}),
  save: (settings, statuspageApiKey) =>
    invokeResolver<CommunicationSettingsView>(KEYS.settingsSave, {
      settings,
      ...(statuspageApiKey === undefined ? {} : { statuspageApiKey }),
    }),
};

const LEVELS = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const STATES = ['Investigating', 'Identified', 'Monitoring', 'Resolved'] as const;

/** "Checkout = cmp123" lines ⇄ the component map. */
function mapFromLines(text: string): Record<string, string> {
  return Object.fromEntries(
    linesFromText(text).flatMap((line) => {
      const at = line.lastIndexOf('=');
      return at <= 0 ? [] : [[line.slice(0, at).trim(), line.slice(at + 1).trim()]];
    }),
  );
}

function Editor({
  view,
  api,
  onSaved,
  setOutcome,
}: {
  view: CommunicationSettingsView;
  api: CommunicationSettingsApi;
  onSaved: (view: CommunicationSettingsView) => void;
  setOutcome: (text: string | null) => void;
}) {
  const [draft, setDraft] = useState<CommunicationSettings>(view.settings);
  const [cadenceText, setCadenceText] = useState<Record<string, string>>(
    Object.fromEntries(LEVELS.map((level) => [level, view.settings.cadence[level] === null ? '' : String(view.settings.cadence[level])])),
  );
  const [mapText, setMapText] = useState(
    Object.entries(view.settings.statuspage.componentMap)
      .map(([name, id]) => `${name} = ${id}`)
      .join('\n'),
  );
  const [apiKey, setApiKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const save = useResolverAction(api.save);
  const failure = save.state.status === 'failed' ? save.state.error : null;
  const errorAt = (path: string) => problemAt(failure, `settings.${path}`);

  const candidate = (): CommunicationSettings => ({
    ...draft,
    cadence: Object.fromEntries(
      LEVELS.map((level) => [level, cadenceText[level]?.trim() === '' ? null : Number(cadenceText[level])]),
    ) as CommunicationSettings['cadence'],
    statuspage: { ...draft.statuspage, componentMap: mapFromLines(mapText) },
  });

  return (
    <Stack space="space.200">
      <Heading size="xsmall" as="h3">
        Update cadence (minutes; empty: no cadence)
      </Heading>
      <Inline space="space.200" shouldWrap>
        {LEVELS.map((level) => (
          <Field key={level} id={`cadence-${level}`} label={level} error={errorAt(`cadence.${level}`)}>
            <Textfield
              id={`cadence-${level}`}
              inputMode="numeric"
              width="small"
              value={cadenceText[level] ?? ''}
              isInvalid={errorAt(`cadence.${level}`) !== undefined}
              aria-describedby={describedByOf(`cadence-${level}`, { error: errorAt(`cadence.${level}`) })}
              onChange={(event) => setCadenceText({ ...cadenceText, [level]: event.currentTarget.value })}
            />
          </Field>
        ))}
      </Inline>

      <Heading size="xsmall" as="h3">
        Message templates
      </Heading>
      <Text size="small" color="color.text.subtle">
        Placeholders: {'{summary} {impact} {priority} {nextUpdate} {key}'}. Messages are plain text.
      </Text>
      {STATES.map((state) => (
        <Field key={state} id={`template-${state}`} label={state} error={errorAt(`templates.${state}`)}>
          <TextArea
            id={`template-${state}`}
            value={draft.templates[state]}
            invalid={errorAt(`templates.${state}`) !== undefined}
            describedBy={describedByOf(`template-${state}`, { error: errorAt(`templates.${state}`) })}
            onChange={(value) => setDraft({ ...draft, templates: { ...draft.templates, [state]: value } })}
          />
        </Field>
      ))}

      <Heading size="xsmall" as="h3">
        Email: Jira groups per priority (besides the watchers)
      </Heading>
      <Inline space="space.200" shouldWrap>
        {LEVELS.map((level) => (
          <Field
            key={level}
            id={`groups-${level}`}
            label={level}
            hint="Separate group names with commas"
            error={errorAt(`notifyGroups.${level}`)}
          >
            <Textfield
              id={`groups-${level}`}
              defaultValue={draft.notifyGroups[level].join(', ')}
              aria-describedby={describedByOf(`groups-${level}`, { hint: 'commas', error: errorAt(`notifyGroups.${level}`) })}
              onChange={(event) =>
                setDraft({ ...draft, notifyGroups: { ...draft.notifyGroups, [level]: namesFromText(event.currentTarget.value) } })
              }
            />
          </Field>
        ))}
      </Inline>

      <Heading size="xsmall" as="h3">
        Incident status page (Confluence)
      </Heading>
      <Field
        id="status-space"
        label="Space id"
        hint="The Confluence space that holds the Incident status page; empty: no status page. Choose a space only people who may see incidents can read."
        error={errorAt('statusPageSpaceId')}
      >
        <Textfield
          id="status-space"
          width="medium"
          defaultValue={draft.statusPageSpaceId ?? ''}
          isInvalid={errorAt('statusPageSpaceId') !== undefined}
          onChange={(event) =>
            setDraft({ ...draft, statusPageSpaceId: event.currentTarget.value.trim() === '' ? null : event.currentTarget.value.trim() })
          }
        />
      </Field>

      <Heading size="xsmall" as="h3">
        Statuspage (external updates; optional)
      </Heading>
      <Field id="statuspage-page" label="Page id" error={errorAt('statuspage.pageId')}>
        <Textfield
          id="statuspage-page"
          width="medium"
          defaultValue={draft.statuspage.pageId ?? ''}
          isInvalid={errorAt('statuspage.pageId') !== undefined}
          onChange={(event) =>
            setDraft({
              ...draft,
              statuspage: {
                ...draft.statuspage,
                pageId: event.currentTarget.value.trim() === '' ? null : event.currentTarget.value.trim(),
              },
            })
          }
        />
      </Field>
      <Field
        id="statuspage-components"
        label="Components"
        hint="One per line: Jira component = Statuspage component id"
        error={errorAt('statuspage.componentMap')}
      >
        <TextArea
          id="statuspage-components"
          value={mapText}
          invalid={errorAt('statuspage.componentMap') !== undefined}
          onChange={setMapText}
        />
      </Field>
      <Field
        id="statuspage-key"
        label="API key"
        hint={view.apiKeySet ? 'A key is stored (never shown). Enter a new one to replace it.' : 'No key is stored.'}
        error={problemAt(failure, 'statuspageApiKey')}
      >
        <Textfield
          id="statuspage-key"
          type="password"
          autoComplete="off"
          width="medium"
          value={apiKey}
          isDisabled={removeKey}
          onChange={(event) => setApiKey(event.currentTarget.value)}
        />
      </Field>
      {view.apiKeySet ? (
        <Checkbox id="statuspage-key-remove" label="Remove the stored key" checked={removeKey} onChange={setRemoveKey} />
      ) : null}

      <Checkbox
        id="require-resolved"
        label="Closing a P1/P2 needs a final Resolved update"
        checked={draft.requireResolvedUpdate}
        onChange={(requireResolvedUpdate) => setDraft({ ...draft, requireResolvedUpdate })}
      />

      <Inline space="space.100">
        <Button
          appearance="primary"
          isLoading={save.state.status === 'pending'}
          onClick={async () => {
            setOutcome(null);
            const result = await save.run(candidate(), removeKey ? null : apiKey.trim() === '' ? undefined : apiKey.trim());
            if (result?.success) {
              onSaved(result.data);
              setOutcome('Communication settings saved.');
            }
          }}
        >
          Save communication settings
        </Button>
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
    </Stack>
  );
}

export function CommunicationSettingsSection({
  api = communicationSettingsApi,
  readOnly = false,
}: {
  api?: CommunicationSettingsApi;
  readOnly?: boolean;
}) {
  if (readOnly)
    return (
      <ReadOnlySection
        title="Stakeholder communication"
        summary="Update cadence, message templates, who is emailed, the Confluence status page and Statuspage."
        testId="communication-settings-section"
      />
    );
  return <EditableCommunicationSettings api={api} />;
}

function EditableCommunicationSettings({ api }: { api: CommunicationSettingsApi }) {
  return (
    <SettingsSection
      title="Stakeholder communication"
      name="communication-settings"
      load={() => api.get()}
      loadingLabel="Loading communication settings"
      emptyTitle="No communication settings"
      forbiddenMessage="Only Jira administrators can change the communication settings"
      editorKey={(view) => `${JSON.stringify(view.settings)}${String(view.apiKeySet)}`}
      editor={(props) => <Editor {...props} api={api} />}
    />
  );
}
