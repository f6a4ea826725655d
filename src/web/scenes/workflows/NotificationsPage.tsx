// The notification delivery log: what Tally sent (grade changes, entering F, expiring waivers,
// HackDay results), where, and whether it arrived. Needs a token (any role): targets are secrets.
import { Link } from 'react-router';
import { useDeliveries, type Delivery } from '../../api/notifications.ts';
import { useAuth } from '../../components/auth.tsx';
import { EntityLink } from '../../components/EntityLink.tsx';
import { formatTime } from '../../components/format.ts';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Select } from '../../components/Select.tsx';
import { Empty } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import './workflows.css';

// Not imported from common/api: that module brings zod into the bundle.
const STATUSES = ['pending', 'delivered', 'failed'] as const satisfies readonly Delivery['status'][];

/** The page a message links to, as a path in this UI (publicUrl may name another host or port). */
export function linkPath(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

export default function NotificationsPage() {
  const { token } = useAuth();
  const [params, setParams] = useQueryParams(['status'] as const);
  const query = useDeliveries(params.status, !!token);
  return (
    <>
      <PageHead title="Notifications" lead="Every message Tally sent to team channels and webhooks, and whether it arrived. Failed deliveries are retried with backoff." />
      {!token ? (
        <Empty title="Sign in to see deliveries"><p>Delivery targets are secrets, so the log needs a token (any role): <code>tally token create --name you --role viewer --config tally.yaml</code>, then Sign in.</p></Empty>
      ) : (
        <>
          <div className="filters">
            <Select label="Status" value={params.status} anyLabel="Any status" options={STATUSES.map((s) => ({ value: s, label: s }))} onChange={(v) => setParams({ status: v })} />
          </div>
          <QueryBody query={query} label="Loading deliveries…">
            {(items) => items.length === 0 ? <Empty title="Nothing sent yet"><p>Grade changes are sent to the owning team's channel (Group annotations <code>tally.dev/slack-webhook</code>, <code>tally.dev/webhook-url</code>).</p></Empty> : <Deliveries items={items} />}
          </QueryBody>
        </>
      )}
    </>
  );
}

function Deliveries({ items }: { items: Delivery[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead><tr><th scope="col">Sent</th><th scope="col">Message</th><th scope="col">About</th><th scope="col">To</th><th scope="col">Status</th></tr></thead>
        <tbody>
          {items.map((d) => {
            const path = linkPath(d.url);
            return (
              <tr key={d.id}>
                <td>{formatTime(d.createdAt)}</td>
                <td className="wrap"><span className="chip">{d.type}</span> {path ? <Link to={path}>{d.details}</Link> : d.details}</td>
                <td>{d.entity ? <EntityLink entityRef={d.entity} report /> : d.team ? <EntityLink entityRef={d.team} defaultKind="group" report /> : <span className="muted">—</span>}</td>
                <td>{d.target.kind}<div className="muted small">{d.target.origin}</div></td>
                <td><span className={`status-chip status-${d.status === 'delivered' ? 'succeeded' : d.status === 'failed' ? 'failed' : 'in-progress'}`}>{d.status}</span><div className="muted small">{d.attempts} attempt{d.attempts === 1 ? '' : 's'}{d.lastError ? `: ${d.lastError}` : ''}</div></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
