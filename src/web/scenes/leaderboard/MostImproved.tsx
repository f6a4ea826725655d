// Most improved services and teams: the leaderboard's panel and the HackDay page's body.
import { Link } from 'react-router';
import type { Improvement } from '../../api/leaderboard.ts';
import { useMostImproved } from '../../api/leaderboard.ts';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Card } from '../../components/Section.tsx';
import { daysAgo, isoDay } from '../../components/format.ts';
import { bestPath } from '../../../common/links.ts';

/** `titles`: display names by ref (teams' Group display names), else the name is shown. */
export function MostImprovedList({ title, items, empty, team, titles }: { title: string; items: Improvement[]; empty: string; team?: boolean; titles?: ReadonlyMap<string, string | null> }) {
  const top = items.filter((i) => i.pointsGained === null || i.pointsGained > 0).slice(0, 10);
  return (
    <Card title={title}>
      {top.length === 0 ? <p className="muted">{empty}</p> : (
        <ol className="improved">
          {top.map((i) => (
            <li key={i.ref}>
              <Link to={bestPath(i.ref, team ? 'group' : 'component') ?? '#'} className="improved-name">{titles?.get(i.ref) || i.name}</Link>
              <span className="improved-grades">
                <GradeBadge grade={i.from?.grade} /> <span aria-hidden="true">→</span><span className="visually-hidden">to</span> <GradeBadge grade={i.to?.grade} />
              </span>
              <span className="trend trend-up" title={`${i.requirementsFixed} requirements fixed`}>{i.pointsGained === null ? 'new' : `+${i.pointsGained.toFixed(1)}`}</span>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

/** The leaderboard's side panel: risers over the last 30 days. */
export function MostImproved() {
  const query = useMostImproved({ from: new Date(isoDay(daysAgo(30))).toISOString() });
  if (query.isPending || query.isError) return null;
  const { services, teams } = query.data;
  if (!services.some((s) => (s.pointsGained ?? 0) > 0) && !teams.some((t) => (t.pointsGained ?? 0) > 0)) return null;
  return (
    <div className="grid-2 section">
      <MostImprovedList title="Most improved services, 30 days" items={services} empty="No riser yet." />
      <MostImprovedList title="Most improved teams, 30 days" items={teams} empty="No riser yet." team />
    </div>
  );
}
