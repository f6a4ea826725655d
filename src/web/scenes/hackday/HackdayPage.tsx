// A HackDay: who improved most, live while it runs (refetches every 15 seconds), frozen after.
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { useHackday, type Hackday } from '../../api/policies.ts';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { formatTime, relativeTime } from '../../components/format.ts';
import { useTitle } from '../../components/useTitle.ts';
import { MostImprovedList } from '../leaderboard/MostImproved.tsx';

const LIVE_MS = 15_000;

function statusOf(h: Hackday, now = Date.now()): string {
  if (h.status) return h.status;
  if (now < Date.parse(h.startsAt)) return 'upcoming';
  return now < Date.parse(h.endsAt) ? 'running' : 'finished';
}

export default function HackdayPage() {
  const { name = '' } = useParams();
  const query = useHackday(name, LIVE_MS);
  useTitle(query.data?.title ?? name);
  if (query.isPending) return <Loading rows={8} label="Loading the HackDay…" />;
  if (query.isError) {
    if (query.error instanceof ApiError && query.error.status === 404) return <Empty title={`No HackDay ${name}`}><p><Link to="/">Back to the leaderboard</Link></p></Empty>;
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  }
  const hd = query.data;
  const status = statusOf(hd);
  const results = hd.results;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb"><Link to="/">Leaderboard</Link><span aria-hidden="true">/</span><span>HackDays</span></nav>
      <div className="page-head">
        <h1>{hd.title ?? hd.name} <span className={`pill pill-${status === 'running' ? 'live' : status}`}>{status === 'running' ? 'live' : status}</span></h1>
        <p className="muted">
          <time dateTime={hd.startsAt}>{formatTime(hd.startsAt)}</time> – <time dateTime={hd.endsAt}>{formatTime(hd.endsAt)}</time>
          {status === 'running' && <> · ends {relativeTime(hd.endsAt)} · updates every {LIVE_MS / 1000} s</>}
          {status === 'upcoming' && <> · starts {relativeTime(hd.startsAt)}</>}
          {status === 'finished' && hd.frozen && <> · final results</>}
        </p>
      </div>
      {status === 'upcoming' || !results ? (
        <Empty title={status === 'upcoming' ? 'Not started yet' : 'No results yet'}>
          <p>Points earned from the start count. Pick your next fix on your service's report card: it lists what brings the most points.</p>
        </Empty>
      ) : (
        <div className="grid-2">
          <MostImprovedList title="Most improved services" items={results.services} empty="No service has gained points yet." />
          <MostImprovedList title="Most improved teams" items={results.teams} empty="No team has gained points yet." team />
        </div>
      )}
    </>
  );
}
