// What every incident write needs: the transaction, the configuration, the time, who acts, and
// the event bus (to publish in the same transaction). Opened at the edge (route, command, job).
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { EventBus } from '../../platform/events/events.ts';

export interface WriteCtx {
  db: Db;
  config: Config;
  now: Date;
  /** Who acts: a token's name, a chat user (`slack:alice`), or `tally` for jobs. */
  actor: string;
  events: EventBus;
}

/** `incident.declared` `{ id, number, severity, services, drill }`. */
export const INCIDENT_DECLARED = 'incident.declared';
/** `incident.resolved` `{ id, number, severity, services, impactStartedAt, resolvedAt, drill }`. */
export const INCIDENT_RESOLVED = 'incident.resolved';
