import type { ReactNode } from 'react';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import type { ResolverError } from '../../src/contracts/resolver-result-types';
import type { ResolverState } from './use-resolver';

/**
 * The four non-data states every async view shows. Each is visibly distinct (a spinner, a
 * neutral note, a warning about access, an error with Retry) and carries a `data-state`
 * attribute that browser tests and screen-reader users (via role/aria-live) can rely on.
 * All text is React text: nothing here renders HTML from a string.
 */

export const FORBIDDEN_INCIDENT_MESSAGE = "You don't have permission to see this incident";

export function LoadingState({ label = 'Loading' }: { label?: string }) {
  return (
    <Box padding="space.200" data-state="loading" role="status" aria-live="polite">
      <Inline space="space.100" alignBlock="center">
        <Spinner size="medium" label={label} />
        <Text color="color.text.subtle">{label}…</Text>
      </Inline>
    </Box>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Box padding="space.200" data-state="empty" role="status">
      <Stack space="space.100">
        <Heading size="xsmall" as="h3">
          {title}
        </Heading>
        {children ? <Text color="color.text.subtle">{children}</Text> : null}
      </Stack>
    </Box>
  );
}

export function ForbiddenState({ message = FORBIDDEN_INCIDENT_MESSAGE, detail }: { message?: string; detail?: string }) {
  return (
    <Box data-state="forbidden">
      <SectionMessage appearance="warning" title={message}>
        <Text>{detail ?? 'Ask a Jira admin or the incident reporter for access.'}</Text>
      </SectionMessage>
    </Box>
  );
}

export function ErrorState({
  error,
  onRetry,
  title = 'Something went wrong',
}: {
  error: ResolverError;
  onRetry?: () => void;
  title?: string;
}) {
  return (
    <Box data-state="error" role="alert">
      <SectionMessage
        appearance="error"
        title={title}
        actions={
          onRetry
            ? [
                <SectionMessageAction key="retry" onClick={onRetry}>
                  Try again
                </SectionMessageAction>,
              ]
            : []
        }
      >
        <Text>{error.message}</Text>
      </SectionMessage>
    </Box>
  );
}

export interface ResolverViewProps<T> {
  state: ResolverState<T>;
  onRetry: () => void;
  loadingLabel?: string;
  emptyTitle: string;
  emptyMessage?: string;
  forbiddenMessage?: string;
  children: (data: T) => ReactNode;
}

/** Renders the state of a `useResolver` load, and the view's own content once data is ready. */
export function ResolverView<T>(props: ResolverViewProps<T>) {
  const { state } = props;
  switch (state.status) {
    case 'loading':
      return <LoadingState label={props.loadingLabel} />;
    case 'empty':
      return <EmptyState title={props.emptyTitle}>{state.message ?? props.emptyMessage}</EmptyState>;
    case 'forbidden':
      return <ForbiddenState message={props.forbiddenMessage} detail={state.error.message} />;
    case 'error':
      return <ErrorState error={state.error} onRetry={props.onRetry} />;
    case 'ready':
      return <>{props.children(state.data)}</>;
  }
}

/** An inline outcome line under a form (saved / failed with the field at fault). */
export function ActionError({ error }: { error: ResolverError }) {
  return (
    <Box data-state="action-error" role="alert">
      <SectionMessage appearance="error">
        <Text>{error.field ? `${error.message} (${error.field})` : error.message}</Text>
      </SectionMessage>
    </Box>
  );
}
