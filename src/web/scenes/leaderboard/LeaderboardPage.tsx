// The public leaderboard: grade distribution, every service (virtualised), and teams.
import { ApiError } from '../../api/client.ts';
import { Link } from 'react-router';
import { useLeaderboard, type HackdaySummary, type Leaderboard } from '../../api/leaderboard.ts';
import { formatTime } from '../../components/format.ts';
import { MostImproved } from './MostImproved.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { useQueryParams } from '../../components/useQueryParams.ts';
import { useTitle } from '../../components/useTitle.ts';
import { Distribution } from './Distribution.tsx';
import { LeaderboardFilters } from './LeaderboardFilters.tsx';
import { ServicesTable, useSort } from './ServicesTable.tsx';
import { TeamsTable } from './TeamsTable.tsx';

export const FILTER_KEYS = ['q', 'system', 'tier', 'team', 'grade'] as const;

function NoGrades() {
  return (
    <Empty title="No grades yet">
      <p>Services appear here as soon as a scorecard has graded them. To get there:</p>
      <ol className="steps">
        <li>list your services in the catalog (<Link to="/catalog">see what is imported</Link>; Backstage <code>catalog-info.yaml</code> files work as they are);</li>
        <li>add a scorecard to <code>tally.yaml</code>'s sources (<Link to="/scorecards">scorecards</Link>);</li>
        <li>run <code>tally evaluate</code> (with an editor token), or wait for the scheduled evaluation.</li>
      </ol>
    </Empty>
  );
}

export default function LeaderboardPage() {
  useTitle('Leaderboard');
  const [params, setParams] = useQueryParams(FILTER_KEYS);
  const query = useLeaderboard(params);
  const filtered = FILTER_KEYS.some((k) => params[k]);

  let body;
  if (query.isPending) body = <Loading rows={12} label="Loading the leaderboard…" />;
  else if (query.isError) {
    body = query.error instanceof ApiError && query.error.status === 404 ? <NoGrades /> : <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  } else body = <Board data={query.data} filtered={filtered} params={params} />;

  return (
    <>
      <div className="page-head">
        <h1>Leaderboard</h1>
        <p className="muted">Every service graded F to A+ against the production-readiness scorecard.</p>
      </div>
      {query.data?.hackday && <HackdayBanner {...query.data.hackday} />}
      <LeaderboardFilters params={params} setParams={setParams} boardLoaded={!!query.data} />
      {body}
    </>
  );
}

function HackdayBanner({ name, title, endsAt }: HackdaySummary) {
  return (
    <p className="banner" role="note">
      <strong>HackDay: {title ?? name}</strong> is on — points earned before <time dateTime={endsAt}>{formatTime(endsAt)}</time> count.{' '}
      <Link to={`/hackdays/${encodeURIComponent(name)}`}>See who is rising</Link>
    </p>
  );
}

/** "Worst first": the leaderboard upside down (ungraded services stay last). */
function WorstFirst() {
  const { sort, setSort } = useSort();
  const on = sort.key === 'rank' && sort.order === 'desc';
  return (
    <button type="button" className="button button-small" aria-pressed={on} onClick={() => setSort(on ? { sort: '', order: '' } : { sort: 'rank', order: 'desc' })}>
      Worst first
    </button>
  );
}

/** What the distribution and teams cover under the current filters. */
function ScopeNote({ params }: { params: Record<(typeof FILTER_KEYS)[number], string> }) {
  const scope = [params.system && `system ${params.system}`, params.tier && `tier ${params.tier}`, params.team && 'this team'].filter(Boolean);
  const narrowed = params.grade || params.q;
  if (!scope.length && !narrowed) return null;
  return (
    <p className="muted small scope-note">
      {scope.length ? `Distribution and teams cover ${scope.join(', ')}.` : 'Distribution and teams cover every service.'}
      {narrowed ? ' Grade and search narrow the list only; ranks are on the whole leaderboard.' : ' Ranks are on the whole leaderboard.'}
    </p>
  );
}

function Board({ data, filtered, params }: { data: Leaderboard; filtered: boolean; params: Record<(typeof FILTER_KEYS)[number], string> }) {
  const total = Object.values(data.distribution ?? {}).reduce((a, b) => a + b, 0);
  if (data.services.length === 0 && !filtered && total === 0) return <NoGrades />;
  return (
    <>
      <ScopeNote params={params} />
      <Distribution distribution={data.distribution} />
      <section aria-labelledby="services-title" className="section">
        <div className="page-head-row">
          <h2 id="services-title" className="section-title">
            Services <span className="muted small">{data.services.length.toLocaleString()}</span>
          </h2>
          <WorstFirst />
        </div>
        {data.services.length === 0 ? (
          <Empty title="No service matches these filters"><p>Try fewer filters, or a shorter search.</p></Empty>
        ) : (
          <ServicesTable services={data.services} />
        )}
      </section>
      <section aria-labelledby="teams-title" className="section">
        <h2 id="teams-title" className="section-title">Teams</h2>
        {data.teams.length === 0 ? <p className="muted">No team has a graded service yet.</p> : <TeamsTable teams={data.teams} />}
      </section>
      {!filtered && <MostImproved />}
    </>
  );
}
