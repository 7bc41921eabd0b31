import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { CommunicationView, DeliveryKey, PostUpdatePayload, PostUpdateResult } from '../../../src/contracts/communication';
import type { ResolverError } from '../../../src/contracts/resolver-result';
import { Badge } from '../../shared/badge';
import { Checkbox, Field, Select, TextArea, describedByOf } from '../../shared/form';
import { ActionError, ResolverView } from '../../shared/states';
import { useResolver, useResolverAction } from '../../shared/use-resolver';
import { type CommunicationApi, communicationApi } from './communication-api';

type UpdateState = keyof CommunicationView['templates'];
type Audience = PostUpdatePayload['audience'];

const STATES: readonly UpdateState[] = ['Investigating', 'Identified', 'Monitoring', 'Resolved'];
const AUDIENCES: readonly { value: Audience; label: string }[] = [
  { value: 'internal', label: 'Internal (Jira, email, status page)' },
  { value: 'external', label: 'External (Statuspage)' },
  { value: 'both', label: 'Internal and external' },
];
/** The domain's limit (src/domain/communication/stakeholder-update.ts), repeated to keep zod out of the bundle. */
const MESSAGE_MAX_CHARS = 2000;

const DELIVERY_LABELS: Record<DeliveryKey, string> = {
  jiraComment: 'Jira comment',
  jiraProperty: 'Marked as an update',
  email: 'Email to stakeholders',
  statusPage: 'Confluence status page',
  statuspage: 'Statuspage',
};

/**
 * The names the resolver's failure reasons start with (failureReason in
 * src/usecases/communicate/post-stakeholder-update.ts), repeated here: the line already names the
 * delivery, so "Statuspage: Statuspage: the service is unavailable" is shown without the repeat.
 */
const REASON_PREFIXES: Record<DeliveryKey, string> = {
  jiraComment: 'Jira comment: ',
  jiraProperty: 'Jira update marker: ',
  email: 'Email: ',
  statusPage: 'Confluence status page: ',
  statuspage: 'Statuspage: ',
};

function reasonText(key: DeliveryKey, reason: string): string {
  return reason.startsWith(REASON_PREFIXES[key]) ? reason.slice(REASON_PREFIXES[key].length) : reason;
}

/** `yyyy-MM-ddTHH:mm` in the browser's zone, the value a datetime-local input takes. */
function localInputValue(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function newUpdateId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `u-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function Roles({ view, api, onChanged }: { view: CommunicationView; api: CommunicationApi; onChanged: (view: CommunicationView) => void }) {
  const take = useResolverAction(api.takeRole);
  if (view.roles === null) return <Text color="color.text.subtle">Incident roles appear after a Jira admin runs Incident setup.</Text>;
  const row = (label: string, role: 'incidentManager' | 'communicationsManager', action: string) => {
    const holder = view.roles?.[role] ?? null;
    const mine = holder !== null && holder.accountId === view.viewerAccountId;
    return (
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text weight="bold">{`${label}:`}</Text>
        <Text testId={`role-${role}`}>{holder ? `${holder.displayName}${mine ? ' (you)' : ''}` : 'nobody yet'}</Text>
        {mine ? null : (
          <Button
            appearance="subtle"
            spacing="compact"
            isLoading={take.state.status === 'pending'}
            onClick={async () => {
              const result = await take.run(role);
              if (result?.success) onChanged(result.data);
            }}
          >
            {action}
          </Button>
        )}
      </Inline>
    );
  };
  return (
    <Stack space="space.050">
      {row('Incident manager', 'incidentManager', "I'll lead")}
      {row('Communications manager', 'communicationsManager', "I'll manage comms")}
      {take.state.status === 'failed' ? <ActionError error={take.state.error} /> : null}
    </Stack>
  );
}

function Cadence({ view }: { view: CommunicationView }) {
  const colour = view.cadence.state === 'overdue' ? 'color.text.danger' : view.cadence.state === 'due' ? 'color.text' : 'color.text.subtle';
  const latest = view.latestUpdate;
  return (
    <Stack space="space.050">
      <Text testId="cadence-line" color={colour} weight={view.cadence.state === 'overdue' ? 'bold' : 'regular'}>
        {view.cadence.text}
      </Text>
      <Text size="small" color="color.text.subtle" testId="latest-update">
        {latest
          ? `Last update: ${latest.state} (${latest.audience}), ${new Date(latest.at).toLocaleString()}; ${view.updateCount} so far`
          : 'No stakeholder update has been posted yet.'}
      </Text>
    </Stack>
  );
}

function Deliveries({
  result,
  pending,
  onRetry,
  onNew,
}: {
  result: PostUpdateResult;
  pending: boolean;
  onRetry: () => void;
  onNew: () => void;
}) {
  return (
    <Stack space="space.050" testId="delivery-results">
      <ul style={{ margin: 0, paddingInlineStart: '20px' }} aria-label="Deliveries of the update">
        {(Object.keys(DELIVERY_LABELS) as DeliveryKey[]).map((key) => {
          const outcome = result.deliveries[key];
          const mark = outcome.status === 'done' ? '✓' : outcome.status === 'failed' ? '✗' : outcome.status === 'skipped' ? '–' : '…';
          const colour =
            outcome.status === 'failed' ? 'color.text.danger' : outcome.status === 'done' ? 'color.text.success' : 'color.text.subtle';
          return (
            <li key={key} data-delivery={key} data-status={outcome.status}>
              <Text color={colour}>{`${mark} ${DELIVERY_LABELS[key]}${outcome.reason ? `: ${reasonText(key, outcome.reason)}` : ''}`}</Text>
            </li>
          );
        })}
      </ul>
      {result.complete ? (
        <Inline space="space.100" alignBlock="center">
          <Box role="status">
            <Text color="color.text.success">Update posted.</Text>
          </Box>
          <Button appearance="subtle" spacing="compact" onClick={onNew}>
            New update
          </Button>
        </Inline>
      ) : (
        <Inline space="space.100" alignBlock="center">
          <Text color="color.text.warning">Some deliveries failed; Retry sends only those (nothing is posted twice).</Text>
          <Button appearance="primary" spacing="compact" isLoading={pending} onClick={onRetry}>
            Retry
          </Button>
        </Inline>
      )}
    </Stack>
  );
}

function UpdateForm({
  view,
  api,
  onPosted,
  onNew,
}: {
  view: CommunicationView;
  api: CommunicationApi;
  onPosted: () => void;
  onNew: () => void;
}) {
  const [updateId] = useState(newUpdateId);
  const [state, setState] = useState<UpdateState>(
    view.latestUpdate && view.latestUpdate.state !== 'Resolved' ? view.latestUpdate.state : 'Investigating',
  );
  const [audience, setAudience] = useState<Audience>('internal');
  const [message, setMessage] = useState(view.templates[state]);
  const [edited, setEdited] = useState(false);
  const [components, setComponents] = useState<string[]>([]);
  const [nextAt, setNextAt] = useState(localInputValue(view.suggestedNextUpdateAt));
  const [problem, setProblem] = useState<ResolverError | null>(null);
  const post = useResolverAction(api.post);
  const [sent, setSent] = useState<PostUpdatePayload | null>(null);
  const failure = post.state.status === 'failed' ? post.state.error : problem;
  const fieldError = (field: string) => (failure?.field === field || failure?.field?.startsWith(`${field}.`) ? failure.message : undefined);
  const result = post.state.status === 'done' ? post.state.data : null;
  const locked = sent !== null && post.state.status !== 'failed';
  const audienceHint =
    audience !== 'internal' && !view.statuspageConfigured ? 'Statuspage is not set up: the external part is skipped.' : undefined;
  const messageHint = `${message.trim().length} / ${MESSAGE_MAX_CHARS} characters; sent as plain text`;

  const submit = async (payload: PostUpdatePayload) => {
    setSent(payload);
    const answer = await post.run(payload);
    if (answer?.success) onPosted();
  };

  return (
    <form
      aria-label="Stakeholder update"
      onSubmit={(event) => {
        event.preventDefault();
        const text = message.trim();
        if (text.length === 0)
          return setProblem({ code: 'BAD_REQUEST', field: 'message', message: 'message: write what stakeholders should know' });
        if (text.length > MESSAGE_MAX_CHARS)
          return setProblem({ code: 'BAD_REQUEST', field: 'message', message: `message: at most ${MESSAGE_MAX_CHARS} characters` });
        const next = state === 'Resolved' || nextAt === '' ? null : new Date(nextAt).toISOString();
        if (state !== 'Resolved' && next === null)
          return setProblem({ code: 'BAD_REQUEST', field: 'nextUpdateDueAt', message: 'nextUpdateDueAt: say when the next update is due' });
        setProblem(null);
        void submit({ updateId, state, audience, message: text, components, nextUpdateDueAt: next });
      }}
    >
      <Stack space="space.150">
        <Inline space="space.200" shouldWrap>
          <Field id="update-state" label="State" error={fieldError('state')}>
            <Select
              id="update-state"
              value={state}
              disabled={locked}
              options={STATES.map((value) => ({ value, label: value }))}
              onChange={(value) => {
                const next = value as UpdateState;
                setState(next);
                if (!edited) setMessage(view.templates[next]);
              }}
            />
          </Field>
          <Field id="update-audience" label="Audience" error={fieldError('audience')} hint={audienceHint}>
            <Select
              id="update-audience"
              value={audience}
              disabled={locked}
              options={AUDIENCES}
              onChange={(value) => setAudience(value as Audience)}
              describedBy={describedByOf('update-audience', { hint: audienceHint })}
            />
          </Field>
        </Inline>
        <Field id="update-message" label="Message" hint={messageHint} error={fieldError('message')}>
          <TextArea
            id="update-message"
            rows={5}
            value={message}
            invalid={Boolean(fieldError('message'))}
            describedBy={describedByOf('update-message', { hint: messageHint, error: fieldError('message') })}
            onChange={(value) => {
              setMessage(value);
              setEdited(true);
            }}
          />
        </Field>
        {view.components.length > 0 ? (
          <fieldset style={{ border: 'none', margin: 0, padding: 0 }}>
            <legend style={{ fontWeight: 600, padding: 0, marginBottom: '4px' }}>Affected services</legend>
            <Inline space="space.200" shouldWrap>
              {view.components.map((name) => (
                <Checkbox
                  key={name}
                  id={`component-${name}`}
                  label={name}
                  checked={components.includes(name)}
                  disabled={locked}
                  onChange={(checked) => setComponents(checked ? [...components, name] : components.filter((value) => value !== name))}
                />
              ))}
            </Inline>
            {fieldError('components') ? <Text color="color.text.danger">{fieldError('components')}</Text> : null}
          </fieldset>
        ) : null}
        {state === 'Resolved' ? null : (
          <Field id="update-next" label="Next update due" error={fieldError('nextUpdateDueAt')}>
            <input
              id="update-next"
              type="datetime-local"
              value={nextAt}
              disabled={locked}
              aria-invalid={Boolean(fieldError('nextUpdateDueAt')) || undefined}
              onChange={(event) => setNextAt(event.target.value)}
              style={{ font: 'inherit', padding: '6px 8px', maxWidth: '240px' }}
            />
          </Field>
        )}
        {result ? null : (
          <Inline space="space.100">
            <Button type="submit" appearance="primary" isLoading={post.state.status === 'pending'}>
              Post update
            </Button>
          </Inline>
        )}
        {failure && !failure.field ? <ActionError error={failure} /> : null}
        {result ? (
          <Deliveries result={result} pending={post.state.status === 'pending'} onRetry={() => sent && void submit(sent)} onNew={onNew} />
        ) : null}
      </Stack>
    </form>
  );
}

function SectionContent({
  view,
  api,
  onChanged,
}: {
  view: CommunicationView;
  api: CommunicationApi;
  onChanged: (view: CommunicationView) => void;
}) {
  // After a post the roles, last update and cadence line are read again in place, keeping the deliveries shown.
  const refresh = () => void api.view().then((result) => (result.success ? onChanged(result.data) : undefined));
  const [formKey, setFormKey] = useState<number | null>(null);
  return (
    <Stack space="space.150" testId="communication-section">
      <Inline space="space.100" alignBlock="center">
        <Heading size="xsmall" as="h3">
          Stakeholder communication
        </Heading>
        {view.level ? <Badge>{view.level}</Badge> : null}
      </Inline>
      <Roles view={view} api={api} onChanged={onChanged} />
      <Cadence view={view} />
      {formKey === null ? (
        <Inline space="space.100">
          <Button appearance="default" onClick={() => setFormKey(Date.now())}>
            Post an update
          </Button>
        </Inline>
      ) : (
        <UpdateForm key={formKey} view={view} api={api} onPosted={refresh} onNew={() => setFormKey(Date.now())} />
      )}
    </Stack>
  );
}

/**
 * A light shape check (zod stays out of the bundle): the section is independent of the priority
 * part, and an answer it cannot read must show as empty here, not break the whole panel.
 */
function isCommunicationView(data: unknown): data is CommunicationView {
  const view = data as Partial<CommunicationView> | null;
  return (
    typeof view === 'object' &&
    view !== null &&
    typeof view.cadence?.text === 'string' &&
    typeof view.templates === 'object' &&
    Array.isArray(view.components)
  );
}

/** The communication part of the incident panel: roles, the cadence line, the update form and its deliveries. */
export function CommunicationSection({ api = communicationApi }: { api?: CommunicationApi }) {
  const { state, retry, replace } = useResolver(() => api.view(), 'communication', { isEmpty: (data) => !isCommunicationView(data) });
  return (
    <ResolverView state={state} onRetry={retry} loadingLabel="Loading stakeholder communication" emptyTitle="No stakeholder communication">
      {(view) => <SectionContent view={view} api={api} onChanged={replace} />}
    </ResolverView>
  );
}
