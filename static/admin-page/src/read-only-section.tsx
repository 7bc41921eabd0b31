import Heading from '@atlaskit/heading';
import { Stack } from '@atlaskit/primitives/compiled/stack';
import { Text } from '@atlaskit/primitives/compiled/text';

/**
 * A settings section as someone who may not administer sees it: its title and what it is for, no
 * controls and no resolver call (reading the settings needs admin rights too). The page's one
 * explanation above the sections says why.
 */
export function ReadOnlySection({ title, summary, testId }: { title: string; summary: string; testId: string }) {
  return (
    <Stack space="space.150" testId={testId}>
      <Heading size="small" as="h2">
        {title}
      </Heading>
      <Text color="color.text.subtle">{summary}</Text>
    </Stack>
  );
}
