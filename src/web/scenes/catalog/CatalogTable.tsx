import { Link } from 'react-router';
import type { EntityItem } from '../../api/entities.ts';
import { EntityLink } from '../../components/EntityLink.tsx';
import { entityPath } from '../../../common/links.ts';
import { readTier } from '../../../common/tier.ts';

function specString(e: EntityItem, key: string): string | undefined {
  const v = e.spec?.[key];
  return typeof v === 'string' && v ? v : undefined;
}

export function CatalogTable({ items }: { items: EntityItem[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Catalog entities</caption>
        <thead>
          <tr>
            <th scope="col">Kind</th>
            <th scope="col">Name</th>
            <th scope="col">Owner</th>
            <th scope="col">System</th>
            <th scope="col">Tier</th>
            <th scope="col">Lifecycle</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => {
            const to = entityPath(e.ref);
            const tier = readTier(e);
            return (
              <tr key={e.ref}>
                <td>
                  <span className="chip">{e.kind}</span>
                </td>
                <td>
                  {to ? <Link to={to} className="strong">{e.metadata.title ?? e.metadata.name}</Link> : e.metadata.name}
                  {e.metadata.title && <span className="muted small"> {e.metadata.name}</span>}
                  {e.metadata.description && <div className="muted small clamp">{e.metadata.description}</div>}
                </td>
                <td><EntityLink entityRef={specString(e, 'owner')} defaultKind="group" /></td>
                <td><EntityLink entityRef={specString(e, 'system')} defaultKind="system" /></td>
                <td>{tier ? <span className={`tier tier-${tier}`}>T{tier}</span> : <span className="muted">—</span>}</td>
                <td>{specString(e, 'lifecycle') ?? <span className="muted">—</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
