import { Component, StrictMode, type ErrorInfo, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { Box } from '@atlaskit/primitives/compiled/box';
import { ErrorState } from './states';
import { enableTheme } from './theme';
import './base.css';

interface BoundaryState {
  failure?: Error;
}

/** A render-time bug shows the error state with a reload instead of an empty iframe. */
class AppErrorBoundary extends Component<{ children: ReactNode }, BoundaryState> {
  override state: BoundaryState = {};

  static getDerivedStateFromError(failure: Error): BoundaryState {
    return { failure };
  }

  override componentDidCatch(failure: Error, info: ErrorInfo): void {
    console.error('Custom UI render failure', failure, info.componentStack);
  }

  override render() {
    if (this.state.failure) {
      return (
        <ErrorState
          title="This view stopped working"
          error={{ code: 'INTERNAL', message: this.state.failure.message }}
          onRetry={() => window.location.reload()}
        />
      );
    }
    return this.props.children;
  }
}

/** Entry point of each Custom UI app: theme, error boundary, and a token-coloured surface. */
export function mountApp(app: ReactNode, rootId = 'root'): void {
  void enableTheme();
  const container = document.getElementById(rootId);
  if (!container) throw new Error(`index.html has no #${rootId} element`);
  createRoot(container).render(
    <StrictMode>
      <AppErrorBoundary>
        <Box backgroundColor="elevation.surface" padding="space.100">
          {app}
        </Box>
      </AppErrorBoundary>
    </StrictMode>,
  );
}
