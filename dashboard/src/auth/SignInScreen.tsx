// Sign-in, and the first run's setup of the admin with the collector's one-time token. Both show
// the collector's own message when it refuses (wrong password, too many attempts, wrong token).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { MIN_PASSWORD_LENGTH, readSetup, setUp, signIn, type Session, type SetupState } from './session';

/** Why a single sign-on came back refused, as the collector put it in the address. */
function ssoError(): string | undefined {
  return new URLSearchParams(window.location.search).get('sso_error') ?? undefined;
}

/** The link that starts single sign-on, returning to the view the person was on. */
function SsoLink() {
  const back = window.location.hash.startsWith('#/') ? window.location.hash : '#/';
  return (
    <a className="button primary sso" data-testid="sso-sign-in" href={`/api/v1/sso/login?back=${encodeURIComponent(back)}`}>
      Sign in with single sign-on
    </a>
  );
}

function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="auth-page" id="main" data-screen="auth">
      <section className="auth-card" aria-labelledby="auth-title">
        <div className="brand">
          <span className="logo" aria-hidden="true" />
          burnrate
        </div>
        <h1 id="auth-title">{title}</h1>
        {children}
      </section>
    </main>
  );
}

/** Runs a submit: busy while it runs, the refusal's message after. */
/** The refusal (in the API's words) and the submit button, as both forms end. */
function SubmitRow({ error, busy, label, busyLabel }: { error: string | undefined; busy: boolean; label: string; busyLabel: string }) {
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid="auth-error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
    </>
  );
}

function useSubmit(work: () => Promise<Session>, onDone: (s: Session) => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onDone(await work());
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };
  return { busy, error, submit };
}

export function SignInScreen({ notice, onDone }: { notice?: string; onDone: (s: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [setup, setSetup] = useState<SetupState | undefined>();
  useEffect(() => void readSetup().then(setSetup, () => undefined), []);
  const { busy, error, submit } = useSubmit(() => signIn(username.trim(), password), onDone);
  const refused = ssoError();
  return (
    <AuthCard title="Sign in">
      {notice && (
        <p className="muted" data-testid="auth-notice">
          {notice}
        </p>
      )}
      {refused && (
        <p className="form-error" role="alert" data-testid="sso-error">
          {refused}
        </p>
      )}
      {setup?.sso && <SsoLink />}
      {setup?.localAccounts !== false && (
        <form className="auth-form" onSubmit={submit} aria-label="Sign in">
          <label>
            Username
            <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required autoFocus />
          </label>
          <label>
            Password
            <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </label>
          <SubmitRow error={error} busy={busy} label="Sign in" busyLabel="Signing in…" />
        </form>
      )}
      <p className="muted small">No account? An admin adds people (viewers or admins) on the Budgets screen or with burnrate users create.</p>
    </AuthCard>
  );
}

export function SetupScreen({ onDone, onSignInInstead }: { onDone: (s: Session) => void; onSignInInstead: () => void }) {
  const [token, setToken] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(() => setUp(token.trim(), username.trim(), password), onDone);
  return (
    <AuthCard title="Create the first admin">
      <p>
        This collector has sign-in on and nobody to sign in yet. When it started, it printed a one-time <strong>setup token</strong> in its log, under “auth:
        on. No admin yet”. If you set <code>BURNRATE_SETUP_TOKEN</code>, that is the token.
      </p>
      <form className="auth-form" onSubmit={submit} aria-label="Create the first admin">
        <label>
          Setup token
          <input name="token" autoComplete="off" spellCheck={false} value={token} onChange={(e) => setToken(e.target.value)} required autoFocus />
        </label>
        <label>
          Username
          <input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={64} />
        </label>
        <label>
          <span>
            Password <span className="muted">(at least {MIN_PASSWORD_LENGTH} characters)</span>
          </span>
          <input
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={MIN_PASSWORD_LENGTH}
          />
        </label>
        <SubmitRow error={error} busy={busy} label="Create admin and sign in" busyLabel="Creating…" />
      </form>
      <p className="muted small">
        An admin exists already?{' '}
        <button type="button" className="link" onClick={onSignInInstead}>
          Sign in
        </button>
      </p>
    </AuthCard>
  );
}
