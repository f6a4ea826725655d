// A team's page: its score and rank, its services, the F services that need help, its badge.
import { Link, useParams } from 'react-router';
import { formatRef } from '../../../common/refs.ts';
import { ApiError } from '../../api/client.ts';
import { useEntity, type EntityItem } from '../../api/entities.ts';
import { useLeaderboard, type LeaderboardService } from '../../api/leaderboard.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Card } from '../../components/Section.tsx';
import { Empty, ErrorState, Loading } from '../../components/States.tsx';
import { Trend } from '../../components/Trend.tsx';
import { formatScore } from '../../components/format.ts';
import { servicePath } from '../../../common/links.ts';
import { useTitle } from '../../components/useTitle.ts';
import { ServicesTable } from '../leaderboard/ServicesTable.tsx';
import { BadgeSnippet } from './BadgeSnippet.tsx';

const avg = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
};

export default function TeamPage() {
  const { namespace = 'default', name = '' } = useParams();
  const ref = formatRef({ kind: 'group', namespace, name });
  const entity = useEntity(ref);
  const board = useLeaderboard({ team: ref });
  // The team's rank among all teams (a team-filtered board ranks only this one). `teams` is never
  // paged, so one service row is enough.
  const everyone = useLeaderboard({ limit: 1 });
  const title = (entity.data && displayName(entity.data)) ?? name;
  const unknown = board.error instanceof ApiError && board.error.status === 404;
  useTitle(unknown ? 'Not found' : title);

  if (board.isPending) return <Loading rows={10} label={`Loading ${name}…`} />;
  if (unknown) return <NoTeam namespace={namespace} name={name} />;
  if (board.isError) return <ErrorState error={board.error} onRetry={() => board.refetch()} />;
  const team = everyone.data?.teams.find((t) => t.ref === ref) ?? board.data.teams.find((t) => t.ref === ref);
  const teamCount = everyone.data?.teams.length;
  const services = board.data.services;
  const failing = services.filter((s) => s.grade === 'F');
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb"><Link to="/">Leaderboard</Link><span aria-hidden="true">/</span><span>Teams</span></nav>
      <div className="page-head page-head-row">
        <div className="report-title">
          <GradeBadge grade={team?.grade} size="xl" />
          <div>
            <h1>{title}</h1>
            <p className="muted">
              {team ? <>Rank <strong>#{team.rank}</strong>{teamCount ? ` of ${teamCount} teams` : ''} · score <strong>{formatScore(team.score)}</strong> · </> : null}
              {services.length} graded service{services.length === 1 ? '' : 's'}
              {' '}· 7 days <Trend value={avg(services.map((s) => s.trend7d))} period="7 days" /> · 30 days <Trend value={avg(services.map((s) => s.trend30d))} period="30 days" />
            </p>
            {entity.data?.metadata.description && <p className="lead">{entity.data.metadata.description}</p>}
          </div>
        </div>
        <Link className="button" to={`/catalog/group/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`}>Catalog entry</Link>
      </div>
      {failing.length > 0 && <NeedsHelp services={failing} />}
      <section className="section" aria-labelledby="team-services">
        <h2 id="team-services" className="section-title">Services</h2>
        {services.length === 0 ? (
          <Empty title="No graded service"><p>This team owns no service a scorecard has graded yet. Services list their owner in <code>spec.owner</code>.</p></Empty>
        ) : <ServicesTable services={services} />}
      </section>
      <div className="section"><BadgeSnippet teamRef={ref} name={title} /></div>
    </>
  );
}

/** A Group's display name: Backstage's `spec.profile.displayName`, else `metadata.title`. */
function displayName(group: EntityItem): string | undefined {
  const profile = group.spec.profile as { displayName?: unknown } | undefined;
  return typeof profile?.displayName === 'string' ? profile.displayName : group.metadata.title;
}

/** An honest "not found": the API knows no such Group and no service names it as owner. */
function NoTeam({ namespace, name }: { namespace: string; name: string }) {
  return (
    <>
      <div className="page-head"><h1>No team {namespace}/{name}</h1></div>
      <Empty title="Nothing is known about this team">
        <p>No Group <code>{namespace}/{name}</code> is in the catalog and no service names it as its owner. It may have been renamed: the <Link to="/">leaderboard</Link> lists every team.</p>
      </Empty>
    </>
  );
}

function NeedsHelp({ services }: { services: LeaderboardService[] }) {
  return (
    <Card title={<>Needs help <span className="count count-danger">{services.length}</span></>} className="card-danger">
      <p className="muted">These services are graded F: they get no SRE support until fixed, and the SRE team offers extra help to get there.</p>
      <ul className="link-list">
        {services.map((s) => (
          <li key={s.ref}><Link to={servicePath(s.ref) ?? '#'}>{s.title || s.name}</Link> <span className="muted small">{formatScore(s.score)}</span></li>
        ))}
      </ul>
    </Card>
  );
}
