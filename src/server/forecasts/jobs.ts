// The `forecasts-warn` job: every hour, each resource whose pessimistic exhaustion date falls
// within its lead time + safety margin is announced once to its owning team (the Group's
// channels, else the defaults) and to SRE, through the notification outbox. A date that moves
// earlier by a day or more is announced again; a resource no longer flagged is forgotten.
import { catalogSnapshot } from '../catalog/index.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { enqueueMessage, sreTargets, teamTargets } from '../notifications/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { DAY_MS } from './exhaustion.ts';
import { forecastList } from './read.ts';
import { clearWarning, recordWarning, warningSent } from './repository.ts';

export async function warnExhaustion(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): Promise<number> {
  const now = deps.clock();
  const { items } = await forecastList(deps, now);
  const catalog = await catalogSnapshot(deps.db);
  let sent = 0;
  for (const f of items) {
    if (f.status !== 'flagged' || !f.pessimisticAt) {
      await clearWarning(deps.db, f.ref);
      continue;
    }
    const previous = await warningSent(deps.db, f.ref);
    if (previous && Date.parse(previous) - Date.parse(f.pessimisticAt) < DAY_MS) continue;
    const group = f.owner ? catalog.byRef.get(f.owner) : undefined;
    const targets = [...teamTargets(deps.config, (group?.entity.metadata.annotations ?? {}) as Record<string, string>), ...sreTargets(deps.config)];
    const days = f.daysLeft === null ? '' : ` (in ${Math.round(f.daysLeft)} days)`;
    await deps.db.transaction().execute(async (tx) => {
      await enqueueMessage(tx, {
        id: `forecast:${f.ref}:${f.pessimisticAt!.slice(0, 10)}`,
        title: `${f.title} may be full by ${f.pessimisticAt!.slice(0, 10)}${days}, within its ${f.leadTimeDays}-day lead time`,
        details: `${f.why}. Order capacity now.`,
        url: `${deps.config.server.publicUrl.replace(/\/$/, '')}/forecasts/resource?ref=${encodeURIComponent(f.ref)}`,
        occurredAt: now.toISOString(),
        source: `forecast:${f.ref}`,
        entity: f.ref,
        ...(f.owner ? { team: f.owner } : {}),
      }, targets, now);
      await recordWarning(tx, f.ref, f.pessimisticAt!, now);
    });
    sent++;
  }
  return sent;
}

export function forecastJobs(): Job[] {
  return [{ name: 'forecasts-warn', everyMs: 3_600_000, run: async (deps) => void (await warnExhaustion(deps)) }];
}
