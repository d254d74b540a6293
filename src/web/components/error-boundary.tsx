import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** Whatever breaks while rendering, the user gets words and a way out, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('The page failed to render', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <main className="page page-narrow">
        <div className="callout callout-error" role="alert">
          <h1>This page could not be shown</h1>
          <p>Something went wrong in the app: {this.state.error.message || 'an unexpected error'}. Nothing you saved is lost.</p>
          <p>
            <button type="button" className="button" onClick={() => window.location.reload()}>
              Reload the page
            </button>{' '}
            <a className="button button-secondary" href="/contacts">
              Go to contacts
            </a>
          </p>
        </div>
      </main>
    );
  }
}
