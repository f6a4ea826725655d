// API tokens: shown once at creation, stored only as a SHA-256 hash.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { ConflictError, InputError, NotAllowedError, UnauthenticatedError } from '../problems.ts';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  name: string;
  role: Role;
}

export const ANONYMOUS: Principal = { name: 'anonymous', role: 'viewer' };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** How often a token's last use is written (a busy token would otherwise write on every request). */
export const LAST_USED_EVERY_MS = 60_000;

export async function createToken(db: Db, input: { name: string; role: string; expiresAt?: Date }, now: Date): Promise<{ id: string; token: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,62}$/.test(input.name)) throw new InputError('--name: use 1-63 letters, digits, . _ @ or -');
  if (!isRole(input.role)) throw new InputError(`--role: must be one of ${ROLES.join(', ')}`);
  if (input.expiresAt && !(input.expiresAt.getTime() > now.getTime())) throw new InputError('--expires: must be in the future');
  const existing = await db.selectFrom('api_tokens').select('id').where('name', '=', input.name).executeTakeFirst();
  if (existing) throw new ConflictError(`a token named "${input.name}" already exists`);
  const token = `tly_${randomBytes(24).toString('base64url')}`;
  const id = randomUUID();
  await db
    .insertInto('api_tokens')
    .values({ id, name: input.name, role: input.role, hash: hashToken(token), created_at: now.toISOString(), revoked_at: null, expires_at: input.expiresAt?.toISOString() ?? null, last_used_at: null })
    .execute();
  return { id, token };
}

/** The principal a bearer token stands for, or undefined when unknown, revoked or expired. Records its use. */
export async function principalForToken(db: Db, token: string, now: Date): Promise<Principal | undefined> {
  const at = now.toISOString();
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'last_used_at'])
    .where('hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]))
    .executeTakeFirst();
  if (!row || !isRole(row.role)) return undefined;
  if (!row.last_used_at || Date.parse(row.last_used_at) <= now.getTime() - LAST_USED_EVERY_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', row.id).execute();
  }
  return { name: row.name, role: row.role };
}

export async function revokeToken(db: Db, name: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now.toISOString() }).where('name', '=', name).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function listTokens(db: Db) {
  return db.selectFrom('api_tokens').select(['id', 'name', 'role', 'created_at', 'revoked_at', 'expires_at', 'last_used_at']).orderBy('name').execute();
}

/** Throws unless `who` holds at least `role`. `who` undefined means no token was given. */
export function requireRole(who: Principal | undefined, role: Role): Principal {
  if (!who) throw new UnauthenticatedError(`this needs an API token with the ${role} role (Authorization: Bearer …)`);
  if (ROLES.indexOf(who.role) < ROLES.indexOf(role)) throw new NotAllowedError(`this needs the ${role} role; token "${who.name}" has ${who.role}`);
  return who;
}
