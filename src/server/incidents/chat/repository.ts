// The SQL of chat requests: the signatures seen, so a replayed request is refused.
import type { Db } from '../../platform/db/connect.ts';

/** True when the signature is new (stored now); false when it was seen before: a replay. */
export async function rememberSignature(db: Db, signature: string, at: string): Promise<boolean> {
  const r = await db.insertInto('incident_chat_requests').values({ signature, seen_at: at }).onConflict((oc) => oc.column('signature').doNothing()).returning('signature').execute();
  return r.length === 1;
}

export async function pruneChatRequests(db: Db, before: string): Promise<number> {
  const r = await db.deleteFrom('incident_chat_requests').where('seen_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
