import { Component, type ErrorInfo, type ReactNode } from 'react';

/** Last line of defence: an error in rendering shows words and a way out, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | undefined }> {
  override state = { error: undefined as Error | undefined };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Plenary crashed while rendering', error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="centered-page">
        <div className="card" role="alert">
          <h1>Something went wrong on this page</h1>
          <p>
            Your edits are kept in this browser and on the server as they were acknowledged. Reload the page to continue;
            if this keeps happening, tell your coordinator what you were doing.
          </p>
          <button type="button" className="button primary" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </main>
    );
  }
}
