// A list of changes, newest first: what, where, who, when, status, and the revert button.
import { useState } from 'react';
import type { Change } from '../../api/changes.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { formatTime, relativeTime } from '../../components/format.ts';
import { RevertButton } from './RevertButton.tsx';

export function ChangeList({ changes, label, extra }: { changes: Change[]; label: string; extra?: (c: Change) => React.ReactNode }) {
  return (
    <ol className="change-list" aria-label={label}>
      {changes.map((c) => (
        <ChangeItem key={c.id} change={c} extra={extra?.(c)} />
      ))}
    </ol>
  );
}

export function KindChip({ kind }: { kind: string }) {
  return <span className={`kind-chip kind-${kind}`}>{kind}</span>;
}

export function StatusChip({ status }: { status: string }) {
  return <span className={`status-chip status-${status}`}>{status}</span>;
}

function ChangeItem({ change: c, extra }: { change: Change; extra?: React.ReactNode }) {
  const [open, setOpen] = useState(false);
  const detailsId = `change-${c.id}-details`;
  return (
    <li className="change">
      <div className="change-main">
        <div className="change-head">
          <KindChip kind={c.kind} />
          <span className="change-summary">{c.summary}</span>
          {c.status !== 'succeeded' && <StatusChip status={c.status} />}
          {c.unmapped && <span className="chip" title="No entity of this change is in the catalog">unmapped</span>}
        </div>
        <div className="change-meta muted small">
          {c.entities.length > 0 ? (
            <span className="change-entities">
              {c.entities.slice(0, 4).map((e) => <EntityLink key={e} entityRef={e} report />)}
              {c.entities.length > 4 && <span>+{c.entities.length - 4}</span>}
            </span>
          ) : (
            <span>no entity</span>
          )}
          {c.version && <span><code>{c.previousVersion ? `${c.previousVersion} → ` : ''}{c.version}</code></span>}
          {c.actor && <span>by {c.actor}{c.automated ? ' (automated)' : ''}</span>}
          <span>via {c.source}</span>
          <time dateTime={c.startedAt} title={formatTime(c.startedAt)}>{relativeTime(c.startedAt)}</time>
        </div>
        {extra}
        {open && <ChangeDetails change={c} id={detailsId} />}
      </div>
      <div className="change-actions">
        <button type="button" className="link-button small" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen(!open)}>
          {open ? 'Less' : 'Details'}
        </button>
        <RevertButton change={c} />
      </div>
    </li>
  );
}

function ChangeDetails({ change: c, id }: { change: Change; id: string }) {
  const rows: [string, React.ReactNode][] = [
    ['Started', formatTime(c.startedAt)],
    ['Finished', c.finishedAt ? formatTime(c.finishedAt) : null],
    ['Status', c.status],
    ['Environment', c.environment],
    ['Id', <code>{c.id}</code>],
    ['Reverts', c.revertOf ? <code>{c.revertOf}</code> : null],
    ['Postmortem', c.postmortemUrl ? <a href={c.postmortemUrl} target="_blank" rel="noreferrer">{c.postmortemUrl}</a> : null],
    ['Labels', c.labels && Object.keys(c.labels).length ? Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(', ') : null],
  ];
  return (
    <div id={id} className="change-details">
      {c.description && <p className="pre-wrap">{c.description}</p>}
      <dl className="facts facts-compact">
        {rows.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
      </dl>
      {c.links && c.links.length > 0 && (
        <ul className="link-list">
          {c.links.map((l) => <li key={l.url}><a href={l.url} target="_blank" rel="noreferrer">{l.title ?? l.url}</a></li>)}
        </ul>
      )}
    </div>
  );
}
