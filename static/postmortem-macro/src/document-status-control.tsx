import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import type { DocumentStatus } from '../../../src/contracts/postmortem-macro-types';
import { Field, Select } from '../../shared/form';
import { ActionError } from '../../shared/states';
import { useResolverAction } from '../../shared/use-resolver';
import type { PostmortemApi } from './api';

/** Written out (not imported) so the contract's zod schemas stay out of the bundle; tsc checks the names. */
const STATUSES: readonly DocumentStatus[] = ['Draft', 'In review', 'Published'];

/**
 * The authors set the document status; the app shows it on the page and never derives it.
 * Published is refused by the backend while an author section is still empty.
 */
export function DocumentStatusControl({
  api,
  current,
  onSet,
}: {
  api: PostmortemApi;
  current: DocumentStatus;
  onSet: (status: DocumentStatus) => Promise<void>;
}) {
  const [chosen, setChosen] = useState<DocumentStatus>(current);
  const set = useResolverAction(api.setDocumentStatus);
  const failure = set.state.status === 'failed' ? set.state.error : null;
  return (
    <Stack space="space.100">
      <Inline space="space.100" alignBlock="end">
        <Field id="document-status" label="Postmortem status">
          <Select
            id="document-status"
            value={chosen}
            options={STATUSES.map((status) => ({ value: status, label: status }))}
            onChange={(value) => setChosen(STATUSES.find((status) => status === value) ?? current)}
          />
        </Field>
        <Button
          isDisabled={chosen === current}
          isLoading={set.state.status === 'pending'}
          onClick={async () => {
            const result = await set.run(chosen);
            if (result?.success) await onSet(result.data.status);
          }}
        >
          Set status
        </Button>
      </Inline>
      {failure ? <ActionError error={failure} /> : null}
    </Stack>
  );
}
