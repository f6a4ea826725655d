// Reading the change database: lists with cursors, one change, the UI's timeline, and the
// dependency expansion (an entity with everything it needs, transitively, from the graph).
import type { Change } from '../../common/changes.ts';
import type { Db } from '../platform/db/connect.ts';
import type { DependencyGraph } from '../graph/index.ts';
import { currentAnalysis } from '../graph/index.ts';
import type { DependencyRule } from '../graph/index.ts';
import { InputError, NotFoundError } from '../platform/problems.ts';
import { findChangeRows, getChangeRow, type ChangeFilter } from './repository.ts';
import { getRevertAttempt } from './revert/repository.ts';
import { presentChange } from './rows.ts';

/** Breadth-first along runtime "needs" edges: ref → hops (the entity itself 0). */
export function dependencyDistances(graph: DependencyGraph, entity: string, maxNodes = 1000): Map<string, number> {
  const distances = new Map<string, number>([[entity, 0]]);
  if (!graph.hasNode(entity)) return distances;
  const queue = [entity];
  for (let head = 0; head < queue.length && distances.size < maxNodes; head++) {
    const node = queue[head];
    const d = distances.get(node)!;
    graph.forEachOutEdge(node, (_e, attrs, _source, target) => {
      if (attrs.runtime === false || distances.has(target)) return;
      distances.set(target, d + 1);
      queue.push(target);
    });
  }
  return distances;
}

export async function entityWithDependencies(db: Db, rules: DependencyRule[], entity: string): Promise<Map<string, number>> {
  const { graph } = await currentAnalysis(db, rules);
  return dependencyDistances(graph, entity);
}

export interface ListQuery extends Omit<ChangeFilter, 'entities'> {
  entity?: string;
  withDependencies?: boolean;
  limit: number;
  cursor?: string;
}

export async function listChanges(db: Db, rules: DependencyRule[], q: ListQuery): Promise<{ items: Change[]; nextCursor: string | null; entities?: string[] }> {
  const { entity, withDependencies, limit, cursor, ...filter } = q;
  const entities = entity ? (withDependencies ? [...(await entityWithDependencies(db, rules, entity)).keys()] : [entity]) : undefined;
  const rows = await findChangeRows(db, { ...filter, entities }, { limit: limit + 1, after: cursor ? decodeCursor(cursor) : undefined });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor(last.started_at, last.id) : null;
  return { items: page.map(presentChange), nextCursor, ...(withDependencies && entities ? { entities } : {}) };
}

export async function getChange(db: Db, id: string) {
  const row = await getChangeRow(db, id);
  if (!row) throw new NotFoundError(`no change with id ${id}`);
  const attempt = await getRevertAttempt(db, id);
  const revertAttempt = attempt
    ? {
        state: attempt.state,
        attempts: attempt.attempts,
        by: attempt.by,
        reason: attempt.reason,
        startedAt: attempt.started_at,
        finishedAt: attempt.finished_at,
        result: attempt.response ? JSON.parse(attempt.response) : null,
        revertChangeId: attempt.revert_change_id,
      }
    : null;
  return { ...presentChange(row), revertAttempt };
}

function encodeCursor(startedAt: string, id: string): string {
  return Buffer.from(JSON.stringify([startedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: string; id: string } {
  try {
    const [startedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof startedAt === 'string' && typeof id === 'string') return { startedAt, id };
  } catch {
    // fall through
  }
  throw InputError.fromProblems('invalid cursor', [{ severity: 'error', field: 'querystring.cursor', message: 'is not a cursor this server gave out' }]);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const TIMELINE_MAX_CHANGES = 2000;

export interface Timeline {
  from: string;
  to: string;
  bucket: 'hour' | 'day';
  buckets: { start: string; total: number; byKind: Record<string, number> }[];
  changes: Change[];
  /** More than TIMELINE_MAX_CHANGES changes in the range: counts and changes cover the newest only. */
  truncated: boolean;
}

/** Hour buckets up to two days, day buckets beyond; every bucket present, empty ones with 0. */
export async function changeTimeline(db: Db, rules: DependencyRule[], q: { from: Date; to: Date; entity?: string; withDependencies?: boolean }): Promise<Timeline> {
  if (q.to <= q.from) throw InputError.fromProblems('invalid range', [{ severity: 'error', field: 'querystring.to', message: 'must be after from' }]);
  const size = q.to.getTime() - q.from.getTime() <= 2 * DAY ? HOUR : DAY;
  const list = await listChanges(db, rules, { from: q.from.toISOString(), to: q.to.toISOString(), entity: q.entity, withDependencies: q.withDependencies, limit: TIMELINE_MAX_CHANGES });
  const first = Math.floor(q.from.getTime() / size) * size;
  const buckets: Timeline['buckets'] = [];
  for (let t = first; t < q.to.getTime(); t += size) buckets.push({ start: new Date(t).toISOString(), total: 0, byKind: {} });
  for (const c of list.items) {
    const b = buckets[Math.floor((Date.parse(c.startedAt) - first) / size)];
    if (!b) continue;
    b.total += 1;
    b.byKind[c.kind] = (b.byKind[c.kind] ?? 0) + 1;
  }
  return { from: q.from.toISOString(), to: q.to.toISOString(), bucket: size === HOUR ? 'hour' : 'day', buckets, changes: list.items, truncated: list.nextCursor !== null };
}
