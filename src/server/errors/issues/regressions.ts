// A resolved issue seen again is a regression: its owners hear of it through the notification
// outbox (their team's channels, as for grade changes), in the transaction that reopened it.
import { catalogSnapshot } from '../../catalog/index.ts';
import { enqueueMessage, teamTargets } from '../../notifications/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';
import type { Regression } from '../ingest/store.ts';

export async function announceRegressions(tx: Db, config: Config, regressions: readonly Regression[], now: Date): Promise<number> {
  const catalog = await catalogSnapshot(tx);
  let rows = 0;
  for (const r of regressions) {
    const owner = catalog.byRef.get(r.entity)?.owner;
    const group = owner ? catalog.byRef.get(owner) : undefined;
    const targets = teamTargets(config, (group?.entity.metadata.annotations as Record<string, string> | undefined) ?? {});
    if (targets.length === 0) continue;
    rows += await enqueueMessage(
      tx,
      {
        id: `error-regression:${r.issueId}|${r.at}`,
        title: `Regression in ${r.entity}: ${r.title}`,
        details: `A resolved issue is back${r.release ? ` in release ${r.release}` : ''} (seen ${r.at}); it is unresolved again.`,
        url: `${config.server.publicUrl.replace(/\/$/, '')}/errors/issues/${r.issueId}`,
        occurredAt: r.at,
        source: `error-issue:${r.issueId}`,
        entity: r.entity,
        ...(owner ? { team: owner } : {}),
      },
      targets,
      now,
    );
  }
  return rows;
}
