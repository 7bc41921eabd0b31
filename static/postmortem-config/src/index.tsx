import Heading from '@atlaskit/heading';
import { mountApp } from '../../shared/mount';
import { LoadingState } from '../../shared/states';

// Placeholder until this app's resolver contract lands in src/contracts/.
mountApp(
  <>
    <Heading size="small">Incident response</Heading>
    <LoadingState />
  </>,
);
