import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import { router } from '@forge/bridge';
import type { PostmortemPageRef, PostmortemPreview, RefreshPostmortemResult } from '../../../src/contracts/postmortem-macro-types';
import type { ResolverResult } from '../../../src/contracts/resolver-result-types';
import { Badge } from '../../shared/badge';
import { ActionError, FORBIDDEN_INCIDENT_MESSAGE, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import { type PostmortemApi, postmortemApi } from './api';
import { ActionItemForm } from './action-item-form';
import { PostmortemPreviewView } from './postmortem-preview';
import { DocumentStatusControl } from './document-status-control';

function PageLink({ page }: { page: PostmortemPageRef }) {
  return (
    <Button appearance="subtle" onClick={() => void router.open(page.url)}>
      {`Open “${page.title}”`}
    </Button>
  );
}

/**
 * Says exactly what the refresh did: which parts it rewrote and which it kept ("version 4" when
 * Confluence answered one, so the reader can match it with the page's history).
 */
export function refreshedMessage({ page, regenerated, keptAuthorSections, keptEdited }: RefreshPostmortemResult): string {
  const parts = [
    `Refreshed “${page.title}” from Jira${page.version === null ? '' : `: now version ${page.version}`}.`,
    regenerated.length > 0 ? `Regenerated: ${regenerated.join(', ')}.` : 'Nothing was regenerated.',
  ];
  if (keptAuthorSections.length > 0) parts.push(`Kept as the authors wrote them: ${keptAuthorSections.join(', ')}.`);
  if (keptEdited.length > 0) parts.push(`Kept your edits (marked with a note on the page): ${keptEdited.join(', ')}.`);
  return parts.join(' ');
}

function OutcomeMessage({ outcome }: { outcome: string }) {
  return (
    <Box role="status" testId="postmortem-outcome">
      <SectionMessage appearance="success">
        <Text>{outcome}</Text>
      </SectionMessage>
    </Box>
  );
}

function MacroContent({
  preview,
  api,
  onChanged,
  setOutcome,
}: {
  preview: PostmortemPreview;
  api: PostmortemApi;
  onChanged: () => Promise<void>;
  setOutcome: (outcome: string | null) => void;
}) {
  const create = useResolverAction(api.create);
  const refresh = useResolverAction(api.refresh);
  const [page, setPage] = useState<PostmortemPageRef | null>(preview.page);
  const [addingActionItem, setAddingActionItem] = useState(false);
  const { header } = preview.model;
  const failure = create.state.status === 'failed' ? create.state.error : refresh.state.status === 'failed' ? refresh.state.error : null;
  const busy = create.state.status === 'pending' || refresh.state.status === 'pending';

  return (
    <Stack space="space.200">
      <Stack space="space.050">
        <Heading size="medium" as="h2">
          {header.title}
        </Heading>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="bold">{header.key}</Text>
          {header.priority ? <Badge appearance="removed">{header.priority}</Badge> : null}
          <Badge appearance={header.status.categoryKey === 'done' ? 'success' : 'inprogress'}>{header.status.name}</Badge>
          <Text color="color.text.subtle" testId="postmortem-document-status">{`Postmortem status: ${header.documentStatus}`}</Text>
        </Inline>
      </Stack>
      <Inline space="space.100" alignBlock="center" shouldWrap>
        {page === null ? (
          <Button
            appearance="primary"
            isLoading={create.state.status === 'pending'}
            isDisabled={busy}
            onClick={async () => {
              const result = await create.run();
              if (result?.success) {
                setPage(result.data.page);
                setOutcome(result.data.created ? 'Postmortem page created.' : 'The postmortem page already existed; here it is.');
              }
            }}
          >
            Create postmortem page
          </Button>
        ) : (
          <>
            <PageLink page={page} />
            <Button
              isLoading={refresh.state.status === 'pending'}
              isDisabled={busy}
              onClick={async () => {
                setOutcome(null);
                const result = await refresh.run();
                if (result?.success) {
                  setPage(result.data.page);
                  setOutcome(refreshedMessage(result.data));
                  await onChanged();
                }
              }}
            >
              Refresh from Jira
            </Button>
          </>
        )}
        {addingActionItem ? null : (
          <Button isDisabled={busy} onClick={() => setAddingActionItem(true)}>
            Add action item
          </Button>
        )}
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
      {page !== null ? (
        <DocumentStatusControl
          api={api}
          current={header.documentStatus}
          onSet={async (status) => {
            setOutcome(`Postmortem status set to ${status}; the page header shows it.`);
            await onChanged();
          }}
        />
      ) : null}
      {addingActionItem ? (
        <ActionItemForm
          api={api}
          defaultProjectKey={header.key.replace(/-\d+$/, '')}
          onCancel={() => setAddingActionItem(false)}
          onAdded={async (added) => {
            setAddingActionItem(false);
            setOutcome(
              added.created
                ? `Created action item ${added.key}, linked to ${header.key}. ${page === null ? 'It will be in the postmortem page.' : 'Refresh from Jira to put it in the postmortem page.'}`
                : `Action item ${added.key} was already created for this request.`,
            );
            await onChanged();
          }}
        />
      ) : null}
      <PostmortemPreviewView model={preview.model} />
    </Stack>
  );
}

/** A macro inserted but never configured answers "choose an incident": that is the empty state, not an error. */
async function loadPreview(api: PostmortemApi): Promise<ResolverResult<PostmortemPreview>> {
  const result = await api.preview();
  if (!result.success && result.error.code === 'BAD_REQUEST' && result.error.field === 'issueKey') {
    return {
      success: false,
      error: { code: 'NOT_FOUND', message: 'Edit this macro and choose the incident to write the postmortem for.' },
    };
  }
  return result;
}

export function PostmortemMacro({ api = postmortemApi }: { api?: PostmortemApi }) {
  const { state, retry, replace } = useResolver(() => loadPreview(api), 'postmortem-macro');
  // Kept here, above the view the preview reload re-renders: a message held by MacroContent was
  // lost when the reload's loading state unmounted it, right after "Refresh from Jira" succeeded.
  const [outcome, setOutcome] = useState<string | null>(null);
  // Reload the preview in place (no loading state) so the page does not blank out after an action;
  // only a failed reload falls back to the full retry, which shows its error.
  const reloadPreview = async () => {
    const result = await loadPreview(api).catch(() => null);
    if (result?.success) replace(result.data);
    else retry();
  };
  return (
    <Stack space="space.200">
      {outcome ? <OutcomeMessage outcome={outcome} /> : null}
      <ResolverView
        state={state}
        onRetry={retry}
        loadingLabel="Loading the postmortem"
        emptyTitle="No incident chosen"
        emptyMessage="Edit this macro and choose the incident to write the postmortem for."
        forbiddenMessage={FORBIDDEN_INCIDENT_MESSAGE}
      >
        {(preview) => <MacroContent preview={preview} api={api} onChanged={reloadPreview} setOutcome={setOutcome} />}
      </ResolverView>
    </Stack>
  );
}
