// The notifications outbox (migrations 0003 and 0010_notification_sources): one row per (event, target), delivered by a job.
export interface NotificationRow {
  id: string;
  /** Unique: the same event to the same target is stored once, however often it is enqueued. */
  idempotency_key: string;
  /** JSON NotificationEvent. */
  event: string;
  target_kind: string;
  target_url: string;
  /** pending | delivered | failed */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /** The delivery run holding the row, until `claimed_until`. */
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  last_status: number | null;
  created_at: string;
  delivered_at: string | null;
  /** The sender of a message (`incident:<id>`), to read its deliveries back; migration 0010_notification_sources. */
  source?: string | null;
}

export interface NotificationTables {
  notifications: NotificationRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends NotificationTables {}
}
