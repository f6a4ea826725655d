// What this service depends on and what depends on it, each linked to its report card.
import { Link } from 'react-router';
import type { EntityItem } from '../../api/entities.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { Card } from '../../components/Section.tsx';

export function Dependencies({ entity }: { entity: EntityItem }) {
  const rel = entity.relations ?? [];
  const deps = rel.filter((r) => r.type === 'dependsOn').map((r) => r.target).sort();
  const users = rel.filter((r) => r.type === 'dependencyOf').map((r) => r.target).sort();
  const system = typeof entity.spec?.system === 'string' ? entity.spec.system : undefined;
  const graph = `/graph?${new URLSearchParams({ ...(system ? { system } : {}), focus: entity.ref })}`;
  return (
    <Card title="Dependencies" extra={<Link to={graph} className="small">Show in graph</Link>}>
      <div className="dep-cols">
        <DepList title="Depends on" refs={deps} empty="No declared dependencies." />
        <DepList title="Needed by" refs={users} empty="Nothing depends on it." />
      </div>
    </Card>
  );
}

function DepList({ title, refs, empty }: { title: string; refs: string[]; empty: string }) {
  return (
    <div>
      <h3 className="card-subtitle">{title}</h3>
      {refs.length === 0 ? <p className="muted small">{empty}</p> : (
        <ul className="link-list">{refs.map((r) => <li key={r}><EntityLink entityRef={r} report /></li>)}</ul>
      )}
    </div>
  );
}
