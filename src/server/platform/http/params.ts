// Parameters every domain's routes share, each with its bound: entity refs as users type them,
// instants, time ranges with a maximum length, page sizes and opaque cursors. Over a bound is a
// 400 that names the parameter and the limit — never a slow or huge answer.
import { z } from 'zod';
import { instantSchema } from '../../../common/instant.ts';
import { normalizeRef } from '../../../common/refs.ts';
import { InputError, problem } from '../problems.ts';

const DAY_MS = 86_400_000;

/** Resolves a ref as a user types it (`checkout`, `group:payments`) with the given default kind. */
export function refParam(ref: string, field: string, defaultKind?: string): string {
  const full = normalizeRef(ref, { defaultKind });
  if (!full) throw new InputError(`${field}: "${ref}" is not an entity reference ([kind:][namespace/]name)`, [{ severity: 'error', field, message: 'not an entity reference' }]);
  return full;
}

/** An RFC 3339 instant with a zone (or a date alone), as ISO UTC text. */
export const instantParam = instantSchema;

/** A page size: 1..max, `fallback` when absent. */
export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback).describe(`page size, at most ${max}`);

/** An opaque cursor returned by the same endpoint as `nextCursor`. */
export const cursorParam = z.string().max(500).optional().describe('nextCursor of the previous page');

/**
 * `from`/`to` query parameters as a range: `to` defaults to now, `from` to `to - defaultDays`;
 * `from` must be before `to`, and the range at most `maxDays` long.
 */
export function timeRange(q: { from?: string; to?: string }, opts: { now: Date; defaultDays: number; maxDays: number }): { from: Date; to: Date } {
  const to = q.to ? new Date(q.to) : opts.now;
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - opts.defaultDays * DAY_MS);
  if (from >= to) throw InputError.fromProblems('invalid range', [problem('must be before `to`', { field: 'querystring.from' })]);
  if (to.getTime() - from.getTime() > opts.maxDays * DAY_MS) {
    throw InputError.fromProblems('range too long', [problem(`the range from \`from\` to \`to\` may be at most ${opts.maxDays} days`, { field: 'querystring.from' })]);
  }
  return { from, to };
}

/** Encodes a keyset position (e.g. `[startedAt, id]`) as an opaque cursor. */
export const encodeCursor = (position: readonly (string | number)[]): string => Buffer.from(JSON.stringify(position)).toString('base64url');

/** Decodes a cursor made by encodeCursor; a 400 naming `querystring.cursor` otherwise. */
export function decodeCursor(cursor: string, width: number): (string | number)[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === width && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    // fall through: not ours
  }
  throw InputError.fromProblems('invalid cursor', [problem('not a cursor returned by this API', { field: 'querystring.cursor' })]);
}

/** Rows fetched with `limit + 1`: the page and the cursor of the next one (null on the last page). */
export function pageOf<T>(rows: readonly T[], limit: number, position: (row: T) => (string | number)[]): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: rows.length > limit ? encodeCursor(position(page[page.length - 1])) : null };
}

/** A cursor of `[time, id]` pages newest first. */
export const timeIdCursor = (cursor: string | undefined): [string, string] | undefined => (cursor ? (decodeCursor(cursor, 2) as [string, string]) : undefined);
