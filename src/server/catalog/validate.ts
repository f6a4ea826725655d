// Validation of one catalog entity with Backstage's rules (envelope, metadata formats,
// per-kind spec schema, reference syntax) plus Tally's own annotations.
import { CATALOG_API_VERSIONS, ENTITY_KINDS, type Entity } from '../../common/catalog.ts';
import { DEFAULT_NAMESPACE } from '../../common/refs.ts';
import { isPlainObject } from '../platform/documents/files.ts';
import { errorsOnly, fieldPath, problem, type Problem } from '../platform/problems.ts';
import { validateTallyAnnotations } from './annotations.ts';
import { specRefs } from './relations.ts';
import * as rules from './rules.ts';
import { specSchema } from './spec-schemas.ts';

export interface DocumentPosition {
  file?: string;
  doc?: number;
}

/** Root fields Backstage allows (NoForeignRootFieldsEntityPolicy). */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'spec', 'relations', 'status']);
const KINDS = new Set<string>(ENTITY_KINDS);
const API_VERSIONS = new Set<string>(CATALOG_API_VERSIONS);


/**
 * Validates a parsed YAML/JSON document as a Backstage entity. Returns the entity (with
 * `metadata.namespace` defaulted to `default`, as Backstage does) only when there is no error;
 * problems name `at.file`, `at.doc` and the field.
 */
export function validateEntity(raw: unknown, at: DocumentPosition = {}): { entity?: Entity; problems: Problem[] } {
  const report: Problem[] = [];
  const add = (field: string | undefined, message: string, severity: Problem['severity'] = 'error') =>
    report.push(problem(message, field === undefined ? { ...at } : { ...at, field }, severity));
  if (!isPlainObject(raw)) {
    add(undefined, 'a catalog entity must be a mapping with apiVersion, kind, metadata and spec');
    return { problems: report };
  }
  checkEnvelope(raw, add);
  if (isPlainObject(raw.metadata)) checkMetadata(raw.metadata, add);
  else add('metadata', raw.metadata === undefined ? 'is required' : 'must be a mapping');
  if (typeof raw.kind === 'string' && KINDS.has(raw.kind)) checkSpec(raw, add);
  if (errorsOnly(report).length > 0) return { problems: report };

  const entity = raw as Entity;
  report.push(...validateTallyAnnotations(entity, at));
  if (errorsOnly(report).length > 0) return { problems: report };
  const namespace = entity.metadata.namespace ?? DEFAULT_NAMESPACE;
  return { entity: { ...entity, metadata: { ...entity.metadata, namespace } }, problems: report };
}

type Add = (field: string | undefined, message: string, severity?: Problem['severity']) => void;

function checkEnvelope(raw: Record<string, unknown>, add: Add): void {
  const { apiVersion, kind } = raw;
  if (apiVersion === undefined) add('apiVersion', 'is required');
  else if (typeof apiVersion !== 'string' || !API_VERSIONS.has(apiVersion)) {
    add('apiVersion', `must be one of ${CATALOG_API_VERSIONS.join(', ')}, got ${JSON.stringify(apiVersion)}`);
  }
  if (kind === undefined) add('kind', 'is required');
  else if (typeof kind !== 'string' || !KINDS.has(kind)) add('kind', unknownKindMessage(kind));
  for (const key of Object.keys(raw)) {
    if (!ROOT_FIELDS.has(key)) add(fieldPath([key]), `unknown top-level field; an entity has only ${[...ROOT_FIELDS].join(', ')}`);
  }
}

function unknownKindMessage(kind: unknown): string {
  const wanted = typeof kind === 'string' ? ENTITY_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase()) : undefined;
  const hint = wanted ? ` (kinds are case-sensitive: did you mean ${wanted}?)` : '';
  return `unknown kind ${JSON.stringify(kind)}${hint}; Backstage's kinds are ${ENTITY_KINDS.join(', ')}`;
}

function checkMetadata(m: Record<string, unknown>, add: Add): void {
  if (m.name === undefined) add('metadata.name', 'is required');
  else if (!rules.isValidObjectName(m.name)) add('metadata.name', `must be ${rules.OBJECT_NAME_RULE}, got ${JSON.stringify(m.name)}`);
  if (m.namespace !== undefined && !rules.isValidDnsLabel(m.namespace)) {
    add('metadata.namespace', `must be ${rules.DNS_LABEL_RULE}, got ${JSON.stringify(m.namespace)}`);
  }
  for (const key of ['title', 'description'] as const) {
    if (m[key] !== undefined && typeof m[key] !== 'string') add(`metadata.${key}`, 'must be a string');
  }
  checkKeyValues(m.labels, 'labels', rules.isValidLabelValue, `must be empty or ${rules.OBJECT_NAME_RULE}`, add);
  checkKeyValues(m.annotations, 'annotations', (v) => typeof v === 'string', 'must be a string (quote numbers and booleans)', add);
  checkTags(m.tags, add);
  checkLinks(m.links, add);
}

function checkKeyValues(map: unknown, name: string, isValidValue: (v: unknown) => boolean, valueRule: string, add: Add): void {
  if (map === undefined) return;
  if (!isPlainObject(map)) return add(`metadata.${name}`, 'must be a mapping of strings');
  for (const [key, value] of Object.entries(map)) {
    const field = fieldPath(['metadata', name, key]);
    if (!rules.isValidLabelOrAnnotationKey(key)) add(field, `key must be ${rules.KEY_RULE}`);
    if (!isValidValue(value)) add(field, `${valueRule}, got ${JSON.stringify(value)}`);
  }
}

function checkTags(tags: unknown, add: Add): void {
  if (tags === undefined) return;
  if (!Array.isArray(tags)) return add('metadata.tags', 'must be a list of strings');
  tags.forEach((tag, i) => {
    if (!rules.isValidTag(tag)) add(`metadata.tags[${i}]`, `must be ${rules.TAG_RULE}, got ${JSON.stringify(tag)}`);
  });
}

function checkLinks(links: unknown, add: Add): void {
  if (links === undefined) return;
  if (!Array.isArray(links)) return add('metadata.links', 'must be a list of {url, title?, icon?, type?}');
  links.forEach((link, i) => {
    const at = `metadata.links[${i}]`;
    if (!isPlainObject(link)) return add(at, 'must be a mapping with url');
    if (!rules.isValidUrl(link.url)) add(`${at}.url`, link.url === undefined ? 'is required' : 'must be a valid URL');
    for (const key of ['title', 'icon', 'type'] as const) {
      if (link[key] !== undefined && (typeof link[key] !== 'string' || link[key] === '')) add(`${at}.${key}`, 'must be a non-empty string');
    }
  });
}

function checkSpec(raw: Record<string, unknown>, add: Add): void {
  const result = specSchema(raw.kind as string, raw.spec)!.safeParse(raw.spec);
  if (!result.success) {
    for (const issue of result.error.issues) add(fieldPath(['spec', ...issue.path]), issue.message);
    return;
  }
  if (raw.kind === 'Location') checkLocationSpec(raw.spec as Record<string, unknown>, add);
  checkRefSyntax(raw as Entity, add);
}

function checkLocationSpec(spec: Record<string, unknown>, add: Add): void {
  if (spec.target === undefined && spec.targets === undefined) add('spec.target', 'a Location needs spec.target or spec.targets');
}

/** Backstage fails processing on references it cannot parse; a kind-less dependsOn is one of them. */
function checkRefSyntax(entity: Entity, add: Add): void {
  if (!isPlainObject(entity.metadata)) return;
  for (const ref of specRefs(entity)) {
    if (ref.target !== undefined) continue;
    const needsKind = ref.rule.defaultKind === undefined && typeof ref.value === 'string' && !ref.value.includes(':');
    const message = needsKind
      ? `${JSON.stringify(ref.value)} must name its kind, e.g. component:${ref.value} or resource:${ref.value}`
      : `${JSON.stringify(ref.value)} is not a valid entity reference ([kind:][namespace/]name)`;
    add(ref.field, message);
  }
}
