// Where in the web UI an entity lives; also the links Tally sends out (notifications).
import { parseRef } from './refs.ts';

/** `component:default/checkout` → `/catalog/component/default/checkout`. */
export function entityPath(ref: string, defaultKind = 'component'): string | undefined {
  const p = parseRef(ref, { defaultKind });
  if (!p) return undefined;
  return `/catalog/${encodeURIComponent(p.kind.toLowerCase())}/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`;
}

/** A component's report card: `component:default/checkout` → `/services/default/checkout`. */
export function servicePath(ref: string): string | undefined {
  const p = parseRef(ref, { defaultKind: 'component' });
  if (!p || p.kind.toLowerCase() !== 'component') return undefined;
  return `/services/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`;
}

/** A team's page: `group:default/payments` → `/teams/default/payments`. */
export function teamPath(ref: string): string | undefined {
  const p = parseRef(ref, { defaultKind: 'group' });
  if (!p || p.kind.toLowerCase() !== 'group') return undefined;
  return `/teams/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`;
}

/** The best page for a ref: report card for components, team page for groups, else the catalog. */
export function bestPath(ref: string, defaultKind = 'component'): string | undefined {
  const p = parseRef(ref, { defaultKind });
  if (!p) return undefined;
  const kind = p.kind.toLowerCase();
  if (kind === 'component') return servicePath(ref);
  if (kind === 'group') return teamPath(ref);
  return entityPath(ref, defaultKind);
}
