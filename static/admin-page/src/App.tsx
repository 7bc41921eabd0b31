import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { type AdminApi, adminApi } from './api';
import { CommunicationSettingsSection } from './communication-settings-section';
import { PrioritySettingsSection } from './priority-settings-section';
import { SetupSection } from './setup-section';
import { ValidatorSettingsSection } from './validator-settings-section';

/** The admin page: each section loads and fails on its own, so one unavailable feature does not hide the others. */
export function AdminPage({ api = adminApi }: { api?: AdminApi }) {
  return (
    <Stack space="space.400">
      <Heading size="large" as="h1">
        Incident response
      </Heading>
      <SetupSection api={api} />
      <PrioritySettingsSection api={api} />
      <ValidatorSettingsSection api={api} />
      <CommunicationSettingsSection />
    </Stack>
  );
}
