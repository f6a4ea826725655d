import { Link } from 'react-router';
import { shortRef } from '../../common/refs.ts';
import { entityPath } from './links.ts';

/** A link to an entity's page, labelled with its short ref (or a given label). */
export function EntityLink({ entityRef, defaultKind, label }: { entityRef: string | null | undefined; defaultKind?: string; label?: string }) {
  if (!entityRef) return <span className="muted">—</span>;
  const to = entityPath(entityRef, defaultKind);
  const text = label ?? shortRef(entityRef);
  return to ? <Link to={to}>{text}</Link> : <span>{text}</span>;
}
