// The contract every check type fulfils: a config schema, an optional batched collector
// (all I/O lives there), and a pure evaluator. Pure evaluation is what makes re-grading
// fast and `tally score --offline` possible (DESIGN.md §3).
import type { z } from 'zod';
import type { Entity } from '../../common/catalog.ts';
import type { Problem } from '../platform/problems.ts';

export type CheckState = 'pass' | 'warn' | 'fail' | 'error' | 'n/a';

/** What a check concludes for one entity. `stale` and `exempt` are decided by the scorer, not by checks. */
export interface Outcome {
  state: CheckState;
  message: string;
  evidence?: unknown;
  /** When the facts behind this outcome were observed; compared with the requirement's freshness. */
  observedAt?: string;
}

export interface Fact {
  name: string;
  value: unknown;
  observedAt: string; // ISO-8601
}

/** Everything a check may read about one entity. Built once per entity per run. */
export interface CheckContext {
  ref: string;
  entity: Entity;
  /** Owner group (if resolved), its member users' refs, the system, direct dependencies (refs). */
  owner?: { ref: string; entity?: Entity; members: string[] };
  system?: string;
  dependencies: string[];
  graph: { inCycle: boolean; cycle: string[]; blocked: boolean; bootWave: number | null; violations: { rule: string; to: string; message: string }[] };
  /** Facts by name (latest per name), pushed by jobs or read from facts files. */
  facts: Record<string, Fact>;
  /** Change statistics for the `changes` check type (filled when that domain exists). */
  changes?: Record<string, unknown>;
  /**
   * Manual attestations for the `manual` check type, keyed by requirement id, or by
   * `scorecard/requirement` when one context is shared by several scorecards (that key wins).
   */
  attestations?: Record<string, Attestation>;
  now: Date;
}

/** Someone vouched that a manual requirement is met (or not) until `expiresAt`. */
export interface Attestation {
  by: string;
  at: string; // ISO-8601
  expiresAt?: string; // ISO-8601; absent = never expires
  passed: boolean;
  note?: string;
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
  /** Extra validation beyond the schema (e.g. compiling CEL), problems with `field` relative to the check. */
  compile?(config: C): Problem[];
  /** Gathers observations with I/O, batched across entities. Keys missing from the result mean "no observation". */
  collect?(items: CollectItem<C>[], deps: CollectDeps): Promise<Map<string, unknown>>;
  /** Pure: config + context (+ what collect observed for this item) → outcome. Must not throw for bad data; return `error`. */
  evaluate(config: C, ctx: CheckContext, observation: unknown, target?: EvaluateTarget): Outcome;
}
