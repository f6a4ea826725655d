// Seeding a scorecard's history, for a demo that should show trends, "most improved" and "why
// did the grade change" on its first start. It walks the same steps as an evaluation run with
// the clock set to each past instant — the inputs as of that instant (every context provider
// loaded with `now` = the instant: change statistics count the changes before it), the pure
// evaluator, persistResults — so the intervals are exactly what real runs would have written.
// Observations (status probes, git) are collected once, today. What the data cannot know about
// the past is the caller's script: how each entity looked then, and which rubric was in force.
import type { CheckContext } from '../../checks/index.ts';
import type { Db } from '../../platform/db/connect.ts';
import { parseScorecard, type Scorecard } from '../document/document.ts';
import { collectObservations, evaluateScorecard } from '../evaluation/evaluate.ts';
import { collectDepsFrom, type RunDeps } from '../evaluation/run.ts';
import { loadEvaluationInputs } from '../evaluation/run-inputs.ts';
import { loadScorecards } from '../repository.ts';
import { persistResults } from './history.ts';

/** A made-up past for one scorecard. */
export interface HistoryScript {
  /** The instants to grade at, oldest first, all before now. */
  instants: readonly Date[];
  /** How an entity looked at `at`, from how it looks now (undo what happened since); the same object when nothing differs. */
  contextAt(ctx: CheckContext, at: Date): CheckContext;
  /** The scorecard document in force at `at`, from today's document; undefined = today's. */
  rubricAt?(body: Record<string, unknown>, at: Date): Record<string, unknown> | undefined;
}

export interface SeedSummary {
  /** False when the scorecard already had history (or does not exist): nothing was written. */
  seeded: boolean;
  instants: number;
  /** Grade intervals opened, changed or closed over the whole past. */
  gradeChanges: number;
  /** The rubric versions used, oldest first. */
  versions: string[];
}

/** True when the scorecard has any grade interval, open or closed. */
export async function hasHistory(db: Db, scorecard: string): Promise<boolean> {
  const open = await db.selectFrom('grade_current').select('entity').where('scorecard', '=', scorecard).limit(1).executeTakeFirst();
  if (open) return true;
  return (await db.selectFrom('grade_closed').select('entity').where('scorecard', '=', scorecard).limit(1).executeTakeFirst()) !== undefined;
}

/**
 * Writes the history of `name` at each of the script's instants, in one transaction, only into an
 * empty history: a restart (or a second process) finds rows and writes nothing. Rubric versions
 * other than today's are stored in scorecard_versions, and every version's first_seen_at is the
 * first instant it graded, so a why-diff can tell "the rubric changed" from "the service changed".
 */
export async function seedHistory(deps: RunDeps, name: string, script: HistoryScript): Promise<SeedSummary> {
  const none: SeedSummary = { seeded: false, instants: 0, gradeChanges: 0, versions: [] };
  const [stored] = await loadScorecards(deps.db, deps.grading, [name]);
  if (!stored || script.instants.length === 0 || (await hasHistory(deps.db, name))) return none;
  const today = stored.scorecard;
  const now = await loadEvaluationInputs(deps.db, deps.config, deps.grading.providers, deps.clock());
  const observations = await collectObservations(today, now.contexts, collectDepsFrom(deps), { grading: deps.grading, batchTimeoutMs: deps.config.checks.batchTimeoutMs, entityFile: now.entityFile });
  const rubricAt = rubrics(deps, today, JSON.parse(stored.row.spec) as Record<string, unknown>, script);
  return deps.db.transaction().execute(async (tx) => {
    if (await hasHistory(tx, name)) return none;
    const firstUse = new Map<string, { at: Date; body: unknown }>();
    let gradeChanges = 0;
    for (const at of script.instants) {
      const { rubric, body } = rubricAt(at);
      if (!firstUse.has(rubric.version)) firstUse.set(rubric.version, { at, body });
      const inputs = await loadEvaluationInputs(tx, deps.config, deps.grading.providers, at);
      const contexts = inputs.contexts.map((c) => script.contextAt(c, at));
      const results = evaluateScorecard(rubric, contexts, observations, { now: at, grading: deps.grading });
      gradeChanges += (await persistResults(tx, name, results, {}, at)).gradeChanges.length;
    }
    for (const [version, { at, body }] of firstUse) await recordVersion(tx, name, version, body, at);
    return { seeded: true, instants: script.instants.length, gradeChanges, versions: [...firstUse.keys()] };
  });
}

/** The script's rubric at an instant (and its document), parsed once per distinct document. */
function rubrics(deps: RunDeps, today: Scorecard, body: Record<string, unknown>, script: HistoryScript): (at: Date) => { rubric: Scorecard; body: unknown } {
  const parsed = new Map<string, Scorecard>();
  return (at) => {
    const then = script.rubricAt?.(body, at);
    if (!then) return { rubric: today, body };
    const key = JSON.stringify(then);
    let sc = parsed.get(key);
    if (!sc) {
      const r = parseScorecard(then, {}, { fromApi: false, grading: deps.grading });
      if (!r.scorecard) throw new Error(`the history script's rubric at ${at.toISOString()} is invalid: ${r.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
      parsed.set(key, (sc = r.scorecard));
    }
    return { rubric: sc, body: then };
  };
}

/** Stores a version (its document, as scorecard_versions keeps every version) and moves its first_seen_at back to its first use. */
async function recordVersion(db: Db, name: string, version: string, body: unknown, at: Date): Promise<void> {
  const firstSeen = at.toISOString();
  await db.insertInto('scorecard_versions').values({ name, version, spec: JSON.stringify(body), first_seen_at: firstSeen }).onConflict((oc) => oc.columns(['name', 'version']).doNothing()).execute();
  await db.updateTable('scorecard_versions').set({ first_seen_at: firstSeen }).where('name', '=', name).where('version', '=', version).where('first_seen_at', '>', firstSeen).execute();
}
