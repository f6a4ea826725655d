// One rotation as a calendar: four weeks from this Monday, each day's shifts coloured per person,
// overrides outlined, gaps hatched; its layers and escalation policy; the iCalendar feed to
// subscribe to.
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useRotation, useShifts, type Shifts } from '../../api/oncall.ts';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { at, hue, shortUser } from './format.ts';
import './oncall.css';

const DAY = 86_400_000;

function monday(d: Date): Date {
  const m = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  m.setDate(m.getDate() - ((m.getDay() + 6) % 7));
  return m;
}

export default function RotationPage() {
  const { name = '' } = useParams();
  useTitle(`Rotation ${name}`);
  const rotation = useRotation(name);
  const [weekOffset, setWeekOffset] = useState(0);
  const start = useMemo(() => new Date(monday(new Date()).getTime() + weekOffset * 7 * DAY), [weekOffset]);
  const end = new Date(start.getTime() + 28 * DAY);
  const shifts = useShifts(name, start.toISOString(), end.toISOString());
  return (
    <>
      <QueryBody query={rotation} label="Loading the rotation">
        {(r) => (
          <>
            <div className="page-head">
              <h1>{r.title ?? r.name}</h1>
              <p className="lead">
                Owned by {r.owner.replace(/^group:default\//, '')} · {r.timeZone} · on call now: <strong>{r.now ? r.now.person.name : 'nobody (a gap)'}</strong>
                {r.next ? ` · next: ${r.next.person.name} from ${at(r.next.start)}` : ''}
              </p>
              <p className="small">
                Calendar feed: <a href={r.calendarUrl}>{`${window.location.origin}${r.calendarUrl}`}</a> (subscribe in your calendar app)
              </p>
            </div>
            <Card title="Layers and escalation">
              <ul>
                {r.layers.map((l) => (
                  <li key={l.name}>
                    <strong>{l.name}</strong>: {l.shift}, handoff {l.handoff} {l.timeZone} — {l.members.map(shortUser).join(' → ')}
                  </li>
                ))}
              </ul>
              <ol aria-label="Escalation levels">
                {r.escalation.levels.map((l, i) => (
                  <li key={i}>{l.notify.map(shortUser).join(', ')}, then after {l.afterMinutes} min unacknowledged…</li>
                ))}
              </ol>
              {r.escalation.repeat > 0 && <p className="small">The policy repeats {r.escalation.repeat} more time(s).</p>}
            </Card>
          </>
        )}
      </QueryBody>
      <Card
        title="Calendar"
        extra={
          <span className="head-actions">
            <button type="button" className="button" onClick={() => setWeekOffset((w) => w - 4)}>Earlier</button>
            <button type="button" className="button" onClick={() => setWeekOffset(0)}>This week</button>
            <button type="button" className="button" onClick={() => setWeekOffset((w) => w + 4)}>Later</button>
          </span>
        }
      >
        <QueryBody query={shifts} label="Loading shifts">
          {(s) => <Calendar data={s} start={start} />}
        </QueryBody>
      </Card>
    </>
  );
}

function Calendar({ data, start }: { data: Shifts; start: Date }) {
  const days = Array.from({ length: 28 }, (_, i) => new Date(start.getTime() + i * DAY));
  const spans = data.shifts.map((s) => ({ ...s, a: Date.parse(s.start), b: Date.parse(s.end) }));
  const gaps = data.gaps.map((g) => ({ a: Date.parse(g.start), b: Date.parse(g.end) }));
  return (
    <ol className="calendar" aria-label="Shifts, four weeks">
      {days.map((d) => {
        const a = d.getTime();
        const b = a + DAY;
        const today = spans.filter((s) => s.a < b && a < s.b);
        const gap = gaps.some((g) => g.a < b && a < g.b);
        return (
          <li key={a} className={`calendar-day${gap ? ' has-gap' : ''}`} data-day={d.toISOString().slice(0, 10)} title={gap ? 'Part of this day nobody is on call' : undefined}>
            <h3>{d.toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' })}</h3>
            {today.map((s) => (
              <span key={`${s.start}-${s.layer}`} className={`calendar-shift${s.override ? ' is-override' : ''}`} style={{ background: `hsl(${hue(s.person.ref)} 70% 80%)` }} title={`${s.person.name} (${s.layer}) ${at(s.start)} – ${at(s.end)}${s.override ? ', override' : ''}`}>
                {s.person.name}
              </span>
            ))}
          </li>
        );
      })}
    </ol>
  );
}
