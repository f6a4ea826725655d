// Debug-blob keys per entity: made on first use, rotated on request (the old ones stay, to decrypt).
import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/connect.ts';
import { NotFoundError } from '../../platform/problems.ts';
import type { ErrorDebugKeyRow } from '../tables.ts';
import { blobKeyId, decryptDebugBlob, type DebugData } from './blob.ts';

export async function currentKey(db: Db, entity: string): Promise<ErrorDebugKeyRow | undefined> {
  return db.selectFrom('error_debug_keys').selectAll().where('entity', '=', entity).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** A new key for the entity; it encrypts from now on (made strictly after the current one, even within one millisecond or a fixed clock). */
export async function rotateDebugKey(db: Db, entity: string, now: Date): Promise<ErrorDebugKeyRow> {
  const latest = await currentKey(db, entity);
  const after = latest ? Date.parse(latest.created_at) + 1 : 0;
  const row = { id: randomBytes(6).toString('hex'), entity, secret: randomBytes(32).toString('base64url'), created_at: new Date(Math.max(now.getTime(), after)).toISOString() };
  await db.insertInto('error_debug_keys').values(row).execute();
  return row;
}

export async function decryptWithStoredKey(db: Db, blob: string): Promise<{ entity: string; keyId: string; data: DebugData }> {
  const keyId = blobKeyId(blob);
  const key = await db.selectFrom('error_debug_keys').selectAll().where('id', '=', keyId).executeTakeFirst();
  if (!key) throw new NotFoundError(`no debug key "${keyId}": the blob was made elsewhere, or its key was deleted`);
  return { entity: key.entity, keyId, data: decryptDebugBlob(blob, Buffer.from(key.secret, 'base64url')) };
}
