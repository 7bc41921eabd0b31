import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import Spinner from '@atlaskit/spinner';
import Textfield from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import type { AddActionItemResult, OwnerCandidate } from '../../../src/contracts/postmortem-macro-types';
import type { ResolverError } from '../../../src/contracts/resolver-result-types';
import { Field, describedByOf } from '../../shared/form';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import type { PostmortemApi } from './api';

/** One id per action item the form shows: a retry or a double click sends the same id, so the backend creates one Task. */
function newRequestId(): string {
  return globalThis.crypto.randomUUID();
}

const dateInputStyle = {
  font: 'inherit',
  color: token('color.text', '#172B4D'),
  backgroundColor: token('color.background.input', '#FFFFFF'),
  border: `1px solid ${token('color.border.input', '#8590A2')}`,
  borderRadius: '3px',
  padding: '6px 8px',
  minHeight: '32px',
  boxSizing: 'border-box' as const,
  colorScheme: 'light dark',
};

const PROJECT_HINT = 'The key of the Jira project the Task is created in; it needs the Task issue type.';
const OWNER_HINT = 'Type a name or email, then choose the person.';

type OwnerSearch =
  { status: 'idle' } | { status: 'loading' } | { status: 'ready'; owners: OwnerCandidate[] } | { status: 'failed'; error: ResolverError };

/** Searches assignable people as the user types (after a short pause), newest answer wins. */
function useOwnerSearch(api: PostmortemApi, query: string, projectKey: string): OwnerSearch {
  const [search, setSearch] = useState<OwnerSearch>({ status: 'idle' });
  const latest = useRef(0);
  useEffect(() => {
    const wanted = query.trim();
    if (wanted === '') {
      setSearch({ status: 'idle' });
      return undefined;
    }
    const ticket = ++latest.current;
    setSearch({ status: 'loading' });
    const timer = setTimeout(() => {
      void api.searchOwners(wanted, projectKey.trim().toUpperCase() || undefined).then(
        (result) => {
          if (ticket !== latest.current) return;
          setSearch(result.success ? { status: 'ready', owners: result.data.owners } : { status: 'failed', error: result.error });
        },
        (cause: unknown) => {
          if (ticket === latest.current)
            setSearch({
              status: 'failed',
              error: { code: 'INTERNAL', message: cause instanceof Error ? cause.message : 'Unknown failure' },
            });
        },
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [api, query, projectKey]);
  return search;
}

/**
 * "Add action item": a Jira Task with a summary, an owner (someone who may be assigned issues in
 * the incident's project) and a due date, linked to the incident. Native date input: the
 * Atlaskit date picker would not fit the bundle budget.
 */
export function ActionItemForm({
  api,
  defaultProjectKey,
  onAdded,
  onCancel,
}: {
  api: PostmortemApi;
  defaultProjectKey: string;
  onAdded: (result: AddActionItemResult) => Promise<void>;
  onCancel: () => void;
}) {
  const [requestId, setRequestId] = useState(newRequestId);
  const [projectKey, setProjectKey] = useState(defaultProjectKey);
  const [summary, setSummary] = useState('');
  const [ownerQuery, setOwnerQuery] = useState('');
  const [owner, setOwner] = useState<OwnerCandidate | null>(null);
  const [dueDate, setDueDate] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const add = useResolverAction(api.addActionItem);
  const search = useOwnerSearch(api, owner === null ? ownerQuery : '', projectKey);
  const failure = add.state.status === 'failed' ? add.state.error : null;
  // A field's "missing" note goes as soon as the person edits that field.
  const edited = (field: string) => setMissing(({ [field]: _fixed, ...rest }) => rest);
  const errorFor = (field: string) => missing[field] ?? (failure?.field === field ? failure.message : undefined);

  const submit = async () => {
    const problems: Record<string, string> = {};
    if (projectKey.trim() === '') problems.projectKey = 'Enter the key of the project the Task goes to.';
    if (summary.trim() === '') problems.summary = 'Enter a summary.';
    if (owner === null) problems.ownerAccountId = 'Choose an owner from the search results.';
    if (dueDate === '') problems.dueDate = 'Choose a due date.';
    setMissing(problems);
    if (Object.keys(problems).length > 0 || owner === null) return;
    const result = await add.run({
      requestId,
      projectKey: projectKey.trim().toUpperCase(),
      summary: summary.trim(),
      ownerAccountId: owner.accountId,
      dueDate,
    });
    if (result?.success) {
      setRequestId(newRequestId());
      setSummary('');
      setOwner(null);
      setOwnerQuery('');
      setDueDate('');
      await onAdded(result.data);
    }
  };

  const projectError = errorFor('projectKey');
  const summaryError = errorFor('summary');
  const ownerError = errorFor('ownerAccountId');
  const dueError = errorFor('dueDate');
  return (
    <form
      data-testid="action-item-form"
      aria-label="Add action item"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Box padding="space.200" backgroundColor="color.background.neutral.subtle">
        <Stack space="space.150">
          <Heading size="small" as="h3">
            Add action item
          </Heading>
          <Text color="color.text.subtle">Creates a Jira Task, assigned to the owner and linked to the incident, as you.</Text>
          <Field id="action-project" label="Project" hint={PROJECT_HINT} error={projectError}>
            <Textfield
              id="action-project"
              value={projectKey}
              width="small"
              isInvalid={projectError !== undefined}
              aria-describedby={describedByOf('action-project', { hint: PROJECT_HINT, error: projectError })}
              onChange={(event: ChangeEvent<HTMLInputElement>) => {
                edited('projectKey');
                setProjectKey(event.target.value);
                // Who may be assigned depends on the project: choose again.
                setOwner(null);
              }}
            />
          </Field>
          <Field id="action-summary" label="Summary" error={summaryError}>
            <Textfield
              id="action-summary"
              value={summary}
              maxLength={255}
              isInvalid={summaryError !== undefined}
              aria-describedby={describedByOf('action-summary', { error: summaryError })}
              onChange={(event: ChangeEvent<HTMLInputElement>) => {
                edited('summary');
                setSummary(event.target.value);
              }}
            />
          </Field>
          <Field id="action-owner" label="Owner" hint={owner ? undefined : OWNER_HINT} error={ownerError}>
            {owner ? (
              <Inline space="space.100" alignBlock="center">
                <Text testId="action-owner-chosen">{owner.displayName}</Text>
                <Button appearance="subtle" onClick={() => setOwner(null)}>
                  {`Change owner (${owner.displayName})`}
                </Button>
              </Inline>
            ) : (
              <Stack space="space.050">
                <Textfield
                  id="action-owner"
                  value={ownerQuery}
                  isInvalid={ownerError !== undefined}
                  aria-describedby={describedByOf('action-owner', { hint: OWNER_HINT, error: ownerError })}
                  onChange={(event: ChangeEvent<HTMLInputElement>) => setOwnerQuery(event.target.value)}
                />
                <OwnerResults
                  search={search}
                  onChoose={(candidate) => {
                    setOwner(candidate);
                    edited('ownerAccountId');
                  }}
                />
              </Stack>
            )}
          </Field>
          <Field id="action-due" label="Due date" error={dueError}>
            <input
              id="action-due"
              type="date"
              value={dueDate}
              aria-invalid={dueError !== undefined || undefined}
              aria-describedby={describedByOf('action-due', { error: dueError })}
              onChange={(event: ChangeEvent<HTMLInputElement>) => {
                edited('dueDate');
                setDueDate(event.target.value);
              }}
              style={{
                ...dateInputStyle,
                maxWidth: '200px',
                ...(dueError ? { borderColor: token('color.border.danger', '#E2483D') } : {}),
              }}
            />
          </Field>
          {failure && !['projectKey', 'summary', 'ownerAccountId', 'dueDate'].includes(failure.field ?? '') ? (
            <ActionError error={failure} />
          ) : null}
          <Inline space="space.100">
            <Button appearance="primary" type="submit" isLoading={add.state.status === 'pending'}>
              Add action item
            </Button>
            <Button appearance="subtle" onClick={onCancel} isDisabled={add.state.status === 'pending'}>
              Cancel
            </Button>
          </Inline>
        </Stack>
      </Box>
    </form>
  );
}

function OwnerResults({ search, onChoose }: { search: OwnerSearch; onChoose: (owner: OwnerCandidate) => void }) {
  switch (search.status) {
    case 'idle':
      return null;
    case 'loading':
      return (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Searching people" />
          <Text color="color.text.subtle">Searching…</Text>
        </Inline>
      );
    case 'failed':
      return search.error.code === 'FORBIDDEN' ? (
        <Text color="color.text.danger">You may not search people who can be assigned issues in this project.</Text>
      ) : (
        <ActionError error={search.error} />
      );
    case 'ready':
      if (search.owners.length === 0)
        return <Text color="color.text.subtle">Nobody who can be assigned issues in this project matches.</Text>;
      return (
        <ul aria-label="People who can own the action item" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {search.owners.map((candidate) => (
            <li key={candidate.accountId}>
              <Button appearance="subtle" onClick={() => onChoose(candidate)}>
                {`Choose ${candidate.displayName}`}
              </Button>
            </li>
          ))}
        </ul>
      );
  }
}
