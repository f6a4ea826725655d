// "Why did the grade change between two dates?" — rubric changes vs service changes. Dates are
// URL parameters (whyFrom, whyTo), so the explanation can be linked from a chat or a postmortem.
import { useId } from 'react';
import { useWhy } from '../../api/scores.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { StateBadge } from '../../components/StateBadge.tsx';
import { ApiError } from '../../api/client.ts';
import { daysAgo, formatDate, formatScore, isoDay, signedPoints } from '../../components/format.ts';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';

/** End of the chosen local day, so "to: today" includes today's evaluations. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59`).toISOString();
const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();

export function WhyDiff({ entityRef, scorecard, from, to, firstGradedAt, setRange }: { entityRef: string; scorecard: string; from: string; to: string; firstGradedAt?: string; setRange(p: { whyFrom?: string; whyTo?: string }): void }) {
  const monthAgo = isoDay(daysAgo(30));
  const firstDay = firstGradedAt ? isoDay(new Date(firstGradedAt)) : undefined;
  const fromDay = from || (firstDay && firstDay > monthAgo ? firstDay : monthAgo);
  const toDay = to || isoDay(new Date());
  // The day's start may precede the first evaluation: then start at the first grade itself.
  const fromIso = firstGradedAt && startOfDay(fromDay) < firstGradedAt && firstDay === fromDay ? firstGradedAt : startOfDay(fromDay);
  const query = useWhy(entityRef, { scorecard, from: fromIso, to: endOfDay(toDay) });
  const id = useId();
  return (
    <Card title="Why did the grade change?">
      <div className="filters compact">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" className="input" value={fromDay} max={toDay} onChange={(e) => setRange({ whyFrom: e.target.value })} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" className="input" value={toDay} min={fromDay} onChange={(e) => setRange({ whyTo: e.target.value })} />
        </div>
      </div>
      {query.isPending ? <Loading rows={3} /> : query.isError ? (
        query.error instanceof ApiError && query.error.status === 404 ? (
          <p className="muted" role="status">{query.error.message}. Pick a start date after the first evaluation{firstDay ? ` (${formatDate(firstGradedAt)})` : ''}.</p>
        ) : <ErrorState error={query.error} onRetry={() => query.refetch()} />
      ) : (
        <div className="why" aria-live="polite">
          <p className="why-head">
            <GradeBadge grade={query.data.from.grade} /> {formatScore(query.data.from.score)} <span aria-hidden="true">→</span><span className="visually-hidden">to</span>{' '}
            <GradeBadge grade={query.data.to.grade} /> {formatScore(query.data.to.score)}
          </p>
          <p>{query.data.summary}</p>
          {query.data.rubricChanges.length > 0 && (
            <>
              <h3 className="card-subtitle">The rubric changed {query.data.rubricEffect !== undefined && <>({signedPoints(query.data.rubricEffect)})</>}</h3>
              <ul className="link-list">
                {query.data.rubricChanges.map((c, i) => (
                  <li key={i}>{c.change} {c.requirement ? <code>{c.requirement}</code> : 'scorecard'} {c.before !== undefined && <span className="muted">{String(c.before)} → {String(c.after)}</span>} <strong>{signedPoints(c.pointsEffect)}</strong></li>
                ))}
              </ul>
            </>
          )}
          {query.data.serviceChanges.length > 0 && (
            <>
              <h3 className="card-subtitle">The service changed {query.data.serviceEffect !== undefined && <>({signedPoints(query.data.serviceEffect)})</>}</h3>
              <ul className="link-list">
                {query.data.serviceChanges.map((c) => (
                  <li key={c.requirement}><code>{c.requirement}</code> <StateBadge state={c.before} /> → <StateBadge state={c.after} /> <strong>{signedPoints(c.pointsEffect)}</strong></li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
