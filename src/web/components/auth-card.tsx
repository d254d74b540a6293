import type { ReactNode } from 'react';

/** The signed-out pages' frame: a card with the brand, alone on the page. */
export function AuthCard({ children }: { children: ReactNode }) {
  return (
    <main className="auth-page">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">
            SP
          </span>
          SalesPartner
        </div>
        {children}
      </div>
    </main>
  );
}
