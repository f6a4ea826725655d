// Placeholders in check strings (URLs, PromQL queries, command arguments): `{{name}}`,
// `{{namespace}}`, `{{kind}}`, `{{ref}}`, `{{title}}`, `{{system}}`, `{{owner}}`,
// `{{annotation:KEY}}`, `{{label:KEY}}`. Only these; no expressions, no nesting — a value is
// inserted once and never re-scanned, and each use escapes it for its context (see docs/checks.md).
// Shared by http, prometheus and command checks; the file name only follows who wrote it.
import type { CheckContext } from './types.ts';
import { problem, type Problem } from '../platform/problems.ts';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const SIMPLE = new Set(['name', 'namespace', 'kind', 'ref', 'title', 'system', 'owner']);

export type Rendered = { ok: true; value: string } | { ok: false; missing: string };
/** Escapes one inserted value; `atStart` is true when the placeholder begins the template. */
export type Escape = (value: string, atStart: boolean) => string;

/** Problems for unknown placeholders, with `field` as given. */
export function templateProblems(template: string, field: string): Problem[] {
  const problems: Problem[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (!isKnownPlaceholder(m[1])) problems.push(problem(`unknown placeholder {{${m[1]}}} at ${m.index}; use name, namespace, kind, ref, title, system, owner, annotation:KEY or label:KEY`, { field }));
  }
  return problems;
}

function isKnownPlaceholder(p: string): boolean {
  return SIMPLE.has(p) || /^(annotation|label):\S+$/.test(p);
}

/** The value a placeholder stands for, or undefined when the entity does not have it. */
export function placeholderValue(p: string, ctx: CheckContext): string | undefined {
  const meta = ctx.entity.metadata;
  if (p.startsWith('annotation:')) return meta.annotations?.[p.slice('annotation:'.length)];
  if (p.startsWith('label:')) return meta.labels?.[p.slice('label:'.length)];
  switch (p) {
    case 'name': return meta.name;
    case 'namespace': return meta.namespace ?? 'default';
    case 'kind': return ctx.entity.kind;
    case 'ref': return ctx.ref;
    case 'title': return meta.title;
    case 'system': return ctx.system;
    case 'owner': return ctx.owner?.ref;
    default: return undefined;
  }
}

/** Substitutes every placeholder; the first one without a value makes the whole render fail. */
export function renderTemplate(template: string, ctx: CheckContext, escape: Escape): Rendered {
  let missing: string | undefined;
  const value = template.replace(PLACEHOLDER, (_all, p: string, offset: number) => {
    const v = isKnownPlaceholder(p) ? placeholderValue(p, ctx) : undefined;
    if (v === undefined || v === '') {
      missing ??= p;
      return '';
    }
    return escape(v, offset === 0);
  });
  return missing === undefined ? { ok: true, value } : { ok: false, missing };
}

/**
 * URLs: a placeholder that starts the template is inserted as is (it is a base URL, e.g.
 * `{{annotation:tally.dev/status-url}}/ready`); every other one is percent-encoded, so a
 * value cannot add path segments or query parameters, or change the host.
 */
export const escapeForUrl: Escape = (v, atStart) => (atStart ? v : encodeURIComponent(v));

/** PromQL: values are escaped for a double-quoted string, e.g. `up{job="{{name}}"}`. */
export const escapeForPromql: Escape = (v) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** Command arguments: no shell is involved, so values are passed as they are. */
export const noEscape: Escape = (v) => v;
