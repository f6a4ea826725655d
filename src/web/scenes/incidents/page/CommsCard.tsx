// Communications: which channel is live (chat, or the failover while chat fails), the status
// update the communications lead sends, subscribers, and every delivery of the announcements.
import { useState, type FormEvent } from 'react';
import { useComms, type IncidentView } from '../../../api/incidents.ts';
import { Card } from '../../../components/Section.tsx';
import { formatTime } from '../../../components/format.ts';
import { useIncident, useWrite, WriteError } from './shared.tsx';

export function CommsCard({ incident }: { incident: IncidentView }) {
  const { incidentKey, editable } = useIncident();
  const comms = useComms(incidentKey);
  const write = useWrite();
  const [text, setText] = useState('');
  const [address, setAddress] = useState('');
  const c = comms.data;
  const send = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/updates', body: { text: text.trim() } }, { onSuccess: () => setText('') });
  };
  const subscribe = (e: FormEvent) => {
    e.preventDefault();
    write.mutate({ method: 'POST', path: '/subscribers', body: { address: address.trim() } }, { onSuccess: () => setAddress('') });
  };
  return (
    <Card title="Communications" extra={c && <span className={`live-channel ${c.live === 'chat' ? '' : 'is-failover'}`} role="status">Live channel: {c.live === 'chat' ? `chat${c.chatChannel ? ` (${c.chatChannel})` : ''}` : `${c.live} (failover)`}</span>}>
      <p className="muted small">
        Failover: {c?.failover.kind === 'email' ? `mail to ${c.failover.to.join(', ')}` : c?.failover.kind === 'webhook' ? 'webhook' : <a href="/status-page">the status page</a>}
        {incident.comms.updateEveryMinutes ? ` · updates every ${incident.comms.updateEveryMinutes} min, next due ${formatTime(incident.comms.updateDueAt, 'short')}` : ''}
      </p>
      {editable && (
        <form onSubmit={send} className="row" aria-label="Send a status update">
          <label className="field grow"><span className="field-label">Status update</span><textarea className="input textarea" value={text} onChange={(e) => setText(e.target.value)} placeholder="What users see, what we are doing, when the next update comes" /></label>
          <button type="submit" className="button button-primary" disabled={!text.trim() || write.isPending}>Send update</button>
        </form>
      )}
      <p className="small">Subscribers: {c?.subscribers.join(', ') || 'none'}</p>
      {editable && (
        <form onSubmit={subscribe} className="row" aria-label="Subscribe someone">
          <label className="field grow"><span className="field-label">Subscribe by mail</span><input className="input" type="email" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="cto@acme.example" /></label>
          <button type="submit" className="button" disabled={!address.trim()}>Subscribe</button>
        </form>
      )}
      <WriteError error={write.error} />
      {c && c.deliveries.length > 0 && (
        <details className="deliveries">
          <summary>Deliveries ({c.deliveries.length})</summary>
          <table className="table">
            <thead><tr><th>Message</th><th>To</th><th>Status</th><th className="num">Tries</th></tr></thead>
            <tbody>{c.deliveries.slice(-50).map((d, i) => (
              <tr key={i}><td className="ellipsis">{d.title}</td><td>{d.kind === 'slack-api' ? 'chat' : d.kind} {d.target}{d.fallback ? ' (failover)' : ''}</td><td title={d.lastError ?? undefined}>{d.status}</td><td className="num">{d.attempts}</td></tr>
            ))}</tbody>
          </table>
        </details>
      )}
    </Card>
  );
}
