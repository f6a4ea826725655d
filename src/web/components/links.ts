// Where in the UI an entity lives: `component:default/checkout` → `/catalog/component/default/checkout`.
import { parseRef } from '../../common/refs.ts';

export function entityPath(ref: string, defaultKind = 'component'): string | undefined {
  const p = parseRef(ref, { defaultKind });
  if (!p) return undefined;
  return `/catalog/${encodeURIComponent(p.kind.toLowerCase())}/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`;
}
