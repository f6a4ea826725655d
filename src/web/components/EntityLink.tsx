import { Link } from 'react-router';
import { shortRef } from '../../common/refs.ts';
import { bestPath, entityPath } from '../../common/links.ts';

/**
 * A link to an entity, labelled with its short ref (or a given label). By default it opens the
 * catalog page; `report` sends components to their report card and groups to their team page.
 */
export function EntityLink({ entityRef, defaultKind, label, report }: { entityRef: string | null | undefined; defaultKind?: string; label?: string; report?: boolean }) {
  if (!entityRef) return <span className="muted">—</span>;
  const to = report ? bestPath(entityRef, defaultKind) : entityPath(entityRef, defaultKind);
  const text = label ?? shortRef(entityRef);
  return to ? <Link to={to}>{text}</Link> : <span>{text}</span>;
}
