import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, errorMessage, setCsrfToken, setSessionEndedHandler } from '../api/client.js';
import type { BootstrapResponse, Role, Session, SessionResponse } from '../api/types.js';

type SessionState =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'signed-out'; hasUsers: boolean; notice: string | null }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  /** Adopts the answer of login or signup. */
  signedIn(session: Session): void;
  logOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

async function probeSession(): Promise<SessionState> {
  try {
    const answer = await api.get<SessionResponse>('/session', { expectUnauthorized: true });
    if (!answer.user) return { status: 'signed-out', hasUsers: true, notice: null };
    setCsrfToken(answer.csrfToken);
    return { status: 'signed-in', session: { user: answer.user, organization: answer.organization, csrfToken: answer.csrfToken } };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) return { status: 'error', message: errorMessage(error) };
  }
  // Not logged in: a fresh install (no users yet) offers sign-up first.
  try {
    const { hasUsers } = await api.get<BootstrapResponse>('/bootstrap', { expectUnauthorized: true });
    return { status: 'signed-out', hasUsers, notice: null };
  } catch {
    return { status: 'signed-out', hasUsers: true, notice: null };
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let active = true;
    void probeSession().then((next) => {
      if (active) setState(next);
    });
    return () => {
      active = false;
    };
  }, [attempt]);

  useEffect(() => {
    setSessionEndedHandler(() => {
      setCsrfToken(null);
      setState((current) => (current.status === 'signed-in' ? { status: 'signed-out', hasUsers: true, notice: 'Your session has ended. Log in again to continue.' } : current));
    });
    return () => setSessionEndedHandler(null);
  }, []);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signed-in', session });
  }, []);

  const logOut = useCallback(async () => {
    try {
      await api.post('/logout', {}, { expectUnauthorized: true });
    } finally {
      setCsrfToken(null);
      setState({ status: 'signed-out', hasUsers: true, notice: 'You are logged out.' });
    }
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo(() => ({ state, signedIn, logOut, retry }), [state, signedIn, logOut, retry]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext outside SessionProvider');
  return value;
}

/** The signed-in session; only for pages rendered behind the sign-in gate. */
export function useSession(): Session & { isAdmin: boolean; role: Role } {
  const { state } = useSessionContext();
  if (state.status !== 'signed-in') throw new Error('useSession without a session');
  const { session } = state;
  return { ...session, role: session.user.role, isAdmin: session.user.role === 'owner' || session.user.role === 'admin' };
}
