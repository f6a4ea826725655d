// Usage pushed as facts: a resource annotated `tally.dev/usage-fact: disk-used` takes every
// numeric value recorded under that fact name (POST /api/v1/facts, or another domain's facts)
// as a usage sample at the fact's observedAt. The facts module keeps only the latest value; this
// handler of `facts.recorded` keeps the history the forecast needs.
import { catalogSnapshot } from '../catalog/index.ts';
import { FACTS_RECORDED, factsByEntity } from '../facts/index.ts';
import type { EventHandler } from '../platform/events/events.ts';
import { addSample } from './repository.ts';
import { ANNOTATION, isResource } from './resources.ts';

export const factsAsUsage: EventHandler = {
  event: FACTS_RECORDED,
  name: 'forecasts.facts-recorded',
  async handle(ctx, event) {
    const entities = ((event.payload as { entities?: string[] }).entities ?? []).slice(0, 10_000);
    const catalog = await catalogSnapshot(ctx.db);
    const wanted = entities.flatMap((ref) => {
      const e = catalog.byRef.get(ref);
      const fact = (e?.entity.metadata.annotations as Record<string, string> | undefined)?.[ANNOTATION.usageFact];
      return e && fact && isResource(e) ? [{ ref, fact }] : [];
    });
    if (wanted.length === 0) return;
    const facts = await factsByEntity(ctx.db, wanted.map((w) => w.ref));
    for (const w of wanted) {
      const f = facts.get(w.ref)?.[w.fact];
      if (f && typeof f.value === 'number' && Number.isFinite(f.value)) await addSample(ctx.db, w.ref, new Date(f.observedAt).toISOString(), f.value);
    }
  },
};
