// The `spec` of each built-in kind, after Backstage's JSON schemas (catalog-model/src/schema/kinds).
// Built once at module load: validation runs for every entity of a large catalog.
import { z } from 'zod';

const requiredOr = (other: string) => (iss: { input: unknown }) => (iss.input === undefined ? 'is required' : other);

const text = z.string({ error: requiredOr('must be a string') }).min(1, { error: 'must not be empty' });
const textList = z.array(text, { error: requiredOr('must be a list of strings') });
const mapping = z.looseObject({}, { error: requiredOr('must be a mapping') });

/** Backstage resolves `$text`/`$json`/`$yaml` placeholders before validation; Tally keeps them as written. */
const placeholder = z.union([
  z.strictObject({ $text: text }),
  z.strictObject({ $json: text }),
  z.strictObject({ $yaml: text }),
]);
const apiDefinition = z.union([text, placeholder], {
  error: requiredOr('must be a string, or a mapping with one of $text, $json, $yaml'),
});

const spec = <T extends z.core.$ZodLooseShape>(shape: T) => z.looseObject(shape, { error: requiredOr('must be a mapping') });

/** A transport endpoint of an API served remotely (Backstage's ApiRemote: type and url). */
const remotes = z.array(z.looseObject({ type: text, url: text }, { error: requiredOr('must be a mapping with type and url') }), { error: requiredOr('must be a list of {type, url}') });
const apiBase = { type: text, lifecycle: text, owner: text, system: text.optional() };

/**
 * Backstage validates an API per spec.type: most types describe themselves with a `definition`;
 * the types it models as remote servers have `remotes` (transport endpoints) instead. `mcp-server`
 * requires at least one remote; `ai-model-server` is still being settled upstream (remotes, or
 * serverType/serverUrl), so it needs neither and its remotes are checked when present.
 */
const API_BY_TYPE: Readonly<Record<string, z.ZodType>> = {
  'mcp-server': spec({ ...apiBase, remotes: remotes.min(1, { error: 'must list at least one remote' }) }),
  'ai-model-server': spec({ ...apiBase, remotes: remotes.optional() }),
};

export const SPEC_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  Component: spec({
    type: text,
    lifecycle: text,
    owner: text,
    system: text.optional(),
    subcomponentOf: text.optional(),
    providesApis: textList.optional(),
    consumesApis: textList.optional(),
    dependsOn: textList.optional(),
    dependencyOf: textList.optional(),
  }),
  API: spec({ type: text, lifecycle: text, owner: text, definition: apiDefinition, system: text.optional() }),
  Resource: spec({
    type: text,
    owner: text,
    system: text.optional(),
    dependsOn: textList.optional(),
    dependencyOf: textList.optional(),
  }),
  System: spec({ owner: text, domain: text.optional(), type: text.optional() }),
  Domain: spec({ owner: text, subdomainOf: text.optional(), type: text.optional() }),
  // `children` must be present but may be empty, as in Backstage.
  Group: spec({
    type: text,
    children: textList,
    parent: text.optional(),
    members: textList.optional(),
    profile: mapping.optional(),
  }),
  // `memberOf` must be present but may be empty, as in Backstage's User schema.
  User: spec({ memberOf: textList, profile: mapping.optional() }),
  Location: spec({ type: text.optional(), target: text.optional(), targets: textList.optional() }),
};

/** The spec schema of an entity: per kind, and for an API per spec.type (API_BY_TYPE). */
export function specSchema(kind: string, rawSpec: unknown): z.ZodType | undefined {
  const type = kind === 'API' && rawSpec && typeof rawSpec === 'object' ? (rawSpec as { type?: unknown }).type : undefined;
  return (typeof type === 'string' ? API_BY_TYPE[type] : undefined) ?? SPEC_SCHEMAS[kind];
}
