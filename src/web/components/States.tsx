// Shared page states: loading skeleton, empty (with the next step), error (message + retry).
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

export function Loading({ rows = 5, label = 'Loading…' }: { rows?: number; label?: string }) {
  return (
    <div className="skeleton" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" style={{ width: `${92 - ((i * 17) % 30)}%` }} />
      ))}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <h2 className="state-title">{title}</h2>
      {children && <div className="state-body">{children}</div>}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : String(error);
  const problems = error instanceof ApiError ? error.problems : [];
  return (
    <div className="state state-error" role="alert">
      <h2 className="state-title">Something went wrong</h2>
      <p className="state-body">{message}</p>
      {problems.length > 0 && (
        <ul className="problems">
          {problems.map((p, i) => (
            <li key={i}>
              {[p.file, p.doc, p.field].filter((x) => x !== undefined && x !== '').join(' › ')}
              {p.file || p.field ? ': ' : ''}
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
