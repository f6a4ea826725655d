// The `oncall` context provider: per component, its rotation (the same routing alerts use) with
// the rotation's health over the next 28 days and its load over the last 30. For the `rotation`
// check type and CEL (`oncall.rotation`, `oncall.people`, …).
import type { ContextProvider } from '../../checks/index.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import { buildRoutingIndex } from '../intake/route.ts';
import { pagesBetween } from '../pages/repository.ts';
import { apiOverridesByRotation, loadRotations } from '../rotation/store.ts';
import { AHEAD_DAYS, rotationHealth, rotationLoad, type RotationHealth, type RotationLoad } from './facts.ts';

export const LOAD_DAYS = 30;
const DAY = 86_400_000;

export interface OncallFacts {
  rotation: string | null;
  health: RotationHealth | null;
  load: RotationLoad | null;
}

const empty = (): OncallFacts => ({ rotation: null, health: null, load: null });

export const oncallContext: ContextProvider<OncallFacts> = {
  name: 'oncall',
  celType: 'map<string, dyn>',
  description: "The component's on-call rotation (as alerts are routed) with its health over the next 28 days and its load over the last 30. rotation is null when no rotation covers it.",
  fields: {
    rotation: 'the rotation name, or null',
    health: 'people, members, gaps, gapHours, shiftsPerPerson [{user, shifts, hours}], doubleBooked [{user, other, start, end}]',
    load: 'pages, pagesPerWeek, offHoursPages, escalations, medianMinutesToAck, shiftStarts, shiftStartAckRate, pagesPerShift, perPerson, noisiest',
  },
  empty: empty(),
  async load(deps, _catalog, refs) {
    const now = deps.now.getTime();
    const [catalog, set] = await Promise.all([catalogSnapshot(deps.db), loadRotations(deps.db)]);
    const index = buildRoutingIndex(catalog, set);
    const [ahead, behind, pages] = await Promise.all([
      apiOverridesByRotation(deps.db, now, now + AHEAD_DAYS * DAY),
      apiOverridesByRotation(deps.db, now - LOAD_DAYS * DAY, now),
      pagesBetween(deps.db, new Date(now - LOAD_DAYS * DAY).toISOString(), new Date(now + 1).toISOString()),
    ]);
    const others = set.list.map((s) => ({ rotation: s.rotation, overrides: ahead.get(s.rotation.name) ?? [] }));
    const perRotation = new Map<string, OncallFacts>();
    const factsOf = (name: string) => {
      const cached = perRotation.get(name);
      if (cached) return cached;
      const r = set.byName.get(name)!.rotation;
      const f = { rotation: name, health: rotationHealth(r, ahead.get(name) ?? [], others, now), load: rotationLoad(r, behind.get(name) ?? [], pages, now, LOAD_DAYS) };
      perRotation.set(name, f);
      return f;
    };
    const out = new Map<string, OncallFacts>();
    for (const ref of refs ?? [...index.components]) {
      const name = index.rotationOf.get(ref);
      if (name) out.set(ref, factsOf(name));
    }
    return out;
  },
  offlineReason: "rotations live in the server's database",
};
