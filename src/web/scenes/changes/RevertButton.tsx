// The revert button: asks for confirmation and a reason, then POST /changes/{id}/revert (editor).
import { useId, useState, type FormEvent } from 'react';
import type { Change } from '../../api/changes.ts';
import { useRevert } from '../../api/changes.ts';
import { useAuth } from '../../components/auth.tsx';
import { Dialog } from '../../components/Dialog.tsx';

const canEdit = (role: string | undefined) => role === 'editor' || role === 'admin';

/** Only changes that carry a revert action (and are not themselves reverts) can be reverted. */
export const isRevertable = (c: Change): boolean => !!c.revert && c.kind !== 'revert';

function describeAction(c: Change): string {
  const r = c.revert as Record<string, unknown> | null | undefined;
  if (!r) return '';
  if ('action' in r) return `the configured action “${String(r.action)}”`;
  const w = r.webhook as { method?: string; url?: string } | undefined;
  return w ? `${w.method ?? 'POST'} ${w.url}` : 'its revert action';
}

export function RevertButton({ change }: { change: Change }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { user } = useAuth();
  const revert = useRevert();
  const id = useId();
  if (!isRevertable(change)) return null;
  const allowed = canEdit(user?.role);
  const close = () => {
    setOpen(false);
    revert.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    revert.mutate({ id: change.id, reason: reason.trim() }, { onSuccess: () => setOpen(false) });
  };
  return (
    <>
      <button type="button" className="button button-small button-danger-outline" onClick={() => { setReason(''); setOpen(true); }} aria-label={`Revert: ${change.summary}`}>
        Revert
      </button>
      <Dialog open={open} onClose={close} title="Revert this change?" describedBy={`${id}-what`}>
        <form onSubmit={submit}>
          <p id={`${id}-what`} className="muted">
            <strong>{change.summary}</strong>
            {change.version && <> ({change.previousVersion ? `${change.previousVersion} → ` : ''}{change.version})</>}. Tally will call {describeAction(change)} once and
            record a <em>revert</em> change linked to this one.
          </p>
          {!allowed && <p className="notice" role="note">Only editors can revert. Sign in with an editor token first.</p>}
          <label htmlFor={`${id}-reason`} className="field-label">Reason (required)</label>
          <textarea id={`${id}-reason`} className="input textarea" required value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Checkout errors since this deploy (INC-123)" disabled={!allowed} />
          {revert.isError && <p className="field-error" role="alert">{(revert.error as Error).message}</p>}
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={close}>Cancel</button>
            <button type="submit" className="button button-danger" disabled={!allowed || !reason.trim() || revert.isPending}>
              {revert.isPending ? 'Reverting…' : 'Revert now'}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
