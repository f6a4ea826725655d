// The page header leads with what matters: severity, state, incident manager, impact, elapsed
// time; then the lifecycle buttons (resolving asks who confirmed impact is gone, and how).
import { Link } from 'react-router';
import type { IncidentView } from '../../../api/incidents.ts';
import { impactLine, minutes, severityClass, STATE_LABEL } from '../format.ts';
import { StateActions } from './StateActions.tsx';

export function Header({ incident }: { incident: IncidentView }) {
  const i = incident;
  return (
    <header className="incident-head">
      <nav className="breadcrumb" aria-label="Breadcrumb"><Link to="/incidents">Incidents</Link><span aria-hidden="true">›</span><span>{i.ref}</span></nav>
      <div className="incident-title-row">
        <span className={severityClass(i.severity)} title={i.severityMeaning ?? undefined}>{i.severity}</span>
        <h1>{i.ref} · {i.title}</h1>
        {i.drill && <span className="chip">drill: {i.drill.kind}</span>}
      </div>
      <dl className="incident-facts">
        <div><dt>State</dt><dd><span className={`state-chip state-${i.state}`}>{STATE_LABEL[i.state]}</span></dd></div>
        <div><dt>Incident manager</dt><dd>{i.roles.manager?.person ?? <span className="muted">nobody yet</span>}</dd></div>
        <div className="incident-impact"><dt>Impact</dt><dd className={i.impact ? '' : 'warning-text'}>{impactLine(i)}</dd></div>
        <div><dt>{i.times.resolvedAt ? 'Lasted' : 'Elapsed'}</dt><dd>{minutes(i.durations.elapsedMinutes)}</dd></div>
        <div><dt>To detect / mitigate / resolve</dt><dd>{minutes(i.durations.toDetectMinutes)} / {minutes(i.durations.toMitigateMinutes)} / {minutes(i.durations.toResolveMinutes)}</dd></div>
      </dl>
      {i.comms.updateOverdue && <p className="banner banner-warning" role="status">An update is overdue: {i.severity} incidents update every {i.comms.updateEveryMinutes} minutes.</p>}
      <StateActions incident={i} />
    </header>
  );
}
