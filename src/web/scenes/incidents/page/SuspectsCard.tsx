// The change database at hand: ranked suspects before the impact began, with the revert button
// (exactly once, confirmed with a reason) and "this caused it" (feeds DORA). Above them, the
// candidates for when users were first hurt, each one click from being the impact start.
import { useState, type FormEvent } from 'react';
import { useSuspects, type IncidentView, type SuspectsView } from '../../../api/incidents.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { Card } from '../../../components/Section.tsx';
import { ErrorState, Loading } from '../../../components/States.tsx';
import { formatTime } from '../../../components/format.ts';
import { shortRef } from '../format.ts';
import { useIncident, useWrite, WriteError } from './shared.tsx';

type Suspect = SuspectsView['suspects'][number];

export function SuspectsCard({ incident }: { incident: IncidentView }) {
  const { incidentKey, editable } = useIncident();
  const suspects = useSuspects(incidentKey);
  const write = useWrite();
  const [reverting, setReverting] = useState<Suspect | null>(null);
  if (suspects.isPending) return <Card title="Suspect changes"><Loading rows={3} /></Card>;
  if (suspects.isError) return <Card title="Suspect changes"><ErrorState error={suspects.error} /></Card>;
  const s = suspects.data;
  return (
    <Card title="Suspect changes" extra={<span className="muted small">before {formatTime(s.at, 'short')}, {s.windowMs / 3_600_000} h window</span>}>
      <div className="candidates" aria-label="When did the impact start?">
        <span className="field-label">Impact start {incident.times.impactStartedAt ? formatTime(incident.times.impactStartedAt, 'short') : 'not set'} — candidates:</span>
        {s.candidates.map((c) => (
          <button key={c.kind} type="button" className="button button-small" disabled={!editable || c.at === incident.times.impactStartedAt} title={c.label}
            onClick={() => write.mutate({ method: 'PATCH', path: '', body: { version: incident.version, impactStartedAt: c.at } })}>
            {c.kind}: {formatTime(c.at, 'short')}
          </button>
        ))}
      </div>
      {s.suspects.length === 0 ? <p className="muted">No change on these services or their dependencies in the window.</p> : (
        <ol className="suspects" aria-label="Suspect changes, most likely first">
          {s.suspects.map((x) => (
            <li key={x.change.id} className={`suspect ${x.cause ? 'is-cause' : ''}`}>
              <span className="suspect-score" aria-label={`score ${x.score}`}>{x.score}</span>
              <div className="grow">
                <div className="strong">{x.change.summary}</div>
                <div className="muted small">{x.change.kind} · {x.change.status} · {x.change.entities.map(shortRef).join(', ')} · {formatTime(x.change.startedAt, 'short')}{x.change.actor ? ` · ${x.change.actor}` : ''}</div>
                <div className="small">{x.reasons.join(' · ')}</div>
                {x.revert && <div className="small">Revert {x.revert.state} ({x.revert.by}, {formatTime(x.revert.at, 'short')})</div>}
              </div>
              <div className="suspect-actions">
                {x.change.revertable && <button type="button" className="button button-small button-danger-outline" disabled={!editable || x.revert?.state === 'succeeded'} aria-label={`Revert: ${x.change.summary}`} onClick={() => setReverting(x)}>Revert</button>}
                <button type="button" className="button button-small" disabled={!editable || !!incident.drill} aria-pressed={x.cause}
                  onClick={() => write.mutate({ method: x.cause ? 'DELETE' : 'POST', path: `/causes/${x.change.id}` })}>{x.cause ? 'Not the cause' : 'This caused it'}</button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <WriteError error={write.error} />
      <RevertDialog suspect={reverting} incident={incident} onClose={() => setReverting(null)} />
    </Card>
  );
}

function RevertDialog({ suspect, incident, onClose }: { suspect: Suspect | null; incident: IncidentView; onClose(): void }) {
  const write = useWrite();
  const [reason, setReason] = useState(`${incident.ref}: ${incident.title}`);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (suspect) write.mutate({ method: 'POST', path: `/reverts/${suspect.change.id}`, body: { reason: reason.trim() } }, { onSuccess: onClose });
  };
  return (
    <Dialog open={!!suspect} onClose={onClose} title="Revert this change?">
      <form onSubmit={submit} className="form-grid">
        <p className="muted"><strong>{suspect?.change.summary}</strong>. Its revert action runs once, however many people press it; the revert lands in the timeline.</p>
        <label className="field"><span className="field-label">Reason (required)</span><textarea className="input textarea" required value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <WriteError error={write.error} />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="button button-danger" disabled={!reason.trim() || write.isPending}>{write.isPending ? 'Reverting…' : 'Revert now'}</button>
        </div>
      </form>
    </Dialog>
  );
}
