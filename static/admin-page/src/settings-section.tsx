import { Fragment, type ReactNode, useState } from 'react';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { ResolverResult } from '../../../src/contracts/resolver-result';
import { ResolverView } from '../../shared/states';
import { useResolver } from '../../shared/use-resolver';

/** What a section's editor gets: the loaded settings, how to hand back the saved ones, and where to say what a save did. */
export interface SettingsEditorProps<T> {
  view: T;
  onSaved: (saved: T) => void;
  setOutcome: (outcome: string | null) => void;
}

export interface SettingsSectionProps<T> {
  title: string;
  /** Names the section: its test ids are `<name>-section` and `<name>-outcome`. */
  name: string;
  load: () => Promise<ResolverResult<T>>;
  loadingLabel: string;
  emptyTitle: string;
  forbiddenMessage: string;
  /** The editor starts afresh when this changes (after a save or a reload), dropping stale drafts. */
  editorKey: (view: T) => string;
  editor: (props: SettingsEditorProps<T>) => ReactNode;
}

/**
 * One admin section that edits a settings resource: its heading, the load's loading / empty /
 * forbidden / error states, the editor once loaded, and a status line saying what the last save did.
 */
export function SettingsSection<T>({
  title,
  name,
  load,
  loadingLabel,
  emptyTitle,
  forbiddenMessage,
  editorKey,
  editor,
}: SettingsSectionProps<T>) {
  const settings = useResolver(load, name);
  const [outcome, setOutcome] = useState<string | null>(null);
  return (
    <Stack space="space.150" testId={`${name}-section`}>
      <Heading size="small" as="h2">
        {title}
      </Heading>
      <ResolverView
        state={settings.state}
        onRetry={settings.retry}
        loadingLabel={loadingLabel}
        emptyTitle={emptyTitle}
        forbiddenMessage={forbiddenMessage}
      >
        {(view) => <Fragment key={editorKey(view)}>{editor({ view, onSaved: settings.replace, setOutcome })}</Fragment>}
      </ResolverView>
      {outcome ? (
        <Box role="status" testId={`${name}-outcome`}>
          <Text>{outcome}</Text>
        </Box>
      ) : null}
    </Stack>
  );
}
