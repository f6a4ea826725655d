// Orchestration of one scorecard over many entities. Two steps, so re-grading and offline
// mode need no I/O: collectObservations (I/O, one batched collect() per check type) and
// evaluateScorecard (pure, given the observations). Nothing here throws for one bad check:
// a collector that throws or hangs, or an evaluate() that throws, gives `error` results.
import type { Grade } from '../../../common/grades.ts';
import type { CheckContext, CheckType, CollectDeps, CollectItem, Grading, Outcome } from '../../checks/index.ts';
import { appliesTo } from '../document/applies.ts';
import type { Requirement, Scorecard } from '../document/document.ts';
import { pointsFor, resolveState, scoreEntity, type EntityScore, type ResolvedState, type ResultState, type Waiver } from './scoring.ts';

export interface RequirementOutcome {
  id: string;
  state: ResultState;
  message: string;
  evidence?: unknown;
  observedAt?: string;
  graced?: true;
  /** 1, warnCredit or 0; null when not counted (n/a, exempt). */
  points: number | null;
  weight: number;
}

export interface EntityResult extends EntityScore {
  scorecard: string;
  version: string;
  entity: string;
  grade: Grade | null;
  evaluatedAt: string;
  requirements: RequirementOutcome[];
}

/** What a collector could not deliver for an item: evaluation turns it into `error`. */
export class CollectFailure {
  constructor(readonly message: string) {}
}

/** The key of one (scorecard, requirement, entity) observation. */
export const observationKey = (scorecard: string, requirementId: string, ref: string): string => `${scorecard}|${requirementId}|${ref}`;

export interface EvaluateDeps {
  now: Date;
  grading: Grading;
  waivers?: readonly Waiver[];
}

/** Pure: one EntityResult per context the scorecard applies to, in the contexts' order. */
export function evaluateScorecard(scorecard: Scorecard, contexts: readonly CheckContext[], observations: ReadonlyMap<string, unknown>, deps: EvaluateDeps): EntityResult[] {
  const e = entityEvaluator(scorecard, observations, deps);
  const out: EntityResult[] = [];
  for (const ctx of contexts) {
    if (!e.applies(ctx)) continue;
    const requirements: RequirementOutcome[] = new Array(e.size);
    for (let i = 0; i < e.size; i++) requirements[i] = e.requirement(ctx, i);
    out.push(e.result(ctx, requirements));
  }
  return out;
}

/** How long an evaluation runs before it lets the event loop answer other work. */
export const EVALUATION_SLICE_MS = 20;

/**
 * The same results as evaluateScorecard, but the process stays responsive: once
 * EVALUATION_SLICE_MS have passed, the loop yields to the event loop before the next requirement
 * (each CEL run is bounded by its cost budget, so no slice runs much longer).
 */
export async function evaluateScorecardYielding(scorecard: Scorecard, contexts: readonly CheckContext[], observations: ReadonlyMap<string, unknown>, deps: EvaluateDeps): Promise<EntityResult[]> {
  const e = entityEvaluator(scorecard, observations, deps);
  const out: EntityResult[] = [];
  let sliceStart = performance.now();
  for (const ctx of contexts) {
    if (!e.applies(ctx)) continue;
    const requirements: RequirementOutcome[] = new Array(e.size);
    for (let i = 0; i < e.size; i++) {
      if (performance.now() - sliceStart > EVALUATION_SLICE_MS) {
        await new Promise((done) => setImmediate(done));
        sliceStart = performance.now();
      }
      requirements[i] = e.requirement(ctx, i);
    }
    out.push(e.result(ctx, requirements));
  }
  return out;
}

/** A scorecard's evaluation per entity, one requirement at a time. */
interface EntityEvaluator {
  size: number;
  applies(ctx: CheckContext): boolean;
  requirement(ctx: CheckContext, i: number): RequirementOutcome;
  result(ctx: CheckContext, requirements: RequirementOutcome[]): EntityResult;
}

function entityEvaluator(scorecard: Scorecard, observations: ReadonlyMap<string, unknown>, deps: EvaluateDeps): EntityEvaluator {
  const waivers = indexWaivers(deps.waivers ?? [], scorecard.metadata.name);
  const name = scorecard.metadata.name;
  const evaluatedAt = deps.now.toISOString();
  const collected = observations.size > 0;
  const slots = scorecard.spec.requirements.map((req) => requirementSlot(req, deps.grading, name));
  const outcomeOf = (req: Requirement, r: ResolvedState): RequirementOutcome => ({
    id: req.id,
    state: r.state,
    message: r.message,
    evidence: r.evidence,
    observedAt: r.observedAt,
    graced: r.graced,
    points: pointsFor(r.state, scorecard.spec.warnCredit, r.graced),
    weight: req.weight,
  });
  return {
    size: slots.length,
    applies: (ctx) => appliesTo(scorecard.spec.appliesTo, ctx.entity, ctx),
    requirement(ctx, i) {
      const slot = slots[i];
      const req = slot.req;
      const outcome = slot.evaluate(ctx, collected ? observations.get(observationKey(name, req.id, ctx.ref)) : undefined);
      const waiver = waivers.size > 0 ? waivers.get(`${ctx.ref.toLowerCase()}|${req.id}`) : undefined;
      if (waiver || !slot.plain) return outcomeOf(req, resolveState(outcome, req, { now: deps.now, waiver }));
      if (Object.isFrozen(outcome)) {
        // A frozen outcome is shared by every entity that gets it (e.g. an expr check's pass):
        // its requirement outcome is built once per run and shared too, which spares the hot
        // path (10k entities × 30 requirements) its allocations.
        let ro = slot.shared.get(outcome);
        if (!ro) slot.shared.set(outcome, (ro = Object.freeze(outcomeOf(req, outcome))));
        return ro;
      }
      return outcomeOf(req, outcome);
    },
    result(ctx, requirements) {
      const score = scoreEntity(requirements, scorecard);
      return { scorecard: name, version: scorecard.version, entity: ctx.ref, ...score, evaluatedAt, requirements };
    },
  };
}

/** One requirement in one run: its evaluator, and the outcomes it shares across entities. */
interface RequirementSlot {
  req: Requirement;
  evaluate: Evaluator;
  /** No freshness or grace: outcomes pass through resolveState unchanged (unless waived). */
  plain: boolean;
  shared: Map<Outcome, RequirementOutcome>;
}

function requirementSlot(req: Requirement, grading: Grading, scorecard: string): RequirementSlot {
  return { req, evaluate: evaluatorFor(req, grading, scorecard), plain: !req.freshness && !req.enforceFrom, shared: new Map() };
}

type Evaluator = (ctx: CheckContext, observation: unknown) => Outcome;

const NOT_APPLICABLE: Outcome = Object.freeze({ state: 'n/a', message: 'does not apply to this entity' });

/** One requirement's evaluation, with everything that does not depend on the entity looked up once. */
function evaluatorFor(req: Requirement, grading: Grading, scorecard: string): Evaluator {
  const type = grading.checkTypes.get(req.check.type);
  if (!type) {
    const unknown: Outcome = Object.freeze({ state: 'error', message: `could not evaluate: unknown check type '${req.check.type}'` });
    return () => unknown;
  }
  const info = { scorecard, requirementId: req.id };
  const reads = type.reads?.(req.check, grading) ?? [];
  return (ctx, observation) => {
    if (req.appliesTo && !appliesTo(req.appliesTo, ctx.entity, ctx)) return NOT_APPLICABLE;
    if (observation instanceof CollectFailure) return { state: 'error', message: `could not collect: ${observation.message}` };
    const missing = ctx.unavailable ? reads.find((r) => ctx.unavailable![r]) : undefined;
    if (missing) return notHere(missing, ctx.unavailable![missing]);
    try {
      return type.evaluate(req.check, ctx, observation, grading, info);
    } catch (err) {
      return { state: 'error', message: `could not evaluate: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
}

const notHereCache = new Map<string, Outcome>();
/**
 * A check whose data is not available here (offline): not counted, never guessed, and marked
 * `offline` so the output lists it as not evaluated, with the reason.
 */
function notHere(provider: string, reason: string): Outcome {
  const key = `${provider}\u0000${reason}`;
  let o = notHereCache.get(key);
  if (!o) notHereCache.set(key, (o = Object.freeze({ state: 'n/a', message: `not evaluated offline: it needs \`${provider}\` (${reason})`, evidence: { offline: true, needs: provider } })));
  return o;
}

function indexWaivers(waivers: readonly Waiver[], scorecard: string): Map<string, Waiver> {
  const m = new Map<string, Waiver>();
  for (const w of waivers) if (w.scorecard === scorecard) m.set(`${w.entityRef.toLowerCase()}|${w.requirement}`, w);
  return m;
}

export interface CollectOptions {
  grading: Grading;
  /** Limit for one collect() batch; past it every item of the batch gets a CollectFailure. Default 60 s. */
  batchTimeoutMs?: number;
  /** Where an entity was loaded from, for relative annotation paths. */
  entityFile?: (ref: string) => string | undefined;
}

/** Calls each check type's collect() once for all (entity, requirement) items of this scorecard. */
export async function collectObservations(scorecard: Scorecard, contexts: readonly CheckContext[], deps: CollectDeps, opts: CollectOptions): Promise<Map<string, unknown>> {
  const types = opts.grading.checkTypes;
  const batches = new Map<CheckType, CollectItem<unknown>[]>();
  for (const ctx of contexts) {
    if (!appliesTo(scorecard.spec.appliesTo, ctx.entity, ctx)) continue;
    for (const req of scorecard.spec.requirements) {
      const type = types.get(req.check.type);
      if (!type?.collect || (req.appliesTo && !appliesTo(req.appliesTo, ctx.entity, ctx))) continue;
      const item = { key: observationKey(scorecard.metadata.name, req.id, ctx.ref), ctx, config: req.check, entityFile: opts.entityFile?.(ctx.ref) };
      const batch = batches.get(type) ?? [];
      if (batch.length === 0) batches.set(type, batch);
      batch.push(item);
    }
  }
  const observations = new Map<string, unknown>();
  const runs = [...batches].map(([type, items]) => runBatch(type, items, deps, opts, observations));
  await Promise.all(runs);
  return observations;
}

async function runBatch(type: CheckType, items: CollectItem<unknown>[], deps: CollectDeps, opts: CollectOptions, into: Map<string, unknown>): Promise<void> {
  const timeoutMs = opts.batchTimeoutMs ?? 60_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`'${type.type}' collector timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const got = await Promise.race([Promise.resolve().then(() => type.collect!(items, deps, opts.grading)), timeout]);
    const keys = new Set(items.map((i) => i.key));
    for (const [k, v] of got) if (keys.has(k)) into.set(k, v);
  } catch (err) {
    const failure = new CollectFailure(err instanceof Error ? err.message : String(err));
    for (const i of items) into.set(i.key, failure);
  } finally {
    clearTimeout(timer);
  }
}
