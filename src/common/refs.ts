// Backstage entity references: `[kind:][namespace/]name`, compared case-insensitively.
// Isomorphic: used by the server, the CLI and the web UI.

export interface EntityName {
  kind: string;
  namespace: string;
  name: string;
}

export const DEFAULT_NAMESPACE = 'default';

/**
 * Parses a reference with Backstage's defaulting rules: a missing namespace is `default`
 * (or `context.defaultNamespace`), a missing kind is `context.defaultKind`; without a default kind,
 * a kind-less ref is an error. Returns undefined when the string is not a valid ref.
 */
export function parseRef(ref: string, context: { defaultKind?: string; defaultNamespace?: string } = {}): EntityName | undefined {
  if (typeof ref !== 'string' || ref.length === 0) return undefined;
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  let kind: string | undefined;
  let rest = ref;
  if (colon !== -1 && (slash === -1 || colon < slash)) {
    kind = ref.slice(0, colon);
    rest = ref.slice(colon + 1);
  }
  let namespace: string | undefined;
  let name = rest;
  const s = rest.indexOf('/');
  if (s !== -1) {
    namespace = rest.slice(0, s);
    name = rest.slice(s + 1);
  }
  kind = kind ?? context.defaultKind;
  namespace = namespace ?? context.defaultNamespace ?? DEFAULT_NAMESPACE;
  if (!kind || !namespace || !name || name.includes('/') || name.includes(':')) return undefined;
  return { kind, namespace, name };
}

/** The full, lower-case form `kind:namespace/name` used as the key everywhere in Tally. */
export function formatRef(e: EntityName): string {
  return `${e.kind}:${e.namespace}/${e.name}`.toLowerCase();
}

/** Normalises any accepted spelling of a ref to its full form, or undefined when invalid. */
export function normalizeRef(ref: string, context: { defaultKind?: string; defaultNamespace?: string } = {}): string | undefined {
  const parsed = parseRef(ref, context);
  return parsed ? formatRef(parsed) : undefined;
}

/** `component:default/checkout` → `checkout`; other namespaces keep theirs: `ns/name`. */
export function shortRef(ref: string): string {
  const p = parseRef(ref);
  if (!p) return ref;
  return p.namespace.toLowerCase() === DEFAULT_NAMESPACE ? p.name : `${p.namespace}/${p.name}`;
}
