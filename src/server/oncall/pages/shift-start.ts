// The shift-start page: when a shift begins, the incoming person is paged "your on-call shift
// has started" and must ACK it; unACKed after oncall.shiftStartAckMinutes it escalates to the
// outgoing person, then to the policy's next levels. Once per shift (its dedup key names the
// rotation and the start), looking back a little so a job that ran late still pages.
import type { AppDeps } from '../../platform/deps.ts';
import { readModels } from '../read-models.ts';
import { onCallAt, shiftsBetween } from '../rotation/schedule.ts';
import { apiOverrides } from '../rotation/store.ts';
import { openPage, type PageCtx } from './lifecycle.ts';
import { anyPageWithKey } from './repository.ts';

const LOOK_BACK_MS = 10 * 60_000;

export async function pageShiftStarts(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>): Promise<number> {
  if (deps.config.oncall.shiftStartAckMinutes === null) return 0;
  const models = await readModels(deps.db, deps.clock());
  const now = deps.clock();
  const t = now.getTime();
  let paged = 0;
  for (const { rotation } of models.rotations.list) {
    const overrides = await apiOverrides(deps.db, rotation.name, t - LOOK_BACK_MS - 86_400_000, t + 1);
    const starts = shiftsBetween(rotation, overrides, t - LOOK_BACK_MS, t + 1).filter((s) => s.start > t - LOOK_BACK_MS && s.start <= t);
    for (const s of starts) {
      const outgoing = onCallAt(rotation, overrides, s.start - 1)?.user ?? null;
      if (outgoing === s.user) continue; // the same person goes on: no new shift for them
      const key = `shift-start:${rotation.name}:${new Date(s.start).toISOString()}`;
      await deps.db.transaction().execute(async (tx) => {
        if (await anyPageWithKey(tx, key)) return;
        const ctx: PageCtx = { db: tx, config: deps.config, now, actor: 'tally', ...models };
        const o = await openPage(ctx, {
          origin: 'shift-start', dedupKey: key, title: `Your on-call shift on ${rotation.title ?? rotation.name} has started`,
          details: `Your shift (layer ${s.layer}) runs until ${new Date(s.end).toISOString()}. Acknowledge to confirm you are there; unacknowledged, it escalates${outgoing ? ` to ${outgoing}` : ''}.`,
          labels: { incoming: s.user, ...(outgoing ? { outgoing } : {}), layer: s.layer }, service: null, rotation: rotation.name, shift: { incoming: s.user, outgoing },
        });
        if (o.kind === 'triggered') paged++;
      });
    }
  }
  return paged;
}
