// DORA figures for a team's services, from the change database: deploy frequency, change failure
// rate, lead time, time to restore. `?team=&days=` are permalinks.
import { shortRef } from '../../../common/refs.ts';
import { useTeams } from '../../api/leaderboard.ts';
import { useDora, type DoraFigures, type DoraReport } from '../../api/reports.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { PageHead } from '../../components/PageHead.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Select } from '../../components/Select.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import './workflows.css';

const DAYS = ['7', '30', '90'];
const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10} %`);
const hours = (h: { median: number } | null) => (h === null ? '—' : h.median < 48 ? `${h.median} h` : `${Math.round(h.median / 24)} d`);

export default function DoraPage() {
  const [params, setParams] = useQueryParams(['team', 'days'] as const);
  const teams = [...(useTeams().data?.teams ?? [])].sort((a, b) => (a.title ?? a.name).localeCompare(b.title ?? b.name));
  const team = params.team || teams[0]?.ref || '';
  const days = DAYS.includes(params.days) ? Number(params.days) : 30;
  const query = useDora(team, days);
  return (
    <>
      <PageHead title="DORA figures" lead="How often a team's services deploy to production, how often a deploy fails, and how long a commit takes to reach users." />
      <div className="filters">
        <Select label="Team" value={team} anyLabel="Choose a team" options={teams.map((t) => ({ value: t.ref, label: t.title ?? t.name }))} onChange={(v) => setParams({ team: v })} />
        <Select label="Period" value={String(days)} anyLabel="Default (30 days)" options={DAYS.map((d) => ({ value: d, label: `${d} days` }))} onChange={(v) => setParams({ days: v })} />
      </div>
      {team ? <QueryBody query={query} label="Loading DORA figures…">{(data) => <Dora data={data} />}</QueryBody> : <p className="muted">No team owns a graded service yet.</p>}
    </>
  );
}

function Figures({ f, label }: { f: DoraFigures; label: string }) {
  return (
    <dl className="figures" aria-label={label}>
      <div className="figure"><dt>Deploys</dt><dd>{f.deploymentFrequency.count} <small>{f.deploymentFrequency.perDay} a day</small></dd></div>
      <div className="figure"><dt>Change failure rate</dt><dd>{pct(f.changeFailureRate)}</dd></div>
      <div className="figure"><dt>Lead time (median)</dt><dd>{hours(f.leadTimeHours)} {f.leadTimeHours && <small>p90 {f.leadTimeHours.p90} h</small>}</dd></div>
      <div className="figure"><dt>Time to restore</dt><dd>{hours(f.timeToRestoreHours)} {!f.timeToRestoreHours && <small>no incident recorded</small>}</dd></div>
    </dl>
  );
}

function Dora({ data }: { data: DoraReport }) {
  return (
    <>
      <Figures f={data.overall} label={`All of ${data.team ? shortRef(data.team) : 'the team'}'s services`} />
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">DORA figures per service</caption>
          <thead><tr><th scope="col">Service</th><th scope="col" className="num">Deploys</th><th scope="col" className="num">Failure rate</th><th scope="col" className="num">Lead time</th></tr></thead>
          <tbody>
            {data.services.map((s) => (
              <tr key={s.entity}>
                <td><EntityLink entityRef={s.entity} report /></td>
                <td className="num">{s.figures.deploymentFrequency.count}</td>
                <td className="num">{pct(s.figures.changeFailureRate)}</td>
                <td className="num">{hours(s.figures.leadTimeHours)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">Production deploys recorded with <code>tally change record</code> or the change webhooks, {new Date(data.period.from).toLocaleDateString()} – {new Date(data.period.to).toLocaleDateString()}.</p>
    </>
  );
}
