import Heading from '@atlaskit/heading';
import { Box } from '@atlaskit/primitives/compiled/box';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';
import SectionMessage from '@atlaskit/section-message';
import { LoadingState } from '../../shared/states';
import { useResolver } from '../../shared/use-resolver';
import { AlertSourcesSection } from './alert-sources-section';
import { type AdminApi, adminApi } from './api';
import { CommunicationSettingsSection } from './communication-settings-section';
import { PrioritySettingsSection } from './priority-settings-section';
import { SetupSection } from './setup-section';
import { TrendsSettingsSection } from './trends-settings-section';
import { ValidatorSettingsSection } from './validator-settings-section';

/**
 * The admin page: each section loads and fails on its own, so one unavailable feature does not hide
 * the others. Whether the viewer may change anything is asked once, first: someone who may not sees
 * one explanation and the controls disabled, rather than a refusal from each section on click.
 * If that question itself fails, the sections load as usual (each resolver checks rights again).
 */
export function AdminPage({ api = adminApi }: { api?: AdminApi }) {
  const access = useResolver(() => api.access(), 'admin-access');
  const readOnly = access.state.status === 'ready' && !access.state.data.canAdminister;
  return (
    <Stack space="space.400">
      <Heading size="large" as="h1">
        Incident response
      </Heading>
      {access.state.status === 'loading' ? (
        <LoadingState label="Checking your access" />
      ) : (
        <>
          {readOnly && access.state.status === 'ready' ? (
            <Box data-state="read-only" testId="admin-read-only">
              <SectionMessage appearance="information" title="You can look but not change">
                <Text>{access.state.data.message ?? 'Only Jira administrators can change these settings.'}</Text>
              </SectionMessage>
            </Box>
          ) : null}
          <SetupSection api={api} readOnly={readOnly} />
          <PrioritySettingsSection api={api} readOnly={readOnly} />
          <ValidatorSettingsSection api={api} readOnly={readOnly} />
          <CommunicationSettingsSection readOnly={readOnly} />
          <AlertSourcesSection api={api} readOnly={readOnly} />
          <TrendsSettingsSection readOnly={readOnly} />
        </>
      )}
    </Stack>
  );
}
