// "My shifts": a person's shifts on every rotation for the next four weeks, the overrides among
// them, and their personal iCalendar feed to subscribe to. The person is `?user=` or, by default,
// the signed-in token's name when it names a catalog User (`tally token create --name priya.raman`).
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePersonShifts } from '../../api/oncall.ts';
import { useAuth } from '../../components/auth.tsx';
import { QueryBody } from '../../components/QueryBody.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty } from '../../components/States.tsx';
import { useTitle } from '../../components/useTitle.ts';
import { at, hue, shortUser } from './format.ts';
import './oncall.css';

export default function MyShiftsPage() {
  useTitle('My shifts');
  const { user: signedIn } = useAuth();
  const [params, setParams] = useSearchParams();
  const user = params.get('user') ?? signedIn?.name ?? '';
  const [draft, setDraft] = useState(user);
  const shifts = usePersonShifts(user);
  const feed = `/api/v1/oncall/people/${encodeURIComponent(user)}/calendar.ics`;
  const choose = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft.trim() ? { user: draft.trim() } : {});
  };
  return (
    <>
      <div className="page-head">
        <h1>My shifts</h1>
        <p className="lead">Your on-call shifts on every rotation for the next four weeks, with the overrides that moved them. Subscribe to the feed and your calendar keeps them.</p>
        <form className="head-actions" onSubmit={choose}>
          <label className="field">
            <span>Person (catalog User)</span>
            <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="priya.raman" />
          </label>
          <button type="submit" className="button">Show shifts</button>
        </form>
      </div>
      {!user ? (
        <Empty title="Who are you?">Sign in with a token named after your catalog User, or name a person above.</Empty>
      ) : (
        <QueryBody query={shifts} label="Loading shifts">
          {(d) => {
            const overrides = d.items.filter((s) => s.override);
            return (
              <>
                <Card title={`Shifts of ${shortUser(d.user)}`}>
                  <p className="small">
                    Calendar feed: <a href={feed}>{`${window.location.origin}${feed}`}</a> (subscribe in your calendar app)
                  </p>
                  {d.items.length === 0 ? (
                    <Empty title="No shifts in the next four weeks" />
                  ) : (
                    <ul className="page-list" aria-label="My upcoming shifts">
                      {d.items.map((s) => (
                        <li key={`${s.rotation}-${s.start}-${s.layer}`} className={`page-row my-shift${s.override ? ' is-override' : ''}`} style={{ borderLeft: `6px solid hsl(${hue(s.rotation)} 70% 60%)` }}>
                          <Link to={`/oncall/rotations/${s.rotation}`} className="strong">{s.rotation}</Link>
                          <span className="muted small">{s.layer}</span>
                          <span>{at(s.start)} – {at(s.end)}</span>
                          <span className="small">{s.override ? `override${s.override.covers ? `, covering ${shortUser(s.override.covers)}` : ''}` : ''}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
                <Card title="Overrides">
                  {overrides.length === 0 ? (
                    <Empty title="No overrides in the next four weeks" />
                  ) : (
                    <ul aria-label="My overrides">
                      {overrides.map((s) => (
                        <li key={`${s.rotation}-${s.start}`}>
                          {s.rotation}: {at(s.start)} – {at(s.end)}{s.override!.covers ? `, covering ${shortUser(s.override!.covers)}` : ''} (made by {s.override!.by})
                        </li>
                      ))}
                    </ul>
                  )}
                </Card>
              </>
            );
          }}
        </QueryBody>
      )}
    </>
  );
}
