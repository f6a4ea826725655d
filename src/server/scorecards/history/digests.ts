// Result digests: one hash per (scorecard, entity) of the entity's open requirement results
// (table result_digests, migration 0006). A run reads the digests instead of every open
// result and compares in full only the entities whose digest differs or is missing. Derived
// data, updated in place in the run's transaction; an empty digest never matches.
import { createHash } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';
import { insertRows, whereTuplesIn } from '../../platform/db/bulk.ts';

/** The stored form of one requirement result (what history compares). */
export interface StoredResult {
  state: string;
  message: string;
  evidence: string | null;
  version: string;
  graced: number;
}

/** Per-run memo of long strings' hashes: messages repeat across entities (shared outcomes). */
export type DigestMemo = Map<string, string>;

const sha1 = (text: string): string => createHash('sha1').update(text).digest('base64');

/** A field as an injective token: short text verbatim with its length, long text by its hash. */
function token(text: string, memo: DigestMemo): string {
  let h = memo.get(text);
  if (h === undefined) memo.set(text, (h = text.length <= 24 ? `${text.length}:${text}` : `#${sha1(text)}`));
  return h;
}

/** One result's injective encoding (length-prefixed fields; long fields by their own sha1). */
export function digestPart(id: string, s: StoredResult, memo: DigestMemo): string {
  const ev = s.evidence === null ? '-' : token(s.evidence, memo);
  return token(id, memo) + token(s.state, memo) + token(s.message, memo) + ev + token(s.version, memo) + (s.graced ? '1' : '0');
}

/**
 * sha1 over the results' parts in the given order. The same content in another order gives
 * another digest: that only costs a full comparison.
 */
export function resultsDigest(parts: readonly string[]): string {
  // One flat join (not a rope of concatenations): hashing a flat string is several times faster.
  return sha1(parts.join(';'));
}

/** Digests by entity: of the whole scorecard, or of `entities` only. */
export async function loadDigests(db: Db, scorecard: string, entities?: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const base = () => db.selectFrom('result_digests').select(['entity', 'digest']).where('scorecard', '=', scorecard);
  if (!entities) {
    for (const r of await base().execute()) out.set(r.entity, r.digest);
    return out;
  }
  for (let i = 0; i < entities.length; i += 500) {
    for (const r of await base().where('entity', 'in', entities.slice(i, i + 500)).execute()) out.set(r.entity, r.digest);
  }
  return out;
}

/** Upserts `digests` ([entity, digest] pairs) and deletes those of `gone` entities. */
export async function writeDigests(db: Db, scorecard: string, digests: readonly [string, string][], gone: readonly string[], at: string): Promise<void> {
  await insertRows(db, 'result_digests', ['entity', 'digest'], digests as unknown as unknown[][], {
    constants: { scorecard, updated_at: at },
    onConflict: 'on conflict (scorecard, entity) do update set digest = excluded.digest, updated_at = excluded.updated_at',
  });
  if (gone.length) await whereTuplesIn(db, (p) => `delete from result_digests where scorecard = ${p(1)}`, [scorecard], ['entity'], gone.map((e) => [e]));
}
