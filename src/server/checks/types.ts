// The contracts of grading. A check type is a config schema, an optional batched collector (all
// I/O lives there) and a pure evaluator; a context provider is per-entity data that checks and
// CEL read (the graph analysis, facts, change statistics, …), declared with its CEL type. Pure
// evaluation is what makes re-grading fast and `tally score --offline` possible (DESIGN.md §3).
// Domains add check types and providers through their TallyModule; the grader knows none by name.
import type { z } from 'zod';
import type { Entity, Relation } from '../../common/catalog.ts';
import type { EvidenceObject } from '../../common/evidence.ts';
import type { CelTypes } from '../platform/cel/cel.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db/connect.ts';
import type { SourceDocument } from '../platform/documents/files.ts';
import type { Problem } from '../platform/problems.ts';

export type CheckState = 'pass' | 'warn' | 'fail' | 'error' | 'n/a';

/**
 * What a context provider's data says about the fields an expression reads — for the result's
 * message (pass or fail: what was observed) and its `evidence.objects` (what to link to).
 */
export interface Explanation {
  /** A phrase naming what was seen, e.g. `checkout → recommendations breaks tier-1-not-on-tier-3`. */
  observed: string;
  objects?: EvidenceObject[];
}

/** What a check concludes for one entity. `stale` and `exempt` are decided by the scorer, not by checks. */
export interface Outcome {
  state: CheckState;
  message: string;
  evidence?: unknown;
  /** When the facts behind this outcome were observed; compared with the requirement's freshness. */
  observedAt?: string;
}

/** Everything a check may read about one entity. Built once per entity per run. */
export interface CheckContext {
  ref: string;
  entity: Entity;
  /** Owner group (if resolved), its member users' refs, the system, direct dependencies (refs). */
  owner?: { ref: string; entity?: Entity; members: string[] };
  system?: string;
  dependencies: string[];
  /** The context providers' values for this entity, by provider name; absent = no data. */
  data: Readonly<Record<string, unknown>>;
  /** Providers that could not run here (offline), by name, with the reason. */
  unavailable?: Readonly<Record<string, string>>;
  now: Date;
}

/** The catalog as providers see it: every entity (with the file it came from) and relation. */
export interface CatalogView {
  entities: readonly { ref: string; entity: Entity; file?: string }[];
  relations: readonly Relation[];
  /** Changes whenever the catalog does; providers may cache by it. */
  generation: string;
}

export interface ProviderDeps {
  db: Db;
  config: Config;
  now: Date;
}

export interface OfflineInput {
  catalog: CatalogView;
  /** Every document read besides the catalog's (Facts, …). */
  documents: readonly SourceDocument[];
  config: Config;
  now: Date;
  /** Where a provider reports bad input it found in the documents. */
  problems: Problem[];
}

/**
 * Per-entity data for checks and CEL, e.g. `changes` (statistics from the change database).
 * Its name is the CEL variable and the key in CheckContext.data; the docs of the CEL variables
 * (docs/checks.md) are generated from `description` and `fields`.
 */
export interface ContextProvider<T = unknown> {
  name: string;
  celType: string;
  description: string;
  /** Field → meaning, for the docs. */
  fields?: Readonly<Record<string, string>>;
  /** What CEL sees for an entity without data (checks see `undefined` in CheckContext.data). */
  empty: T;
  /** The values of these entities (all when `refs` is undefined), read once per evaluation run. */
  load(deps: ProviderDeps, catalog: CatalogView, refs: readonly string[] | undefined): Promise<ReadonlyMap<string, T>>;
  /** The same from files, for `tally score --offline`; absent when the data lives only on the server. */
  offline?(input: OfflineInput): Promise<ReadonlyMap<string, T>> | ReadonlyMap<string, T>;
  /** Why it is absent offline, e.g. "change statistics live in the server's change database". */
  offlineReason?: string;
  /** JSON value → CEL value (e.g. ISO times → timestamps); identity when absent. */
  toCel?(value: T): unknown;
  /**
   * Explains the value for an expression that reads `fields` of it (`graph.violations` →
   * `violations`), so a check can say what it observed and name the offending objects. Pure;
   * undefined when it has nothing to say about those fields.
   */
  explain?(value: T, fields: ReadonlySet<string>, ctx: CheckContext): Explanation | undefined;
}

/** What check types get besides their config: the entity variables of CEL, and which requirement is judged. */
export interface CheckEnv {
  /** CEL types of the entity variables: the core ones and one per context provider. */
  readonly entityTypes: CelTypes;
  /** The entity variables of a context (built once per context). */
  variables(ctx: CheckContext): Record<string, unknown>;
  /** The context providers a CEL expression reads. */
  celReads(source: string): string[];
  /** What the providers an expression reads say about it for this entity (their explain()), joined; undefined when none speaks. */
  explain(ctx: CheckContext, source: string): Explanation | undefined;
}

/** Which requirement an evaluation is for; lets a check read per-requirement data (e.g. attestations). */
export interface EvaluateTarget {
  scorecard: string;
  requirementId: string;
}

/** I/O the collectors may use; each is injected so tests and offline mode can control it. */
export interface CollectDeps {
  now: () => Date;
  /** Offline mode: checks that need the network say n/a unless probing is asked for. */
  offline: boolean;
  fetch: typeof fetch;
  config: {
    outbound: { allow: string[]; allowPrivate: boolean; allowLinkLocal: boolean };
    prometheus: Record<string, { url: string; headers?: Record<string, string> }>;
    /** Base folder for relative paths in annotations (the catalog file's folder is better when known). */
    baseDir: string;
    /** This server's `server.publicUrl`: URLs written as a path (`/demo/status/x`) are resolved against it. */
    publicUrl?: string;
  };
  timeoutMs: number;
}

export interface CollectItem<C> {
  /** Unique per (entity, requirement) within one collect call. */
  key: string;
  ctx: CheckContext;
  config: C;
  /** Where the entity was loaded from, to resolve relative annotation paths. */
  entityFile?: string;
}

export interface CheckType<C = unknown> {
  type: string;
  schema: z.ZodType<C>;
  /** `command` checks may only come from files on disk, never from API input. */
  allowedFromApi: boolean;
  /** The context providers a check reads: offline without them, it says it could not be evaluated. */
  reads?(config: C, env: CheckEnv): readonly string[];
  /** Extra validation beyond the schema (e.g. compiling CEL), problems with `field` relative to the check. */
  compile?(config: C, env: CheckEnv): Problem[];
  /** Gathers observations with I/O, batched across entities. Keys missing from the result mean "no observation". */
  collect?(items: CollectItem<C>[], deps: CollectDeps, env: CheckEnv): Promise<Map<string, unknown>>;
  /** Pure: config + context (+ what collect observed for this item) → outcome. Must not throw for bad data; return `error`. */
  evaluate(config: C, ctx: CheckContext, observation: unknown, env: CheckEnv, target: EvaluateTarget): Outcome;
}
