// The anti-bot edge: traffic by action during a sale (stacked bars per minute), active bans with
// their expiry, top fingerprints, and every verdict with why it was reached (the evidence per
// signal against Wald's thresholds).
import { useState } from 'react';
import { useEdgeOverview, useEdgeTraffic, useEdgeVerdicts, type EdgeTrafficView, type EdgeVerdictView } from '../../api/edge.ts';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import './edge.css';

const ACTIONS = ['allow', 'throttle', 'shadow', 'tarpit', 'maze'] as const;
const COLORS: Record<(typeof ACTIONS)[number], string> = { allow: 'var(--success, #2e7d32)', throttle: 'var(--warning)', shadow: 'var(--danger)', tarpit: 'var(--accent)', maze: 'var(--muted)' };
const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function TrafficChart({ minutes }: { minutes: EdgeTrafficView['minutes'] }) {
  const total = (m: EdgeTrafficView['minutes'][number]) => ACTIONS.reduce((n, a) => n + m[a], 0);
  const max = Math.max(1, ...minutes.map(total));
  const W = Math.max(8, Math.min(28, 840 / Math.max(1, minutes.length)));
  const H = 140;
  const summary = `Requests per minute by action: ${minutes.map((m) => `${time(m.minute)} ${ACTIONS.map((a) => `${a} ${m[a]}`).join(', ')}`).join('; ')}`;
  return (
    <>
      <svg role="img" aria-label={summary} viewBox={`0 0 ${minutes.length * W} ${H + 4}`} className="edge-chart">
        {minutes.map((m, i) => {
          let y = H;
          return (
            <g key={m.minute}>
              {ACTIONS.map((a) => {
                const h = (m[a] / max) * H;
                y -= h;
                return h > 0 ? <rect key={a} x={i * W + 1} y={y} width={W - 2} height={h} fill={COLORS[a]}><title>{`${time(m.minute)}: ${m[a]} ${a}`}</title></rect> : null;
              })}
            </g>
          );
        })}
        <line x1={0} x2={minutes.length * W} y1={H} y2={H} stroke="var(--border-strong)" />
      </svg>
      <ul className="edge-legend small" aria-label="Legend">{ACTIONS.map((a) => <li key={a}><span style={{ background: COLORS[a] }} />{a}</li>)}</ul>
    </>
  );
}

function Verdict({ v }: { v: EdgeVerdictView }) {
  const scale = Math.max(1, ...v.evidence.map((e) => Math.abs(e.llr)));
  return (
    <li>
      <div><strong>{v.verdict === 'bot' ? `Bot → ${v.action}` : 'Human'}</strong> <span className="muted small">· {v.scope} · {time(v.decidedAt)} · after {Math.round(v.secondsToVerdict)} s</span></div>
      <div className="edge-key">{v.ja4 ?? 'no TLS'} · {v.http}{v.h2 ? ` · ${v.h2}` : ''}</div>
      <p className="small">{v.explanation}</p>
      <details>
        <summary className="small">Evidence</summary>
        <table className="table edge-evidence">
          <thead><tr><th>Signal</th><th className="num">times</th><th className="num">log-likelihood</th><th aria-hidden="true" /></tr></thead>
          <tbody>{v.evidence.map((e) => (
            <tr key={e.signal}>
              <td>{e.signal}</td><td className="num">{e.count}</td><td className="num">{e.llr.toFixed(2)}</td>
              <td aria-hidden="true"><span className="edge-bar" style={{ width: `${(Math.abs(e.llr) / scale) * 120}px`, background: e.llr > 0 ? 'var(--danger)' : 'var(--accent)' }} /></td>
            </tr>
          ))}</tbody>
        </table>
        <p className="small muted">Thresholds: bot at {v.thresholds.upper.toFixed(2)}, human at {v.thresholds.lower.toFixed(2)}; this one at {v.llr.toFixed(2)}.</p>
      </details>
    </li>
  );
}

export default function EdgePage() {
  useTitle('Bot defence');
  const [filter, setFilter] = useState('bot');
  const overview = useEdgeOverview();
  const traffic = useEdgeTraffic();
  const verdicts = useEdgeVerdicts(filter);
  return (
    <>
      <div className="page-head">
        <h1>Bot defence</h1>
        <p className="lead">What the edge decided: traffic by action, the fingerprints it banned and until when, and why each verdict was reached. Verdicts are open: every one lists its evidence.</p>
      </div>
      <div className="edge-grid">
        <Card title="Traffic by action, last 3 hours">
          {traffic.isPending ? <Loading rows={3} /> : traffic.isError ? <ErrorState error={traffic.error} /> : traffic.data.minutes.length ? <TrafficChart minutes={traffic.data.minutes} /> : <Empty title="No traffic yet" />}
        </Card>
        <Card title="Active bans">
          {overview.isPending ? <Loading rows={3} /> : overview.isError ? <ErrorState error={overview.error} /> : overview.data.bans.length ? (
            <table className="table">
              <thead><tr><th>Fingerprint or session</th><th>Action</th><th>Until</th></tr></thead>
              <tbody>{overview.data.bans.map((b) => <tr key={b.verdictId}><td className="edge-key">{b.subject}</td><td>{b.action}</td><td>{time(b.expiresAt)}</td></tr>)}</tbody>
            </table>
          ) : <Empty title="No bans" />}
        </Card>
      </div>
      <div className="edge-grid">
        <Card title="Top fingerprints, last 24 hours">
          {overview.data?.topFingerprints.length ? (
            <table className="table">
              <thead><tr><th>JA4 · HTTP</th><th className="num">verdicts</th><th className="num">bot</th></tr></thead>
              <tbody>{overview.data.topFingerprints.map((f) => <tr key={`${f.ja4}|${f.http}|${f.h2}`}><td className="edge-key">{f.ja4 ?? 'no TLS'} · {f.http}</td><td className="num">{f.verdicts}</td><td className="num">{f.bot}</td></tr>)}</tbody>
            </table>
          ) : <Empty title="No fingerprints judged yet" />}
        </Card>
        <Card title="Verdicts" extra={
          <label className="small">Show <select value={filter} onChange={(e) => setFilter(e.target.value)}><option value="bot">bots</option><option value="human">people</option><option value="">all</option></select></label>
        }>
          {verdicts.isPending ? <Loading rows={4} /> : verdicts.isError ? <ErrorState error={verdicts.error} /> : verdicts.data.items.length ? (
            <ul className="edge-verdicts" aria-label="Verdicts, newest first">{verdicts.data.items.map((v) => <Verdict key={v.id} v={v} />)}</ul>
          ) : <Empty title="No verdicts yet">Run <code>tally edge simulate</code> or put <code>tally edge run</code> in front of a shop.</Empty>}
        </Card>
      </div>
    </>
  );
}
