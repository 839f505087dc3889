// Decides what the page shows before the dashboard: nothing to decide with auth off; the first
// admin's setup while none exists; sign-in without a session (at start, or when any request
// answers 401). The URL hash is left alone meanwhile, so signing in returns to the same view.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiFailure, onUnauthorized } from '../api/client';
import { ErrorState, Loading } from '../components/States';
import { SessionProvider } from './SessionContext';
import { OPEN_SESSION, readSession, readSetup, signOut, type Session } from './session';
import { SetupScreen, SignInScreen } from './SignInScreen';

type Gate =
  | { kind: 'checking' }
  | { kind: 'failed'; error: ApiFailure }
  | { kind: 'setup' }
  | { kind: 'sign-in'; notice?: string }
  | { kind: 'signed-in'; session: Session };

async function resolveGate(): Promise<Gate> {
  try {
    const setup = await readSetup();
    if (!setup.authEnabled) return { kind: 'signed-in', session: OPEN_SESSION };
    if (setup.setupNeeded) return { kind: 'setup' };
    return { kind: 'signed-in', session: await readSession() };
  } catch (error) {
    const failure = error instanceof ApiFailure ? error : new ApiFailure('/api/v1/setup', 0, String(error));
    if (failure.status === 401) return { kind: 'sign-in' };
    // A collector without the auth routes has nobody to sign in.
    if (failure.status === 404 && failure.path === '/api/v1/setup') return { kind: 'signed-in', session: OPEN_SESSION };
    return { kind: 'failed', error: failure };
  }
}

export function AuthGate({ children }: { children: ReactNode }) {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const check = useCallback(() => {
    setGate({ kind: 'checking' });
    void resolveGate().then(setGate);
  }, []);
  useEffect(check, [check]);

  // A session that ends while the dashboard is open (expired, signed out elsewhere, the
  // collector restarted with auth on): every request now answers 401.
  useEffect(
    () =>
      onUnauthorized(() =>
        setGate((g) => (g.kind === 'signed-in' ? { kind: 'sign-in', notice: 'Your session has ended. Sign in again to go on where you were.' } : g)),
      ),
    [],
  );

  const leave = useCallback(() => {
    void signOut()
      .catch(() => undefined) // the cookie is cleared either way once the collector answers
      .then(() => setGate({ kind: 'sign-in', notice: 'Signed out.' }));
  }, []);

  switch (gate.kind) {
    case 'checking':
      return <Loading label="burnrate" height={240} />;
    case 'failed':
      return (
        <main className="auth-page" id="main" data-screen="auth">
          <ErrorState what="burnrate" error={gate.error} retry={check} />
        </main>
      );
    case 'setup':
      return <SetupScreen onDone={(session) => setGate({ kind: 'signed-in', session })} onSignInInstead={() => setGate({ kind: 'sign-in' })} />;
    case 'sign-in':
      return <SignInScreen notice={gate.notice} onDone={(session) => setGate({ kind: 'signed-in', session })} />;
    case 'signed-in':
      return <SessionProvider value={{ session: gate.session, signOut: leave }}>{children}</SessionProvider>;
    default: {
      const never: never = gate;
      return never;
    }
  }
}
