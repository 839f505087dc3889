// Changing budgets, rules and channels: admins only. A viewer's controls are disabled together
// (by their fieldset) with the reason beside them; the API refuses anyway (403), and whatever it
// refuses is shown in its own words next to the control that asked.
import { useCallback, useState, type ReactNode } from 'react';
import { sendJson, type WriteMethod } from '../../api/client';
import { useSession } from '../../auth/SessionContext';
import { canChange } from '../../auth/session';

export const VIEWER_HINT = 'Viewers can read, ask an admin to change.';

export function useCanChange(): boolean {
  return canChange(useSession().session);
}

export function Editable({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  const can = useCanChange();
  return (
    <fieldset className={`editable${className ? ` ${className}` : ''}`} disabled={!can} aria-label={label} title={can ? undefined : VIEWER_HINT}>
      {children}
    </fieldset>
  );
}

/** The hint, shown once per form or list of controls a viewer cannot use. */
export function ViewerHint() {
  return useCanChange() ? null : (
    <p className="viewer-hint" data-testid="viewer-hint">
      {VIEWER_HINT}
    </p>
  );
}

/** Runs one change; true when saved. `error` holds the refusal until the next attempt. */
export function useChange(onChanged: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = useCallback(
    async (method: WriteMethod, path: string, body?: unknown): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        await sendJson(method, path, body);
        onChanged();
        return true;
      } catch (e) {
        setError((e as Error).message);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onChanged],
  );
  return { run, busy, error };
}

export function ChangeError({ error, what = 'Not saved' }: { error: string | undefined; what?: string }) {
  return error ? (
    <p className="form-error" role="alert">
      {what}: {error}
    </p>
  ) : null;
}
