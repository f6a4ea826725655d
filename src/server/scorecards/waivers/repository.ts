// SQL for what evaluation reads besides the catalog: attestations for manual checks, and
// waivers (only approved, unexpired ones count).
import type { Db } from '../../platform/db/connect.ts';
import type { Attestation } from './manual.ts';
import type { Waiver } from '../evaluation/scoring.ts';

const CHUNK = 500;

async function byEntities<T>(entities: readonly string[] | undefined, run: (chunk?: string[]) => Promise<T[]>): Promise<T[]> {
  if (!entities) return run();
  const out: T[] = [];
  for (let i = 0; i < entities.length; i += CHUNK) out.push(...(await run(entities.slice(i, i + CHUNK))));
  return out;
}

export async function attestationsByEntity(db: Db, entities?: readonly string[]): Promise<Map<string, Record<string, Attestation>>> {
  const rows = await byEntities(entities, (chunk) => {
    const q = db.selectFrom('attestations').selectAll();
    return (chunk ? q.where('entity', 'in', chunk) : q).execute();
  });
  const out = new Map<string, Record<string, Attestation>>();
  for (const r of rows) {
    const m = out.get(r.entity) ?? {};
    if (!out.has(r.entity)) out.set(r.entity, m);
    m[`${r.scorecard}/${r.requirement}`] = { by: r.attested_by, at: r.attested_at, expiresAt: r.expires_at, passed: !!Number(r.passed), ...(r.note ? { note: r.note } : {}) };
  }
  return out;
}

/** Approved waivers that have not expired at `now`; an expired one stops counting by itself. */
export async function activeWaivers(db: Db, now: Date, scorecard?: string): Promise<Waiver[]> {
  let q = db.selectFrom('waivers').selectAll().where('status', '=', 'approved').where('expires_at', '>', now.toISOString());
  if (scorecard) q = q.where('scorecard', '=', scorecard);
  const rows = await q.execute();
  return rows.map((w) => ({ entityRef: w.entity, scorecard: w.scorecard, requirement: w.requirement, approved: true, expiresAt: w.expires_at, by: w.decided_by ?? undefined, reason: w.reason }));
}
