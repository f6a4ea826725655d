// Load and fatigue of one team: pages per week, off-hours pages, time to ACK, escalations, hours
// on call per person per month and the noisiest alerts, over the last 30 or 90 days; charts per
// person and week by week. The figures the rotation checks and alert hygiene read.
import { useState } from 'react';
import { useParams } from 'react-router';
import { useTeamLoad } from '../../api/oncall.ts';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Select } from '../../components/Select.tsx';
import { Empty } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { BarChart } from './BarChart.tsx';
import { shortRef, shortUser } from './format.ts';
import './oncall.css';

const WINDOWS = [{ value: '30', label: '30 days' }, { value: '90', label: '90 days' }];

export default function TeamLoadPage() {
  const { team = '' } = useParams();
  useTitle(`On-call load of ${team}`);
  const [days, setDays] = useState(30);
  const load = useTeamLoad(team, days);
  return (
    <>
      <div className="page-head">
        <h1>On-call load: {shortRef(team)}</h1>
        <p className="lead">How much the pager asks of this team: pages, nights and weekends, time to acknowledge, hours on call. A rotation people can carry for years keeps these low and even.</p>
      </div>
      <QueryBody query={load} label="Loading the team's load">
        {(l) => (
          <>
            <Card title="Totals" extra={<Select label="Window" value={String(days)} options={WINDOWS} onChange={(v) => setDays(Number(v) || 30)} />}>
              <dl className="load-totals" aria-label="Team totals">
                <div><dt>Pages per week</dt><dd>{l.pagesPerWeek}</dd></div>
                <div><dt>Pages</dt><dd>{l.pages}</dd></div>
                <div><dt>Off-hours pages</dt><dd>{l.offHoursPages}</dd></div>
                <div><dt>Median time to ACK</dt><dd>{l.medianMinutesToAck === null ? '—' : `${l.medianMinutesToAck} min`}</dd></div>
                <div><dt>Escalations</dt><dd>{l.escalations}</dd></div>
                <div><dt>Hours on call per person per month</dt><dd>{l.hoursOnCallPerMonth}</dd></div>
              </dl>
              <p className="small muted">Rotations: {l.rotations.map((r) => `${r.rotation} (${r.pages} pages)`).join(', ') || 'none'}</p>
            </Card>
            <Card title="Pages week by week">
              <BarChart label="Pages per week" unit="pages" bars={l.weekly.map((w) => ({ key: w.start, label: `from ${new Date(w.start).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`, value: w.pages, note: `${w.offHours} off hours` }))} />
            </Card>
            <Card title="Per person">
              {l.perPerson.length === 0 ? (
                <Empty title="Nobody on call in this window" />
              ) : (
                <>
                  <h3 className="small strong">Pages</h3>
                  <BarChart label="Pages per person" unit="pages" bars={l.perPerson.map((p) => ({ key: p.user, label: shortUser(p.user), value: p.pages, note: `${p.offHours} off hours${p.medianMinutesToAck === null ? '' : `, ACK in ${p.medianMinutesToAck} min`}` }))} />
                  <h3 className="small strong">Hours on call, per month</h3>
                  <BarChart label="Hours on call per person per month" unit="h/month" bars={l.perPerson.map((p) => ({ key: p.user, label: shortUser(p.user), value: p.hoursPerMonth }))} />
                </>
              )}
            </Card>
            <Card title="Noisiest alerts">
              {l.noisiest.length === 0 ? <Empty title="No pages in this window" /> : <BarChart label="Noisiest alerts" unit="pages" bars={l.noisiest.map((n) => ({ key: n.title, label: n.title, value: n.pages }))} />}
            </Card>
          </>
        )}
      </QueryBody>
    </>
  );
}
