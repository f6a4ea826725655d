// Attest one manual requirement of one service: met or not, a note, and until when (editor).
import { useId, useState, type FormEvent } from 'react';
import { shortRef } from '../../../common/refs.ts';
import type { ScorecardRequirement } from '../../api/scorecards.ts';
import { useAttest } from '../../api/waivers.ts';
import { useAuth } from '../../components/auth.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { daysAgo, isoDay } from '../../components/format.ts';

export interface AttestTarget {
  scorecard: string;
  requirement: ScorecardRequirement;
  entity: string;
}

export function AttestDialog({ target, onClose }: { target: AttestTarget | null; onClose(): void }) {
  const attest = useAttest();
  const close = () => {
    attest.reset();
    onClose();
  };
  const title = target ? `Attest: ${target.requirement.title} — ${shortRef(target.entity)}` : 'Attest';
  return (
    <Dialog open={!!target} onClose={close} title={title}>
      {attest.isSuccess ? (
        <>
          <p role="status">Recorded. The service was graded again with it.</p>
          <div className="dialog-actions"><button type="button" className="button button-primary" onClick={close}>Done</button></div>
        </>
      ) : target && <AttestForm target={target} attest={attest} onCancel={close} />}
    </Dialog>
  );
}

function AttestForm({ target, attest, onCancel }: { target: AttestTarget; attest: ReturnType<typeof useAttest>; onCancel(): void }) {
  const { user } = useAuth();
  const [passed, setPassed] = useState(true);
  const [note, setNote] = useState('');
  const [expires, setExpires] = useState(isoDay(daysAgo(-90)));
  const id = useId();
  const canAttest = user?.role === 'editor' || user?.role === 'admin';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    attest.mutate({ entity: target.entity, scorecard: target.scorecard, requirement: target.requirement.id, passed, note: note.trim() || undefined, expiresAt: new Date(`${expires}T23:59:59`).toISOString() });
  };
  return (
    <form onSubmit={submit}>
      {!canAttest && <p className="notice" role="note">{user ? `Editors attest; you are signed in as a ${user.role}.` : 'Sign in as an editor to attest.'}</p>}
      <fieldset className="radio-row" disabled={!canAttest}>
        <legend className="field-label">Is it met?</legend>
        <label><input type="radio" name={`${id}-passed`} checked={passed} onChange={() => setPassed(true)} /> Yes, it is met</label>
        <label><input type="radio" name={`${id}-passed`} checked={!passed} onChange={() => setPassed(false)} /> No</label>
      </fieldset>
      <label className="field-label" htmlFor={`${id}-note`}>Note</label>
      <textarea id={`${id}-note`} className="input textarea" value={note} onChange={(e) => setNote(e.target.value)} disabled={!canAttest} placeholder="Drill on 2026-11-20: the on-call ran it from the runbook alone." />
      <label className="field-label" htmlFor={`${id}-expires`}>Valid until</label>
      <input id={`${id}-expires`} type="date" className="input" required value={expires} min={isoDay(daysAgo(-1))} onChange={(e) => setExpires(e.target.value)} disabled={!canAttest} />
      {attest.isError && <p className="field-error" role="alert">{(attest.error as Error).message}</p>}
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onCancel}>Cancel</button>
        <button type="submit" className="button button-primary" disabled={!canAttest || attest.isPending}>{attest.isPending ? 'Saving…' : 'Attest'}</button>
      </div>
    </form>
  );
}
