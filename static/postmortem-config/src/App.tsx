import { useEffect, useId, useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { IncidentSearchHit } from '../../../src/contracts/postmortem-macro-types';
import { Field } from '../../shared/form';
import { ActionError, ResolverView } from '../../shared/states';
import { useResolver } from '../../shared/use-resolver';
import { type MacroConfigHost, macroConfigHost, type PostmortemApi, postmortemApi } from './api';

const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;
/** Search waits for a pause in typing, so each keystroke does not cost a JQL search. */
export const SEARCH_DEBOUNCE_MS = 250;

function useDebounced(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

function Results({ hits, selected, onPick }: { hits: IncidentSearchHit[]; selected: string; onPick: (key: string) => void }) {
  return (
    <ul role="listbox" aria-label="Matching incidents" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {hits.map((hit) => {
        const isSelected = hit.key === selected;
        return (
          <li key={hit.key} role="option" aria-selected={isSelected}>
            <button
              type="button"
              onClick={() => onPick(hit.key)}
              style={{
                display: 'block',
                width: '100%',
                textAlign: 'left',
                font: 'inherit',
                padding: '6px 8px',
                border: 'none',
                borderRadius: '3px',
                cursor: 'pointer',
                color: token('color.text', '#172B4D'),
                backgroundColor: isSelected ? token('color.background.selected', '#E9F2FF') : 'transparent',
              }}
            >
              <strong>{hit.key}</strong> {hit.summary}
              {hit.status ? ` (${hit.status})` : ''}
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function PostmortemConfig({ api = postmortemApi, host = macroConfigHost }: { api?: PostmortemApi; host?: MacroConfigHost }) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState('');
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const settledQuery = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const inputId = useId();

  useEffect(() => {
    let current = true;
    host.savedIssueKey().then(
      (key) => {
        if (current && key) {
          setSelected(key);
          setQuery((typed) => typed || key);
        }
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [host]);

  const search = useResolver(() => api.searchIncidents(settledQuery), `search:${settledQuery}`, {
    isEmpty: (data) => data.incidents.length === 0,
  });
  const typedKey = query.trim().toUpperCase();
  const chosen = selected || (ISSUE_KEY.test(typedKey) ? typedKey : '');

  return (
    <Stack space="space.200">
      <Heading size="small" as="h2">
        Incident for this postmortem
      </Heading>
      <Field id={inputId} label="Search incidents by key or summary" hint="Type an issue key like INC-42, or words from the summary">
        <Textfield
          id={inputId}
          value={query}
          autoFocus
          onChange={(event) => {
            setQuery(event.currentTarget.value);
            setSelected('');
          }}
        />
      </Field>
      <Box testId="search-results">
        <ResolverView
          state={search.state}
          onRetry={search.retry}
          loadingLabel="Searching incidents"
          emptyTitle="No matching incidents"
          emptyMessage="Try another key or other words."
          forbiddenMessage="You don't have permission to search these incidents"
        >
          {(data) => <Results hits={data.incidents} selected={chosen} onPick={setSelected} />}
        </ResolverView>
      </Box>
      <Inline space="space.100" alignBlock="center">
        <Button
          appearance="primary"
          isDisabled={!chosen}
          isLoading={saving}
          onClick={async () => {
            setSaving(true);
            setSaveError(null);
            try {
              await host.save(chosen);
            } catch (cause) {
              setSaveError(cause instanceof Error ? cause.message : 'The macro settings could not be saved.');
            } finally {
              setSaving(false);
            }
          }}
        >
          {chosen ? `Use ${chosen}` : 'Choose an incident'}
        </Button>
        {chosen ? <Text color="color.text.subtle">{`Selected: ${chosen}`}</Text> : null}
      </Inline>
      {saveError ? <ActionError error={{ code: 'INTERNAL', message: saveError }} /> : null}
    </Stack>
  );
}
