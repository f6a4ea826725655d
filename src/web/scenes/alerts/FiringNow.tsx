// The alerts firing now, karma-like: one block per team, one row group per service, silenced and
// inhibited alerts marked, then the silences in force. Not configured → how to configure it.
import { useFiringAlerts, type AlertDashboard } from '../../api/alerts.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { since } from './format.ts';

type Team = AlertDashboard['teams'][number];

function TeamBlock({ team }: { team: Team }) {
  return (
    <section className="alerts-team" aria-label={`Team ${team.team ?? 'unowned'}`}>
      <h3>{team.team ?? 'No team'}</h3>
      {team.services.map((s) => (
        <div key={s.service ?? ''} className="alerts-service">
          <h4>{s.ref ? <EntityLink entityRef={s.ref} label={s.service ?? undefined} report /> : (s.service ?? 'No service label')} <span className="muted small">{s.alerts.length} alert(s)</span></h4>
          <ul className="alerts-list">
            {s.alerts.map((a) => (
              <li key={a.fingerprint} className={`alerts-alert alerts-${a.state}`}>
                <span className={`alerts-sev alerts-sev-${a.severity ?? 'none'}`}>{a.severity ?? 'no severity'}</span>{' '}
                <strong>{a.name}</strong> {a.summary && <span>{a.summary}</span>}{' '}
                <span className="muted small">for {since(a.startsAt)}</span>
                {a.silencedBy.length > 0 && <span className="alerts-tag">silenced</span>}
                {a.inhibitedBy.length > 0 && <span className="alerts-tag">inhibited</span>}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export function FiringNow() {
  const q = useFiringAlerts();
  const d = q.data;
  return (
    <Card title="Firing now" extra={d?.configured ? `${d.counts.active} active, ${d.counts.suppressed} silenced or inhibited` : undefined}>
      {q.isPending ? <Loading rows={3} /> : q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : !d!.configured ? (
        <Empty title="Alertmanager not configured">{d!.hint}</Empty>
      ) : d!.counts.alerts === 0 ? (
        <Empty title="Nothing is firing">Alertmanager {d!.alertmanager} has no alerts right now.</Empty>
      ) : (
        d!.teams.map((t) => <TeamBlock key={t.team ?? ''} team={t} />)
      )}
      {d && d.silences.length > 0 && (
        <>
          <h3>Silences</h3>
          <table className="table">
            <thead><tr><th>Matchers</th><th>By</th><th>Comment</th><th>Ends</th></tr></thead>
            <tbody>
              {d.silences.map((s) => (
                <tr key={s.id}><td><code>{s.matchers.join(', ')}</code></td><td>{s.createdBy}</td><td>{s.comment}</td><td className="small">{s.state === 'pending' ? `starts ${s.startsAt.slice(0, 16).replace('T', ' ')}` : s.endsAt.slice(0, 16).replace('T', ' ')} UTC</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
