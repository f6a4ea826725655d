// Routing, purely over an index built once per catalog and rotation generation: an alert finds
// its service (a `service` label naming a component, else a component whose
// `tally.dev/alert-labels` selector its labels match), the service its rotation (the component's
// `tally.dev/rotation` annotation, else a rotation listing it, else one its owner team owns).
// Nothing matched is a reason, never a broadcast.
import type { CatalogSnapshot } from '../../catalog/index.ts';
import { componentRef } from '../rotation/document.ts';
import type { RotationSet } from '../rotation/store.ts';

export const ROTATION_ANNOTATION = 'tally.dev/rotation';
export const ALERT_LABELS_ANNOTATION = 'tally.dev/alert-labels';

export interface RoutingIndex {
  key: string;
  components: ReadonlySet<string>;
  rotationOf: ReadonlyMap<string, string>;
  selectors: { ref: string; match: [string, string][] }[];
}

export function buildRoutingIndex(catalog: CatalogSnapshot, rotations: RotationSet): RoutingIndex {
  const components = catalog.entities.filter((e) => e.kind === 'component');
  const byOwner = new Map<string, string>();
  const listed = new Map<string, string>();
  for (const { rotation } of rotations.list) {
    if (!byOwner.has(rotation.owner)) byOwner.set(rotation.owner, rotation.name);
    for (const s of rotation.services) if (!listed.has(s)) listed.set(s, rotation.name);
  }
  const rotationOf = new Map<string, string>();
  const selectors: RoutingIndex['selectors'] = [];
  for (const c of components) {
    const annotations = (c.entity.metadata.annotations ?? {}) as Record<string, string>;
    const named = annotations[ROTATION_ANNOTATION];
    const rotation = named && rotations.byName.has(named) ? named : (listed.get(c.ref) ?? (c.owner ? byOwner.get(c.owner) : undefined));
    if (rotation) rotationOf.set(c.ref, rotation);
    const sel = annotations[ALERT_LABELS_ANNOTATION];
    if (sel) selectors.push({ ref: c.ref, match: sel.split(',').map((kv) => kv.trim().split('=').map((s) => s.trim()) as [string, string]).filter(([k, v]) => k && v !== undefined) });
  }
  return { key: `${catalog.generation}|${rotations.generation}`, components: new Set(components.map((c) => c.ref)), rotationOf, selectors };
}

export type Route = { service: string; rotation: string } | { service: string | null; reason: string };

export function routeAlert(index: RoutingIndex, labels: Readonly<Record<string, string>>, service?: string): Route {
  let ref: string | undefined;
  const named = service ?? labels.service;
  if (named) {
    ref = componentRef(named);
    if (!index.components.has(ref)) return { service: null, reason: `the service ${named} is not in the catalog` };
  } else {
    ref = index.selectors.find((s) => s.match.length > 0 && s.match.every(([k, v]) => labels[k] === v))?.ref;
    if (!ref) return { service: null, reason: `no service: the alert has no service label and no component's ${ALERT_LABELS_ANNOTATION} matches its labels` };
  }
  const rotation = index.rotationOf.get(ref);
  return rotation ? { service: ref, rotation } : { service: ref, reason: `${ref} has no rotation: neither a ${ROTATION_ANNOTATION} annotation, nor a rotation listing it, nor one of its owner team` };
}
