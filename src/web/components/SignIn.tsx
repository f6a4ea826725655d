// Sign in by pasting an API token (created with `tally token create`); shows the role once checked.
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { checkToken } from '../api/auth.ts';
import { useAuth } from './auth.tsx';

export function SignIn() {
  const { token, user, signIn, signOut } = useAuth();
  const dialog = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const errorId = useId();

  if (token) {
    return (
      <div className="signed-in">
        <span className="user" title={user ? `Signed in as ${user.name}` : 'Checking token…'}>
          <span className="user-name">{user?.name ?? '…'}</span>
          {user && <span className={`role role-${user.role}`}>{user.role}</span>}
        </span>
        <button type="button" className="button button-ghost" onClick={signOut}>
          Sign out
        </button>
      </div>
    );
  }

  const open = () => {
    setError(null);
    setValue('');
    dialog.current?.showModal();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = value.trim();
    if (!t) return setError('Paste an API token first.');
    setBusy(true);
    try {
      const who = await checkToken(t);
      signIn(t, who);
      dialog.current?.close();
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token was not accepted.' : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button type="button" className="button" onClick={open}>
        Sign in
      </button>
      <dialog ref={dialog} className="dialog" aria-labelledby={`${inputId}-title`}>
        <form onSubmit={submit} method="dialog">
          <h2 id={`${inputId}-title`} className="dialog-title">Sign in with an API token</h2>
          <p className="muted">
            Create one with <code>npx tally token create --name you --role editor --config tally.yaml</code>, naming the server's <code>tally.yaml</code> (the demo's is <code>examples/acme/tally.yaml</code>). It is kept in this browser only.
          </p>
          <label htmlFor={inputId} className="field-label">API token</label>
          <input
            id={inputId}
            className="input"
            type="password"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={!!error}
            aria-describedby={error ? errorId : undefined}
          />
          {error && <p id={errorId} className="field-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? 'Checking…' : 'Sign in'}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
