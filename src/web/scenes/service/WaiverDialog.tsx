// Ask for a waiver on a failing requirement: a reason and an expiry (POST /waivers, signed in).
import { useId, useState, type FormEvent } from 'react';
import { useRequestWaiver, type RequirementResult } from '../../api/scores.ts';
import { useAuth } from '../../components/auth.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { daysAgo, isoDay } from '../../components/format.ts';

export function WaiverDialog({ entityRef, scorecard, requirement, onClose }: { entityRef: string; scorecard: string; requirement: RequirementResult | null; onClose(): void }) {
  const { token } = useAuth();
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(isoDay(daysAgo(-30)));
  const mutation = useRequestWaiver();
  const id = useId();
  const close = () => {
    setReason('');
    mutation.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!requirement || !reason.trim()) return;
    mutation.mutate({ entity: entityRef, scorecard, requirement: requirement.id, reason: reason.trim(), expiresAt: new Date(`${expires}T23:59:59`).toISOString() });
  };
  return (
    <Dialog open={!!requirement} onClose={close} title={`Request a waiver: ${requirement?.title ?? ''}`}>
      {mutation.isSuccess ? (
        <>
          <p role="status">Waiver requested. The SRE team decides; while it is approved and unexpired the requirement counts as <em>exempt</em>.</p>
          <div className="dialog-actions"><button type="button" className="button button-primary" onClick={close}>Done</button></div>
        </>
      ) : (
        <form onSubmit={submit}>
          <p className="muted">A waiver exempts this service from the requirement until it expires. Say why, and when it will be fixed.</p>
          {!token && <p className="notice" role="note">Sign in (top right) to request a waiver.</p>}
          <label className="field-label" htmlFor={`${id}-reason`}>Reason</label>
          <textarea id={`${id}-reason`} className="input textarea" required value={reason} onChange={(e) => setReason(e.target.value)} disabled={!token} placeholder="Backups move to the new cluster in Q3; restore test planned for July." />
          <label className="field-label" htmlFor={`${id}-expires`}>Expires</label>
          <input id={`${id}-expires`} type="date" className="input" required value={expires} min={isoDay(new Date())} onChange={(e) => setExpires(e.target.value)} disabled={!token} />
          {mutation.isError && <p className="field-error" role="alert">{(mutation.error as Error).message}</p>}
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={close}>Cancel</button>
            <button type="submit" className="button button-primary" disabled={!token || !reason.trim() || mutation.isPending}>{mutation.isPending ? 'Sending…' : 'Request waiver'}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
