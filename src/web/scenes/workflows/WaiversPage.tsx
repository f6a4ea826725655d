// Waivers: who asked to be exempted from what, and why; editors approve or reject. The requester
// never decides their own waiver (the server answers 403), and the page says so before anyone tries.
import { useDecideWaiver, useWaivers, type WaiverListItem } from '../../api/waivers.ts';
import { useAuth } from '../../components/auth.tsx';
import { EntityLink } from '../../components/EntityLink.tsx';
import { formatDate, formatTime } from '../../components/format.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Empty } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import './workflows.css';

const STATUSES = [
  { value: 'requested', label: 'To decide' },
  { value: 'approved', label: 'Approved' },
  { value: 'rejected', label: 'Rejected' },
] as const;
type Status = (typeof STATUSES)[number]['value'];

export default function WaiversPage() {
  const [params, setParams] = useQueryParams(['status'] as const);
  const status = (STATUSES.find((s) => s.value === params.status)?.value ?? 'requested') as Status;
  const query = useWaivers(status);
  return (
    <>
      <PageHead title="Waivers" lead="An approved waiver exempts one service from one requirement until it expires. Another editor than the requester decides." />
      <nav aria-label="Waiver status" className="segmented tabs">
        {STATUSES.map((s) => (
          <button key={s.value} type="button" aria-pressed={s.value === status} onClick={() => setParams({ status: s.value })}>{s.label}</button>
        ))}
      </nav>
      <QueryBody query={query} label="Loading waivers…">
        {(items) => items.length === 0 ? (
          <Empty title={status === 'requested' ? 'Nothing to decide' : `No ${status} waiver`}>
            <p>Teams ask for a waiver on a failing requirement from their service's report card (signed in).</p>
          </Empty>
        ) : <WaiverTable items={items} />}
      </QueryBody>
    </>
  );
}

function WaiverTable({ items }: { items: WaiverListItem[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr><th scope="col">Service</th><th scope="col">Requirement</th><th scope="col">Reason</th><th scope="col">Asked by</th><th scope="col">Until</th><th scope="col">Decision</th></tr>
        </thead>
        <tbody>
          {items.map((w) => (
            <tr key={w.id}>
              <td><EntityLink entityRef={w.entity} report /></td>
              <td><code>{w.requirement}</code><div className="muted small">{w.scorecard}</div></td>
              <td className="wrap">{w.reason}</td>
              <td>{w.requestedBy}<div className="muted small">{formatTime(w.requestedAt)}</div></td>
              <td>{formatDate(w.expiresAt)}</td>
              <td><Decision waiver={w} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Why the signed-in user cannot decide, or null when they can. */
function whyNot(w: WaiverListItem, user: { name: string; role: string } | undefined): string | null {
  if (!user) return 'Sign in as an editor to decide.';
  if (user.role !== 'editor' && user.role !== 'admin') return `Editors decide waivers; you are signed in as a ${user.role}.`;
  if (user.name === w.requestedBy) return 'You requested this waiver: another editor decides it.';
  return null;
}

function Decision({ waiver: w }: { waiver: WaiverListItem }) {
  const { user } = useAuth();
  const decide = useDecideWaiver();
  if (w.status !== 'requested') {
    return <span>{w.status === 'approved' ? (w.active ? 'Approved' : 'Approved, expired') : 'Rejected'}<div className="muted small">by {w.decidedBy ?? '—'}</div></span>;
  }
  const reason = whyNot(w, user);
  const busy = decide.isPending;
  return (
    <div>
      <div className="row-gap">
        <button type="button" className="button button-small button-primary" disabled={!!reason || busy} onClick={() => decide.mutate({ id: w.id, decision: 'approve' })}>Approve</button>
        <button type="button" className="button button-small" disabled={!!reason || busy} onClick={() => decide.mutate({ id: w.id, decision: 'reject' })}>Reject</button>
      </div>
      {reason && <p className="why-not">{reason}</p>}
      {decide.isError && <p className="decision-error" role="alert">{(decide.error as Error).message}</p>}
    </div>
  );
}
