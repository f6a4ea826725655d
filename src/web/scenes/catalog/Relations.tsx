import { EntityLink } from '../../components/EntityLink.tsx';

const TITLES: Record<string, string> = {
  ownedBy: 'Owned by',
  ownerOf: 'Owns',
  partOf: 'Part of',
  hasPart: 'Has parts',
  dependsOn: 'Depends on',
  dependencyOf: 'Needed by',
  providesApi: 'Provides APIs',
  apiProvidedBy: 'Provided by',
  consumesApi: 'Consumes APIs',
  apiConsumedBy: 'Consumed by',
  memberOf: 'Member of',
  hasMember: 'Members',
  childOf: 'Child of',
  parentOf: 'Parent of',
};

export function Relations({ relations }: { relations: { type: string; target: string }[] }) {
  const groups = new Map<string, string[]>();
  for (const r of relations) groups.set(r.type, [...(groups.get(r.type) ?? []), r.target]);
  const sorted = [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
  return (
    <section className="card" aria-labelledby="relations">
      <h2 id="relations" className="card-title">Relations</h2>
      {sorted.length === 0 ? (
        <p className="muted">This entity has no relations. Declare <code>spec.owner</code>, <code>spec.system</code> and <code>spec.dependsOn</code> to place it in the graph.</p>
      ) : (
        <div className="relation-groups">
          {sorted.map(([type, targets]) => (
            <div key={type} className="relation-group">
              <h3 className="card-subtitle">{TITLES[type] ?? type}</h3>
              <ul className="link-list">
                {targets.sort().map((t) => (
                  <li key={t}><EntityLink entityRef={t} label={t} /></li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
