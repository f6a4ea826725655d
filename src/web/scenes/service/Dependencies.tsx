// What this service needs and what needs it, as the dependency graph has them: declared
// `dependsOn` edges and APIs consumed from their providers (`consumesApi`), so the report card
// agrees with /graph. Each neighbour shows its grade and links to its report card.
import { Link } from 'react-router';
import { shortRef } from '../../../common/refs.ts';
import type { EntityItem } from '../../api/entities.ts';
import { useGraph, type GraphEdge, type GraphNode } from '../../api/graph.ts';
import { useBoardLines, type LeaderboardService } from '../../api/leaderboard.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { GradeBadge } from '../../components/GradeBadge.tsx';
import { Card } from '../../components/Section.tsx';
import { ErrorState, Loading } from '../../components/States.tsx';

interface Neighbour {
  ref: string;
  edge: GraphEdge;
}

/** Runtime edges from and to `ref` (membership `partOf` edges are not dependencies). */
function neighbours(edges: GraphEdge[], ref: string): { needs: Neighbour[]; neededBy: Neighbour[] } {
  const runtime = edges.filter((e) => e.runtime && e.via !== 'partOf');
  const byRef = (a: Neighbour, b: Neighbour) => a.ref.localeCompare(b.ref);
  return {
    needs: runtime.filter((e) => e.from === ref).map((edge) => ({ ref: edge.to, edge })).sort(byRef),
    neededBy: runtime.filter((e) => e.to === ref).map((edge) => ({ ref: edge.from, edge })).sort(byRef),
  };
}

export function Dependencies({ entity }: { entity: EntityItem }) {
  const graph = useGraph();
  const { needs, neededBy } = neighbours(graph.data?.edges ?? [], entity.ref);
  const lines = useBoardLines([...needs, ...neededBy].map((n) => n.ref));
  const grades = new Map((lines.data?.services ?? []).map((s) => [s.ref, s]));
  const nodes = new Map((graph.data?.nodes ?? []).map((n) => [n.ref, n]));
  const system = typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
  const link = `/graph?${new URLSearchParams({ ...(system ? { system } : {}), focus: entity.ref })}`;
  let body;
  if (graph.isPending) body = <Loading rows={3} label="Loading the dependencies…" />;
  else if (graph.isError) body = <ErrorState error={graph.error} onRetry={() => graph.refetch()} />;
  else body = (
    <div className="dep-cols">
      <DepList title="Depends on" items={needs} nodes={nodes} grades={grades} empty="No dependency: neither declared nor through an API." />
      <DepList title="Needed by" items={neededBy} nodes={nodes} grades={grades} empty="Nothing depends on it." />
    </div>
  );
  return <Card title="Dependencies" extra={<Link to={link} className="small">Show in graph</Link>}>{body}</Card>;
}

function DepList({ title, items, nodes, grades, empty }: { title: string; items: Neighbour[]; nodes: Map<string, GraphNode>; grades: Map<string, LeaderboardService>; empty: string }) {
  return (
    <div>
      <h3 className="card-subtitle">{title} <span className="muted">{items.length}</span></h3>
      {items.length === 0 ? <p className="muted small">{empty}</p> : (
        <ul className="dep-list">
          {items.map(({ ref, edge }) => (
            <li key={ref}>
              <GradeBadge grade={grades.get(ref)?.grade} />
              <EntityLink entityRef={ref} label={nodes.get(ref)?.title ?? shortRef(ref)} report />
              {edge.via === 'consumesApi' && <span className="muted small">via {(edge.apis ?? []).map((a) => shortRef(a)).join(', ')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
