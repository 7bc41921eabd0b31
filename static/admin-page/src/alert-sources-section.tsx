import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import Textfield from '@atlaskit/textfield';
import type {
  AlertMapping,
  AlertSourcesView,
  AlertSourceView,
  AlertSourceWithToken,
  ParkedAlertView,
} from '../../../src/contracts/alert-sources';
import { INCIDENT_CATEGORIES } from '../../../src/contracts/incident-categories';
import { Field, Select } from '../../shared/form';
import { ActionError, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import type { AdminApi } from './api';
import { ReadOnlySection } from './read-only-section';

/**
 * Alert sources (README, "Alerts in"): each sender's name, project, token and mappings, and the
 * alerts kept because their project could not take an incident. A token is shown once, in the
 * answer of create or rotate; the list never carries it.
 */
const LEVELS = ['Critical', 'High', 'Medium', 'Low', 'Minimal'].map((level) => ({ value: level, label: level }));
const CATEGORY_OPTIONS = Object.keys(INCIDENT_CATEGORIES).map((category) => ({ value: category, label: category }));
const INTRO =
  'Monitoring systems (Alertmanager, Grafana, scripts) send alerts to the app’s web trigger with a source’s token; each firing alert group opens one incident in the source’s project.';

/** A viewer who may not administer sees what the section is for and calls nothing (every call would be refused). */
export function AlertSourcesSection({ api, readOnly = false }: { api: AdminApi; readOnly?: boolean }) {
  if (readOnly) return <ReadOnlySection title="Alert sources" summary={INTRO} testId="alert-sources-section" />;
  return <EditableAlertSources api={api} />;
}

function EditableAlertSources({ api }: { api: AdminApi }) {
  const list = useResolver(() => api.alertSources(), 'alert-sources');
  const [shownToken, setShownToken] = useState<AlertSourceWithToken | null>(null);
  const onToken = (answer: AlertSourceWithToken) => {
    setShownToken(answer);
    list.retry();
  };
  return (
    <Stack space="space.150" testId="alert-sources-section">
      <Heading size="small" as="h2">
        Alert sources
      </Heading>
      <Text color="color.text.subtle">{INTRO}</Text>
      {shownToken ? (
        <Box testId="alert-source-token">
          <SectionMessage appearance="warning" title={`Token for “${shownToken.source.name}”: copy it now, it is not shown again`}>
            <Stack space="space.100">
              <code style={{ wordBreak: 'break-all' }}>{shownToken.token}</code>
              <Text>Send it as the header Authorization: Bearer &lt;token&gt;. Any earlier token of this source no longer works.</Text>
              <Inline>
                <Button onClick={() => setShownToken(null)}>Done</Button>
              </Inline>
            </Stack>
          </SectionMessage>
        </Box>
      ) : null}
      <ResolverView
        state={list.state}
        onRetry={list.retry}
        loadingLabel="Loading alert sources"
        emptyTitle="No alert sources"
        emptyMessage="Create one below."
        forbiddenMessage="Only Jira administrators can manage alert sources"
      >
        {(view: AlertSourcesView) => (
          <Stack space="space.200">
            {view.sources.length === 0 ? (
              <Text color="color.text.subtlest">No alert sources yet: alerts are refused (401) until one exists.</Text>
            ) : null}
            {view.sources.map((source) => (
              <SourceRow key={source.id} api={api} source={source} onToken={onToken} onChanged={list.retry} />
            ))}
            <ParkedAlerts parked={view.parked} />
          </Stack>
        )}
      </ResolverView>
      <CreateSource api={api} onCreated={onToken} />
    </Stack>
  );
}

function CreateSource({ api, onCreated }: { api: AdminApi; onCreated: (answer: AlertSourceWithToken) => void }) {
  const [name, setName] = useState('');
  const [projectKey, setProjectKey] = useState('');
  const create = useResolverAction(api.createAlertSource);
  const submit = async () => {
    const result = await create.run(name, projectKey.trim().toUpperCase());
    if (result?.success) {
      setName('');
      setProjectKey('');
      onCreated(result.data);
    }
  };
  return (
    <Stack space="space.100" testId="alert-source-create">
      <Heading size="xsmall" as="h3">
        New alert source
      </Heading>
      <Inline space="space.150" shouldWrap alignBlock="end">
        <Field id="alert-source-name" label="Name">
          <Textfield id="alert-source-name" value={name} onChange={(event) => setName(event.currentTarget.value)} width="medium" />
        </Field>
        <Field id="alert-source-project" label="Project key">
          <Textfield
            id="alert-source-project"
            value={projectKey}
            onChange={(event) => setProjectKey(event.currentTarget.value)}
            width="small"
          />
        </Field>
        <Button
          appearance="primary"
          isLoading={create.state.status === 'pending'}
          isDisabled={name.trim() === '' || projectKey.trim() === ''}
          onClick={() => void submit()}
        >
          Create and show token
        </Button>
      </Inline>
      {create.state.status === 'failed' ? <ActionError error={create.state.error} /> : null}
    </Stack>
  );
}

function SourceRow({
  api,
  source,
  onToken,
  onChanged,
}: {
  api: AdminApi;
  source: AlertSourceView;
  onToken: (answer: AlertSourceWithToken) => void;
  onChanged: () => void;
}) {
  const rotate = useResolverAction(api.rotateAlertToken);
  const remove = useResolverAction(api.removeAlertSource);
  const [editing, setEditing] = useState(false);
  const failure = rotate.state.status === 'failed' ? rotate.state.error : remove.state.status === 'failed' ? remove.state.error : null;
  return (
    <Box testId={`alert-source-${source.id}`}>
      <Stack space="space.100">
        <Inline space="space.150" shouldWrap alignBlock="center">
          <Text weight="bold">{source.name}</Text>
          <Text color="color.text.subtle">{`→ ${source.projectKey}`}</Text>
          <Text size="small" color="color.text.subtlest">
            {source.tokenSetAt ? `token set ${source.tokenSetAt.slice(0, 16).replace('T', ' ')} UTC` : 'no token yet'}
          </Text>
        </Inline>
        <Text size="small" color="color.text.subtle">
          {`Severities: ${
            Object.entries(source.mapping.severities)
              .map(([severity, levels]) => `${severity} → ${levels.impact}/${levels.urgency}`)
              .join(', ') || 'none'
          }. Category rules: ${source.mapping.categories.length}.`}
        </Text>
        <Inline space="space.100">
          <Button
            isLoading={rotate.state.status === 'pending'}
            onClick={() =>
              void rotate.run(source.id).then((result) => {
                if (result?.success) onToken(result.data);
              })
            }
          >
            {source.tokenSetAt ? 'Rotate token' : 'Generate token'}
          </Button>
          <Button onClick={() => setEditing(!editing)} aria-expanded={editing}>
            {editing ? 'Close mappings' : 'Edit mappings'}
          </Button>
          <Button
            appearance="subtle"
            isLoading={remove.state.status === 'pending'}
            onClick={() =>
              void remove.run(source.id).then((result) => {
                if (result?.success) onChanged();
              })
            }
          >
            Remove
          </Button>
        </Inline>
        {failure ? <ActionError error={failure} /> : null}
        {editing ? <MappingEditor api={api} source={source} onSaved={onChanged} /> : null}
      </Stack>
    </Box>
  );
}

interface SeverityRow {
  severity: string;
  impact: string;
  urgency: string;
}

function MappingEditor({ api, source, onSaved }: { api: AdminApi; source: AlertSourceView; onSaved: () => void }) {
  const [severities, setSeverities] = useState<SeverityRow[]>(
    Object.entries(source.mapping.severities).map(([severity, levels]) => ({ severity, ...levels })),
  );
  const [categories, setCategories] = useState<AlertMapping['categories']>(source.mapping.categories);
  const save = useResolverAction(api.updateAlertMapping);
  const mapping = (): AlertMapping => ({
    severities: Object.fromEntries(
      severities
        .filter((row) => row.severity.trim() !== '')
        .map((row) => [row.severity.trim().toLowerCase(), { impact: row.impact, urgency: row.urgency }]),
    ),
    categories,
  });
  const setSeverity = (index: number, change: Partial<SeverityRow>) =>
    setSeverities(severities.map((row, i) => (i === index ? { ...row, ...change } : row)));
  const setRule = (index: number, change: Partial<AlertMapping['categories'][number]>) =>
    setCategories(categories.map((rule, i) => (i === index ? { ...rule, ...change } : rule)));
  const id = (part: string) => `alert-${source.id}-${part}`;
  return (
    <Stack space="space.150" testId={`alert-mapping-${source.id}`}>
      <Text weight="bold">Severity → Impact / Urgency</Text>
      <Text size="small" color="color.text.subtlest">
        The alert’s severity label; “default” applies to alerts with none or an unmapped one. A level the field does not offer is left for
        triage.
      </Text>
      {severities.map((row, index) => (
        <Inline key={index} space="space.100" alignBlock="center" shouldWrap>
          <Textfield
            aria-label="Severity"
            value={row.severity}
            onChange={(event) => setSeverity(index, { severity: event.currentTarget.value })}
            width="small"
          />
          <Select
            id={id(`impact-${index}`)}
            label="Impact"
            value={row.impact}
            options={LEVELS}
            onChange={(impact) => setSeverity(index, { impact })}
          />
          <Select
            id={id(`urgency-${index}`)}
            label="Urgency"
            value={row.urgency}
            options={LEVELS}
            onChange={(urgency) => setSeverity(index, { urgency })}
          />
          <Button appearance="subtle" onClick={() => setSeverities(severities.filter((_, i) => i !== index))}>
            Remove
          </Button>
        </Inline>
      ))}
      <Inline>
        <Button onClick={() => setSeverities([...severities, { severity: '', impact: 'Medium', urgency: 'Medium' }])}>Add severity</Button>
      </Inline>
      <Text weight="bold">Label → Incident category</Text>
      <Text size="small" color="color.text.subtlest">
        The first rule whose label has the value (any case) sets the category.
      </Text>
      {categories.map((rule, index) => (
        <Inline key={index} space="space.100" alignBlock="center" shouldWrap>
          <Textfield
            aria-label="Label"
            value={rule.label}
            onChange={(event) => setRule(index, { label: event.currentTarget.value })}
            width="small"
          />
          <Text>=</Text>
          <Textfield
            aria-label="Value"
            value={rule.value}
            onChange={(event) => setRule(index, { value: event.currentTarget.value })}
            width="small"
          />
          <Select
            id={id(`category-${index}`)}
            label="Category"
            value={rule.category}
            options={CATEGORY_OPTIONS}
            onChange={(category) => setRule(index, { category, subcategory: undefined })}
          />
          <Select
            id={id(`subcategory-${index}`)}
            label="Subcategory"
            value={rule.subcategory ?? ''}
            placeholder="(none)"
            options={(INCIDENT_CATEGORIES[rule.category] ?? []).map((sub) => ({ value: sub, label: sub }))}
            onChange={(subcategory) => setRule(index, { subcategory: subcategory === '' ? undefined : subcategory })}
          />
          <Button appearance="subtle" onClick={() => setCategories(categories.filter((_, i) => i !== index))}>
            Remove
          </Button>
        </Inline>
      ))}
      <Inline space="space.100">
        <Button onClick={() => setCategories([...categories, { label: '', value: '', category: CATEGORY_OPTIONS[0]!.value }])}>
          Add category rule
        </Button>
        <Button
          appearance="primary"
          isLoading={save.state.status === 'pending'}
          onClick={() =>
            void save.run(source.id, mapping()).then((result) => {
              if (result?.success) onSaved();
            })
          }
        >
          Save mappings
        </Button>
      </Inline>
      {save.state.status === 'failed' ? <ActionError error={save.state.error} /> : null}
    </Stack>
  );
}

function ParkedAlerts({ parked }: { parked: ParkedAlertView[] }) {
  if (parked.length === 0) return null;
  return (
    <Box testId="alert-parked">
      <SectionMessage appearance="error" title={`${parked.length} alert group(s) kept: their project could not take an incident`}>
        <Stack space="space.050">
          {parked.map((alert) => (
            <Text
              key={`${alert.sourceId}-${alert.title}-${alert.firstAt}`}
            >{`${alert.title} (source ${alert.sourceId}, ${alert.count} deliveries since ${alert.firstAt.slice(0, 16).replace('T', ' ')} UTC): ${alert.reason}`}</Text>
          ))}
          <Text>Map the source to a project with the Incident type; the next delivery creates the incident.</Text>
        </Stack>
      </SectionMessage>
    </Box>
  );
}
