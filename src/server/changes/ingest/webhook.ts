// Generic webhooks: each configured source (`changes.webhooks.<name>`) maps its sender's JSON
// to a change with one CEL expression per field, over `body` (the parsed JSON) and `headers`
// (lower-case names). Every expression is compiled once, when the config loads; a bad one is
// reported with its field and position and the config is refused, never half-applied.
import { z } from 'zod';
import { changeInputSchema, type ChangeInput, type ChangeStatus } from '../../../common/changes.ts';
import { zodProblems, type Problem } from '../../platform/problems.ts';
import { compileCel, fromCel, runCel, type CelProgram } from '../../platform/cel/cel.ts';
import { verifyHmac } from '../../platform/outbound/hmac.ts';
import { parseTimestamp } from './text.ts';

/** Fields a mapping may set; `entities`, `kind` and `summary` are required. */
export const MAPPING_FIELDS = [
  'entities', 'kind', 'summary', 'description', 'version', 'previousVersion', 'actor', 'externalId', 'environment',
  'startedAt', 'finishedAt', 'status', 'automated', 'links', 'labels', 'commitAt', 'postmortemUrl', 'eventTime', 'when',
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];
const REQUIRED: readonly MappingField[] = ['entities', 'kind', 'summary'];
const TIME_FIELDS: readonly MappingField[] = ['startedAt', 'finishedAt', 'commitAt', 'eventTime'];

/** What a mapping sees: the parsed JSON body and the headers (lower-case names). */
const MAPPING_CEL_TYPES = { body: 'dyn', headers: 'map<string, dyn>' } as const;
const celSource = z.string().trim().min(1).max(4000);

const mappingObject = z.strictObject(
  Object.fromEntries(MAPPING_FIELDS.map((f) => [f, REQUIRED.includes(f) ? celSource : celSource.optional()])) as unknown as Record<MappingField, z.ZodOptional<z.ZodString>>,
);

export interface CompiledExpr {
  source: string;
  program: CelProgram;
}
export interface CompiledWebhookSource {
  name: string;
  secret?: string;
  signature: { header: string; algorithm: 'sha256' | 'sha512'; prefix: string };
  mapping: Partial<Record<MappingField, CompiledExpr>>;
}

/** One source's config; the mapping is compiled by the transform (issues carry the field path). */
export const webhookSourceSchema = z
  .strictObject({
    /** HMAC of the raw body; checked before anything else. */
    secret: z.string().min(1).optional(),
    /** Where and how the sender signs; the default is Tally's own `X-Tally-Signature: sha256=<hex>`. */
    signature: z
      .strictObject({
        header: z.string().min(1).default('x-tally-signature'),
        algorithm: z.enum(['sha256', 'sha512']).default('sha256'),
        prefix: z.string().default('sha256='),
      })
      .optional(),
    mapping: mappingObject,
  })
  .transform((cfg, ctx) => {
    const mapping: CompiledWebhookSource['mapping'] = {};
    for (const [field, source] of Object.entries(cfg.mapping) as [MappingField, string | undefined][]) {
      if (source === undefined) continue;
      const compiled = compileCel(source, MAPPING_CEL_TYPES);
      if (compiled.program) mapping[field] = { source, program: compiled.program };
      else ctx.addIssue({ code: 'custom', path: ['mapping', field], message: compiled.problems[0]?.message ?? 'invalid CEL' });
    }
    const signature = { header: 'x-tally-signature', algorithm: 'sha256' as const, prefix: 'sha256=', ...cfg.signature };
    return { secret: cfg.secret, signature: { ...signature, header: signature.header.toLowerCase() }, mapping };
  });

/** `changes.webhooks`: source name (becomes `webhook:<name>`) → config. */
export const webhookMappingSchema = z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lower-case letters, digits, - or _'), webhookSourceSchema);

/** Validates and compiles `changes.webhooks`; problems name e.g. `changes.webhooks.argocd.mapping.summary`. */
export function compileWebhookSources(raw: unknown, prefix = 'changes.webhooks'): { sources: Map<string, CompiledWebhookSource>; problems: Problem[] } {
  const parsed = webhookMappingSchema.safeParse(raw ?? {});
  if (!parsed.success) return { sources: new Map(), problems: zodProblems(parsed.error, {}, prefix) };
  return { sources: new Map(Object.entries(parsed.data).map(([name, cfg]) => [name, { name, ...cfg }])), problems: [] };
}

/** True when the source has no secret, or the body carries a valid signature of it. */
export function verifyWebhookSignature(source: CompiledWebhookSource, rawBody: Buffer, headers: Record<string, string | string[] | undefined>): boolean {
  if (!source.secret) return true;
  const value = headers[source.signature.header];
  return verifyHmac(rawBody, Array.isArray(value) ? value[0] : value, source.secret, source.signature);
}

export interface MappingResult {
  input?: ChangeInput;
  /** `when` evaluated false: the delivery is acknowledged and ignored. */
  skipped?: boolean;
  problems: Problem[];
}

/**
 * Applies a compiled mapping. Errors (a required field failing, a value the change record
 * refuses) leave `input` undefined; an optional field whose path is missing in this body is
 * left out with a warning. Problem fields are `mapping.<field>`.
 */
export function applyWebhookMapping(compiled: CompiledWebhookSource, body: unknown, headers: Record<string, string | string[] | undefined>): MappingResult {
  const context = { body, headers: lowerCaseHeaders(headers) };
  const { when, ...fields } = compiled.mapping;
  if (when) {
    // `when` goes first: a delivery it ignores is not read further (and warns about nothing).
    const result = runCel(when.program, context);
    if (result.error !== undefined) return { problems: [{ severity: 'error', field: 'mapping.when', message: `CEL: ${result.error}` }] };
    if (result.value !== true) return { skipped: true, problems: [] };
  }
  const problems: Problem[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, expr] of Object.entries(fields) as [MappingField, CompiledExpr][]) {
    const result = runCel(expr.program, context);
    if (result.error === undefined) {
      const value = fromCel(result.value);
      // null, or "" from a template that rendered a missing value, means "not given".
      if (value !== null && value !== undefined && value !== '') values[field] = coerce(field, value);
      continue;
    }
    const optional = !REQUIRED.includes(field) && result.code === 'no_such_key';
    problems.push({ severity: optional ? 'warning' : 'error', field: `mapping.${field}`, message: `CEL: ${result.error}` });
  }
  if (problems.some((p) => p.severity === 'error')) return { problems };
  const parsed = changeInputSchema.safeParse({ ...values, source: `webhook:${compiled.name}` });
  if (!parsed.success) return { problems: [...problems, ...zodProblems(parsed.error, {}, 'mapping')] };
  return { input: parsed.data, problems };
}

/** Times may come as ISO strings, epoch seconds or milliseconds; the record wants ISO. */
function coerce(field: MappingField, value: unknown): unknown {
  if (TIME_FIELDS.includes(field)) return parseTimestamp(value) ?? value;
  if ((field === 'version' || field === 'previousVersion' || field === 'externalId') && typeof value === 'number') return String(value);
  if (field === 'labels' && value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }
  return value;
}

function lowerCaseHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Later states of a change rank higher: a deploy may fail or succeed, then be rolled back. */
const STATUS_RANK: Record<ChangeStatus, number> = { 'in-progress': 0, succeeded: 1, failed: 1, 'rolled-back': 2 };

/**
 * Whether an incoming state of a change may overwrite the stored one. Senders deliver out of
 * order, so an update whose event time is older than the stored one is dropped. Without event
 * times on both sides, the later arrival wins. On equal times (GitHub's are to the second) a
 * terminal state is not overwritten by an in-progress one.
 */
export function shouldApply(existing: { eventTime?: string; status?: ChangeStatus }, incoming: { eventTime?: string; status?: ChangeStatus }): boolean {
  if (!existing.eventTime || !incoming.eventTime) return true;
  const a = Date.parse(existing.eventTime);
  const b = Date.parse(incoming.eventTime);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  if (b !== a) return b > a;
  if (!existing.status || !incoming.status) return true;
  return STATUS_RANK[incoming.status] >= STATUS_RANK[existing.status];
}
