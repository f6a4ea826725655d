// Domain events through the outbox. A domain publishes "something happened" (`grade.changed`,
// `hackday.finished`, `change.recorded`) in the same transaction as the change itself; each
// handler a module subscribes gets its own delivery row, and the `events-dispatch` job runs the
// handler inside a transaction that also marks the row done — so a handler's writes happen once
// per event, whatever crashes in between. Domains never call each other's notifiers.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { EventDeliveryRow } from '../db/tables.ts';

export interface DomainEvent<P = Record<string, unknown>> {
  type: string;
  /** Publishing the same key twice stores the event once (e.g. `grade.changed|sc|ref|at`). */
  key?: string;
  payload: P;
}

export interface StoredEvent<P = Record<string, unknown>> extends DomainEvent<P> {
  id: string;
  createdAt: string;
}

/** What a handler receives besides the event: the transaction to write in, and the time. */
export interface EventContext {
  db: Db;
  now: Date;
  config: Config;
}

export interface EventHandler {
  /** The event type it handles. */
  event: string;
  /** Unique per handler, e.g. `notifications.grade-changed`; its progress is stored under it. */
  name: string;
  handle(ctx: EventContext, event: StoredEvent): Promise<void>;
}

export interface EventBus {
  /** Stores events and a delivery row for each subscribed handler; call inside the writer's transaction. */
  publish(db: Db, events: readonly DomainEvent[], now: Date): Promise<void>;
  readonly handlers: readonly EventHandler[];
}

const CHUNK = 200;
export const MAX_EVENT_ATTEMPTS = 8;
const retryDelayMs = (attempt: number) => Math.min(3_600_000, 5_000 * 2 ** (attempt - 1));

export function createEventBus(handlers: readonly EventHandler[]): EventBus {
  const names = new Set<string>();
  for (const h of handlers) {
    if (names.has(h.name)) throw new Error(`event handler ${h.name} is declared twice`);
    names.add(h.name);
  }
  const byType = new Map<string, EventHandler[]>();
  for (const h of handlers) byType.set(h.event, [...(byType.get(h.event) ?? []), h]);
  return {
    handlers,
    async publish(db, events, now) {
      const at = now.toISOString();
      const rows = events.map((e) => ({ id: randomUUID(), type: e.type, key: e.key ?? null, payload: JSON.stringify(e.payload), created_at: at }));
      for (let i = 0; i < rows.length; i += CHUNK) {
        const chunk = rows.slice(i, i + CHUNK);
        const inserted = await db.insertInto('events').values(chunk).onConflict((oc) => oc.column('key').doNothing()).returning('id').execute();
        const stored = new Set(inserted.map((r) => r.id));
        const deliveries: EventDeliveryRow[] = chunk
          .filter((r) => stored.has(r.id))
          .flatMap((r) => (byType.get(r.type) ?? []).map((h) => ({ event_id: r.id, handler: h.name, status: 'pending', attempts: 0, next_attempt_at: at, last_error: null, updated_at: at })));
        if (deliveries.length) await db.insertInto('event_deliveries').values(deliveries).execute();
      }
    },
  };
}

export interface DispatchDeps {
  db: Db;
  config: Config;
  clock: () => Date;
  log: Pick<Logger, 'warn' | 'error'>;
  events: EventBus;
}

/** Runs every due delivery once (up to `limit` per handler); returns how many ran, and failed. */
export async function dispatchEvents(deps: DispatchDeps, limit = 200): Promise<{ done: number; failed: number }> {
  let done = 0;
  let failed = 0;
  for (const handler of deps.events.handlers) {
    const now = deps.clock().toISOString();
    const due = await deps.db
      .selectFrom('event_deliveries as d')
      .innerJoin('events as e', 'e.id', 'd.event_id')
      .select(['e.id', 'e.type', 'e.key', 'e.payload', 'e.created_at', 'd.attempts'])
      .where('d.handler', '=', handler.name)
      .where('d.status', '=', 'pending')
      .where('d.next_attempt_at', '<=', now)
      .orderBy('e.created_at')
      .orderBy('e.id')
      .limit(limit)
      .execute();
    for (const row of due) {
      const ok = await runOne(deps, handler, row);
      if (ok) done++;
      else failed++;
    }
  }
  return { done, failed };
}

type DueRow = { id: string; type: string; key: string | null; payload: string; created_at: string; attempts: number };

async function runOne(deps: DispatchDeps, handler: EventHandler, row: DueRow): Promise<boolean> {
  const event: StoredEvent = { id: row.id, type: row.type, key: row.key ?? undefined, payload: JSON.parse(row.payload), createdAt: row.created_at };
  try {
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock();
      // Claiming inside the transaction: a second dispatcher waits on the row and then finds it done.
      const claimed = await tx
        .updateTable('event_deliveries')
        .set({ status: 'done', attempts: row.attempts + 1, updated_at: now.toISOString(), last_error: null })
        .where('event_id', '=', row.id)
        .where('handler', '=', handler.name)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) === 0) return;
      await handler.handle({ db: tx, now, config: deps.config }, event);
    });
    return true;
  } catch (err) {
    const attempts = row.attempts + 1;
    const final = attempts >= MAX_EVENT_ATTEMPTS;
    const now = deps.clock();
    await deps.db
      .updateTable('event_deliveries')
      .set({ status: final ? 'failed' : 'pending', attempts, next_attempt_at: new Date(now.getTime() + retryDelayMs(attempts)).toISOString(), last_error: (err as Error).message ?? String(err), updated_at: now.toISOString() })
      .where('event_id', '=', row.id)
      .where('handler', '=', handler.name)
      .execute();
    deps.log[final ? 'error' : 'warn']({ err, event: row.type, handler: handler.name, attempts }, final ? 'event handler failed for good' : 'event handler failed; will retry');
    return false;
  }
}

/** Deletes events (and their deliveries) older than `before` whose handlers are all finished. */
export async function pruneEvents(db: Db, before: Date): Promise<number> {
  const cutoff = before.toISOString();
  const open = db.selectFrom('event_deliveries').select('event_id').where('status', '=', 'pending');
  const old = await db.selectFrom('events').select('id').where('created_at', '<', cutoff).where('id', 'not in', open).limit(5000).execute();
  const ids = old.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await db.deleteFrom('event_deliveries').where('event_id', 'in', chunk).execute();
    await db.deleteFrom('events').where('id', 'in', chunk).execute();
  }
  return ids.length;
}
