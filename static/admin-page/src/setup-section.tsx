import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { SetupItem, SetupProject } from '../../../src/contracts/admin-setup-types';
import { Checkbox } from '../../shared/form';
import { ActionError, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import type { AdminApi } from './api';

function ItemList({
  title,
  items,
  testId,
}: {
  title: string;
  items: Array<SetupItem & { reason?: string; error?: string }>;
  testId: string;
}) {
  return (
    <Stack space="space.050" testId={testId}>
      <Text weight="bold">{`${title} (${items.length})`}</Text>
      {items.length === 0 ? (
        <Text color="color.text.subtlest">None</Text>
      ) : (
        <ul style={{ margin: 0, paddingInlineStart: '20px' }}>
          {items.map((item) => (
            <li key={item.id}>
              <Text>{(item.reason ?? item.error) ? `${item.label}: ${item.reason ?? item.error}` : item.label}</Text>
            </li>
          ))}
        </ul>
      )}
    </Stack>
  );
}

function ProjectPicker({
  projects,
  selected,
  onChange,
}: {
  projects: SetupProject[];
  selected: string[];
  onChange: (keys: string[]) => void;
}) {
  return (
    <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
      <legend style={{ fontWeight: 600, padding: 0, marginBottom: '4px' }}>Projects to add the Incident type to</legend>
      <Stack space="space.050">
        {projects.map((project) => (
          <Checkbox
            key={project.key}
            id={`project-${project.key}`}
            label={
              project.teamManaged
                ? `${project.name} (${project.key}), team-managed: set up in the project's own settings`
                : `${project.name} (${project.key})`
            }
            checked={selected.includes(project.key)}
            disabled={project.teamManaged}
            onChange={(checked) => onChange(checked ? [...selected, project.key] : selected.filter((key) => key !== project.key))}
          />
        ))}
      </Stack>
    </fieldset>
  );
}

const SETUP_INTRO =
  'Creates the Incident issue type, its fields and options where they are missing. Running it again only adds what is still missing.';

/** For a viewer who may not run setup: what it does, with its buttons disabled (the page explains why once). */
function ReadOnlySetup() {
  return (
    <Stack space="space.150" testId="setup-section">
      <Heading size="small" as="h2">
        Incident setup
      </Heading>
      <Text color="color.text.subtle">{SETUP_INTRO}</Text>
      <Inline space="space.100">
        <Button isDisabled>Preview</Button>
        <Button appearance="primary" isDisabled>
          Run setup
        </Button>
      </Inline>
    </Stack>
  );
}

export function SetupSection({ api, readOnly = false }: { api: AdminApi; readOnly?: boolean }) {
  return readOnly ? <ReadOnlySetup /> : <EditableSetup api={api} />;
}

function EditableSetup({ api }: { api: AdminApi }) {
  const projects = useResolver(() => api.projects(), 'projects', { isEmpty: (list) => list.length === 0 });
  const [selected, setSelected] = useState<string[]>([]);
  const preview = useResolverAction(api.previewSetup);
  const run = useResolverAction(api.runSetup);
  const failure = preview.state.status === 'failed' ? preview.state.error : run.state.status === 'failed' ? run.state.error : null;
  const busy = preview.state.status === 'pending' || run.state.status === 'pending';

  return (
    <Stack space="space.150" testId="setup-section">
      <Heading size="small" as="h2">
        Incident setup
      </Heading>
      <Text color="color.text.subtle">{SETUP_INTRO}</Text>
      <ResolverView
        state={projects.state}
        onRetry={projects.retry}
        loadingLabel="Loading projects"
        emptyTitle="No projects"
        emptyMessage="Setup creates the site-wide type and fields; add it to projects later."
        forbiddenMessage="Only Jira administrators can run the Incident setup"
      >
        {(list) => <ProjectPicker projects={list} selected={selected} onChange={setSelected} />}
      </ResolverView>
      <Inline space="space.100">
        <Button isDisabled={busy} isLoading={preview.state.status === 'pending'} onClick={() => void preview.run(selected)}>
          Preview
        </Button>
        <Button appearance="primary" isDisabled={busy} isLoading={run.state.status === 'pending'} onClick={() => void run.run(selected)}>
          Run setup
        </Button>
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
      {preview.state.status === 'done' && run.state.status !== 'done' ? (
        <Inline space="space.300" shouldWrap testId="setup-preview">
          <ItemList title="Already there" items={preview.state.data.existing} testId="preview-existing" />
          <ItemList title="Will be created" items={preview.state.data.planned} testId="preview-planned" />
          <ItemList title="Skipped" items={preview.state.data.skipped} testId="preview-skipped" />
        </Inline>
      ) : null}
      {run.state.status === 'done' ? (
        <Inline space="space.300" shouldWrap testId="setup-report">
          <ItemList title="Created" items={run.state.data.created} testId="report-created" />
          <ItemList title="Already there" items={run.state.data.existing} testId="report-existing" />
          <ItemList title="Failed (run again to retry)" items={run.state.data.failed} testId="report-failed" />
          <ItemList title="Skipped" items={run.state.data.skipped} testId="report-skipped" />
        </Inline>
      ) : null}
    </Stack>
  );
}
